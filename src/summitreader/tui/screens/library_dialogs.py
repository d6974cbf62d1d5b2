"""The library's dialogs: add a path, and take a document out of the library."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Input, Label

from summitreader.text.sanitize import excerpt
from summitreader.text.words import counted
from summitreader.tui.screens.dialog_base import Dialog
from summitreader.tui.widgets.inert import plain


class AddDialog(Dialog[str | None]):
    """A file or a folder (searched recursively) to add to the library."""

    FIELD_KEYS = (("enter", "Add"),)

    def body(self) -> Iterable[Widget]:
        yield Label(plain("Add to the library (Enter adds; a folder is searched through)"))
        yield Input(placeholder="~/Documents/articles", id="add-path")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.answer(event.value.strip() or None)


class RemoveDialog(Dialog[str | None]):
    """Take a document out of the library: keep its highlights, or delete them too (which
    asks again: highlights are the one thing that cannot be fetched back)."""

    BINDINGS: list[BindingType] = [
        Binding("k", "keep", "Remove, keep highlights", id="remove.keep"),
        Binding("d", "delete", "Remove and delete highlights", id="remove.delete"),
        Binding("y", "confirm", "Yes, delete them", show=False, id="remove.confirm"),
    ]

    def __init__(self, title: str, highlights: int) -> None:
        super().__init__()
        self.title_shown = excerpt(title, 60)
        self.highlights = highlights
        self._deleting = False

    def body(self) -> Iterable[Widget]:
        yield Label(plain(f"Remove “{self.title_shown}” from the library?"))
        n = self.highlights
        yield Label(
            plain(
                f"It has {counted(n, 'highlight')}. k keeps them in the store; d deletes them too."
            ),
            classes="dim",
        )
        yield Label(id="remove-confirm")

    def action_keep(self) -> None:
        self.answer("keep")

    def action_delete(self) -> None:
        if not self.highlights:
            self.answer("delete")
            return
        self._deleting = True
        self.query_one("#remove-confirm", Label).update(
            plain(f"Delete its {self.highlights} highlights for ever? y deletes, Esc keeps all.")
        )

    def action_confirm(self) -> None:
        if self._deleting:
            self.answer("delete")
