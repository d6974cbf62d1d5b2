"""The document pane's marks: the highlights drawn over the text, the search's matches,
and the selection, each kept sorted for the row renderer's lookups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.scroll_view import ScrollView

from summitreader.layout.row_paint import Mark

if TYPE_CHECKING:
    from textual.message import Message

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


class DocumentMarks(ScrollView):
    """Mixed into DocumentView."""

    if TYPE_CHECKING:
        document: Document
        selection: tuple[int, int] | None
        matches: list[tuple[int, int]]
        current_match: int | None
        _key_selection: keysel.KeySelection | None
        _marks: list[Mark]

        def _dirty(self) -> None: ...
        def once_ready(self, fn: Callable[[], None]) -> None: ...
        def set_cursor(self, passage: Passage | None, *, scroll: bool = True) -> None: ...

        SelectionChanged: Callable[[DocumentMarks], Message]

    def set_marks(self, marks: Sequence[Mark]) -> None:
        self._marks = sorted(marks, key=lambda m: (m.start, m.end))
        self._mark_starts = [m.start for m in self._marks]
        self._mark_spans = [(m.start, m.end) for m in self._marks]
        self._longest_mark = max((m.end - m.start for m in self._marks), default=0)
        self._dirty()

    @property
    def marks(self) -> list[Mark]:
        return self._marks

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
        self.set_cursor(self.document.passages.span(start, end))

    def _set_selection(self, span: tuple[int, int] | None) -> None:
        if span is not None:
            span = trim(self.document.source.text, *span)
            if span[1] <= span[0]:
                span = None
        if span != self.selection:
            self.selection = span
            self._dirty()
            self.post_message(self.SelectionChanged(self))

    def clear_selection(self) -> None:
        self._key_selection = None
        self._set_selection(None)
        if self.text_selection is not None:
            self.screen.clear_selection()
