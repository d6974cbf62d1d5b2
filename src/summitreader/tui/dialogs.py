"""Small modal dialogs: tag by name (with completion), edit a note, settle an overlap."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, TextArea

from summitreader.tui.inert import plain


class TagDialog(ModalScreen[str | None]):
    """Ask for one or more tag names; completes from tags already in use."""

    BINDINGS: list[BindingType] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, known: list[str], current: list[str]) -> None:
        super().__init__()
        self.known = known
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain("Tag (Enter to apply, → to complete, commas for several)"))
            if self.current:
                yield Label(
                    plain("Current: " + " ".join(f"#{t}" for t in self.current)), classes="dim"
                )
            yield Input(
                placeholder="tag name",
                suggester=SuggestFromList(self.known, case_sensitive=False),
                id="tag-input",
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteDialog(ModalScreen[str | None]):
    """Edit a highlight's note in a multi-line editor."""

    BINDINGS: list[BindingType] = [
        Binding("ctrl+s", "save", "Save", id="dialog.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, note: str, excerpt: str) -> None:
        super().__init__()
        self.note = note
        self.excerpt = excerpt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain("Note (ctrl+s to save, escape to cancel)"))
            yield Label(plain(self.excerpt), classes="dim excerpt")
            yield TextArea(self.note, id="note-input", soft_wrap=True, show_line_numbers=False)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class OverlapDialog(ModalScreen[str | None]):
    """The passage shares text with highlights: merge them into one, or keep both."""

    BINDINGS: list[BindingType] = [
        Binding("m", "choose('merge')", "Merge", id="overlap.merge"),
        Binding("b", "choose('both')", "Keep both", id="overlap.both"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, count: int, excerpt: str) -> None:
        super().__init__()
        self.count = count
        self.excerpt = excerpt

    def compose(self) -> ComposeResult:
        many = f"{self.count} highlights" if self.count > 1 else "a highlight"
        with Vertical(classes="dialog"):
            yield Label(plain(f"This passage overlaps {many}:"))
            yield Label(plain(self.excerpt), classes="dim")
            yield Label(plain("m  merge into one highlight    b  keep both    Esc  cancel"))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
