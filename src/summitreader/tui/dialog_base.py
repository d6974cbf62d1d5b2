"""The base of every dialog: it answers once, and takes the keys typed while it opened."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, ScreenResultType

from summitreader.tui.ordered_keys import KeysWelcome


class Dialog(ModalScreen[ScreenResultType]):
    """Every dialog: Escape cancels, giving None (its binding id is shared: one rebind).

    A dialog answers once, and only while it is on top: a second Enter or Escape already
    on its way would otherwise pop the screen below it. Until it is mounted it holds the
    keys typed for it (see ``ordered_keys``), so its field gets them all, in order.
    """

    BINDINGS: list[BindingType] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._answered = False
        self._opening = True

    @property
    def holds_keys(self) -> bool:
        return self._opening

    def answer(self, result: ScreenResultType | None) -> None:
        if self._answered or not self.is_active:
            return
        self._answered = True
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.answer(None)

    def on_mount(self) -> None:
        """Runs after a subclass's own on_mount, so its focus is where the keys now go."""
        self._opening = False
        self.post_message(KeysWelcome())
