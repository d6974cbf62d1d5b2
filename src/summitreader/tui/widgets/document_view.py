"""The document pane: a Line API ScrollView that renders only the rows on screen.

Rows come from the core's ``RowMap``. Every position the widget exposes is a
text offset, so a resize or a theme change never moves the reader. A long
book is first drawn from a window of rows around the reading position while a
thread wraps the whole book; the full map then replaces the window in place.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import partial
from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.color import Color
from textual.events import Click, Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.worker import get_current_worker

from summitreader.layout.cells import cell_width
from summitreader.layout.rows import QUOTE_INDENT, RowMap, build_rows
from summitreader.text import selection as keysel
from summitreader.text.document import Document
from summitreader.text.find import match_at_or_after
from summitreader.text.passages import Passage
from summitreader.text.reading_view import Span
from summitreader.tui.widgets.base_style import BaseStyle

GUTTER = 2
QUOTE_BAR = "│ "
assert len(QUOTE_BAR) == QUOTE_INDENT


class Mark(NamedTuple):
    """A highlight as the view draws it: a text span and a colour."""

    start: int
    end: int
    color: str


def _overlapping(
    starts: list[int], spans: Sequence[tuple[int, int]], longest: int, lo: int, hi: int
) -> range:
    """Indexes of spans (sorted by start) that may overlap [lo, hi)."""
    return range(bisect_left(starts, lo - longest), bisect_left(starts, hi))


def _decorated(spans: Sequence[tuple[int, int]], lo: int, hi: int) -> bool:
    """True when one of ``spans`` really overlaps [lo, hi)."""
    return any(start < hi and end > lo for start, end in spans)


def _runs(styles: list[Style]) -> list[tuple[int, int, Style]]:
    """Runs (start, end, style) of equal style, so a row is a few segments, not one a cell."""
    runs: list[tuple[int, int, Style]] = []
    start = 0
    for k in range(1, len(styles) + 1):
        if k == len(styles) or styles[k] != styles[start]:
            runs.append((start, k, styles[start]))
            start = k
    return runs


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without whitespace at its edges (a selection dragged past a word)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class DocumentView(BaseStyle, ScrollView, can_focus=True):
    """Reads like a page; moves a passage cursor that is always on screen."""

    SYNC_LIMIT = 200_000  # characters; longer texts are wrapped in a thread after a first screen
    WINDOW = 12_000  # characters wrapped for that first screen: about four screens

    COMPONENT_CLASSES = {
        "document--cursor",
        "document--gutter",
        "document--heading",
        "document--link",
        "document--code",
        "document--dim",
        "document--match",
        "document--match-current",
        "document--selection",
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
        Binding("v", "visual", "Select", id="document.select"),
        Binding("w", "word(1)", "Word →", show=False, id="document.next_word"),
        Binding("W", "word(-1)", "Word ←", show=False, id="document.previous_word"),
        Binding("n", "next_match(1)", "Next match", show=False, id="document.next_match"),
        Binding("N", "next_match(-1)", "Prev match", show=False, id="document.previous_match"),
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

    class Ready(Message):
        """The whole document has rows: jumps anywhere, the sidebar and counts may run."""

        def __init__(self, view: DocumentView) -> None:
            super().__init__()
            self.view = view

    class Hint(Message):
        """A word for the reader about a key that did nothing here (for the status line:
        a toast per key would pile up over the text)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class SelectionChanged(Message):
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
        self.rows: RowMap | None = None
        self.selection: tuple[int, int] | None = None  # text span, from the mouse or ``v``
        self._key_selection: keysel.KeySelection | None = None
        self._marks: list[Mark] = []
        self._mark_starts: list[int] = []
        self._mark_spans: list[tuple[int, int]] = []
        self._longest_mark = 0
        self.matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self._longest_match = 0
        self.current_match: int | None = None
        self._width = 0
        self._measure = reading_width
        self._strips: LRUCache[int, Strip] = LRUCache(512)
        self._pending_offset: int | None = None
        self._when_ready: list[Callable[[], None]] = []
        self._ready = False

    # layout ------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """True once the whole book has rows and the view has settled on them."""
        return self._ready

    @property
    def has_layout(self) -> bool:
        return self.rows is not None and self.rows.total > 0

    def _measure_for(self, width: int) -> int:
        return max(10, min(self.reading_width, width - GUTTER - 2))

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Textual clamps the scroll to the old rows at the new height before ``Resize``
        # arrives; a narrower, taller pane would lose the reading position to that clamp.
        if size.width != self._width and self.has_layout and self._pending_offset is None:
            self._pending_offset = self.top_offset
        return super()._size_updated(size, virtual_size, container_size, layout)

    def set_reading_width(self, width: int) -> None:
        """A new measure: lay out again, keeping the reading position."""
        self.reading_width = width
        if self._width:
            self._lay_out(self._width, self.top_offset)

    def on_resize(self, event: Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        if width == self._width or width <= 0:
            return
        keep = self._pending_offset
        if keep is None:
            keep = self.top_offset if self.has_layout else 0
        self._pending_offset = None
        self._lay_out(width, keep)

    def _lay_out(self, width: int, keep: int) -> None:
        self._width = width
        self._measure = measure = self._measure_for(width)
        view = self.document.view
        if self.rows is not None and self.rows.measure == measure and self.rows.complete:
            self._strips.clear()  # only the margins moved: same rows, same readiness
            self._scroll_to_row(self.rows.row_of(keep))
            self.refresh()
        elif len(view.text) <= self.SYNC_LIMIT:
            self._install(build_rows(view, measure), keep)
        else:
            window = build_rows(view, measure, first=view.block_at(keep), until=keep + self.WINDOW)
            assert window is not None
            self._install(window, keep)
            self.call_after_refresh(self._wrap_whole, measure)

    def _wrap_whole(self, measure: int) -> None:
        self.run_worker(
            partial(self._build_in_thread, measure), thread=True, exclusive=True, group="layout"
        )

    def _build_in_thread(self, measure: int) -> None:
        worker = get_current_worker()
        rows = build_rows(self.document.view, measure, cancelled=lambda: worker.is_cancelled)
        if rows is None or worker.is_cancelled:
            return
        self.document.passages.paragraphs  # noqa: B018 - computed here, off the UI thread
        self.document.word_count  # noqa: B018
        self.app.call_from_thread(self._install_whole, rows)

    def _install_whole(self, rows: RowMap) -> None:
        if rows.measure != self._measure:
            return  # a resize came first; its own thread will finish
        keep = self._pending_offset if self._pending_offset is not None else self.top_offset
        self._pending_offset = None
        self._install(rows, keep)

    def _install(self, rows: RowMap | None, keep: int) -> None:
        assert rows is not None
        self.rows = rows
        # A whole map replacing a whole map (a resize, the sidebar) keeps the view ready:
        # keys act at once instead of waiting, and waiting keys would pile up.
        self._ready = self._ready and rows.complete
        self._strips.clear()
        self.virtual_size = Size(0, rows.total)  # no horizontal scrolling: rows are wrapped
        self._scroll_to_row(rows.row_of(keep))
        self.refresh()
        # Scroll again once the new size has landed; jumps asked for meanwhile come after.
        self.call_after_refresh(self._settle, rows, keep, self.cursor)

    def _settle(self, rows: RowMap, keep: int, cursor: Passage | None) -> None:
        if rows is not self.rows:
            return
        if self.cursor is not None and self.cursor != cursor:
            self._show_span(self.cursor.start, self.cursor.end)  # a key moved it meanwhile
        else:
            self._scroll_to_row(rows.row_of(keep))
        if rows.complete and not self._ready:
            self._ready = True
            if self.cursor is None:  # before the waiting keys: h needs a passage to act on
                self._ensure_cursor()
            waiting, self._when_ready = self._when_ready, []
            for fn in waiting:
                fn()
            self.post_message(self.Ready(self))

    def _scroll_to_row(self, row: int) -> None:
        # force: a view just mounted (a reload) has not yet worked out that it can scroll
        self.scroll_to(y=row, animate=False, immediate=True, force=True)

    def once_ready(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` now if the whole book has rows, else as soon as it has."""
        if self.ready:
            fn()
        else:
            self._when_ready.append(fn)

    # offsets <-> rows ------------------------------------------------------------

    def row_of(self, offset: int) -> int:
        return self.rows.row_of(offset) if self.rows else 0

    def offset_of_row(self, row: int) -> int:
        return self.rows.offset_of_row(row) if self.rows else 0

    def restore_cursor(self, start: int, end: int) -> None:
        """Put the cursor back on a saved span once the whole book has rows."""
        if end <= len(self.document.source.text):
            self.once_ready(lambda: self.set_cursor(self.document.passages.span(start, end)))

    @property
    def top_offset(self) -> int:
        """The reading position: the text offset at the top of the pane."""
        if self._pending_offset is not None:
            return self._pending_offset
        return self.offset_of_row(round(self.scroll_y))

    @property
    def progress(self) -> float:
        """How far through the text the bottom of the pane is, 0 to 1."""
        length = len(self.document.source.text)
        if not self.rows or not length:
            return 1.0
        bottom = round(self.scroll_y) + self.scrollable_content_region.height
        if self.rows.complete and bottom >= self.rows.total:
            return 1.0
        return min(1.0, self.offset_of_row(bottom) / length)

    def scroll_to_offset(self, offset: int, *, top: bool = True) -> None:
        if self.rows is None:
            self._pending_offset = offset
            return
        if not self.rows.covers(offset):
            self.once_ready(lambda: self.scroll_to_offset(offset, top=top))
            return
        row = self.row_of(offset)
        if top:
            self._scroll_to_row(row)
        else:
            self.scroll_to_region(Region(0, row, 1, 1), animate=False, immediate=True)

    def _show_span(self, start: int, end: int) -> None:
        """Scroll just enough to show a span, or its start if it is taller than the pane."""
        first, last = self.row_of(start), self.row_of(max(start, end - 1))
        height = self.scrollable_content_region.height
        if last - first + 1 >= height:
            self._scroll_to_row(first)
        else:
            self.scroll_to_region(
                Region(0, first, 1, last - first + 1), animate=False, immediate=True
            )

    def notify_style_update(self) -> None:
        """A theme or focus change restyles every row: drop the styled strips."""
        super().notify_style_update()
        self._strips.clear()

    # highlights, matches, selection and cursor -------------------------------------------

    def _dirty(self) -> None:
        self._strips.clear()
        self.refresh()

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

    def action_next_match(self, step: int) -> None:
        if not self.matches:
            self.app.bell()
            return
        if self.current_match is None:
            here = self.cursor.start if self.cursor else self.top_offset
            index = match_at_or_after(self.matches, here + (1 if step > 0 else 0))
            assert index is not None
            if step < 0:
                index = (index - 1) % len(self.matches)
        else:
            index = (self.current_match + step) % len(self.matches)
        self.set_matches(self.matches, index)
        self.post_message(self.SelectionChanged(self))

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

    def set_cursor(self, passage: Passage | None, *, scroll: bool = True) -> None:
        self.cursor = passage
        self._dirty()
        if passage is not None and scroll and self.rows:
            self._show_span(passage.start, passage.end)
        self.post_message(self.CursorMoved(self, passage))

    def _visible_rows(self) -> tuple[int, int]:
        top = round(self.scroll_y)
        return top, top + max(1, self.scrollable_content_region.height) - 1

    def _ensure_cursor(self) -> None:
        """Keep the passage cursor on screen: after scrolling it follows the view."""
        if not self.ready:
            return
        passages = self.document.passages
        if not passages.paragraphs:
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
        """To the top, the cursor with it: g then h highlights the first passage."""
        self.once_ready(lambda: self._jump_to_end(first=True))

    def action_bottom(self) -> None:
        self.once_ready(lambda: self._jump_to_end(first=False))

    def _jump_to_end(self, *, first: bool) -> None:
        self._scroll_to_row(0 if first else self.rows.total if self.rows else 0)
        paragraphs = self.document.passages.paragraphs
        if paragraphs:
            self.set_cursor(paragraphs[0 if first else -1], scroll=False)

    def _extend_selection(self, unit: str, step: int) -> bool:
        """In visual mode a motion moves the selection's head; returns True if it did."""
        if self._key_selection is None:
            return False
        self._key_selection = keysel.extend(self._key_selection, self.document.passages, unit, step)
        self._set_selection(self._key_selection.span)
        if self.selection:
            head = self._key_selection.head
            self._show_span(max(self.selection[0], head - 1), head)
        return True

    def action_paragraph(self, step: int) -> None:
        if not self.ready:
            self.once_ready(lambda: self.action_paragraph(step))
            return
        if self._extend_selection("paragraph", step):
            return
        passages = self.document.passages
        start = self.cursor.start if self.cursor else self.top_offset
        target = passages.next_paragraph(start, step)
        if self.cursor is None and target is not None and step > 0:
            target = passages.paragraph_at(start)
        self.set_cursor(target)

    def action_sentence(self, step: int) -> None:
        if not self.ready:
            self.once_ready(lambda: self.action_sentence(step))
            return
        if self._extend_selection("sentence", step):
            return
        passages = self.document.passages
        current = self.cursor or passages.paragraph_at(self.top_offset)
        if current is None:
            return
        self.set_cursor(passages.next_sentence(current, step))

    def action_word(self, step: int) -> None:
        if not self.ready:
            return
        if not self._extend_selection("word", step):
            self.post_message(
                self.Hint("Press v to start a selection; w and W then grow and shrink it.")
            )

    def action_visual(self) -> None:
        """Start a selection at the cursor, or drop the one being made."""
        if not self.ready:
            return
        if self._key_selection is not None or self.selection is not None:
            self.clear_selection()
            return
        start = self.cursor.start if self.cursor else self.top_offset
        self._key_selection = keysel.begin(self.document.source.text, start)
        self._set_selection(self._key_selection.span)

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

    def _text_left(self, block: int) -> int:
        """The column where a block's text starts: margin, gutter, and a quote's bar."""
        is_quote = self.document.view.block(block).kind == "quote"
        return self._left_margin() + GUTTER + (QUOTE_INDENT if is_quote else 0)

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
        text = self.rows.rendered(row.block).text
        column, used = x - self._text_left(row.block), 0
        for v in range(row.start, row.end):
            used += cell_width(text[v])
            if used > column:
                return self.rows.offset_at(index, v)
        return self.rows.offset_at(index, max(row.start, row.end - 1))

    # mouse selection (Textual's) ------------------------------------------------------------

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

    # rendering ----------------------------------------------------------------------------

    def _left_margin(self) -> int:
        return max(0, (self._width - self._measure - GUTTER) // 2)

    def render_line(self, y: int) -> Strip:
        if self.rows is None:
            # The first frame is drawn before the Resize event arrives: lay out now, or the
            # first screen the reader sees is blank and the text waits for a second frame.
            self._fit(self.size.width)
        row_index = round(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self.base_style
        if self.rows is None or not 0 <= row_index < self.rows.total:
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

    def link_at_cursor(self) -> str | None:
        """The URL of the first link inside the passage cursor, if any."""
        cursor = self.cursor
        if cursor is None:
            return None
        rendered = self.document.view.rendered(cursor.block)
        lo, hi = rendered.to_visible(cursor.start), rendered.to_visible(cursor.end)
        for span in rendered.spans:
            if span.style == "link" and span.url and span.end > lo and span.start < hi:
                return span.url
        return None

    def _paint_spans(
        self,
        styles: list[Style],
        sources: list[int],
        spans: Sequence[tuple[int, int]],
        indexes: range,
        style_of: Callable[[int], Style],
    ) -> list[bool]:
        """Add a style to every character of the row that falls in one of ``spans``."""
        painted = [False] * len(sources)
        for i in indexes:
            lo, hi = spans[i][0], spans[i][1]
            style = style_of(i)
            for k, src in enumerate(sources):
                if lo <= src < hi:
                    styles[k] = styles[k] + style
                    painted[k] = True
        return painted

    def _render_row(self, row_index: int, base: Style) -> Strip:
        assert self.rows is not None
        row = self.rows.row(row_index)
        left = self._left_margin()

        def at(x: int) -> Style:  # where Textual's mouse selection finds text offsets
            return Style.from_meta({"offset": (x, row_index)})

        if row.block < 0:
            return Strip([Segment(" " * max(1, left), base + at(0))])
        view = self.document.view
        block = view.block(row.block)
        rendered = view.rendered(row.block)
        text = rendered.text

        block_style = base
        component = self.get_component_rich_style
        if block.kind == "heading" or row.block == self.document.title_block:
            block_style = base + component("document--heading")
        elif block.kind == "code":
            block_style = base + component("document--code")
        elif block.kind in ("rule", "frontmatter"):
            block_style = base + component("document--dim")

        n = row.end - row.start
        lo = rendered.to_source(row.start)
        hi = rendered.to_source(row.end - 1) + 1 if n else lo
        marks = self._mark_spans  # built once per set_marks, not per row
        mark_hits = _overlapping(self._mark_starts, marks, self._longest_mark, lo, hi)
        match_hits = _overlapping(self._match_starts, self.matches, self._longest_match, lo, hi)
        cursor = self.cursor
        on_cursor = False
        if not _decorated(
            [marks[i] for i in mark_hits]
            + [self.matches[i] for i in match_hits]
            + [span for span in (self.selection,) if span is not None]
            + ([(cursor.start, cursor.end)] if cursor is not None else []),
            lo,
            hi,
        ) and not any(sp.start < row.end and sp.end > row.start for sp in rendered.spans):
            # Most rows of a book are plain: one run, and no style per character.
            runs = [(0, n, block_style)] if n else []
        else:
            styles: list[Style] = [block_style] * n
            inline = {
                "em": Style(italic=True),
                "strong": Style(bold=True),
                "code": component("document--code"),
                "link": component("document--link"),
            }
            span: Span
            for span in rendered.spans:
                for k in range(
                    max(span.start, row.start) - row.start, min(span.end, row.end) - row.start
                ):
                    styles[k] = styles[k] + inline[span.style]

            sources = [rendered.to_source(v) for v in range(row.start, row.end)]
            marked = self._paint_spans(
                styles,
                sources,
                marks,
                mark_hits,
                lambda i: self._mark_style(self._marks[i].color, base),
            )
            match_style, current_style = (
                component("document--match"),
                component("document--match-current"),
            )
            self._paint_spans(
                styles,
                sources,
                self.matches,
                match_hits,
                lambda i: current_style if i == self.current_match else match_style,
            )
            if cursor is not None and cursor.end > lo and cursor.start < hi:
                cursor_style = component("document--cursor")
                for k, src in enumerate(sources):
                    if cursor.start <= src < cursor.end:
                        on_cursor = True
                        styles[k] = styles[k] + (
                            Style(underline=True) if marked[k] else cursor_style
                        )
            if self.selection is not None:  # last: it shows over the cursor and highlights
                self._paint_spans(
                    styles,
                    sources,
                    [self.selection],
                    range(1),
                    lambda i: component("document--selection"),
                )
            runs = _runs(styles)

        # Margin, gutter and bar are one segment each whose offsets run up to the row's
        # first character, so a drag that starts left of the text starts at the row start.
        prefix = self._text_left(row.block)
        segments = [Segment(" " * left, base + at(row.start - prefix))]
        gutter_style = base + component("document--gutter")
        segments.append(
            Segment("▌ " if on_cursor else "  ", gutter_style + at(row.start - prefix + left))
        )
        if block.kind == "quote":
            dim = base + component("document--dim")
            segments.append(Segment(QUOTE_BAR, dim + at(row.start - QUOTE_INDENT)))
        # Trailing spaces past the measure are dropped by the crop.
        for start, end, style in runs:
            chunk = text[row.start + start : row.start + end]
            segments.append(Segment(chunk, style + at(row.start + start)))
        strip = Strip(segments)
        limit = left + GUTTER + self._measure
        return strip.crop(0, limit) if strip.cell_length > limit else strip
