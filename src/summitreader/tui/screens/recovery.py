"""Shown instead of the library when the store could not be read: the user decides, nothing is
guessed. The bad file has already been moved aside; this only chooses what replaces it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Label, Static

from summitreader.tui.widgets.inert import plain


class RecoveryApp(App[str | None]):
    """Returns "restore", "empty" or None (quit)."""

    CSS = """
    #recovery {
        padding: 1 2;
        height: auto;
    }
    #recovery-title {
        text-style: bold;
        color: $error;
        margin-bottom: 1;
    }
    #recovery-problem {
        margin-bottom: 1;
    }
    #recovery-buttons {
        height: auto;
    }
    #recovery-buttons Button {
        margin-right: 2;
    }
    """
    TITLE = "summitreader: the store needs attention"
    BINDINGS: list[BindingType] = [
        Binding("r", "choose('restore')", "Restore backup", id="recovery.restore"),
        Binding("e", "choose('empty')", "Start empty", id="recovery.empty"),
        Binding("q,escape", "choose('')", "Quit", id="recovery.quit"),
    ]

    def __init__(self, problem: str, backup_when: str | None) -> None:
        super().__init__()
        self.problem = problem
        self.backup_when = backup_when

    def compose(self) -> ComposeResult:
        with Vertical(id="recovery"):
            yield Label(plain("The annotation store could not be read"), id="recovery-title")
            yield Static(plain(self.problem), id="recovery-problem")
            with Horizontal(id="recovery-buttons"):
                if self.backup_when:
                    yield Button(
                        plain(f"Restore the backup from {self.backup_when}  (r)"),
                        id="restore",
                        variant="primary",
                    )
                yield Button(plain("Start empty, keep the bad file  (e)"), id="empty")
                yield Button(plain("Quit  (q)"), id="quit")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "")

    def action_choose(self, choice: str) -> None:
        if choice == "restore" and not self.backup_when:
            self.notify("There is no good backup to restore.", severity="warning")
            return
        self.exit(choice if choice in ("restore", "empty") else None)
