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

from summitreader.text.document import Document
from summitreader.text.sanitize import excerpt, visible
from summitreader.tui.navigation import OpenDocument


class _Library(Protocol):
    documents: list[Document]


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
        app = cast(_Library, self.app)
        for document in app.documents:
            title = f"Open: {excerpt(document.title, 70)}"
            yield (
                title,
                visible(str(document.source.path)),
                partial(self.app.post_message, OpenDocument(document)),
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
