"""The document pane and the mouse: a click puts the cursor on a sentence, and a drag
selects exactly the characters under it (through Textual's selection)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.events import Click
from textual.selection import Selection

from summitreader.layout.blocks import COLUMN_GAP, column_widths
from summitreader.layout.cells import cell_width
from summitreader.text import selection as keysel
from summitreader.tui.mixins import ScrollViewMixin

if TYPE_CHECKING:
    from summitreader.layout.rows import RowMap
    from summitreader.text.document import Document
    from summitreader.text.passages import Passage


class DocumentMouse(ScrollViewMixin):
    """Mixed into DocumentView."""

    if TYPE_CHECKING:
        document: Document
        rows: RowMap | None
        cursor: Passage | None
        selection: tuple[int, int] | None
        matches: list[tuple[int, int]]
        current_match: int | None
        _key_selection: keysel.KeySelection | None

        @property
        def ready(self) -> bool: ...
        @property
        def top_offset(self) -> int: ...
        def once_ready(self, fn: Callable[[], None]) -> None: ...
        def set_cursor(self, passage: Passage | None, *, scroll: bool = True) -> None: ...
        def set_matches(self, matches: list[tuple[int, int]], current: int | None) -> None: ...
        def clear_selection(self) -> None: ...
        def _set_selection(self, span: tuple[int, int] | None) -> None: ...
        def _show_span(self, start: int, end: int) -> None: ...
        def _scroll_to_row(self, row: int) -> None: ...
        def _text_left(self, block: int) -> int: ...

    def on_click(self, event: Click) -> None:
        """A click puts the cursor on the sentence under the pointer."""
        if not self.ready:
            return
        offset = self.offset_at(event.x, event.y)
        if offset is None:
            return
        passages = self.document.passages
        para = passages.paragraph_at(offset)
        if para is None:
            return
        for sentence in passages.sentences(para):
            if sentence.start <= offset < sentence.end:
                self.set_cursor(sentence, scroll=False)
                return
        self.set_cursor(para, scroll=False)

    def offset_at(self, x: int, y: int) -> int | None:
        """Text offset under screen cell (x, y) of this widget, or None off the text."""
        if self.rows is None:
            return None
        index = round(self.scroll_y) + y
        if not 0 <= index < self.rows.total:
            return None
        row = self.rows.row(index)
        if row.block < 0:
            return None
        rendered = self.rows.rendered(row.block)
        column = x - self._text_left(row.block)
        if self.document.view.block(row.block).kind == "row":
            widths = column_widths(self.document.view, row.block, self.rows.measure)
            left = 0
            first, cells = self.rows.cells(row.block)[row.line]
            for (a, b), width in zip(cells, widths[first:], strict=False):
                if column < left + width + COLUMN_GAP:
                    return self.rows.offset_at(index, min(a + max(0, column - left), max(a, b - 1)))
                left += width + COLUMN_GAP
            return self.rows.offset_at(index, max(row.start, row.end - 1))
        text, inserts, used = rendered.text, dict(rendered.inserts), 0
        for v in range(row.start, row.end):
            used += cell_width(text[v]) + cell_width(inserts.get(v, ""))
            if used > column:
                return self.rows.offset_at(index, v)
        return self.rows.offset_at(index, max(row.start, row.end - 1))

    def _offset_of_point(self, x: int, y: int, *, end: bool) -> int:
        """Text offset of a selection point: visible index ``x`` on row ``y``."""
        assert self.rows is not None
        y = min(max(y, 0), self.rows.total - 1)
        row = self.rows.row(y)
        if row.block < 0:
            return self.rows.offset_of_row(y)
        rendered = self.rows.rendered(row.block)
        x = min(max(x, row.start), len(rendered.text))  # left of the text is the row start
        if end and x > 0:
            return rendered.to_source(x - 1) + 1
        return rendered.to_source(x)

    def selection_updated(self, selection: Selection | None) -> None:
        if selection is None or self.rows is None or self.rows.total == 0:
            if self._key_selection is None:
                self._set_selection(None)
            return
        self._key_selection = None
        text_length = len(self.document.source.text)
        start = 0 if selection.start is None else self._offset_of_point(*selection.start, end=False)
        end = (
            text_length
            if selection.end is None
            else self._offset_of_point(*selection.end, end=True)
        )
        self._set_selection((min(start, end), max(start, end)))

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        if self.selection is None:
            return None
        start, end = self.selection
        return self.document.source.text[start:end], "\n"
