"""A text recorded in the library as its reader opens, without holding up the reader.

Keeping a copy of a 100 MB text's bytes and counting its words took a second on the UI
thread just after the first screen, so the keys pressed then waited. They are made in a
thread (``Store.prepare_source`` touches no table); the record itself, a durable write
of the index, is then written on the UI thread, like every other write of the store.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from functools import partial

from textual.app import App

from summitreader.errors import SummitError
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.tui.navigation import LibraryChanged


def remember_in_thread(app: App, store: Store, document: Document) -> None:
    """Record ``document`` in ``store`` from a thread; a failure is notified. The record is
    written even if the reader has closed meanwhile (closed at once)."""
    source, meta = document.source, document.meta

    def failed(exc: SummitError) -> None:
        app.notify(str(exc), title="Store", severity="error", timeout=10)

    def record() -> None:
        if not app.is_running:
            return  # quit meanwhile: the next open records it
        try:
            store.remember_source(source, meta)
        except SummitError as exc:
            failed(exc)
        else:
            app.post_message(LibraryChanged())

    def prepare() -> None:
        try:
            store.prepare_source(source, lambda: document.view.text_words)  # the layout's too
        except SummitError as exc:
            then: Callable[[], None] = partial(failed, exc)
        else:
            then = record
        with contextlib.suppress(RuntimeError):  # the app has stopped: nothing to tell
            app.call_from_thread(then)

    # A plain thread, not a Textual worker: an idle executor thread keeps its last worker
    # (and so the reader and its text) alive after the reader has closed.
    threading.Thread(target=prepare, name="remember-source").start()
