"""The library screen, with real keys: filter as you type, sort, set a state, add a path,
take a document out (its highlights kept, or deleted after asking twice), and open one."""

from __future__ import annotations

import os
import shutil

from summitreader.library import catalog
from summitreader.library.opening import open_documents
from summitreader.settings.config import load_config
from summitreader.sources.text import load_source
from summitreader.store.store import Store
from summitreader.tui.app import SummitApp
from summitreader.tui.screens.library import LibraryScreen
from summitreader.tui.screens.reader import ReaderScreen
from summitreader.tui.widgets.line_table import LineTable
from tests.support.corpus import GOMEZ, LANDAU
from tests.support.tui import SIZE


def library_app() -> SummitApp:
    store = Store(os.environ["SUMMITREADER_DB"])
    catalog.seed(store)
    return SummitApp([], store, load_config())


def titles(app: SummitApp) -> list[str]:
    return [row[0].split("\n")[0] for row in app.screen.query_one(LineTable).rows]


async def test_filter_as_you_type_sort_and_open():
    app = library_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen) and len(titles(app)) == 2
        await pilot.press("slash", *"land")  # typed at once after /: none is lost
        await pilot.pause()
        assert titles(app) == ["How to Prepare for a Third U.S.-North Korea Summit"]
        await pilot.press("escape")  # clears the filter first
        await pilot.pause()
        assert len(titles(app)) == 2
        await pilot.press("o")  # by title
        await pilot.pause()
        assert titles(app)[0].startswith("How to") and "by title" in str(
            app.screen.query_one("#library-title").render()
        )
        await pilot.press("O")  # reversed
        await pilot.pause()
        assert titles(app)[0].startswith("The Second")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.document.source.path == GOMEZ.resolve()


async def test_t_moves_a_document_through_its_states():
    app = library_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        first = app.screen.shelf.chosen(0)
        assert first is not None and first.status == "reading"
        await pilot.press("t", "t")
        await pilot.pause()
        assert app.screen.shelf.chosen(app.screen.table.cursor).status == "archived"
        assert app.screen.query_one(LineTable).dim  # an archived document is drawn muted


async def test_remove_keeps_highlights_or_deletes_them_after_asking_again():
    store = Store(os.environ["SUMMITREADER_DB"])
    catalog.seed(store)
    gomez, landau = load_source(GOMEZ), load_source(LANDAU)
    store.add(gomez, 0, 10)
    store.add(landau, 0, 10)
    store.close()
    app = library_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"trump", "enter", "x")
        await pilot.pause()
        assert "Remove" in str(app.screen.query("Label").first().render())
        await pilot.press("k")  # keep its highlights
        await pilot.pause()
        await pilot.press("escape", "x", "d")
        await pilot.pause()
        assert not isinstance(app.screen, LibraryScreen)  # d asks again
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen) and titles(app) == []
    with Store(os.environ["SUMMITREADER_DB"]) as after:
        assert catalog.entries(after) == []
        assert len(after.annotations(gomez.sha256)) == 1  # kept
        assert after.annotations(landau.sha256) == []  # deleted, after asking


async def test_a_adds_a_folder_from_inside_the_app(tmp_path):
    folder = tmp_path / "new"
    folder.mkdir()
    text = folder / "fresh.md"
    text.write_text("# A Fresh Article\n\nBy Ann Other\n\nIt says something new.\n")
    shutil.copy(GOMEZ, folder / "dup.txt")
    app = library_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *str(folder), "enter")
        await pilot.pause()
        assert "A Fresh Article" in titles(app)
        assert len(titles(app)) == 3  # the copy of Gomez is the document already there


async def test_a_file_that_is_gone_opens_from_the_librarys_copy_with_a_warning(tmp_path):
    essay = tmp_path / "essay.txt"
    shutil.copy(GOMEZ, essay)
    store = Store(os.environ["SUMMITREADER_DB"])
    catalog.add(store, [essay])
    essay.unlink()
    docs, problems = open_documents([essay], store)
    app = SummitApp(docs, store, load_config(), open_single=True, problems=problems)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)  # it opened: not an error
        [note] = list(app._notifications)
        assert note.title == "Opened from the library's copy" and note.severity == "warning"
        assert str(essay) in note.message


async def test_a_narrow_library_keeps_room_for_the_titles():
    """Before: at 60 columns the titles were cut to 7 cells ("The Sec…") while Date,
    Read, Hl, State and Opened kept all of theirs."""
    app = library_app()
    async with app.run_test(size=(60, 15)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(LineTable)
        rows = [table.render_line(y).text for y in range(1, 4)]
        assert any("The Second Trump-Kim Summit" in row for row in rows), rows
        header = table.render_line(0).text
        assert "Title" in header and "Opened" not in header  # a column on the right went
    app = library_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Opened" in app.screen.query_one(LineTable).render_line(0).text  # wide: all
