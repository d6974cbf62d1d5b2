"""The library as a list on screen: filtered as the reader types, in the order chosen.

Pure and fast: each document's row and the text a filter searches are made once, so a
filter key over 5,000 documents is a few thousand substring tests, not a rebuild.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from summitreader.library.catalog import Entry
from summitreader.library.search import fold, local_day

ORDERS = ("last opened", "title", "author", "date", "added", "progress", "highlights")
STATES = ("new", "reading", "finished", "archived")

# Each order's natural direction: names A to Z; dates, progress and counts the most first.
_KEYS: dict[str, tuple[Callable[[Entry], object], bool]] = {
    "last opened": (lambda e: (e.last_opened, e.added), True),
    "title": (lambda e: fold(e.title), False),
    "author": (lambda e: (fold(e.author) or "\uffff", fold(e.title)), False),
    "date": (lambda e: e.date or "", True),
    "added": (lambda e: e.added, True),
    "progress": (lambda e: (e.furthest, e.last_opened), True),
    "highlights": (lambda e: (e.highlights, e.last_opened), True),
}


def row_of(entry: Entry) -> tuple[str, ...]:
    read = "—" if entry.status == "new" and not entry.furthest else f"{entry.furthest:.0%}"
    return (
        f"{entry.title}\n{entry.author or 'unknown author'}",
        entry.date or "—",
        read,
        str(entry.highlights or ""),
        entry.status,
        local_day(entry.last_opened) if entry.last_opened else "—",
    )


def haystack(entry: Entry) -> str:
    return fold(" ".join([entry.title, entry.author, *entry.paths, entry.status]))


class Shelf:
    def __init__(
        self,
        entries: Sequence[Entry],
        *,
        order: str = "last opened",
        reverse: bool = False,
        query: str = "",
        _rows: dict[str, tuple[tuple[str, ...], str]] | None = None,
    ) -> None:
        self.entries = list(entries)
        self.order = order
        self.reverse = reverse
        self.query = query
        # id -> (row, haystack), made once per entry
        self._made = (
            _rows if _rows is not None else {e.id: (row_of(e), haystack(e)) for e in entries}
        )
        key, newest_first = _KEYS[order]
        ordered = sorted(self.entries, key=key, reverse=newest_first != reverse)
        words = fold(query).split()
        self.shown = [e for e in ordered if all(w in self._made[e.id][1] for w in words)]
        self.rows = [self._made[e.id][0] for e in self.shown]
        self.dim = {i for i, e in enumerate(self.shown) if e.status == "archived"}

    def _with(self, **changes: object) -> Shelf:
        args: dict = {"order": self.order, "reverse": self.reverse, "query": self.query}
        args.update(changes)
        return Shelf(self.entries, _rows=self._made, **args)

    def with_entries(self, entries: Sequence[Entry]) -> Shelf:
        return Shelf(entries, order=self.order, reverse=self.reverse, query=self.query)

    def filtered(self, query: str) -> Shelf:
        return self._with(query=query)

    def ordered(self, order: str) -> Shelf:
        return self._with(order=order, reverse=False)

    def reversed(self) -> Shelf:
        return self._with(reverse=not self.reverse)

    def chosen(self, index: int) -> Entry | None:
        return self.shown[index] if 0 <= index < len(self.shown) else None

    def index_of(self, entry_id: str) -> int:
        return next((i for i, e in enumerate(self.shown) if e.id == entry_id), 0)
