"""The reader's search field, in the status line's place while it is open, so the text
never changes size. Its Input's Changed and Submitted messages reach the reader."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from summitreader.tui.widgets.inert import plain


class SearchBar(Horizontal):
    DEFAULT_CSS = """
    SearchBar {
        display: none;
        height: 1;
    }
    SearchBar #search {
        width: 1fr;
    }
    SearchBar #search-count {
        width: auto;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Input(placeholder="search (smart case)", id="search", compact=True)
        yield Static(id="search-count")

    @property
    def field(self) -> Input:
        return self.query_one("#search", Input)

    _forgotten = False  # closed with its query forgotten: the field is cleared when opened

    @property
    def text(self) -> str:
        return "" if self._forgotten else self.field.value

    def open(self) -> None:
        if self._forgotten:  # quietly: no Changed for "", no search of the book for it
            self._forgotten = False
            with self.field.prevent(Input.Changed):
                self.field.value = ""
        self.display = True
        # At once, not through focus()'s call_later: the next key must reach the field.
        self.screen.set_focus(self.field)

    def close(self, *, forget: bool) -> None:
        """Clearing a hidden field now would lay the whole screen out again (its value
        sets its virtual size): 20 ms on each Escape from a search, so it waits."""
        self.display = False
        if forget:
            self._forgotten = True

    def count(self, text: str) -> None:
        self.query_one("#search-count", Static).update(plain(text))
