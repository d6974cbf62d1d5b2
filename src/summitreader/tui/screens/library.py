"""The library: one row per document; Enter opens it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.tui.navigation import OpenDocument
from summitreader.tui.widgets.inert import cell, entry, plain
from summitreader.tui.widgets.key_hints import KeyHints
from summitreader.tui.widgets.row_table import RowTable


class LibraryScreen(Screen[None]):
    BINDINGS: list[BindingType] = [
        Binding("q,escape", "app.quit", "Quit", id="library.quit"),
        Binding("question_mark", "app.toggle_help", "Help", id="app.help"),
    ]

    def __init__(self, documents: list[Document], store: Store) -> None:
        super().__init__()
        self.documents = documents
        self.store = store

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(plain("Library — Enter opens a document"), id="library-title")
        table = RowTable(id="library")
        table.add_columns("Title / Author(s)", "Date", "Words", "Highlights")
        yield table
        yield KeyHints(id="keys")

    def on_mount(self) -> None:
        self.title = "summitreader"
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        """Runs on the first showing too, and after the reader returns (counts change)."""
        self.refresh_rows()

    def refresh_rows(self) -> None:
        table = self.query_one(DataTable)
        store = self.store
        cursor = table.cursor_row
        table.clear()
        for i, doc in enumerate(self.documents):
            table.add_row(
                entry(doc.title, doc.meta.author or "unknown author"),
                cell(doc.meta.date or "—"),
                cell(f"{doc.word_count:,}"),
                cell(str(store.count_for(doc.source))),
                key=str(i),
                height=2,
            )
        if self.documents:
            table.move_cursor(row=min(cursor, len(self.documents) - 1))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.post_message(OpenDocument(self.documents[int(event.row_key.value or 0)]))
