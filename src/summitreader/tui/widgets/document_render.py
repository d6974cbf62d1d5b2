"""Drawing the document pane's rows: only the rows on screen, each a cached Strip.

Which characters carry which role is decided in ``layout.row_paint``; here roles become
the theme's styles, and the margin, gutter and a quote's bar are added.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.color import Color
from textual.strip import Strip

from summitreader.layout.blocks import column_layout, column_widths, lead_width
from summitreader.layout.row_paint import Role, RowInk, overlapping, paint, touches
from summitreader.layout.rows import Row
from summitreader.text.inline import Rendered
from summitreader.tui.mixins import ScrollViewMixin

if TYPE_CHECKING:
    from summitreader.layout.mark_index import MarkIndex
    from summitreader.layout.rows import RowMap
    from summitreader.text.document import Document
    from summitreader.text.passages import Passage

GUTTER = 2
WRAPPED = "↪ "  # where a code line goes on past the measure
RULE = "─"
INLINE_ROLES = {
    "code": "document--code",
    "link": "document--link",
    "image": "document--link",
    "footnote": "document--link",
}
PLAIN_ROLES = {"em": Style(italic=True), "strong": Style(bold=True), "strike": Style(strike=True)}
HEADING_KINDS = frozenset({"heading", "title"})
DIM_KINDS = frozenset({"rule", "frontmatter", "html", "byline"})
COMPONENT_ROLES = {
    "match": "document--match",
    "match-current": "document--match-current",
    "cursor": "document--cursor",
    "selection": "document--selection",
}


class RowRenderer(ScrollViewMixin):
    """Mixed into DocumentView."""

    if TYPE_CHECKING:
        document: Document
        rows: RowMap | None
        cursor: Passage | None
        selection: tuple[int, int] | None
        matches: list[tuple[int, int]]
        current_match: int | None
        _mark_index: MarkIndex
        _match_starts: list[int]
        _longest_match: int
        _width: int
        _measure: int
        _strips: LRUCache[int, Strip]
        _role_styles: dict[tuple[Style, tuple[Role, ...]], Style]

        @property
        def base_style(self) -> Style: ...
        def _fit(self, width: int) -> None: ...

    def _left_margin(self) -> int:
        return max(0, (self._width - self._measure - GUTTER) // 2)

    def _text_left(self, block: int) -> int:
        """The column where a block's text starts: margin, gutter, bars, indent and bullet."""
        return self._left_margin() + GUTTER + lead_width(self.document.view.block(block))

    def render_line(self, y: int) -> Strip:
        return next(iter(self.lines_of(range(y, y + 1))))

    def lines_of(self, ys: range) -> Iterator[Strip]:
        """The rows of a frame, with the pane's width and style looked up once for all."""
        if self.rows is None:
            # The first frame is drawn before the Resize event arrives: lay out now, or the
            # first screen the reader sees is blank and the text waits for a second frame.
            self._fit(self.size.width)
        top = round(self.scroll_y)
        width = self.scrollable_content_region.width
        base = self.base_style
        for y in ys:
            yield self._row_strip(top + y, width, base)

    def _row_strip(self, row_index: int, width: int, base: Style) -> Strip:
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

    def _role_style(self, role: Role, base: Style) -> Style:
        kind = role[0]
        if kind == "mark":
            return self._mark_style(role[1], base)
        if kind == "cursor-on-mark":
            return Style(underline=True)
        if kind in PLAIN_ROLES:
            return PLAIN_ROLES[kind]
        return self.get_component_rich_style(INLINE_ROLES.get(kind) or COMPONENT_ROLES[kind])

    def _styled(self, block_style: Style, roles: tuple[Role, ...], base: Style) -> Style:
        """A run's style: its block's, then each role's over it (cached per combination)."""
        key = (block_style, roles)
        style = self._role_styles.get(key)
        if style is None:
            style = block_style
            for role in roles:
                style = style + self._role_style(role, base)
            self._role_styles[key] = style
        return style

    def _block_style(self, index: int, kind: str, base: Style) -> Style:
        component = self.get_component_rich_style
        if kind in HEADING_KINDS or index == self.document.title_block:
            return base + component("document--heading")
        if kind == "code":
            return base + component("document--code")
        if kind in DIM_KINDS:
            return base + component("document--dim")
        if kind == "row" and self.document.view.block(index).extra.first == index:
            return base + Style(bold=True)  # a table's header
        return base

    def _ink(self, lo: int, hi: int, row_start: int, row_end: int, spans: list) -> RowInk | None:
        """What decorates the row spanning text [lo, hi), or None for a plain row."""
        index, matches = self._mark_index, self.matches
        marks = index.spans
        # Only the marks on the row: one long highlight brings every later one near.
        mark_hits = [i for i in index.near(lo, hi) if marks[i][0] < hi and marks[i][1] > lo]
        match_hits = overlapping(self._match_starts, matches, self._longest_match, lo, hi)
        cursor = (self.cursor.start, self.cursor.end) if self.cursor is not None else None
        near = [matches[i] for i in match_hits]
        near += [s for s in (self.selection, cursor) if s is not None]
        inline = [
            (s.start - row_start, s.end - row_start, s.style)
            for s in spans
            if s.start < row_end and s.end > row_start
        ]
        if not inline and not mark_hits and not touches(near, lo, hi):
            return None  # most rows of a book are plain: one run, no style per character
        return RowInk(
            inline,
            [index.marks[i] for i in mark_hits],
            [(*matches[i], i == self.current_match) for i in match_hits],
            self.selection,
            cursor,
        )

    def _render_row(self, row_index: int, base: Style) -> Strip:
        assert self.rows is not None
        row = self.rows.row(row_index)
        left = self._left_margin()

        def at(x: int) -> Style:  # where Textual's mouse selection finds text offsets
            return Style.from_meta({"offset": (x, row_index)})

        if row.block < 0:
            return self._blank_row(row, left, base, at(0))
        view = self.document.view
        block = view.block(row.block)
        rendered = view.rendered(row.block)
        block_style = self._block_style(row.block, block.kind, base)
        component = self.get_component_rich_style
        decoration = block.lead if row.line == 0 else block.cont
        if block.kind == "code" and row.line and not _starts_line(rendered, row.start):
            decoration = decoration[: -len(WRAPPED)] + WRAPPED
        if block.kind == "row":
            content, on_cursor = self._table_row(row, rendered, block_style, base, at)
        elif block.kind == "rule":
            width = self._measure - lead_width(block)
            content, on_cursor = [Segment(RULE * width, block_style + at(row.start))], False
        else:
            content, on_cursor = self._content(rendered, row.start, row.end, block_style, at)

        # Margin, gutter and bars are one segment each whose offsets run up to the row's
        # first character, so a drag that starts left of the text starts at the row start.
        prefix = self._text_left(row.block)
        segments = [Segment(" " * left, base + at(row.start - prefix))]
        gutter_style = base + component("document--gutter")
        segments.append(
            Segment("▌ " if on_cursor else "  ", gutter_style + at(row.start - prefix + left))
        )
        if decoration:
            origin = row.start - len(decoration)
            segments.extend(self._decoration(decoration, base, at(origin)))
        segments.extend(content)
        strip = Strip(segments)
        limit = left + GUTTER + self._measure
        return strip.crop(0, limit) if strip.cell_length > limit else strip

    def _decoration(self, decoration: str, base: Style, meta: Style) -> list[Segment]:
        """Quote bars dim, bullets and numbers in the gutter's colour."""
        dim = base + self.get_component_rich_style("document--dim") + meta
        marker = base + self.get_component_rich_style("document--gutter") + meta
        bars = decoration.rstrip(" ")
        if "│" in bars and bars.replace("│", "").strip() == "":
            return [Segment(decoration, dim)]
        cut = max(decoration.rfind("│") + 1, 0)
        return [Segment(decoration[:cut], dim), Segment(decoration[cut:], marker)]

    def _blank_row(self, row: Row, left: int, base: Style, meta: Style) -> Strip:
        """Between blocks: the quote bars both share, or the rule under a table's header."""
        view = self.document.view
        above, below = view.peek(row.line), view.peek(row.line + 1)
        line = " " * max(1, left)
        if above is None or below is None:
            return Strip([Segment(line, base + meta)])
        segments = [Segment(" " * (left + GUTTER), base + meta)]
        if above.kind == below.kind == "row" and above.extra is below.extra:
            widths, bands = column_layout(view, row.line, self._measure)
            rule = "─┼─".join(RULE * w for w in widths[slice(*bands[0])])
            dim = base + self.get_component_rich_style("document--dim") + meta
            return Strip([*segments, Segment(above.cont, dim), Segment(rule, dim)])
        shared = _common_bars(above.cont, below.cont)
        if not shared:
            return Strip([Segment(line, base + meta)])
        return Strip([*segments, *self._decoration(shared, base, meta)])

    def _content(
        self, rendered: Rendered, start: int, end: int, block_style: Style, at
    ) -> tuple[list[Segment], bool]:
        """The segments of visible characters [start, end), styled by their roles."""
        text = rendered.text
        n = end - start
        lo = rendered.to_source(start)
        hi = rendered.to_source(end - 1) + 1 if n else lo
        base = self.base_style
        ink = self._ink(lo, hi, start, end, rendered.spans)
        on_cursor = False
        if ink is None:
            runs = [(0, n, block_style)] if n else []
        else:
            sources = rendered.sources(start, end)
            painted, on_cursor = paint(sources, ink)
            runs = [(a, b, self._styled(block_style, roles, base)) for a, b, roles in painted]
        inserts = [(v, s) for v, s in rendered.inserts if start <= v < end]
        segments = []
        for a, b, style in runs:
            a, b = start + a, start + b
            for v, label in inserts:
                if a <= v < b:
                    segments.append(Segment(text[a:v], style + at(a)))
                    segments.extend(Segment(ch, style + at(v)) for ch in label)
                    a = v
            segments.append(Segment(text[a:b], style + at(a)))
        return segments, on_cursor

    def _table_row(
        self, row: Row, rendered: Rendered, block_style: Style, base: Style, at
    ) -> tuple[list[Segment], bool]:
        """One screen row of a table row: each cell's piece padded to its column."""
        assert self.rows is not None
        view = self.document.view
        widths = column_widths(view, row.block, self._measure)
        aligns = view.block(row.block).extra.aligns
        first, cells = self.rows.cells(row.block)[row.line]
        dim = base + self.get_component_rich_style("document--dim")
        segments: list[Segment] = []
        on_cursor = False
        for c, (a, b) in enumerate(cells, first):
            width = widths[c]
            if c > first:
                segments.append(Segment(" │ ", dim + at(a)))
            while b > a and rendered.text[b - 1] == " ":
                b -= 1
            pieces, here = self._content(rendered, a, b, block_style, at)
            on_cursor = on_cursor or here
            room = max(0, width - sum(s.cell_length for s in pieces))
            align = aligns[c] if c < len(aligns) else ""
            before = room if align == "right" else room // 2 if align == "center" else 0
            if before:
                segments.append(Segment(" " * before, base + at(a)))
            segments.extend(pieces)
            if room - before:
                segments.append(Segment(" " * (room - before), base + at(b)))
        return segments, on_cursor


def _starts_line(rendered: Rendered, v: int) -> bool:
    """True when visible index ``v`` starts a line of code (not the rest of a long one)."""
    k = bisect_left(rendered.breaks, v)
    return v == 0 or (k < len(rendered.breaks) and rendered.breaks[k] == v)


def _common_bars(a: str, b: str) -> str:
    """The quote bars two neighbouring blocks share, for the blank row between them."""
    shared = ""
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        shared += x
    return shared if "│" in shared else ""
