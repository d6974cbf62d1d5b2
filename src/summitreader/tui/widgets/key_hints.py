"""One line of key hints, built from the screen's live bindings (so user keymaps show).

Textual's Footer mounts a widget per key and recomposes on every focus change;
one Static costs a fraction of that, which the first screen of a book notices.
"""

from __future__ import annotations

from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static


class KeyHints(Static):
    DEFAULT_CSS = """
    KeyHints {
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def on_mount(self) -> None:
        """The hints are written just after the first frame: the line is there, empty, in
        it, so nothing moves when they come, and the text comes first (working out and
        drawing the hints took ~1.5 ms before the first text)."""
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        if self.is_attached:
            self.screen.bindings_updated_signal.subscribe(self, self._changed)
            self._changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    _shown: list[tuple[str, str]] | None = None

    def _changed(self, screen: Screen) -> None:
        """Textual says the bindings changed after every key; most keys change none, and
        drawing the same hints again cost the frame a line."""
        if self.is_attached and screen is self.screen:
            parts = self._parts()
            if parts != self._shown:
                self._shown = parts
                self.update(self.hints(parts))

    def _parts(self) -> list[tuple[str, str]]:
        """``key description`` pairs; a binding group shows its keys once, with its label."""
        parts: list[tuple[str, str]] = []
        seen_actions: set[str] = set()
        groups: dict[str, list[str]] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)
            key = self.app.get_key_display(binding)
            if binding.group is not None:
                label = binding.group.description
                if label not in groups:
                    groups[label] = []
                    parts.append(("", label))
                groups[label].append(key)
            else:
                parts.append((key, binding.description))
        return [(key or "".join(groups[description]), description) for key, description in parts]

    def hints(self, parts: list[tuple[str, str]] | None = None) -> Content:
        pieces: list[Content] = []
        for key, description in self._parts() if parts is None else parts:
            pieces.append(
                Content.assemble((f" {key} ", "bold $block-cursor-background"), description)
            )
        return Content(" ").join(pieces)
