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
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import PurePath
from typing import NamedTuple

from summitreader.annotations.model import Record
from summitreader.annotations.tags import normalise_tag
from summitreader.errors import SummitError
from summitreader.text.find import fold as fold_marks

_FOLDED: dict[int, str] = {}  # each character met that folds to another (text.find's fold)
_MET: set[str] = set()  # each character met


def fold(text: str) -> str:
    """Lower-case without accents: what a person typing a query means by "the same"."""
    if text.isascii():  # nothing to fold but case: most quotes, 100,000 of them a search
        return text.lower()
    # text.find.fold folds one character for one, each on its own: what it makes of each
    # character is kept, not asked again for every quote (a search folds 100,000)
    for ch in set(text).difference(_MET):
        _MET.add(ch)
        if (folded := fold_marks(ch)) != ch:
            _FOLDED[ord(ch)] = folded
    return text.translate(_FOLDED).casefold()


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
        tags = record.get("tags", [])
        if not self.keeps(
            tags, record.get("created", ""), document or record.get("source_path", "")
        ):
            return False
        return not self.words or self.found_in(haystack(record))

    def keeps(self, tags: Sequence[str], created: str, document: str) -> bool:
        """Whether a highlight with these tags, made then, in a document of this name (as
        ``matches`` takes it) passes all but the words: doc:, the dates and the #tags."""
        if self.documents:
            name = fold(document)
            if not all(d in name for d in self.documents):
                return False
        if self.after or self.before:
            day = local_day(created)
            if self.after and day[: len(self.after)] < self.after:
                return False
            if self.before and day[: len(self.before)] > self.before:
                return False
        for wanted in self.tags:  # loops, not any() over a generator: 100,000 records a search
            under = wanted + "/"
            for tag in tags:
                if tag == wanted or tag.startswith(under):
                    break
            else:
                return False
        return True

    def found_in(self, folded: str) -> bool:
        """Whether every word is in ``folded`` (a record's ``haystack``)."""
        return all(word in folded for word in self.words)

    def select(
        self,
        tags: Sequence[Sequence[str]],
        created: Sequence[str],
        folded: Sequence[str],
        document: str = "",
    ) -> list[int]:
        """The places of the records ``matches`` keeps, given a field at a time (each
        record's tags, creation time and ``haystack``; ``document`` as ``matches`` takes
        it): a filter at a time over a text's highlights, not every filter per record."""
        if self.documents:
            name = fold(document)
            if not all(d in name for d in self.documents):
                return []
        places: Iterable[int] = range(len(folded))
        after, before = self.after, self.before
        if after or before:
            days = [local_day(c) for c in created]
            places = [
                i
                for i in places
                if not (after and days[i][: len(after)] < after)
                and not (before and days[i][: len(before)] > before)
            ]
        present = set().union(*tags) if self.tags else set()
        for wanted in self.tags:
            under = wanted + "/"
            if any(t.startswith(under) for t in present):
                places = [
                    i for i in places if any(t == wanted or t.startswith(under) for t in tags[i])
                ]
            else:  # no tag under it here: only the tag itself
                places = [i for i in places if wanted in tags[i]]
        for word in self.words:
            places = [i for i in places if word in folded[i]]
        return list(places)


def haystack(record: Record) -> str:
    """What a query's words are looked for in: the quote, the note and the tags, folded."""
    parts = [record["quote"]["exact"], record.get("note", ""), *record.get("tags", [])]
    return fold("\n".join(parts))


def search(records: Iterable[Record], text: str, document: str = "") -> list[Record]:
    """The records that match ``text``, in the order given; all of them for an empty query."""
    query = Query.parse(text)
    return [r for r in records if query.matches(r, document)] if query else list(records)


def document_name(title: str, path: str) -> str:
    """What doc: searches: the title and the file name."""
    return f"{title}\n{PurePath(path).name}"


class HighlightIndex:
    """Highlights of many documents, prepared once so that a query is answered by scanning
    prepared strings: the all-highlights screen runs one per key over 100,000 of them,
    where ``Query.matches`` folded each record's text again (seconds a key).

    ``find`` gives exactly the records ``Query.matches`` keeps, in the order added."""

    def __init__(self) -> None:
        self.records: list[Record] = []
        self.document_of: list[int] = []  # per record, its document's place in ``documents``
        self.documents: list[tuple[str, str, str]] = []  # (id, title, path)
        self._names: list[str] = []  # per document, what doc: looks in, folded
        self._haystacks: list[str] = []  # per record: quote, note and tags, folded
        self._tags: dict[str, list[int]] = {}  # tag -> records that have it, in order
        self._days: list[str] = []  # per record, its local creation day, once asked for
        self.highlighted_documents = 0  # documents added with at least one highlight

    def __len__(self) -> int:
        return len(self.records)

    def documents_of(self, places: Sequence[int]) -> int:
        """How many documents the records at ``places`` come from."""
        document_of = self.document_of
        return len({document_of[p] for p in places})

    def add(
        self,
        document_id: str,
        title: str,
        path: str,
        records: Sequence[Record],
        haystacks: Sequence[str] | None = None,
    ) -> None:
        """A document and its highlights, after those added before; ``haystacks``: each
        record's ``haystack``, when it was made before (and kept)."""
        number = len(self.documents)
        self.documents.append((document_id, title, path))
        self.highlighted_documents += bool(records)
        self._names.append(fold(document_name(title, path)))
        for n, record in enumerate(records):
            index = len(self.records)
            tags = record.get("tags", [])
            self.records.append(record)
            self.document_of.append(number)
            self._haystacks.append(haystack(record) if haystacks is None else haystacks[n])
            for tag in tags:
                self._tags.setdefault(tag, []).append(index)
        if self._days:
            self._days += [local_day(r.get("created", "")) for r in self.records[len(self._days) :]]

    def find(self, query: Query, start: int = 0) -> list[int]:
        """The places of the records from ``start`` on that match, in order."""
        found: Iterable[int] = range(start, len(self.records))
        for n, wanted in enumerate(query.tags):
            having: set[int] = set()
            for tag, places in self._tags.items():
                if tag == wanted or tag.startswith(wanted + "/"):
                    having.update(places)
            if n == 0:  # the first tag picks from its own list, not from every record
                found = sorted(i for i in having if i >= start)
            else:
                found = [i for i in found if i in having]
        if query.documents:
            names = self._names
            fits = [all(d in name for d in query.documents) for name in names]
            found = [i for i in found if fits[self.document_of[i]]]
        if query.after or query.before:
            days = self._local_days()
            after, before = query.after, query.before
            found = [
                i
                for i in found
                if not (after and days[i][: len(after)] < after)
                and not (before and days[i][: len(before)] > before)
            ]
        haystacks = self._haystacks
        for word in query.words:
            found = [i for i in found if word in haystacks[i]]
        return list(found)

    def _local_days(self) -> list[str]:
        if len(self._days) < len(self.records):
            self._days = [local_day(r.get("created", "")) for r in self.records]
        return self._days
