"""A table that draws only the rows on screen (Textual's Line API), for lists of any size:
the library's 5,000 documents, every highlight of every text. A DataTable builds a row
object per row, which took seconds at those sizes, and again for every filter key.

Rows are tuples of plain strings (a cell may hold several lines: a title over its author);
what they mean stays with the screen that shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from summitreader.layout.cells import cell_width
from summitreader.text.sanitize import visible

MIN_FLEX = 24  # cells the column that takes what is left keeps before others go


class Column(NamedTuple):
    title: str
    width: int  # cells; 0 for the column that takes what is left
    right: bool = False  # numbers line up on the right


def fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` in exactly ``width`` cells: cut with … if longer, padded if shorter."""
    text = visible(text)
    if width <= 0:
        return ""
    used = cell_width(text)
    if used > width:
        out, taken = [], 0
        for ch in text:
            w = cell_width(ch)
            if taken + w > width - 1:
                break
            out.append(ch)
            taken += w
        return "".join(out) + "…" + " " * (width - 1 - taken)
    pad = " " * (width - used)
    return pad + text if right else text + pad


class LineTable(ScrollView, can_focus=True):
    BINDINGS: list[BindingType] = [
        Binding("down,j", "move(1)", "Down", show=False, id="table.down"),
        Binding("up,k", "move(-1)", "Up", show=False, id="table.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page_up"),
        Binding("home,g", "first", "First", show=False, id="table.first"),
        Binding("end,G", "last", "Last", show=False, id="table.last"),
        Binding("enter", "choose", "Open", id="table.open"),
    ]
    COMPONENT_CLASSES = {"line-table--header", "line-table--cursor", "line-table--dim"}
    DEFAULT_CSS = """
    LineTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    LineTable > .line-table--header {
        color: $text-accent;
        text-style: bold;
    }
    LineTable > .line-table--cursor {
        background: $block-cursor-blurred-background;
    }
    LineTable:focus > .line-table--cursor {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    LineTable > .line-table--dim {
        color: $text-muted;
    }
    """

    cursor: reactive[int] = reactive(0, init=False)

    class Chosen(Message):
        """Enter (or a click) on a row: its index in the rows given."""

        def __init__(self, table: LineTable, index: int) -> None:
            super().__init__()
            self.table = table
            self.index = index

    def __init__(self, columns: Sequence[Column], *, lines: int = 1, id: str | None = None) -> None:
        """``lines``: the screen lines of each row."""
        super().__init__(id=id)
        self.columns = list(columns)
        self.lines = lines
        self.rows: Sequence[tuple[str, ...]] = []
        self.dim: set[int] = set()  # rows drawn muted (an archived document)
        self._widths: list[int] = []

    def set_rows(self, rows: Sequence[tuple[str, ...]], dim: set[int] | None = None) -> None:
        self.rows = rows
        self.dim = dim or set()
        self.virtual_size = Size(0, len(rows) * self.lines + 1)  # the header is line 0
        self.cursor = min(self.cursor, max(0, len(rows) - 1))
        self.refresh()

    def on_resize(self) -> None:
        self._widths = []
        self.refresh()

    def _column_widths(self) -> list[int]:
        """Each column's cells; 0 for a column left out. On a narrow screen the columns
        on the right go, one by one, before the one that takes what is left (a title cut
        to "The Art…" beside a whole "Opened" column told nothing)."""
        if not self._widths:
            width = self.scrollable_content_region.width - 1
            shown = list(self.columns)
            while True:
                fixed = sum(c.width + 2 for c in shown if c.width)
                if width - fixed - 2 >= MIN_FLEX or not any(c.width for c in shown):
                    break
                shown.pop(max(i for i, c in enumerate(shown) if c.width))
            flex = max(8, width - fixed - 2)
            self._widths = [(c.width or flex) if c in shown else 0 for c in self.columns]
        return self._widths

    def _line(self, cells: Sequence[str], part: int = 0) -> str:
        parts = [
            fit(_part(cell, part), w, right=c.right)
            for cell, w, c in zip(cells, self._column_widths(), self.columns, strict=False)
            if w
        ]
        return " " + "  ".join(parts)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:  # the header stays on top
            header = self.get_component_rich_style("line-table--header")
            line = self._line([c.title for c in self.columns])
            return Strip([Segment(line, base + header)]).crop_extend(0, width, base)
        index, part = divmod(round(self.scroll_y) + y - 1, self.lines)
        if not 0 <= index < len(self.rows):
            return Strip.blank(width, base)
        style: Style = base
        if index in self.dim or part > 0:
            style = style + self.get_component_rich_style("line-table--dim")
        if index == self.cursor:
            style = style + self.get_component_rich_style("line-table--cursor")
        line = self._line(self.rows[index], part)
        return Strip([Segment(line, style)]).crop_extend(0, width, style)

    @property
    def _page(self) -> int:
        return max(1, (self.scrollable_content_region.height - 2) // self.lines)

    def watch_cursor(self, old: int, new: int) -> None:
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height - 1
        first, last = new * self.lines, new * self.lines + self.lines - 1
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif last >= top + height:
            self.scroll_to(y=last - height + 1, animate=False, immediate=True)
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor = min(max(0, self.cursor + step), len(self.rows) - 1)

    def action_page(self, step: int) -> None:
        self.action_move(step * self._page)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(0, len(self.rows) - 1)

    def action_choose(self) -> None:
        if self.rows:
            self.post_message(self.Chosen(self, self.cursor))

    def on_click(self, event: Click) -> None:
        index = (round(self.scroll_y) + event.y - 1) // self.lines
        if 0 <= index < len(self.rows):
            if index == self.cursor and event.chain >= 2:
                self.action_choose()
            self.cursor = index


def _part(cell: str, part: int) -> str:
    lines = cell.split("\n")
    return lines[part] if part < len(lines) else ""
