"""Every use of a private API of Textual, in one place.

pyproject.toml bounds Textual above for them; when it moves, this is the one module to
read again (the TinyDB and argparse ones are in ``summitreader/compat.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual._styles_cache import StylesCache


def resize_scrolled(widget: Any, size: Any) -> None:
    """Set a ScrollView's virtual size without laying the screen out (its ``virtual_size``
    reactive asks for a layout): only for a widget whose own size cannot change with it,
    and whose vertical scrollbar shows before and after. The scrollbar is given the new
    size as Textual's ``_scroll_update`` gives it, but not refreshed on top: a Textual
    ScrollBar refreshes itself on the change, a QuietScrollBar only if its thumb moved."""
    widget.set_reactive(type(widget).virtual_size, size)
    widget.vertical_scrollbar.window_virtual_size = size.height
    widget.scroll_y = widget.validate_scroll_y(widget.scroll_y)
    widget.refresh()


def vertical_scrollbar(widget: Any, make: Callable[..., Any]) -> Any:
    """The widget's vertical scrollbar, made by ``make`` (a ScrollBar subclass) the first
    time, as Textual's ``Widget.vertical_scrollbar`` makes its own."""
    if widget._vertical_scrollbar is None:
        bar = make(vertical=True, name="vertical", thickness=widget.scrollbar_size_vertical)
        bar.display = False
        widget._vertical_scrollbar = bar
        widget.app._start_widget(widget, bar)
    return widget._vertical_scrollbar


def quiet_scroll_update(view: Any, virtual_size: Any, update: Callable[[Any], None]) -> None:
    """Run Textual's ``ScrollView._scroll_update`` (``update``), which a QuietScrollBar's
    view overrides, with the bar told to refresh at its end only if its thumb moved."""
    bar = view.vertical_scrollbar
    bar._quiet = True
    try:
        update(virtual_size)
    finally:
        bar._quiet = False


async def check_priority_bindings(app: Any, key: str) -> bool:
    """Run ``key``'s priority binding (ctrl+q, say), as Textual does before anything else."""
    return await app._check_bindings(key, priority=True)


def forget_styles_caches() -> None:
    """Textualize/textual#6665: ``StylesCache.get_inner_outer`` is an ``lru_cache`` on a
    method, so it keeps up to 1,024 StylesCaches alive, with every line they drew, long
    after their widgets (toasts, the palette, closed screens) are gone. The cache holds
    two Styles per pair of colours: clearing it costs one recomputation."""
    StylesCache.get_inner_outer.cache_clear()


def catch_unhandled(app: Any, take: Callable[[BaseException], bool]) -> None:
    """Give ``take`` each exception nothing in the app caught, before Textual shows it
    with a traceback (its private ``_handle_exception`` hook); ``take`` returns True when
    it dealt with it."""
    textual_handler = app._handle_exception

    def handle(error: Exception) -> None:
        if not take(error):
            textual_handler(error)

    app._handle_exception = handle
