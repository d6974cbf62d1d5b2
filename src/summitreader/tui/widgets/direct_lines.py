"""Handing a line-drawn widget's own cached rows to the compositor, frame after frame.

Textual's StylesCache wraps every row it draws in a new Strip, so on a scroll (when every
row of the pane is drawn again) each row's line filter and the compositor's division of
it into cuts start again from nothing. A widget with no box around its text (no border,
padding, outline, tint, opacity or hatch) gets nothing from that wrapping: for it the
rows its ``render_line`` returns are the rows on screen. Given as they are, a row that is
the same object as last frame keeps its filtered and divided forms in its own caches.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.geometry import Region, Spacing
from textual.strip import Strip
from textual.style import Style

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    _Base = object  # a plain mixin: Textual inherits CSS through the first DOMNode base only

NO_SPACE = Spacing(0, 0, 0, 0)


class DirectLines(_Base):
    """Put it before the widget class: ``class View(DirectLines, ScrollView)``.

    ``render_line`` must return the same Strip object for a row that has not changed.
    """

    def _boxless(self) -> bool:
        """No style of Textual's would change a row between ``render_line`` and the screen."""
        styles = self.styles
        return (
            styles.gutter == NO_SPACE
            and not any(edge for edge, _ in styles.outline)
            and not styles.tint.a
            and styles.text_opacity == 1.0
            and self.opacity == 1.0
            and (not styles.has_rule("hatch") or styles.hatch == "none")
            and not self._hover_link_styled()
        )

    def _hover_link_styled(self) -> bool:
        """Textual restyles a hovered ``@click`` link over the rows: leave that to it."""
        hover = self.hover_style
        return bool(self.auto_links and hover._link_id and hover._meta and "@click" in hover.meta)

    def lines_of(self, ys: range) -> Iterable[Strip]:
        """``render_line`` for each row of ``ys``: a widget may share the work of a frame."""
        return map(self.render_line, ys)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.BLANK or not self._boxless():
            return super().render_lines(crop)
        width = self.size.width
        base_background, background = self.background_colors
        fill = Style(background=base_background + background).rich_style  # as StylesCache pads
        filters = self.get_line_filters()
        strips: list[Strip] = []
        for strip in self.lines_of(crop.line_range):
            if strip.cell_length != width:
                strip = strip.crop_extend(0, width, fill)  # cached on the row's own Strip
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips
