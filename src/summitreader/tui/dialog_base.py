"""The base of every dialog: it answers once, and keeps the keys typed while it opens."""

from __future__ import annotations

from bisect import insort

from textual import events
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, ScreenResultType


class Dialog(ModalScreen[ScreenResultType]):
    """Every dialog: Escape cancels, giving None (its binding id is shared: one rebind).

    A dialog answers once, and only while it is on top: a second Enter or Escape already
    on its way would otherwise pop the screen below it. Keys typed while it opens are
    held, in the order typed, and given to its field once it can take them, so a fast
    typist loses nothing between the key that opened it and the first frame.
    """

    BINDINGS: list[BindingType] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._answered = False
        self._held: list[events.Key] = []
        self.opening = True  # until mounted: keys typed meanwhile are held

    def answer(self, result: ScreenResultType | None) -> None:
        if self._answered or not self.is_active:
            return
        self._answered = True
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.answer(None)

    def hold(self, event: events.Key) -> None:
        """Take a key typed for this dialog before it could receive keys itself."""
        if self.opening:
            insort(self._held, event, key=lambda held: held.time)
        else:
            self._give(event)

    def _give(self, event: events.Key) -> None:
        target = self.focused or self
        target._forward_event(events.Key(event.key, event.character))

    def on_mount(self) -> None:
        """Runs after a subclass's own on_mount, so its focus is where keys now go."""
        self.opening = False
        held, self._held = self._held, []
        for event in held:
            self._give(event)
