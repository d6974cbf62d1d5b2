"""The document pane: a Line API ScrollView that renders only the rows on screen.

Rows are wrapped lines of blocks, computed per width from the core's layout
function. Every position the widget exposes is a text offset, so a resize or a
theme change never moves the reader.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.color import Color
from textual.events import Click, Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from summitreader.document import Document
from summitreader.layout import cell_width, wrap
from summitreader.passages import Passage

GUTTER = 2
QUOTE_BAR = "│ "


@dataclass(frozen=True, slots=True)
class Row:
    block: int  # -1 for the blank row between blocks
    start: int  # visible index where the row starts
    end: int


@dataclass(frozen=True, slots=True)
class Mark:
    """A highlight as the view draws it: a text span and a colour."""

    start: int
    end: int
    color: str


BLANK = Row(-1, 0, 0)


class DocumentView(ScrollView, can_focus=True):
    """Reads like a page; moves a passage cursor that is always on screen."""

    COMPONENT_CLASSES = {
        "document--cursor",
        "document--gutter",
        "document--heading",
        "document--link",
        "document--code",
        "document--dim",
    }

    BINDINGS: list[BindingType] = [
        Binding("j,down", "scroll_lines(1)", "Down", show=False, id="document.down"),
        Binding("k,up", "scroll_lines(-1)", "Up", show=False, id="document.up"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="document.page_down"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id="document.page_up"),
        Binding("g,home", "top", "Top", show=False, id="document.top"),
        Binding("G,end", "bottom", "End", show=False, id="document.end"),
        Binding("right_curly_bracket", "paragraph(1)", "Next ¶", id="document.next_paragraph"),
        Binding(
            "left_curly_bracket",
            "paragraph(-1)",
            "Prev ¶",
            show=False,
            id="document.previous_paragraph",
        ),
        Binding(
            "right_parenthesis",
            "sentence(1)",
            "Next sentence",
            show=False,
            id="document.next_sentence",
        ),
        Binding(
            "left_parenthesis",
            "sentence(-1)",
            "Prev sentence",
            show=False,
            id="document.previous_sentence",
        ),
    ]

    class CursorMoved(Message):
        def __init__(self, view: DocumentView, passage: Passage | None) -> None:
            super().__init__()
            self.view = view
            self.passage = passage

    class Scrolled(Message):
        def __init__(self, view: DocumentView) -> None:
            super().__init__()
            self.view = view

    def __init__(
        self,
        document: Document,
        reading_width: int = 80,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.document = document
        self.reading_width = reading_width
        self.cursor: Passage | None = None
        self._marks: list[Mark] = []
        self._rows: list[Row] = []
        self._block_rows: list[int] = []  # first row of each block
        self._width = 0
        self._measure = reading_width
        self._strips: LRUCache[int, Strip] = LRUCache(512)
        self._pending_offset: int | None = None

    # layout ------------------------------------------------------------------

    def _measure_for(self, width: int) -> int:
        return max(10, min(self.reading_width, width - GUTTER - 2))

    def _relayout(self, width: int) -> None:
        view = self.document.view
        self._width = width
        self._measure = measure = self._measure_for(width)
        rows: list[Row] = []
        block_rows: list[int] = []
        for i, block in enumerate(view.blocks):
            if rows:
                rows.append(BLANK)
            block_rows.append(len(rows))
            inner = measure - (len(QUOTE_BAR) if block.kind == "quote" else 0)
            rendered = view.rendered(i)
            rows.extend(Row(i, a, b) for a, b in wrap(rendered.text, inner))
        self._rows, self._block_rows = rows, block_rows
        self._strips.clear()
        self.virtual_size = Size(0, len(rows))  # no horizontal scrolling: rows are wrapped

    def on_resize(self, event: Resize) -> None:
        width = event.size.width
        if width == self._width or width <= 0:
            return
        keep = (
            self._pending_offset
            if self._pending_offset is not None
            else (self.top_offset if self._rows else None)
        )
        self._relayout(width)
        if keep is not None:
            self._pending_offset = None
            self.call_after_refresh(self.scroll_to_offset, keep)
        if self.cursor is None:
            self.call_after_refresh(self._ensure_cursor)

    # offsets <-> rows ------------------------------------------------------------

    def row_of(self, offset: int) -> int:
        """The row showing text offset ``offset``."""
        if not self._rows:
            return 0
        view = self.document.view
        block = view.block_at(offset)
        first = self._block_rows[block]
        last = (
            self._block_rows[block + 1] - 2
            if block + 1 < len(self._block_rows)
            else len(self._rows) - 1
        )
        v = view.rendered(block).to_visible(offset)
        found = bisect_right(self._rows, v, lo=first, hi=last + 1, key=lambda r: r.start)
        return max(first, found - 1)

    def offset_of_row(self, row: int) -> int:
        """Text offset of the first character on ``row`` (blank rows use the next block)."""
        if not self._rows:
            return 0
        row = min(max(row, 0), len(self._rows) - 1)
        r = self._rows[row]
        if r.block < 0:
            r = self._rows[row + 1]
        return self.document.view.rendered(r.block).to_source(r.start)

    @property
    def has_layout(self) -> bool:
        return bool(self._rows)

    def restore_cursor(self, start: int, end: int) -> None:
        """Put the cursor back on a saved span once the view is laid out."""
        if end <= len(self.document.source.text):
            self.cursor = self.document.passages.span(start, end)

    @property
    def top_offset(self) -> int:
        """The reading position: the text offset at the top of the pane."""
        return self.offset_of_row(round(self.scroll_y))

    @property
    def progress(self) -> float:
        if not self._rows:
            return 1.0
        return min(1.0, (self.scroll_y + self.scrollable_content_region.height) / len(self._rows))

    def scroll_to_offset(self, offset: int, *, top: bool = True) -> None:
        if not self._rows:
            self._pending_offset = offset
            return
        row = self.row_of(offset)
        if top:
            self.scroll_to(y=row, animate=False, immediate=True)
        else:
            self.scroll_to_region(Region(0, row, 1, 1), animate=False, immediate=True)

    # highlights and cursor ----------------------------------------------------------

    def set_marks(self, marks: Sequence[Mark]) -> None:
        self._marks = sorted(marks, key=lambda m: (m.start, m.end))
        self._strips.clear()
        self.refresh()

    def set_cursor(self, passage: Passage | None, *, scroll: bool = True) -> None:
        self.cursor = passage
        self._strips.clear()
        self.refresh()
        if passage is not None and scroll and self._rows:
            first, last = (
                self.row_of(passage.start),
                self.row_of(max(passage.start, passage.end - 1)),
            )
            height = self.scrollable_content_region.height
            if last - first + 1 >= height:
                self.scroll_to(y=first, animate=False, immediate=True)
            else:
                self.scroll_to_region(
                    Region(0, first, 1, last - first + 1), animate=False, immediate=True
                )
        self.post_message(self.CursorMoved(self, passage))

    def _visible_rows(self) -> tuple[int, int]:
        top = round(self.scroll_y)
        return top, top + max(1, self.scrollable_content_region.height) - 1

    def _ensure_cursor(self) -> None:
        """Keep the passage cursor on screen: after scrolling it follows the view."""
        passages = self.document.passages
        if not passages.paragraphs or not self._rows:
            return
        top, bottom = self._visible_rows()
        if self.cursor is not None:
            first = self.row_of(self.cursor.start)
            last = self.row_of(max(self.cursor.start, self.cursor.end - 1))
            if last >= top and first <= bottom:
                return
            below = first > bottom
        else:
            below = False
        target_row = bottom if below else top
        para = passages.paragraph_at(self.offset_of_row(target_row))
        if para is not None and self.row_of(para.start) < top and not below:
            para = passages.next_paragraph(para.start, 1)
        self.set_cursor(para, scroll=False)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._ensure_cursor()
            self.post_message(self.Scrolled(self))

    # actions ------------------------------------------------------------------------------

    def action_scroll_lines(self, n: int) -> None:
        self.scroll_to(y=self.scroll_y + n, animate=False)

    def action_page(self, n: int) -> None:
        step = max(1, self.scrollable_content_region.height - 2)
        self.scroll_to(y=self.scroll_y + n * step, animate=False)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_paragraph(self, step: int) -> None:
        passages = self.document.passages
        start = self.cursor.start if self.cursor else self.top_offset
        target = passages.next_paragraph(start, step)
        if self.cursor is None and target is not None and step > 0:
            target = passages.paragraph_at(start)
        self.set_cursor(target)

    def action_sentence(self, step: int) -> None:
        passages = self.document.passages
        current = self.cursor or passages.paragraph_at(self.top_offset)
        if current is None:
            return
        self.set_cursor(passages.next_sentence(current, step))

    def on_click(self, event: Click) -> None:
        """A click puts the cursor on the sentence under the pointer."""
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
        row_index = round(self.scroll_y) + y
        if not 0 <= row_index < len(self._rows):
            return None
        row = self._rows[row_index]
        if row.block < 0:
            return None
        left = self._text_left(row.block)
        rendered = self.document.view.rendered(row.block)
        column = x - left
        used = 0
        for v in range(row.start, row.end):
            used += cell_width(rendered.text[v])
            if used > column:
                return rendered.to_source(v)
        return rendered.to_source(max(row.start, row.end - 1))

    # rendering ----------------------------------------------------------------------------

    def _left_margin(self) -> int:
        return max(0, (self._width - self._measure - GUTTER) // 2)

    def _text_left(self, block: int) -> int:
        """The column where a block's text starts: margin, gutter, and a quote's bar."""
        is_quote = self.document.view.blocks[block].kind == "quote"
        return self._left_margin() + GUTTER + (len(QUOTE_BAR) if is_quote else 0)

    def render_line(self, y: int) -> Strip:
        row_index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not 0 <= row_index < len(self._rows):
            return Strip.blank(width, base)
        strip = self._strips.get(row_index)
        if strip is None:
            strip = self._render_row(row_index, base)
            self._strips[row_index] = strip
        return strip.crop_extend(0, width, base)

    def _mark_style(self, color: str, base: Style) -> Style:
        background = Color.from_rich_color(base.bgcolor) if base.bgcolor else Color(0, 0, 0)
        blended = background.blend(Color.parse(color), 0.55)
        return Style(bgcolor=blended.rich_color, color=blended.get_contrast_text(1.0).rich_color)

    def _render_row(self, row_index: int, base: Style) -> Strip:
        row = self._rows[row_index]
        left = self._left_margin()
        if row.block < 0:
            return Strip([Segment(" " * left, base)])
        view = self.document.view
        block = view.blocks[row.block]
        rendered = view.rendered(row.block)
        text = rendered.text

        block_style = base
        if block.kind == "heading" or row.block == self.document.title_block:
            block_style = base + self.get_component_rich_style("document--heading")
        elif block.kind in ("code",):
            block_style = base + self.get_component_rich_style("document--code")
        elif block.kind in ("rule", "frontmatter"):
            block_style = base + self.get_component_rich_style("document--dim")

        n = row.end - row.start
        styles: list[Style] = [block_style] * n
        inline = {
            "em": Style(italic=True),
            "strong": Style(bold=True),
            "code": self.get_component_rich_style("document--code"),
            "link": self.get_component_rich_style("document--link"),
        }
        for span in rendered.spans:
            for k in range(
                max(span.start, row.start) - row.start, min(span.end, row.end) - row.start
            ):
                styles[k] = styles[k] + inline[span.style]

        sources = [rendered.to_source(v) for v in range(row.start, row.end)]
        row_src_start = sources[0] if n else rendered.to_source(row.start)
        row_src_end = sources[-1] + 1 if n else row_src_start
        marked = [False] * n
        for mark in self._marks:
            if mark.end <= row_src_start or mark.start >= row_src_end:
                continue
            mark_style = self._mark_style(mark.color, base)
            for k, src in enumerate(sources):
                if mark.start <= src < mark.end:
                    styles[k] = styles[k] + mark_style
                    marked[k] = True

        on_cursor = False
        cursor = self.cursor
        if cursor is not None and cursor.end > row_src_start and cursor.start < row_src_end:
            cursor_style = self.get_component_rich_style("document--cursor")
            for k, src in enumerate(sources):
                if cursor.start <= src < cursor.end:
                    on_cursor = True
                    styles[k] = styles[k] + (Style(underline=True) if marked[k] else cursor_style)

        segments = [Segment(" " * left, base)]
        gutter_style = base + self.get_component_rich_style("document--gutter")
        segments.append(Segment("▌ " if on_cursor else "  ", gutter_style))
        if block.kind == "quote":
            segments.append(
                Segment(QUOTE_BAR, base + self.get_component_rich_style("document--dim"))
            )
        # Group runs of equal style; trailing spaces past the measure are dropped by the crop.
        run_start = 0
        for k in range(1, n + 1):
            if k == n or styles[k] != styles[run_start]:
                chunk = text[row.start + run_start : row.start + k]
                segments.append(Segment(chunk, styles[run_start]))
                run_start = k
        strip = Strip(segments)
        limit = left + GUTTER + self._measure
        return strip.crop(0, limit) if strip.cell_length > limit else strip
