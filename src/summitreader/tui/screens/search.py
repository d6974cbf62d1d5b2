"""Every highlight of every document, with the search `summitreader search` uses;
Enter opens the document at the highlight.

With 100,000 highlights over 1,000 texts this screen took 22 s to open and 9 s a key: it
loaded every text, built a DataTable row per highlight, and folded every record again per
key. Now it reads the library's highlights in slices between frames (no text is loaded to
list them), draws only the rows on screen (``LineTable``), and answers a key from the
prepared ``HighlightIndex``; a row's place in its text (``¶4, line 11``) is worked out
when the row is drawn, from its document, loaded then.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import NamedTuple, overload

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.screen import Screen
from textual.widgets import Input, Static

from summitreader.annotations.quotes import shown_quote
from summitreader.errors import SummitError
from summitreader.export.markdown_text import location_text
from summitreader.library.search import HighlightIndex, Query
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.text.sanitize import excerpt
from summitreader.text.words import counted
from summitreader.tui.navigation import OpenDocument
from summitreader.tui.widgets.inert import plain
from summitreader.tui.widgets.key_hints import KeyHints
from summitreader.tui.widgets.line_table import Column, LineTable

COLUMNS = [
    Column("Document", 32),
    Column("Where", 16),
    Column("Tags", 24),
    Column("Highlight", 0),
]
SLICE = 0.015  # seconds of reading between frames while the highlights load
ROWS_KEPT = 512  # rows drawn lately, kept: a few screens' worth


class Listed(NamedTuple):
    """A document of the library, as this screen lists it: no text is read for that."""

    id: str
    title: str
    path: str


class _Rows(Sequence[tuple[str, ...]]):
    """The rows of the matches, each made when it is first drawn."""

    def __init__(self, screen: SearchScreen, shown: list[int]) -> None:
        self.screen, self.shown = screen, shown

    def __len__(self) -> int:
        return len(self.shown)

    @overload
    def __getitem__(self, index: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, ...]]: ...
    def __getitem__(self, index: int | slice) -> tuple[str, ...] | Sequence[tuple[str, ...]]:
        if isinstance(index, slice):
            return [self.screen.row(i) for i in self.shown[index]]
        return self.screen.row(self.shown[index])


class SearchScreen(Screen[None]):
    # Its own, not the app's .tcss: a book opened first does not parse it.
    DEFAULT_CSS = """
    SearchScreen {
        layers: default keymap;  /* the key map (?) lies over the results */
    }
    #results-title {
        padding: 0 1;
        color: $text-muted;
    }
    #query {
        margin: 0 1;
    }
    #results {
        height: 1fr;
    }
    """
    BINDINGS: list[BindingType] = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("slash", "search", "Search", id="search.query"),
        Binding("question_mark", "app.toggle_help", "Help", id="app.help"),
    ]

    def __init__(
        self,
        store: Store,
        documents: Callable[[], list[Listed]],
        load: Callable[[str], Document | None],
    ) -> None:
        """``documents``: the library's, asked again at each showing; ``load``: a document
        by id, when a row of it is drawn or opened (None if it cannot be read)."""
        super().__init__()
        self.store = store
        self.documents = documents
        self.load = load
        self.index = HighlightIndex()
        self.shown: list[int] = []  # places in the index of the rows, in order
        self.query_text = ""
        # not ``loading``: that is Textual's own, and covers the screen with a spinner
        self.reading = False  # still reading highlights in: the title says so
        self._rows: LRUCache[int, tuple[str, ...]] = LRUCache(ROWS_KEPT)
        self._loaded: dict[str, Document | None] = {}
        self._generation = 0  # a new reading stops the one before

    def compose(self) -> ComposeResult:
        yield Static(id="results-title")
        yield Input(
            placeholder="words, #tags, doc:NAME, from: to: on:2026-11-22 (Enter: to the list)",
            id="query",
        )
        yield LineTable(COLUMNS, id="results")
        yield KeyHints(id="keys")

    def on_mount(self) -> None:
        self.title = "Highlights in every document"
        self.query_one(Input).focus()

    def on_screen_resume(self) -> None:
        """Read again on every showing (the first too): the reader may have changed them."""
        self._generation += 1
        self.index = HighlightIndex()
        self._rows.clear()
        self._loaded.clear()
        self.shown = []
        listed = self.documents()
        self.reading = True
        self.show(self.query_one(Input).value)
        self.run_worker(self._read(listed, self._generation), exclusive=True, group="read")

    async def _read(self, listed: list[Listed], generation: int) -> None:
        """Every document's highlights, a slice at a time, each slice shown as it comes;
        keys are answered between slices."""
        pending = list(reversed(listed))
        held = self.store.held_texts()  # the open readers': kept in memory as they were
        while pending and generation == self._generation:
            began = time.perf_counter()
            start = len(self.index)
            while pending and time.perf_counter() - began < SLICE:
                doc = pending.pop()
                self.index.add(doc.id, doc.title, doc.path, self.store.annotations(doc.id))
            self.store.release(keep=held)  # the index holds copies: the files' data can go
            self._more(start)
            await asyncio.sleep(0)
        if generation == self._generation:
            self.reading = False
            self._say()

    def _more(self, start: int) -> None:
        """Show the matches among the records from ``start`` on, after those shown."""
        try:
            query = Query.parse(self.query_text)
        except SummitError:
            return
        self.shown += self.index.find(query, start)
        self._table_rows()

    def show(self, text: str) -> None:
        self.query_text = text
        try:
            query = Query.parse(text)
        except SummitError as exc:  # a date half typed: say what it needs, keep the list
            self.query_one("#results-title", Static).update(plain(str(exc)))
            return
        self.shown = self.index.find(query)
        self._table_rows()

    def _table_rows(self) -> None:
        self.query_one(LineTable).set_rows(_Rows(self, self.shown))
        self._say()

    def _say(self) -> None:
        total = len(self.index)
        asked = bool(self.query_text.strip())
        said = f"{len(self.shown)} of {total}" if asked else f"{total}"
        reading = " (reading…)" if self.reading else ""
        highlights = "highlight" if total == 1 else "highlights"
        # the documents they come from: those of the matches, or those with any
        found_in = (
            self.index.documents_of(self.shown) if asked else self.index.highlighted_documents
        )
        documents = counted(found_in, "document")
        self.query_one("#results-title", Static).update(
            plain(f"{said} {highlights} in {documents}{reading} — Enter opens one")
        )

    def row(self, place: int) -> tuple[str, ...]:
        if (row := self._rows.get(place)) is None:
            record = self.index.records[place]
            doc_id, title, _ = self.index.documents[self.index.document_of[place]]
            document = self._document(doc_id)
            quote = shown_quote(document, record) if document else record["quote"]["exact"]
            note = record.get("note", "")  # what a match on the note matched: in sight
            row = (
                excerpt(title, 40),
                location_text(document, record) if document is not None else "",
                " ".join(f"#{t}" for t in record.get("tags", [])),
                excerpt(quote + (f" ✎ {note}" if note.strip() else ""), 200),
            )
            self._rows[place] = row
        return row

    def _document(self, doc_id: str) -> Document | None:
        if doc_id not in self._loaded:
            self._loaded[doc_id] = self.load(doc_id)
        return self._loaded[doc_id]

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(LineTable).focus()

    def action_search(self) -> None:
        self.query_one(Input).focus()

    def action_back(self) -> None:
        if self.query_one(Input).has_focus and self.query_one(Input).value:
            self.query_one(Input).value = ""
            return
        self._generation += 1  # stop reading
        self.dismiss()

    def on_line_table_chosen(self, event: LineTable.Chosen) -> None:
        place = self.shown[event.index]
        doc_id = self.index.documents[self.index.document_of[place]][0]
        document = self._document(doc_id)
        if document is None:
            self.notify("That document cannot be read now.", severity="warning")
            return
        self.post_message(OpenDocument(document, at=self.index.records[place]["id"]))
