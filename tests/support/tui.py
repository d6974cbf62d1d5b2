"""Building the app for Pilot and snapshot tests, against a real store in a temp directory,
and what they read back from it."""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import App, ComposeResult

from summitreader.settings.config import load_config
from summitreader.sources.text import load_source
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.tui.app import SummitApp
from summitreader.tui.widgets.document_view import DocumentView
from summitreader.tui.widgets.highlight_list import HighlightList

SIZE = (120, 40)


def make_app(*paths: Path, open_single: bool = True) -> SummitApp:
    docs = [Document(load_source(p)) for p in paths]
    store = Store(os.environ["SUMMITREADER_DB"])
    return SummitApp(docs, store, load_config(), open_single=open_single)


def view_of(app: SummitApp) -> DocumentView:
    return app.screen.query_one(DocumentView)


def cursor_text(app: SummitApp) -> str:
    view = view_of(app)
    assert view.cursor is not None
    return view.document.source.text[view.cursor.start : view.cursor.end]


def screen_rows(app: SummitApp) -> list[str]:
    """What the document pane shows, row by row, as plain text."""
    view = view_of(app)
    return [view.render_line(y).text for y in range(view.scrollable_content_region.height)]


async def go_to_paragraph(app, pilot, text: str) -> None:
    for _ in range(30):
        if view_of(app).cursor and cursor_text(app) == text:
            return
        await pilot.press("right_curly_bracket")
    raise AssertionError(f"never reached {text[:40]!r}")


async def search_for(pilot, words: str) -> None:
    """``/``, the words, ``enter``, as typed: the first match is then the cursor."""
    await pilot.press("slash", *words, "enter")
    await pilot.pause()


def stored() -> list[dict]:
    store = Store(os.environ["SUMMITREADER_DB"])
    try:
        return list(store.all_annotations())
    finally:
        store.close()


def delete_in_another_window(record_id: str) -> None:
    """What a second window (or the CLI) does to the store behind the app's back."""
    other = Store(os.environ["SUMMITREADER_DB"])
    try:
        other.delete(record_id)
    finally:
        other.close()


def copy_of(text: Path, folder: Path) -> Path:
    """A copy of a sample text the test may edit or delete."""
    copy = folder / "article.txt"
    copy.write_text(text.read_text(encoding="utf-8"), encoding="utf-8")
    return copy


class ListApp(App[None]):
    """The sidebar's highlight list alone."""

    def compose(self) -> ComposeResult:
        yield HighlightList(lambda offset: 1, lambda tag: None, id="highlights")
