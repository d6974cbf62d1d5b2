"""The open text's file, watched: an edit on disk is noticed within seconds, and ``r``
reads it again, with the highlights anchored again and the reader at the same words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from summitreader import collector
from summitreader.annotations.reading_position import follow, mark
from summitreader.errors import SummitError
from summitreader.fsio import file_sha256, file_signature
from summitreader.library.editing import Annotator
from summitreader.sources.text import load_source
from summitreader.text.document import Document
from summitreader.text.words import counted
from summitreader.tui.mixins import ScreenMixin
from summitreader.tui.widgets.document_view import DocumentView
from summitreader.tui.widgets.minimap import Minimap

if TYPE_CHECKING:
    import asyncio

    from textual.timer import Timer

    from summitreader.annotations.model import Record
    from summitreader.settings.config import Config
    from summitreader.store.store import Store
    from summitreader.tui.widgets.sidebar import Sidebar

WATCH_SECONDS = 2.0  # how often the open file is looked at for edits
CHANGED = "changed on disk: r reloads"


class FileWatch(ScreenMixin):
    """Mixed into ReaderScreen."""

    # What the reader screen provides (reader.py), declared for the type checker.
    if TYPE_CHECKING:
        document: Document
        config: Config
        store: Store
        annotator: Annotator
        library: list[Document]
        _built: asyncio.Event
        _newest_first: bool
        _edit_waiting: bool
        _frozen: bool
        _on_disk: tuple[int, int, int] | None
        _disk_news: str | None
        _autosave: Timer | None

        @property
        def view(self) -> DocumentView: ...
        @property
        def sidebar(self) -> Sidebar: ...
        def say(self, message: str, *, warning: bool = False, seconds: float = 3.0) -> None: ...
        def refresh_annotations(self) -> None: ...
        def reload_highlights(self) -> None: ...
        def update_status(self) -> None: ...
        def _fill_sidebar(self) -> None: ...
        def _go_to(self, record: Record) -> None: ...
        def _remember_source(self) -> None: ...

    def _check_file(self) -> None:
        """Notice, within a few seconds, a text edited or removed while it is open, and
        its highlights changed by another window or command (they are shown as they are)."""
        if self.annotator.changed_elsewhere():
            self.reload_highlights()
        now = file_signature(self.document.source.path)
        if now == self._on_disk:
            return
        self._on_disk = now
        if now is None:
            news = "the file is gone from disk: reading what was loaded"
        elif file_sha256(self.document.source.path) == self.document.source.file_sha256:
            news = None  # touched, not changed
        else:
            news = CHANGED
            self.notify(
                f"{self.document.source.path.name} changed on disk. Press r to reload it: "
                "your highlights are anchored again and you stay at the same words.",
                title="Changed on disk",
                timeout=15,
            )
        self._disk_news = news
        self.update_status()

    async def action_reload(self) -> None:
        """Read the edited file again: its highlights are anchored again in the new text,
        and the reading position and cursor follow the words they were on."""
        if self._disk_news != CHANGED:
            self._check_file()  # (a check may be due: the file may be gone this second)
        if self._disk_news != CHANGED:
            gone = self._disk_news is not None or not self.document.source.path.is_file()
            said = "The file is gone from disk: nothing to reload; the text as loaded stays."
            self.say(said if gone else "The file has not changed on disk.", warning=True)
            return
        old_text = self.document.source.text
        view = self.view
        top, cursor = view.top_offset, view.cursor
        try:
            document = Document(load_source(self.document.source.path))
        except SummitError as exc:
            self.notify(str(exc), title="Not reloaded", severity="error", timeout=10)
            return
        new_text = document.source.text
        offset = follow(new_text, mark(old_text, top), top, old_text=old_text)
        span = None
        if cursor is not None:
            from summitreader.annotations.anchoring import locate, selectors  # not at start-up

            quote, position = selectors(old_text, cursor.start, cursor.end)
            found = locate(new_text, quote, position, old_text=old_text)
            span = (found.start, found.end) if found.status != "orphaned" else None
        self.post_message(self.Reloaded(self.document, document))
        self.document = document
        self._on_disk = file_signature(document.source.path)
        self._disk_news = None
        self._remember_source()
        self.annotator = Annotator(self.store, document)
        collector.release_book()  # the old text's objects go; the new ones freeze when laid out
        self._frozen = False
        fresh = DocumentView(document, view.reading_width, id="document")
        if self._autosave is not None:
            self._autosave.pause()  # no position to save while one pane replaces the other
        await view.remove()
        await self.query_one("#reader-body").mount(fresh, before=self.query_one(Minimap))
        if self._autosave is not None:
            self._autosave.resume()
        fresh.scroll_to_offset(offset)
        if span is not None:
            fresh.restore_cursor(*span)
        fresh.focus()
        self.title = document.title
        self.refresh_annotations()
        moved = sum(1 for r in self.annotator.records if r.get("anchor") != "anchored")
        self.app.clear_notifications()  # "changed on disk: press r" is answered
        self.say(f"Reloaded; {counted(moved, 'highlight')} moved or orphaned.")
