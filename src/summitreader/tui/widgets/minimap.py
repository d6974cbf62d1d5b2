"""A one-column map of the whole document beside the scrollbar: where the highlights are.

Each row stands for an equal share of the text, so the map needs no layout and
is right from the first screen of a long book. Rows inside the pane's view are
shaded; a click on a row jumps to the first highlight it marks, or to that
point of the text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.events import Click
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

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
        self._marks: list[Mark] = []
        self._starts: list[int] = []
        self._length = 1
        self._view = (0.0, 0.0)

    def set_marks(self, marks: Sequence[Mark], length: int) -> None:
        self._marks = sorted(marks, key=lambda m: m.start)
        self._starts = [m.start for m in self._marks]
        self._length = max(1, length)
        self.refresh()

    def set_view(self, top: int, bottom: int) -> None:
        """The text offsets at the top and bottom of the document pane."""
        view = (top / self._length, bottom / self._length)
        if view != self._view:
            self._view = view
            self.refresh()

    def _share(self, y: int) -> tuple[int, int]:
        """The text offsets row ``y`` stands for."""
        height = max(1, self.size.height)
        return self._length * y // height, self._length * (y + 1) // height

    def mark_in(self, y: int) -> Mark | None:
        lo, hi = self._share(y)
        i = bisect_left(self._starts, lo)
        return self._marks[i] if i < len(self._marks) and self._starts[i] < hi else None

    def render_line(self, y: int) -> Strip:
        base = self.base_style
        height = max(1, self.size.height)
        top, bottom = self._view
        in_view = top * height <= y + 0.5 <= max(bottom * height, top * height + 1)
        style = base + self.get_component_rich_style("minimap--view") if in_view else base
        mark = self.mark_in(y)
        if mark is None:
            return Strip([Segment(" ", style)], 1)
        color = Color.parse(mark.color).rich_color
        return Strip([Segment("█", style + Style(color=color))], 1)

    def on_click(self, event: Click) -> None:
        mark = self.mark_in(event.y)
        self.post_message(self.Jump(mark.start if mark else self._share(event.y)[0]))
