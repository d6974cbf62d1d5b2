"""Finding highlights across documents: the same rules for `summitreader search` and the
app's highlights screen.

A query is words and #tags. Every word must occur in the quote, the note or a tag, and
every #tag must be one of the highlight's tags (or a parent of one: #method finds
#method/sources). Case and accents are ignored, so "natasha" finds "Natásha".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import NamedTuple

from summitreader.errors import SummitError
from summitreader.store import Record
from summitreader.tags import normalise_tag


def fold(text: str) -> str:
    """Lower-case without accents: what a person typing a query means by "the same"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Query(NamedTuple):
    words: tuple[str, ...]
    tags: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Query:
        words: list[str] = []
        tags: list[str] = []
        for token in text.split():
            if token.startswith("#") and len(token) > 1:
                try:
                    tags.append(normalise_tag(token[1:]))
                except SummitError:
                    words.append(fold(token))  # not a tag name: look for the characters
            else:
                words.append(fold(token))
        return cls(tuple(words), tuple(tags))

    def __bool__(self) -> bool:
        return bool(self.words or self.tags)

    def matches(self, record: Record) -> bool:
        tags = record.get("tags", [])
        for wanted in self.tags:
            if not any(t == wanted or t.startswith(wanted + "/") for t in tags):
                return False
        if not self.words:
            return True
        haystack = fold("\n".join([record["quote"]["exact"], record.get("note", ""), *tags]))
        return all(word in haystack for word in self.words)


def search(records: Iterable[Record], text: str) -> list[Record]:
    """The records that match ``text``, in the order given; all of them for an empty query."""
    query = Query.parse(text)
    return [r for r in records if query.matches(r)] if query else list(records)
