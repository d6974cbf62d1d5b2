"""The sidebar's highlights, drawn line by line.

OptionList measures every option by rendering it whenever one changes: with 10,000
highlights an edit took seconds and each rebuild left megabytes behind. Here an entry's
height comes from lengths alone, and only the entries on screen are rendered.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate, pairwise
from operator import itemgetter

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from summitreader.annotations.model import Record, document_order, place_order
from summitreader.settings.config import DEFAULT_HIGHLIGHT
from summitreader.text.sanitize import excerpt
from summitreader.tui import textual_private
from summitreader.tui.widgets.direct_lines import DirectLines
from summitreader.tui.widgets.quiet_scrollbar import QuietScrollbars

QUOTE_LINES = 2  # a long quote shows two lines, the second ending in …
GAP = 1  # a blank row after each entry
MARGIN = 1  # cells each side: drawn in the rows, not CSS padding, so they pass as they are
STRIP_CACHE = 64  # entries whose drawn lines are kept: a few screens' worth (see ROWS_KEPT)
_ID = itemgetter("id")


def _fit(lines: list[Content], count: int, width: int) -> list[Content]:
    """At most ``count`` lines; when some are left out, the last shown ends in …"""
    if len(lines) <= count:
        return lines
    shown = lines[:count]
    shown[-1] = shown[-1].truncate(max(1, width - 1)) + "…"
    return shown


class HighlightList(QuietScrollbars, DirectLines, ScrollView, can_focus=True):
    """Highlights of one document, one entry each: ``¶N`` and the quote, its tags, its note."""

    BINDINGS: list[BindingType] = [
        Binding("up,k", "move(-1)", "Up", show=False, id="highlights.up"),
        Binding("down,j", "move(1)", "Down", show=False, id="highlights.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="highlights.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="highlights.page_down"),
        Binding("home", "first", "First", show=False, id="highlights.first"),
        Binding("end", "last", "Last", show=False, id="highlights.last"),
        Binding("enter", "select", "Go to", id="highlights.go"),
    ]
    COMPONENT_CLASSES = {"highlight-list--cursor"}
    DEFAULT_CSS = """
    HighlightList > .highlight-list--cursor {
        background: $block-cursor-blurred-background;
    }
    HighlightList:focus > .highlight-list--cursor {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    """

    EMPTY = ("No highlights yet:", "h highlights, 1-9 tag.")

    highlighted: reactive[int | None] = reactive(None, init=False)

    class Selected(Message):
        def __init__(self, highlight_list: HighlightList, record: Record) -> None:
            super().__init__()
            self.highlight_list = highlight_list
            self.record = record

        @property
        def control(self) -> HighlightList:
            return self.highlight_list

    def __init__(
        self,
        paragraph_of: Callable[[int], int],
        color_of: Callable[[str], str | None],
        *,
        quote_of: Callable[[Record], str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._paragraph_of = paragraph_of
        self._color_of = color_of
        # the quote as the reader shows it (its Markdown's marks and link targets hidden)
        self._quote_of = quote_of or (lambda record: record["quote"]["exact"])
        self.records: Sequence[Record] = []
        self._heights: list[int] = []
        self._starts: list[int] = [0]
        # Only entries on screen are drawn; a bound keeps a walk through 10,000 of them from
        # keeping every one it passed. Kept by (highlight id, under the cursor): an edit
        # draws again only the entries it changed, not every one on screen.
        self._strips: LRUCache[tuple[str, bool], list[Strip]] = LRUCache(STRIP_CACHE)
        self._width = 0
        self._height_of: dict[str, int] = {}  # by highlight id, at _measured_width
        self._measured_width = 0
        self.empty = self.EMPTY  # what the list says when it has no entries

    # the entries ------------------------------------------------------------------

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def highlighted_record(self) -> Record | None:
        return self.records[self.highlighted] if self.highlighted is not None else None

    def set_records(
        self, records: Sequence[Record], changed: Sequence[Record] | None = None
    ) -> None:
        """Show ``records``; the highlighted one stays highlighted if it is still there.
        ``changed``: the only records that may differ from those shown before, by id
        (None: any), so that only they are measured again."""
        current, at = self.highlighted_record, self.highlighted
        before, self.records = self.records, records
        if changed is None or not self._remeasure_in_place(before, changed):
            self._measure(changed)
        index = None
        if records:
            fallback = min(at or 0, len(records) - 1)
            keep = current["id"] if current is not None else None
            if keep is None or records[fallback]["id"] == keep:
                index = fallback  # nothing to keep, or it is still where it was
            else:
                index = next((i for i, r in enumerate(records) if r["id"] == keep), fallback)
        self.set_reactive(HighlightList.highlighted, index)
        if changed is None:
            self._strips.clear()
        else:
            for record in changed:
                self._strips.discard((record["id"], False))
                self._strips.discard((record["id"], True))
        self.refresh()

    def entry_text(self, index: int) -> str:
        """The entry as shown, one line per line: what a test or a screen reader reads."""
        return "\n".join(line.plain for line in self._lines(index, self._width or 40))

    @staticmethod
    def _quote_lines(record: Record, width: int) -> int:
        """From lengths alone: rendering 10,000 entries to measure them is what we avoid."""
        return 1 if len(record["quote"]["exact"]) + 7 <= width else QUOTE_LINES

    def _height(self, record: Record, width: int) -> int:
        return (
            self._quote_lines(record, width)
            + bool(record.get("tags"))
            + bool(record.get("note"))
            + GAP
        )

    def _remeasure_in_place(self, before: Sequence[Record], changed: Sequence[Record]) -> bool:
        """After an edit that changed records without moving any (a tag, a note), measure
        only those: each is found by its place in document order, and must be at the same
        place as before, and every other entry the same record as before (the list may be
        another filter's or order's). False when that is not so."""
        records, heights = self.records, self._heights
        width = self._width or 40
        if len(before) != len(records) or len(heights) != len(records):
            return False
        if width != self._measured_width:
            return False
        places = []
        for record in changed:
            at = bisect_left(records, document_order(record), key=document_order)
            if at >= len(records) or not records[at]["id"] == before[at]["id"] == record["id"]:
                return False
            places.append((at, record))
        bounds = [-1, *sorted(at for at, _ in places), len(records)]
        for low, high in pairwise(bounds):
            if before[low + 1 : high] != records[low + 1 : high]:  # the same objects: quick
                return False
        moved = False
        for at, record in places:
            self._height_of[record["id"]] = height = self._height(record, width)
            moved = moved or heights[at] != height
            heights[at] = height
        if moved:  # a tag line came or went: the entries below start lower or higher
            self._starts = [0, *accumulate(heights)]
            self._resize()
        return True

    def _measure(self, changed: Sequence[Record] | None = None) -> None:
        """Each entry's height, kept by highlight id: after an edit only the records it
        changed are measured (10,000 measured per key took most of the sidebar's time)."""
        width = self._width or 40
        height_of = self._height_of
        if changed is None or width != self._measured_width:
            height_of.clear()
            changed, self._measured_width = self.records, width
        for record in changed:
            height_of[record["id"]] = self._height(record, width)
        try:
            self._heights = list(map(height_of.__getitem__, map(_ID, self.records)))
        except KeyError:  # a record no one said had changed: measure them all
            self._measure(None)
            return
        self._starts = [0, *accumulate(self._heights)]
        self._resize()

    def _resize(self) -> None:
        size, view = Size(0, self._starts[-1]), self.scrollable_content_region.height
        if (
            self.is_mounted
            and view > 0
            and (size.height > view) == (self.virtual_size.height > view)
        ):
            # a longer or shorter list that scrolls before and after, or fits before and
            # after: its scrollbar neither comes nor goes, so a layout of the whole screen
            # (what setting virtual_size asks for) would change nothing, and cost a frame
            textual_private.resize_scrolled(self, size)
        else:
            self.virtual_size = size

    def _lines(self, index: int, width: int) -> list[Content]:
        record = self.records[index]
        head: list[str | tuple[str, str]] = []
        if record.get("anchor") == "orphaned":  # its position belongs to an older text
            head.append(("orphaned ", "bold red"))
        else:
            head.append((f"¶{self._paragraph_of(record['position']['start'])} ", "dim"))
            if record.get("anchor") == "fuzzy":
                head.append(("≈ ", "bold yellow"))
        head.append(excerpt(self._quote_of(record)))
        quote_lines = self._quote_lines(record, width)
        lines = _fit(Content.assemble(*head).wrap(width), quote_lines, width)
        lines += [Content("")] * (quote_lines - len(lines))
        if tags := record.get("tags"):
            parts = [(f"#{t} ", f"bold {self._color_of(t) or DEFAULT_HIGHLIGHT}") for t in tags]
            lines.append(Content.assemble(*parts).truncate(width, ellipsis=True))
        if note := record.get("note"):
            lines.append(
                Content.styled("✎ " + excerpt(note, 200), "italic").truncate(width, ellipsis=True)
            )
        return lines

    def _entry_strips(self, index: int) -> list[Strip]:
        key = (self.records[index]["id"], index == self.highlighted)
        if (strips := self._strips.get(key)) is None:
            width = self._width
            base = self.visual_style
            if key[1]:
                base += self.get_visual_style("highlight-list--cursor")
            strips = [self._strip(line, base) for line in self._lines(index, width)]
            strips += [self._blank()] * GAP
            self._strips[key] = strips
        return strips

    # drawing ------------------------------------------------------------------------

    def _strip(self, line: Content, base: VisualStyle) -> Strip:
        margin = Segment(" " * MARGIN, self.visual_style.rich_style)
        text = Strip(line.render_segments(base)).extend_cell_length(self._width, base.rich_style)
        return Strip([margin, *text, margin], self._width + 2 * MARGIN)

    def _blank(self) -> Strip:
        return Strip.blank(self._width + 2 * MARGIN, self.visual_style.rich_style)

    def on_resize(self) -> None:
        self._fit_width()

    def _fit_width(self) -> None:
        width = max(1, self.scrollable_content_region.width - 2 * MARGIN)
        if width != self._width:
            self._width = width
            self._measure()
        self._strips.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_focus(self) -> None:
        self._redraw(self.highlighted)

    def on_blur(self) -> None:
        self._redraw(self.highlighted)

    def _redraw(self, index: int | None) -> None:
        if index is not None and index < len(self.records):
            self._strips.discard((self.records[index]["id"], True))  # focus: its colours
        self.refresh()

    def _entry_at(self, row: int) -> int | None:
        if not self.records or row < 0 or row >= self._starts[-1]:
            return None
        return bisect_right(self._starts, row) - 1

    def render_line(self, y: int) -> Strip:
        if not self._width:
            self._fit_width()
        row = round(self.scroll_y) + y
        index = self._entry_at(row)
        if index is None:
            if not self.records and y < len(self.empty):
                line = Content.styled(self.empty[y], "dim italic")
                return self._strip(line.truncate(self._width, ellipsis=True), self.visual_style)
            return self._blank()
        return self._entry_strips(index)[row - self._starts[index]]

    def follow(self, offset: int) -> None:
        """Show the highlights where the reader is: the first at or after ``offset`` at the
        top of the list when it is out of sight (the list is in the text's order)."""
        if not self.records or self.has_focus:
            return
        # A look at a few records, not a list of every start made after each edit (10,000
        # highlights: 1.5 ms of each tag key).
        where = bisect_left(self.records, place_order(offset), key=document_order)
        index = min(where, len(self.records) - 1)
        if index >= len(self._heights):
            return
        top, height = self._starts[index], self._heights[index]
        y, view = round(self.scroll_y), max(1, self.scrollable_content_region.height)
        if top < y or top + height > y + view:
            self.scroll_to(y=top, animate=False, immediate=True)

    # moving and choosing ------------------------------------------------------------

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        self._redraw(new)
        self._scroll_to_entry(new)

    def _scroll_to_entry(self, index: int | None) -> None:
        if index is None or index >= len(self._heights):
            return
        top, height = self._starts[index], self._heights[index]
        view = max(1, self.scrollable_content_region.height)
        y = round(self.scroll_y)
        if top < y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top + height > y + view:
            self.scroll_to(y=min(top, top + height - view), animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        if self.records:
            current = self.highlighted if self.highlighted is not None else -step
            self.highlighted = max(0, min(len(self.records) - 1, current + step))

    def action_page(self, step: int) -> None:
        if self.records:
            rows = max(1, self.scrollable_content_region.height)
            here = self._starts[self.highlighted or 0]
            target = self._entry_at(max(0, min(self._starts[-1] - 1, here + step * rows)))
            self.highlighted = target if target is not None else 0

    def action_first(self) -> None:
        if self.records:
            self.highlighted = 0

    def action_last(self) -> None:
        if self.records:
            self.highlighted = len(self.records) - 1

    def action_select(self) -> None:
        if (record := self.highlighted_record) is not None:
            self.post_message(self.Selected(self, record))

    def on_click(self, event: Click) -> None:
        index = self._entry_at(round(self.scroll_y) + event.y)
        if index is not None:
            self.highlighted = index
            self.action_select()
