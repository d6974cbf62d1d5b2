"""The reader's in-document search: ``/`` opens the bar in the status line's place, each
key moves to the nearest match at or after where the search began, Enter keeps the
matches, Escape clears them."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual.widgets import Input

from summitreader.text.find import find_all, match_at_or_after
from summitreader.tui.mixins import ScreenMixin

SHOWN_CHECKED = 300  # matches looked at for a Markdown text's hidden words, at most

if TYPE_CHECKING:
    from summitreader.text.document import Document
    from summitreader.tui.widgets.document_view import DocumentView
    from summitreader.tui.widgets.search_bar import SearchBar
    from summitreader.tui.widgets.status_line import StatusLine


class SearchActions(ScreenMixin):
    """Mixed into ReaderScreen."""

    if TYPE_CHECKING:
        document: Document
        _built: asyncio.Event
        _search_origin: int

        @property
        def view(self) -> DocumentView: ...
        @property
        def search_bar(self) -> SearchBar: ...
        @property
        def status_line(self) -> StatusLine: ...
        def update_status(self) -> None: ...

    @property
    def _searching(self) -> bool:
        return self._built.is_set() and self.search_bar.display

    @property
    def _search_kept(self) -> bool:
        """A search is being typed, or was kept with Enter (even one that found nothing:
        its "no match" stays in the status, and Escape clears it before leaving)."""
        return self._searching or (self._built.is_set() and bool(self.search_bar.text))

    def _show_search_bar(self, show: bool, *, forget: bool = False) -> None:
        if show:
            self.search_bar.open()
        else:
            self.search_bar.close(forget=forget)
        self.status_line.display = not show

    async def action_search(self) -> None:
        await self._built.wait()  # only if / comes in the instant after the first paint
        view = self.view
        self._search_origin = view.cursor.start if view.cursor else view.top_offset
        self._show_search_bar(True)
        self.update_status()

    # The query's letter is drawn first, and the book searched after that frame, once for
    # the latest query: a short query takes War and Peace 25-70 ms to find, and the letter
    # waited for it (letters typed meanwhile were each searched in turn).
    _query = ""
    _search_due = False

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        self._query = event.value
        if not self._search_due:
            self._search_due = True
            self.call_after_refresh(self._search)

    def _search(self) -> None:
        if not self._search_due:
            return  # Escape came first
        self._search_due = False
        document = self.document
        matches = find_all(document.searchable, self._query, lowered=document.searchable_lower)
        matches = document.shown_only(matches, most=SHOWN_CHECKED)
        self.view.set_matches(matches, match_at_or_after(matches, self._search_origin))
        self.update_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self._show_search_bar(False)
            self.view.focus()
            self.update_status()

    def _end_search(self) -> None:
        self._search_due = False
        self._show_search_bar(False, forget=True)
        self.view.set_matches([], None)
        self.view.focus()
        self.update_status()
