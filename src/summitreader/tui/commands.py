"""Command palette entries: open any document, jump to any highlight of the open one.

The app's own actions (export, search, toggle sidebar, help) are system commands
in ``app.py``; these providers list what depends on the library and the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from summitreader.library import catalog
from summitreader.store.store import Store
from summitreader.text.sanitize import excerpt, visible
from summitreader.tui.navigation import OpenEntry


class _Library(Protocol):
    store: Store


class _ListProvider(Provider):
    """A fixed list of (title, help, callback), matched fuzzily against the query."""

    def entries(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for title, help_text, callback in self.entries():
            yield DiscoveryHit(Content(title), callback, text=title, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)


class DocumentCommands(_ListProvider):
    def entries(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        store = cast(_Library, self.app).store
        for entry in catalog.entries(store):
            title = f"Open: {excerpt(entry.title, 70)}"
            yield (
                title,
                visible(entry.path),
                partial(self.app.post_message, OpenEntry(entry.id)),
            )


class HighlightCommands(_ListProvider):
    def entries(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        from summitreader.tui.screens.reader import ReaderScreen

        screen = self.screen
        if not isinstance(screen, ReaderScreen):
            return
        for record in screen.annotator.records:
            if record.get("anchor") == "orphaned":
                continue
            tags = " ".join(f"#{t}" for t in record.get("tags", []))
            title = f"Highlight: {excerpt(record['quote']['exact'], 70)}"
            yield title, visible(tags), partial(screen.go_to_id, record["id"])
