"""The library: every document read or added, the most recently read first, with how far
it has been read. Filter as you type, sort, set a document's state, add a path, or take
a document out of the library."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from summitreader.errors import SummitError
from summitreader.library import catalog
from summitreader.library.catalog import Entry
from summitreader.library.shelf import ORDERS, STATES, Shelf
from summitreader.store.store import Store
from summitreader.text.sanitize import excerpt
from summitreader.text.words import counted
from summitreader.tui.navigation import OpenEntry
from summitreader.tui.widgets.inert import plain
from summitreader.tui.widgets.key_hints import KeyHints
from summitreader.tui.widgets.line_table import Column, LineTable

COLUMNS = [
    Column("Title / Author(s)", 0),
    Column("Date", 10),
    Column("Read", 6, right=True),
    Column("Hl", 4, right=True),
    Column("State", 8),
    Column("Opened", 10),
]


class LibraryScreen(Screen[None]):
    # Its own, not the app's .tcss: a book opened first does not parse it.
    DEFAULT_CSS = """
    LibraryScreen {
        layers: default keymap;  /* the key map (?) lies over the list */
    }
    #library-title {
        padding: 0 1;
        color: $text-muted;
    }
    #library {
        height: 1fr;
    }
    """
    BINDINGS: list[BindingType] = [
        Binding("q", "app.quit", "Quit", id="library.quit"),
        Binding("escape", "back", "Quit", show=False, id="library.back"),
        Binding("slash", "filter", "Filter", id="library.filter"),
        Binding("o", "order(1)", "Sort", id="library.order"),
        Binding("O", "reverse", "Reverse", show=False, id="library.reverse"),
        Binding("t", "state", "State", id="library.state"),
        Binding("a", "add", "Add…", id="library.add"),
        Binding("x", "remove", "Remove", id="library.remove"),
        Binding("question_mark", "app.toggle_help", "Help", id="app.help"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.shelf = Shelf([])

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="library-title")
        yield Input(placeholder="filter by title, author or path (/)", id="library-filter")
        yield LineTable(COLUMNS, lines=2, id="library")
        yield KeyHints(id="keys")

    def on_mount(self) -> None:
        self.title = "summitreader"
        self.query_one(LineTable).focus()

    def on_screen_resume(self) -> None:
        """Runs on the first showing too, and after the reader returns (progress changed)."""
        self.refresh_rows()

    @property
    def table(self) -> LineTable:
        return self.query_one(LineTable)

    def refresh_rows(self) -> None:
        chosen = self.shelf.chosen(self.table.cursor)
        self.shelf = self.shelf.with_entries(catalog.entries(self.store))
        self._show(keep=chosen)

    def _show(self, keep: Entry | None = None) -> None:
        shelf = self.shelf
        self.table.set_rows(shelf.rows, shelf.dim)
        if keep is not None:
            self.table.cursor = shelf.index_of(keep.id)
        total, shown = len(shelf.entries), len(shelf.shown)
        documents = counted(total, "document")
        if shown != total:
            documents = f"{shown} of {documents}"
        direction = " (reversed)" if shelf.reverse else ""
        self.query_one("#library-title", Static).update(
            plain(f"Library · {documents} · by {shelf.order}{direction} · Enter opens")
        )

    # keys ------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self.shelf = self.shelf.filtered(event.value)
        self._show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    def action_filter(self) -> None:
        self.set_focus(self.query_one("#library-filter", Input))

    def action_back(self) -> None:
        """Escape closes the key map, or clears a filter, first; then quits."""
        from summitreader.tui.widgets.key_map import hide_key_map

        if hide_key_map(self):
            return
        field = self.query_one("#library-filter", Input)
        if field.value:
            field.value = ""
            self.table.focus()
            return
        self.app.exit()

    def action_order(self, step: int) -> None:
        self.shelf = self.shelf.ordered(
            ORDERS[(ORDERS.index(self.shelf.order) + step) % len(ORDERS)]
        )
        self._show()

    def action_reverse(self) -> None:
        self.shelf = self.shelf.reversed()
        self._show()

    def on_line_table_chosen(self, event: LineTable.Chosen) -> None:
        entry = self.shelf.chosen(event.index)
        if entry is not None:
            self.post_message(OpenEntry(entry.id))

    def action_state(self) -> None:
        entry = self.shelf.chosen(self.table.cursor)
        if entry is None:
            return
        status = STATES[(STATES.index(entry.status) + 1) % len(STATES)]
        try:
            self.store.set_status(entry.id, status)
        except SummitError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"{excerpt(entry.title, 50)}: {status}", timeout=3)
        self.refresh_rows()

    def action_add(self) -> None:
        from summitreader.tui.screens.library_dialogs import AddDialog

        def added(path: str | None) -> None:
            if not path:
                return
            try:
                report = catalog.add(self.store, [path])
            except SummitError as exc:
                self.notify(str(exc), severity="error", timeout=8)
                return
            self.notify(report.summary(), title="Added", timeout=8)
            self.refresh_rows()

        self.app.push_screen(AddDialog(), added)

    def action_remove(self) -> None:
        from summitreader.tui.screens.library_dialogs import RemoveDialog

        entry = self.shelf.chosen(self.table.cursor)
        if entry is None:
            return

        def removed(choice: str | None) -> None:
            if choice not in ("keep", "delete"):
                return
            try:
                catalog.forget(self.store, entry.id, delete_highlights=choice == "delete")
            except SummitError as exc:
                self.notify(str(exc), severity="error", timeout=8)
                return
            kept = "its highlights deleted" if choice == "delete" else "its highlights kept"
            self.notify(f"Removed {excerpt(entry.title, 50)}; {kept}.", timeout=6)
            self.refresh_rows()

        self.app.push_screen(RemoveDialog(entry.title, entry.highlights), removed)
