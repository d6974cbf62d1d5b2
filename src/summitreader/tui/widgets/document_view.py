"""The document pane: a Line API ScrollView that renders only the rows on screen.

Rows come from the core's ``RowMap``. Every position the widget exposes is a
text offset, so a resize or a theme change never moves the reader. A long
book is first drawn from a window of rows around the reading position while a
thread wraps the whole book; the full map then replaces the window in place.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.events import Resize
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from summitreader import collector
from summitreader.layout.mark_index import MarkIndex
from summitreader.layout.rows import RowMap, build_rows
from summitreader.text import selection as keysel
from summitreader.text.document import Document
from summitreader.text.passages import Passage, Survey
from summitreader.tui.widgets.base_style import BaseStyle
from summitreader.tui.widgets.direct_lines import DirectLines
from summitreader.tui.widgets.document_keys import DocumentKeys
from summitreader.tui.widgets.document_marks import DocumentMarks
from summitreader.tui.widgets.document_mouse import DocumentMouse
from summitreader.tui.widgets.document_render import GUTTER, RowRenderer
from summitreader.tui.widgets.quiet_scrollbar import QuietScrollbars

# Rows kept drawn: four screens. Each row kept holds a dozen Strips (filtered, divided,
# each with its own caches): 512 rows made most of the 100,000 objects that every full
# collection walked, 80-110 ms each; a row drawn again costs ~35 microseconds.
ROWS_KEPT = 160


class DocumentView(
    BaseStyle,
    QuietScrollbars,
    RowRenderer,
    DirectLines,
    DocumentKeys,
    DocumentMouse,
    DocumentMarks,
    ScrollView,
    can_focus=True,
):
    """Reads like a page; moves a passage cursor that is always on screen."""

    SYNC_LIMIT = 200_000  # characters; longer texts are wrapped in a thread after a first screen
    WINDOW = 12_000  # characters wrapped for that first screen: about four screens

    DEFAULT_CSS = """
    DocumentView {
        scrollbar-size-vertical: 1;
    }
    DocumentView:focus {
        background-tint: $foreground 2%;
    }
    DocumentView > .document--cursor {
        background: $primary 30%;
    }
    DocumentView > .document--gutter {
        color: $accent;
    }
    DocumentView > .document--heading {
        color: $primary;
        text-style: bold;
    }
    DocumentView > .document--link {
        color: $secondary;
        text-style: underline;
    }
    DocumentView > .document--code {
        color: $warning;
    }
    DocumentView > .document--dim {
        color: $text-muted;
    }
    DocumentView > .document--match {
        background: $warning 35%;
    }
    DocumentView > .document--match-current {
        background: $warning;
        color: $background;
        text-style: bold;
    }
    DocumentView > .document--selection {
        background: $accent 55%;
    }
    """
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
        on_moved: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(id=id)
        self.document = document
        self._on_moved = on_moved
        self.reading_width = reading_width
        self.cursor: Passage | None = None
        self._holding_cursor = False  # a new layout is placing the page: the cursor stays
        self.rows: RowMap | None = None
        self.selection: tuple[int, int] | None = None  # text span, from the mouse or ``v``
        self._key_selection: keysel.KeySelection | None = None
        self._mark_index = MarkIndex()
        self.matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self._longest_match = 0
        self.current_match: int | None = None
        self._width = 0
        self._measure = reading_width
        self._strips: LRUCache[int, Strip] = LRUCache(ROWS_KEPT)
        self._role_styles: dict = {}  # (block style, roles) -> style: few combinations
        self._pending_offset: int | None = None
        # moved by a jump (G, a search, the outline, a link) since the reader last saved:
        # a jump to look is not reading on (see ReaderScreen.save_position)
        self.jumped = False
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
        if event.size.width == self._width and self.rows is not None:  # a height alone
            self.call_after_refresh(lambda: self._place(round(self.scroll_y)))
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
        elif len(view.text) <= min(self.SYNC_LIMIT, view.sync_limit):
            self._install(build_rows(view, measure), keep)
        else:
            until = keep + min(self.WINDOW, view.first_window)
            window = build_rows(view, measure, first=view.block_at(keep), until=until)
            assert window is not None
            self._install(window, keep)
            self.call_after_refresh(self._wrap_whole, measure)

    def _wrap_whole(self, measure: int) -> None:
        self.run_worker(
            partial(self._build_in_thread, measure), thread=True, exclusive=True, group="layout"
        )

    def _build_in_thread(self, measure: int) -> None:
        worker = get_current_worker()
        passages = self.document.passages  # surveyed off the UI thread, as blocks are wrapped
        survey = None if passages.surveyed else Survey(self.document.view)
        rows = build_rows(
            self.document.view,
            measure,
            cancelled=lambda: worker.is_cancelled,
            survey=survey,
        )
        if rows is None or worker.is_cancelled:
            return
        if survey is not None:
            passages.adopt(survey)
        self.document.make_ahead()
        # What the layout rendered is the book's last blocks, not the reader's; what it
        # freed (slices of a 100 MB text) goes back to the system.
        self.document.view.rendered.cache_clear()
        collector.give_back_memory()
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
        self._place(rows.row_of(keep))
        self.refresh()
        # Scroll again once the new size has landed; jumps asked for meanwhile come after.
        self.call_after_refresh(self._settle, rows, keep, self.cursor)

    def _settle(self, rows: RowMap, keep: int, cursor: Passage | None) -> None:
        if rows is not self.rows:
            return
        if self.cursor is not None and self.cursor != cursor:
            self._show_span(self.cursor.start, self.cursor.end)  # a key moved it meanwhile
        else:
            self._place(rows.row_of(keep))
        if rows.complete and not self._ready:
            self._ready = True
            if self.cursor is None:  # before the waiting keys: h needs a passage to act on
                self._ensure_cursor()
            waiting, self._when_ready = self._when_ready, []
            for fn in waiting:
                fn()
            self.post_message(self.Ready(self))

    def _place(self, row: int) -> None:
        """Scroll a new layout to ``row`` (the reader's place), and then, if the cursor is
        off the page, just enough to show it: a resize keeps the passage the reader was
        on, which scrolling would otherwise move to the page."""
        cursor = self.cursor
        self._holding_cursor = True
        try:
            self._scroll_to_row(row)
            if cursor is not None and self.rows is not None and not self._on_page(cursor):
                self._show_span(cursor.start, cursor.end)
        finally:
            self._holding_cursor = False

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
        self.jumped = True
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
        self._role_styles.clear()

    # highlights, matches, selection and cursor -------------------------------------------

    def _dirty(self) -> None:
        self._strips.clear()
        self.refresh()

    def set_cursor(self, passage: Passage | None, *, scroll: bool = True) -> None:
        old, self.cursor = self.cursor, passage
        self._dirty_spans(
            [
                (old.start, old.end) if old else None,
                (passage.start, passage.end) if passage else None,
            ]
        )
        if passage is not None and scroll and self.rows:
            self._show_span(passage.start, passage.end)
        self._moved()

    def _visible_rows(self) -> tuple[int, int]:
        top = round(self.scroll_y)
        return top, top + max(1, self.scrollable_content_region.height) - 1

    def _on_page(self, passage: Passage) -> bool:
        """Whether any row of ``passage`` is on the page."""
        top, bottom = self._visible_rows()
        first = self.row_of(passage.start)
        last = self.row_of(max(passage.start, passage.end - 1))
        return last >= top and first <= bottom

    def _ensure_cursor(self) -> None:
        """Keep the passage cursor on screen: after scrolling it follows the view."""
        if not self.ready or self._holding_cursor:
            return
        passages = self.document.passages
        if not passages.paragraphs:
            return
        top, bottom = self._visible_rows()
        if self.cursor is not None:
            if self._on_page(self.cursor):
                return
            below = self.row_of(self.cursor.start) > bottom
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
            self._moved()

    def _moved(self) -> None:
        """The cursor or the page moved: ``on_moved`` is told at once (not by a message),
        so that what shows where the reader is (a status line) is redrawn in the same
        frame as the text, not in a second one a screen-update period later."""
        if self._on_moved is not None:
            self._on_moved()

    def link_at_cursor(self) -> str | None:
        """The URL of the first link inside the passage cursor, if any."""
        cursor = self.cursor
        if cursor is None:
            return None
        rendered = self.document.view.rendered(cursor.block)
        lo, hi = rendered.to_visible(cursor.start), rendered.to_visible(cursor.end)
        for span in rendered.spans:
            if span.style in ("link", "image") and span.url and span.end > lo and span.start < hi:
                return span.url
        return None
