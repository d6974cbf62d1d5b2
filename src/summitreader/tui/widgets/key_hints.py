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
        self.screen.bindings_updated_signal.subscribe(self, self._changed)
        self._changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.update(self.hints())

    def hints(self) -> Content:
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
        pieces: list[Content] = []
        for key, description in parts:
            if not key:  # a group: its keys run together, as "123456789 tag"
                key = "".join(groups[description])
            pieces.append(
                Content.assemble((f" {key} ", "bold $block-cursor-background"), description)
            )
        return Content(" ").join(pieces)
