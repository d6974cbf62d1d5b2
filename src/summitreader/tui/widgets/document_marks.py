"""The document pane's marks: the highlights drawn over the text, the search's matches,
and the selection, each kept sorted for the row renderer's lookups. A change to a
highlight or the selection draws again only the rows it touches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from summitreader.layout.mark_index import MarkIndex
from summitreader.layout.row_paint import Mark
from summitreader.tui.mixins import ScrollViewMixin

if TYPE_CHECKING:
    from textual.cache import LRUCache
    from textual.message import Message
    from textual.strip import Strip

    from summitreader.layout.rows import RowMap
    from summitreader.text import selection as keysel
    from summitreader.text.document import Document
    from summitreader.text.passages import Passage


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without whitespace at its edges (a selection dragged past a word)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class DocumentMarks(ScrollViewMixin):
    """Mixed into DocumentView."""

    if TYPE_CHECKING:
        document: Document
        selection: tuple[int, int] | None
        matches: list[tuple[int, int]]
        current_match: int | None
        _key_selection: keysel.KeySelection | None
        _mark_index: MarkIndex
        jumped: bool

        rows: RowMap | None
        _strips: LRUCache[int, Strip]

        def _dirty(self) -> None: ...
        def row_of(self, offset: int) -> int: ...
        def _visible_rows(self) -> tuple[int, int]: ...
        def _scroll_to_row(self, row: int) -> None: ...
        def once_ready(self, fn: Callable[[], None]) -> None: ...
        def set_cursor(self, passage: Passage | None, *, scroll: bool = True) -> None: ...

        SelectionChanged: Callable[[DocumentMarks], Message]

    def _dirty_spans(self, spans: Iterable[tuple[int, int] | None]) -> None:
        """Draw again only the rows showing these text spans: a new highlight or a moved
        cursor changes a few rows, and drawing the whole pane again cost 10-15 ms a key."""
        if self.rows is None:
            return
        top, bottom = self._visible_rows()
        cached = self._strips
        for span in spans:
            if span is None:
                continue
            first, last = self.row_of(span[0]), self.row_of(max(span[0], span[1] - 1))
            if last - first < len(cached):
                for row in range(first, last + 1):
                    cached.discard(row)
            else:  # a long selection: fewer rows are cached than it covers
                for row in [r for r in cached.keys() if first <= r <= last]:  # noqa: SIM118
                    cached.discard(row)
            if max(first, top) <= min(last, bottom):
                self.refresh_lines(max(first, top), min(last, bottom) - max(first, top) + 1)

    def set_marks(self, marks: Sequence[Mark]) -> None:
        """All the highlights at once (a text opened or read again): every row anew."""
        self._mark_index = MarkIndex(marks)
        self._dirty()

    def change_marks(self, removed: Iterable[Mark], added: Iterable[Mark]) -> None:
        """Some highlights changed (an edit, an undo): put each in or out of the sorted
        marks, and draw again only the rows they are on."""
        index, touched = self._mark_index, []
        for mark in removed:
            if index.remove(mark):
                touched.append((mark.start, mark.end))
        for mark in added:
            index.add(mark)
            touched.append((mark.start, mark.end))
        self._dirty_spans(touched)

    @property
    def marks(self) -> list[Mark]:
        return self._mark_index.marks

    def set_matches(self, matches: list[tuple[int, int]], current: int | None) -> None:
        self.matches = matches
        self._match_starts = [s for s, _ in matches]
        self._longest_match = max((e - s for s, e in matches), default=0)
        self.current_match = current
        self._dirty()
        if current is not None:
            start, end = matches[current]
            self.once_ready(lambda: self._go_to_match(start, end))

    def _go_to_match(self, start: int, end: int) -> None:
        """The match is the cursor; one off the page is shown a third of the way down, as
        ``less`` and vim show it, with what follows it in sight, whichever way the search
        went (scrolling just enough left a match below the page on its last row)."""
        self.jumped = True
        self.set_cursor(self.document.passages.span(start, end), scroll=False)
        top, bottom = self._visible_rows()
        row = self.row_of(start)
        if not top <= row <= bottom:
            self._scroll_to_row(max(0, row - (bottom - top + 1) // 3))

    def _set_selection(self, span: tuple[int, int] | None) -> None:
        if span is not None:
            span = trim(self.document.source.text, *span)
            if span[1] <= span[0]:
                span = None
        if span != self.selection:
            old, self.selection = self.selection, span
            self._dirty_spans([old, span])
            self.post_message(self.SelectionChanged(self))

    def clear_selection(self) -> None:
        self._key_selection = None
        self._set_selection(None)
        if self.text_selection is not None:
            self.screen.clear_selection()
