"""A one-column map of the whole document beside the scrollbar: where the highlights are.

Each row stands for an equal share of the text, so the map needs no layout and
is right from the first screen of a long book. Rows inside the pane's view are
shaded; a click on a row jumps to the first highlight it marks, or to that
point of the text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.events import Click
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from summitreader.layout.mark_index import MarkIndex
from summitreader.layout.row_paint import Mark
from summitreader.tui.widgets.base_style import BaseStyle


class Minimap(BaseStyle, Widget):
    COMPONENT_CLASSES = {"minimap--view"}
    DEFAULT_CSS = """
    Minimap {
        width: 1;
        height: 1fr;
    }
    Minimap > .minimap--view {
        background: $panel;
    }
    """

    class Jump(Message):
        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._index = MarkIndex()
        self._length = 1
        self._view = (0.0, 0.0)
        # What each row shows, (its first mark, inside the view), for the height it was
        # worked out at: a key redraws only the rows whose look changed.
        self._looks: list[tuple[Mark | None, bool]] = []
        self._row_marks: list[Mark | None] = []  # each row's first mark: kept while scrolling
        self._strips: dict[tuple[str | None, bool], Strip] = {}  # by (colour, in view)

    def set_marks(self, marks: Sequence[Mark], length: int) -> None:
        self._index = MarkIndex(marks)
        self._length = max(1, length)
        self._looks = []
        self._row_marks = []
        self.refresh()

    def change_marks(self, removed: Iterable[Mark], added: Iterable[Mark]) -> None:
        """Some highlights changed: put them in or out, and redraw the rows that differ."""
        for mark in removed:
            self._index.remove(mark)
        for mark in added:
            self._index.add(mark)
        self._row_marks = []
        self._redraw_changed()

    def set_view(self, top: int, bottom: int) -> None:
        """The text offsets at the top and bottom of the document pane."""
        view = (top / self._length, bottom / self._length)
        if view != self._view:
            self._view = view
            self._redraw_changed()

    def _redraw_changed(self) -> None:
        """Refresh only the rows whose mark or shading changed: a key that scrolls the
        pane a line moves the shaded rows on one key in many."""
        height = max(1, self.size.height)
        if len(self._row_marks) != height:  # the marks or the height changed
            self._row_marks = [self.mark_in(y, height) for y in range(height)]
        old = self._looks
        new = self._looks = [
            (mark, self._in_view(y, height)) for y, mark in enumerate(self._row_marks)
        ]
        if len(old) != len(new):
            self.refresh()
            return
        for y, (was, now) in enumerate(zip(old, new, strict=True)):
            if was != now:
                self.refresh(Region(0, y, 1, 1))

    def _in_view(self, y: int, height: int) -> bool:
        top, bottom = self._view
        return top * height <= y + 0.5 <= max(bottom * height, top * height + 1)

    def _look(self, y: int) -> tuple[Mark | None, bool]:
        height = max(1, self.size.height)
        if len(self._looks) == height:  # worked out for these marks, this view and height
            return self._looks[y]
        return self.mark_in(y, height), self._in_view(y, height)

    def _share(self, y: int, height: int | None = None) -> tuple[int, int]:
        """The text offsets row ``y`` stands for."""
        height = max(1, self.size.height) if height is None else height
        return self._length * y // height, self._length * (y + 1) // height

    def mark_in(self, y: int, height: int | None = None) -> Mark | None:
        lo, hi = self._share(y, height)
        starts, marks = self._index.starts, self._index.marks
        i = bisect_left(starts, lo)
        return marks[i] if i < len(marks) and starts[i] < hi else None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        mark, in_view = self._look(y)
        key = (mark.color if mark else None, in_view)
        if (strip := self._strips.get(key)) is None:
            base = self.base_style
            style = base + self.get_component_rich_style("minimap--view") if in_view else base
            if mark is None:
                strip = Strip([Segment(" ", style)], 1)
            else:
                color = Color.parse(mark.color).rich_color
                strip = Strip([Segment("█", style + Style(color=color))], 1)
            self._strips[key] = strip
        return strip

    def on_click(self, event: Click) -> None:
        mark = self.mark_in(event.y)
        self.post_message(self.Jump(mark.start if mark else self._share(event.y)[0]))
