"""Every highlight of every open document, with the search `summitreader search` uses;
Enter opens the document at the highlight."""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from summitreader.annotations.model import Record, document_order
from summitreader.errors import SummitError
from summitreader.export.markdown_text import location_text
from summitreader.library.search import Query, document_name
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.text.sanitize import excerpt
from summitreader.tui.navigation import OpenDocument
from summitreader.tui.widgets.inert import cell, plain
from summitreader.tui.widgets.key_hints import KeyHints
from summitreader.tui.widgets.row_table import RowTable


class Found(NamedTuple):
    document: Document
    record: Record


class SearchScreen(Screen[None]):
    BINDINGS: list[BindingType] = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("slash", "search", "Search", id="search.query"),
        Binding("question_mark", "app.toggle_help", "Help", id="app.help"),
    ]

    def __init__(self, documents: list[Document], store: Store) -> None:
        super().__init__()
        self.documents = documents
        self.store = store
        self.everything: list[Found] = []
        self.shown: list[Found] = []

    def compose(self) -> ComposeResult:
        yield Static(id="results-title")
        yield Input(
            placeholder="words, #tags, doc:NAME, from: to: on:2026-11-22 (Enter: to the list)",
            id="query",
        )
        table = RowTable(id="results")
        table.add_columns("Document", "Where", "Tags", "Highlight")
        yield table
        yield KeyHints(id="keys")

    def on_mount(self) -> None:
        self.title = "Highlights in every document"
        self.on_screen_resume()
        self.query_one(Input).focus()

    def on_screen_resume(self) -> None:
        """Read again on every showing: the reader may have changed them meanwhile."""
        store = self.store
        self.everything = [
            Found(doc, record)
            for doc in self.documents
            for record in sorted(store.for_source(doc.source), key=document_order)
        ]
        self.show(self.query_one(Input).value)

    def show(self, text: str) -> None:
        try:
            query = Query.parse(text)
        except SummitError as exc:  # a date half typed: say what it needs, keep the list
            self.query_one("#results-title", Static).update(plain(str(exc)))
            return
        names = {id(d): document_name(d.title, d.source.where) for d in self.documents}
        self.shown = [f for f in self.everything if query.matches(f.record, names[id(f.document)])]
        table = self.query_one(DataTable)
        table.clear()
        for i, (doc, record) in enumerate(self.shown):
            table.add_row(
                cell(excerpt(doc.title, 40)),
                cell(location_text(doc, record)),
                cell(" ".join(f"#{t}" for t in record.get("tags", []))),
                cell(excerpt(record["quote"]["exact"], 200)),
                key=str(i),
            )
        total = len(self.everything)
        said = f"{len(self.shown)} of {total}" if text.strip() else f"{total}"
        self.query_one("#results-title", Static).update(
            plain(f"{said} highlights in {len(self.documents)} documents — Enter opens one")
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one(Input).focus()

    def action_back(self) -> None:
        if self.query_one(Input).has_focus and self.query_one(Input).value:
            self.query_one(Input).value = ""
            return
        self.dismiss()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        doc, record = self.shown[int(event.row_key.value or 0)]
        self.post_message(OpenDocument(doc, at=record["id"]))
