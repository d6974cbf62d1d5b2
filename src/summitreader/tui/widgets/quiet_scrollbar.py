"""A vertical scrollbar that is drawn again only when its thumb moves on screen.

Textual redraws a scrollbar whenever its position or sizes change. In a book of 50,000
rows a line down moves the thumb by a thousandth of a cell, yet drawing the bar again took
3-4 ms of every reading key (and the sidebar's, 2-3 ms of every edit, as its list grew by
a line). Here they are kept as before (a drag or a click reads them), but the bar is
refreshed only when the thumb it would draw differs from the one on screen.

That holds in a layout too: Textual's ``_scroll_update`` refreshes the bar after every
layout of its view, and that refresh, coming through the message queue, arrived a timer
period after the layout's frame. Every edit that laid the screen out (a sidebar list that
grew) drew a second frame holding only the unchanged bar.
"""

from __future__ import annotations

from math import ceil
from typing import Self

from rich.console import RenderableType
from rich.style import Style
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar, ScrollBarRender

from summitreader.tui import textual_private
from summitreader.tui.mixins import ScrollViewMixin


class QuietScrollBar(ScrollBar):
    position: Reactive[float] = Reactive(0, repaint=False)
    window_virtual_size: Reactive[int] = Reactive(100, repaint=False)
    window_size: Reactive[int] = Reactive(0, repaint=False)

    _drawn: tuple[int, ...] | None = None  # the thumb on screen, in eighths of a cell
    _quiet = False  # inside the view's scroll update: a plain refresh only if it moved

    def _thumb(self) -> tuple[int, ...]:
        """Where the thumb is drawn, worked out as ``ScrollBarRender.render_bar`` does."""
        size = self.size.height if self.vertical else self.size.width
        virtual = ceil(self.window_virtual_size)
        window = ceil(self.window_size if self.window_size < self.window_virtual_size else 0)
        if not (window and size and virtual and size != virtual):
            return (size, virtual, window)
        steps = len(
            ScrollBarRender.VERTICAL_BARS if self.vertical else ScrollBarRender.HORIZONTAL_BARS
        )
        thumb = max(1, window / (virtual / size))
        start = int((size - thumb) * (self.position / (virtual - window)) * steps)
        return (size, start, start + ceil(thumb * steps))

    def _redraw_if_moved(self) -> None:
        if self._thumb() != self._drawn:
            super().refresh()

    watch_position = watch_window_virtual_size = watch_window_size = _redraw_if_moved

    def refresh(self, *regions: Region, **how: bool) -> Self:
        if self._quiet and not regions and not how:
            self._redraw_if_moved()  # a bar resized by the layout is drawn by the layout
            return self
        return super().refresh(*regions, **how)

    def _render_bar(self, scrollbar_style: Style) -> RenderableType:
        self._drawn = self._thumb()
        return super()._render_bar(scrollbar_style)


class QuietScrollbars(ScrollViewMixin):
    """Mixed into a ScrollView, before it: its vertical scrollbar is a QuietScrollBar."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        return textual_private.vertical_scrollbar(self, QuietScrollBar)

    def _scroll_update(self, virtual_size: Size) -> None:
        """Textual's (a private hook: see ``textual_private.quiet_scroll_update``), with the
        vertical bar's closing refresh made conditional."""
        textual_private.quiet_scroll_update(self, virtual_size, super()._scroll_update)
