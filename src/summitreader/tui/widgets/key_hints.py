"""One line of key hints, built from the screen's live bindings (so user keymaps show).

Textual's Footer mounts a widget per key and recomposes on every focus change;
one Static costs a fraction of that, which the first screen of a book notices.
"""

from __future__ import annotations

from rich.cells import cell_len
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

    _shown: tuple[list[tuple[str, str, bool]], int] | None = None

    def _changed(self, screen: Screen) -> None:
        """Textual says the bindings changed after every key; most keys change none, and
        drawing the same hints again cost the frame a line."""
        if self.is_attached and screen is self.screen:
            self._show(self._parts(), self.size.width)

    def on_resize(self) -> None:
        if self._shown is not None:
            self._show(self._shown[0], self.size.width)

    def _show(self, parts: list[tuple[str, str, bool]], width: int) -> None:
        if (parts, width) != self._shown:
            self._shown = (parts, width)
            self.update(self.hints(parts, width))

    def _parts(self) -> list[tuple[str, str, bool]]:
        """``key description`` pairs; a binding group shows its keys once, with its label.
        The third item says the hint stays when the line is too short for all: help and
        the way out."""
        parts: list[tuple[str, str, bool]] = []
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
                    parts.append(("", label, False))
                groups[label].append(key)
            else:
                parts.append((key, binding.description, binding.action.endswith(_KEPT)))
        return [
            (key or "".join(groups[description]), description, kept)
            for key, description, kept in parts
        ]

    def hints(self, parts: list[tuple[str, str, bool]] | None = None, width: int = 0) -> Content:
        """The hints that fit in ``width`` cells (all, for 0): whole ones, never one cut
        off mid-word, dropped from the end, help and the way out kept."""
        parts = self._parts() if parts is None else parts
        if width:
            parts = fitted(parts, width)
        pieces = [
            Content.assemble((f" {key} ", "bold $block-cursor-background"), description)
            for key, description, _kept in parts
        ]
        return Content(" ").join(pieces)


_KEPT = ("toggle_help", "back", "close", "quit")  # actions whose hints a short line keeps


def fitted(parts: list[tuple[str, str, bool]], width: int) -> list[tuple[str, str, bool]]:
    """As many hints as fit in ``width``, in order; the kept ones first in line for room."""

    def cells(part: tuple[str, str, bool]) -> int:
        return cell_len(f" {part[0]} {part[1]}") + 1  # and the space before the next

    room = width + 1 - sum(cells(p) for p in parts if p[2])
    shown = []
    for part in parts:
        if part[2]:
            shown.append(part)
        elif cells(part) <= room:
            shown.append(part)
            room -= cells(part)
        else:
            room = -1  # the rest is dropped: a later short hint must not jump the queue
    return shown
