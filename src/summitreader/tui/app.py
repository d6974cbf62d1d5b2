"""The Textual app: a library screen, and a reader screen per opened document."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding, BindingType
from textual.widgets import HelpPanel

from summitreader.config import Config
from summitreader.document import Document
from summitreader.store import Store
from summitreader.tui.library_screen import LibraryScreen
from summitreader.tui.reader_screen import ReaderScreen


class SummitApp(App[None]):
    CSS_PATH = "summitreader.tcss"
    TITLE = "summitreader"
    BINDINGS: list[BindingType] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]

    def __init__(
        self,
        documents: list[Document],
        store: Store,
        config: Config,
        *,
        open_single: bool = False,
        problems: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.documents = documents
        self.store = store
        self.config = config
        self.open_single = open_single
        self.problems = problems or []

    def on_mount(self) -> None:
        if self.config.keys:
            self.set_keymap(self.config.keys)
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            self.notify(
                f"Unknown theme {self.config.theme!r}; using {self.theme}.", severity="warning"
            )
        # One file opens straight into the reader; its library is built when needed.
        if self.open_single and self.documents:
            self.open_document(self.documents[0])
        else:
            self.push_screen(LibraryScreen(self.documents))
        if self.config.error:
            self.notify(self.config.error, title="Config", severity="error", timeout=15)
        for problem in self.problems:
            self.notify(problem, title="Not opened", severity="error", timeout=15)

    def open_document(self, document: Document) -> None:
        self.push_screen(ReaderScreen(document, self.config, self.store))

    def close_document(self) -> None:
        """Back from the reader to the library, building the library if it is not underneath."""
        if any(isinstance(s, LibraryScreen) for s in self.screen_stack):
            self.pop_screen()
        else:
            self.switch_screen(LibraryScreen(self.documents))

    def action_toggle_help(self) -> None:
        if self.screen.query(HelpPanel):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    async def action_quit(self) -> None:
        if isinstance(self.screen, ReaderScreen):
            self.screen.save_position()
        self.exit()
