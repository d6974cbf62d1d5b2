"""Finding highlights across documents: the same rules for `summitreader search` and the
app's highlights screen.

A query is words, #tags and filters, and everything in it must match:
- a word must occur in the quote, the note or a tag;
- a #tag must be one of the highlight's tags, or a parent of one (#method finds
  #method/sources);
- ``doc:WORD`` keeps the documents whose title or file name holds WORD;
- ``from:DATE``, ``to:DATE`` and ``on:DATE`` keep highlights made on or after, on or
  before, or on that day, month or year (2026, 2026-11, 2026-11-22), in local time.

Case and accents are ignored, so "natasha" finds "Natásha".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import PurePath
from typing import NamedTuple

from summitreader.annotations.model import Record
from summitreader.annotations.tags import normalise_tag
from summitreader.errors import SummitError
from summitreader.text.find import fold as fold_marks


def fold(text: str) -> str:
    """Lower-case without accents: what a person typing a query means by "the same"."""
    return fold_marks(text).casefold()


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_FILTERS = ("doc:", "from:", "to:", "on:")


def local_day(stamp: str) -> str:
    """A stored UTC time as the local date the person made it: "2026-11-22"."""
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp[:10]
    return moment.astimezone().strftime("%Y-%m-%d") if moment.tzinfo else stamp[:10]


def _date(name: str, value: str) -> str:
    if not _DATE.match(value):
        raise SummitError(f"{name} needs a date like 2026, 2026-11 or 2026-11-22, not {value!r}")
    return value


class Query(NamedTuple):
    words: tuple[str, ...]
    tags: tuple[str, ...]
    documents: tuple[str, ...] = ()  # doc:WORD, folded
    after: str = ""  # from:DATE, inclusive, a prefix of YYYY-MM-DD
    before: str = ""  # to:DATE, inclusive

    @classmethod
    def parse(cls, text: str) -> Query:
        """Raises SummitError for a filter whose value cannot be a date."""
        words: list[str] = []
        tags: list[str] = []
        documents: list[str] = []
        after = before = ""
        for token in text.split():
            name, _, value = token.partition(":")
            if value and f"{name.lower()}:" in _FILTERS:
                name = name.lower()
                if name == "doc":
                    documents.append(fold(value))
                if name in ("from", "on"):
                    after = _date(f"{name}:", value)
                if name in ("to", "on"):
                    before = _date(f"{name}:", value)
            elif token.startswith("#") and len(token) > 1:
                try:
                    tags.append(normalise_tag(token[1:]))
                except SummitError:
                    words.append(fold(token))  # not a tag name: look for the characters
            else:
                words.append(fold(token))
        return cls(tuple(words), tuple(tags), tuple(documents), after, before)

    def __bool__(self) -> bool:
        return bool(self.words or self.tags or self.documents or self.after or self.before)

    def matches(self, record: Record, document: str = "") -> bool:
        """``document`` is what doc: looks in: the title and file name of the record's."""
        if self.documents:
            name = fold(document or record.get("source_path", ""))
            if not all(d in name for d in self.documents):
                return False
        if self.after or self.before:
            day = local_day(record.get("created", ""))
            if self.after and day[: len(self.after)] < self.after:
                return False
            if self.before and day[: len(self.before)] > self.before:
                return False
        tags = record.get("tags", [])
        for wanted in self.tags:
            if not any(t == wanted or t.startswith(wanted + "/") for t in tags):
                return False
        if not self.words:
            return True
        haystack = fold("\n".join([record["quote"]["exact"], record.get("note", ""), *tags]))
        return all(word in haystack for word in self.words)


def search(records: Iterable[Record], text: str, document: str = "") -> list[Record]:
    """The records that match ``text``, in the order given; all of them for an empty query."""
    query = Query.parse(text)
    return [r for r in records if query.matches(r, document)] if query else list(records)


def document_name(title: str, path: str) -> str:
    """What doc: searches: the title and the file name."""
    return f"{title}\n{PurePath(path).name}"
