"""The live key map (``?``): every key that does something where the focus is, the tag
behind each digit, and nothing that does nothing here (Textual's ScrollView offers
sideways scrolling to a text that never scrolls sideways)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from summitreader.tui.widgets.inert import plain

# Actions a widget inherits that mean nothing in this app.
IDLE_ACTIONS = frozenset({"scroll_left", "scroll_right", "page_left", "page_right"})
KEY_COLUMN = 11


class KeyMap(VerticalScroll, can_focus=False):
    """It lies over the side of the screen, in its own layer: the text is not squeezed
    to a few columns on a narrow terminal, and no re-layout is needed to show it."""

    DEFAULT_CSS = """
    KeyMap {
        layer: keymap;
        dock: right;
        width: 46;
        max-width: 100%;
        height: 1fr;
        background: $panel;
        border-left: vkey $accent;
        padding: 0 1;
    }
    KeyMap > Static {
        width: 100%;
        height: auto;
    }
    """

    def __init__(self, describe: Callable[[Binding], str | None]) -> None:
        """``describe`` gives a binding's line (None leaves it out): the reader names
        the tag behind a digit."""
        super().__init__(id="key-map")
        self.describe = describe

    def compose(self) -> ComposeResult:
        yield Static(id="key-map-rows")

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)
        self.refill()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, screen: object) -> None:
        if self.display:
            self.call_after_refresh(self.refill)

    def rows(self) -> list[tuple[str, str]]:
        """(keys, what they do), in the order the bindings are declared, one row per action."""
        by_action: dict[tuple[int, str], tuple[list[str], str]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.system or binding.action in IDLE_ACTIONS:
                continue
            description = self.describe(binding)
            if not description:
                continue
            keys, _ = by_action.setdefault((id(active.node), binding.action), ([], description))
            key = self.app.get_key_display(binding)
            if key not in keys:
                keys.append(key)
        return [(" ".join(keys), text) for keys, text in by_action.values()]

    def refill(self) -> None:
        lines = [
            Content.assemble((keys.rjust(KEY_COLUMN), "bold $text-accent"), "  ", plain(text))
            for keys, text in self.rows()
        ]
        self.query_one("#key-map-rows", Static).update(Content("\n").join(lines))


def hide_key_map(screen: Widget) -> bool:
    """Escape closes the key map first, where ``screen`` shows one: True if it did."""
    for panel in screen.query(KeyMap):
        if panel.display:
            panel.display = False
            return True
    return False
