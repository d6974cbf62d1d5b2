"""Every use of a private API of Textual, in one place.

pyproject.toml bounds Textual above for them; when it moves, this is the one module to
read again (the TinyDB and argparse ones are in ``summitreader/compat.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from textual._styles_cache import StylesCache
from textual.binding import ActiveBinding
from textual.strip import Strip

TEXTUAL_DIVIDE = Strip.divide
TEXTUAL_CROP_EXTEND = Strip.crop_extend


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


def active_binding(screen: Any, key: str) -> ActiveBinding | None:
    """``screen.active_bindings.get(key)``, asking only ``key``'s bindings whether their
    actions are enabled: the property asks every binding of the chain, on every key."""
    app = screen.app
    found: ActiveBinding | None = None
    for namespace, bindings in screen._modal_binding_chain:
        for binding in bindings.key_to_bindings.get(key, ()):
            state = app._check_action_state(binding.action, namespace)
            if state is False:  # disabled and hidden; None is disabled but shown
                continue
            if found is None or (binding.priority and not found.binding.priority):
                found = ActiveBinding(namespace, binding, bool(state), binding.tooltip)
    return found


def laid_out_size(screen: Any) -> Any:
    """The size a screen was last laid out at (its compositor's), which Textual's own
    ``BackgroundScreen`` draws a screen below a dialog from."""
    return screen._compositor.size


def screen_strips(screen: Any) -> list[Any]:
    """A screen's lines as its compositor last laid them out (what Textual's
    ``BackgroundScreen`` renders through Rich), for a dialog's copy of it."""
    return screen._compositor.render_strips()


def forget_styles_caches() -> None:
    """Textualize/textual#6665: ``StylesCache.get_inner_outer`` is an ``lru_cache`` on a
    method, so it keeps up to 1,024 StylesCaches alive, with every line they drew, long
    after their widgets (toasts, the palette, closed screens) are gone. The cache holds
    two Styles per pair of colours: clearing it costs one recomputation."""
    StylesCache.get_inner_outer.cache_clear()


def strips_free_themselves() -> None:
    """Textual's ``Strip.divide`` caches the one-piece division of a row, ``[row]``, in the
    row itself, and ``crop_extend`` a crop that changes nothing, the row itself: a cycle
    that refcounting cannot free. The compositor divides every row of every frame, so
    every row ever shown waited for a full collection; with a long book those held
    100,000 objects and took 50-110 ms every few seconds of keys. These two cases are
    answered without the cache (a one-item list is cheaper than the lookup); every
    other is Textual's own, cached as before."""

    def divide(self: Strip, cuts: Any) -> Any:
        length = self.cell_length
        if type(cuts) is not list or len(cuts) != 1:  # one cut: the compositor's usual
            cuts = [cut for cut in cuts if cut <= length]  # as Textual's divide keeps them
        if len(cuts) == 1 and cuts[0] == length:  # one piece: the whole row
            return [self]
        return TEXTUAL_DIVIDE(self, cuts)

    def crop_extend(self: Strip, start: int, end: int, style: Any) -> Strip:
        if start == 0 and end == self.cell_length:
            return self
        return TEXTUAL_CROP_EXTEND(self, start, end, style)

    Strip.divide = divide  # type: ignore[method-assign]
    Strip.crop_extend = crop_extend  # type: ignore[method-assign]


def catch_unhandled(app: Any, take: Callable[[BaseException], bool]) -> None:
    """Give ``take`` each exception nothing in the app caught, before Textual shows it
    with a traceback (its private ``_handle_exception`` hook); ``take`` returns True when
    it dealt with it."""
    textual_handler = app._handle_exception

    def handle(error: Exception) -> None:
        if not take(error):
            textual_handler(error)

    app._handle_exception = handle


IDLE_WAIT = 0.1  # seconds: how long Textual's input thread waits for input when none is due


def input_wait(parser: Any, now: float) -> float:
    """How long the input thread may wait for the terminal: Textual's 0.1 s, or less while
    the parser waits to learn whether an Escape starts a sequence (``ESCDELAY``)."""
    due = parser._timeout_time
    return IDLE_WAIT if due is None else min(IDLE_WAIT, max(0.0, due - now))


def quick_escape_driver(driver: type) -> type:
    """``driver`` (Textual's choice) made to deliver a lone Escape when ``ESCDELAY`` is up.

    Textual's Linux input thread waits up to 0.1 s in ``select`` and looks at the parser's
    timeout only when that returns, so every Escape key came 0.1 s late whatever ESCDELAY
    said (125 ms from key to frame in the soak). This driver's thread waits no longer
    than the parser's timeout. Any driver but Textual's LinuxDriver (Windows, a driver
    named in TEXTUAL_DRIVER) is kept as it is."""
    from textual.drivers.linux_driver import LinuxDriver

    if driver is not LinuxDriver:
        return driver
    return _quick_escape_driver()


@cache
def _quick_escape_driver() -> type:
    import contextlib
    import os
    import selectors
    from codecs import getincrementaldecoder

    from textual._parser import ParseError
    from textual._time import get_time
    from textual._xterm_parser import XTermParser
    from textual.drivers.linux_driver import LinuxDriver

    class QuickEscapeDriver(LinuxDriver):
        def run_input_thread(self) -> None:
            selector = selectors.SelectSelector()
            selector.register(self.fileno, selectors.EVENT_READ)
            parser = XTermParser(self._debug)
            decode = getincrementaldecoder("utf-8")().decode

            def take(ready: list[tuple[Any, int]], final: bool = False) -> None:
                for index, (_key, mask) in enumerate(ready):
                    if mask & selectors.EVENT_READ:
                        last = index == len(ready) - 1
                        data = decode(os.read(self.fileno, 4096), final=final and last)
                        if not data:  # a pipe's end
                            break
                        for event in parser.feed(data):
                            self.process_message(event)
                for event in parser.tick():
                    self.process_message(event)

            try:
                while not self.exit_event.is_set():
                    take(selector.select(input_wait(parser, get_time())))
                selector.unregister(self.fileno)
                take(selector.select(IDLE_WAIT), final=True)
            finally:
                selector.close()
                with contextlib.suppress(EOFError, ParseError):
                    for _event in parser.feed(""):
                        pass

    return QuickEscapeDriver
