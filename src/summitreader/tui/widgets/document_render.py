"""Drawing the document pane's rows: only the rows on screen, each a cached Strip.

Which characters carry which role is decided in ``layout.row_paint``; here roles become
the theme's styles, and the margin, gutter and a quote's bar are added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.color import Color
from textual.scroll_view import ScrollView
from textual.strip import Strip

from summitreader.layout.row_paint import Mark, Role, RowInk, overlapping, paint, touches
from summitreader.layout.rows import QUOTE_INDENT

if TYPE_CHECKING:
    from summitreader.layout.rows import RowMap
    from summitreader.text.document import Document
    from summitreader.text.passages import Passage

GUTTER = 2
QUOTE_BAR = "│ "
assert len(QUOTE_BAR) == QUOTE_INDENT
INLINE_ROLES = {"code": "document--code", "link": "document--link"}
PLAIN_ROLES = {"em": Style(italic=True), "strong": Style(bold=True)}
COMPONENT_ROLES = {
    "match": "document--match",
    "match-current": "document--match-current",
    "cursor": "document--cursor",
    "selection": "document--selection",
}


class RowRenderer(ScrollView):
    """Mixed into DocumentView."""

    if TYPE_CHECKING:
        document: Document
        rows: RowMap | None
        cursor: Passage | None
        selection: tuple[int, int] | None
        matches: list[tuple[int, int]]
        current_match: int | None
        _marks: list[Mark]
        _mark_starts: list[int]
        _mark_spans: list[tuple[int, int]]
        _longest_mark: int
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
        """The column where a block's text starts: margin, gutter, and a quote's bar."""
        is_quote = self.document.view.block(block).kind == "quote"
        return self._left_margin() + GUTTER + (QUOTE_INDENT if is_quote else 0)

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
        if kind == "heading" or index == self.document.title_block:
            return base + component("document--heading")
        if kind == "code":
            return base + component("document--code")
        if kind in ("rule", "frontmatter"):
            return base + component("document--dim")
        return base

    def _ink(self, lo: int, hi: int, row_start: int, row_end: int, spans: list) -> RowInk | None:
        """What decorates the row spanning text [lo, hi), or None for a plain row."""
        marks, matches = self._mark_spans, self.matches
        mark_hits = overlapping(self._mark_starts, marks, self._longest_mark, lo, hi)
        match_hits = overlapping(self._match_starts, matches, self._longest_match, lo, hi)
        cursor = (self.cursor.start, self.cursor.end) if self.cursor is not None else None
        near = [marks[i] for i in mark_hits] + [matches[i] for i in match_hits]
        near += [s for s in (self.selection, cursor) if s is not None]
        inline = [
            (s.start - row_start, s.end - row_start, s.style)
            for s in spans
            if s.start < row_end and s.end > row_start
        ]
        if not inline and not touches(near, lo, hi):
            return None  # most rows of a book are plain: one run, no style per character
        return RowInk(
            inline,
            [(*marks[i], self._marks[i].color) for i in mark_hits],
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
            return Strip([Segment(" " * max(1, left), base + at(0))])
        view = self.document.view
        block = view.block(row.block)
        rendered = view.rendered(row.block)
        text = rendered.text
        block_style = self._block_style(row.block, block.kind, base)
        n = row.end - row.start
        lo = rendered.to_source(row.start)
        hi = rendered.to_source(row.end - 1) + 1 if n else lo
        ink = self._ink(lo, hi, row.start, row.end, rendered.spans)
        on_cursor = False
        if ink is None:
            runs = [(0, n, block_style)] if n else []
        else:
            sources = [rendered.to_source(v) for v in range(row.start, row.end)]
            painted, on_cursor = paint(sources, ink)
            runs = [(a, b, self._styled(block_style, roles, base)) for a, b, roles in painted]

        # Margin, gutter and bar are one segment each whose offsets run up to the row's
        # first character, so a drag that starts left of the text starts at the row start.
        component = self.get_component_rich_style
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
