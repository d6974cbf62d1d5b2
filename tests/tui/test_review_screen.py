"""The review screen with real keys: R lists what moved across the library with a diff,
a accepts (kept in the store), r re-attaches in the reader (enter attaches, escape does
not), x deletes only after y, and the palette reaches it too."""

from __future__ import annotations

import os

from textual.widgets import OptionList

from summitreader.library import catalog
from summitreader.settings.config import load_config
from summitreader.store.store import Store
from summitreader.text.sanitize import excerpt
from summitreader.tui.app import SummitApp
from summitreader.tui.screens.reader import ReaderScreen
from summitreader.tui.screens.review import ConfirmDelete, ReviewScreen
from tests.support.edited import AFTER_DELETED, DELETED, edited_library
from tests.support.tui import SIZE, make_app


def library_app() -> SummitApp:
    store = Store(os.environ["SUMMITREADER_DB"])
    catalog.seed(store)
    return SummitApp([], store, load_config())


def from_disk(annotation_id: str) -> dict | None:
    """The highlight as another process would read it."""
    store = Store(os.environ["SUMMITREADER_DB"])
    try:
        return store.get(annotation_id)
    finally:
        store.close()


def listed(app: SummitApp) -> list[tuple[str, str]]:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return [(i.status, i.record["id"]) for i in screen.items]


async def open_review(app: SummitApp, pilot) -> None:
    await pilot.pause()
    await pilot.press("R")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)


async def choose(app: SummitApp, pilot, status: str) -> None:
    """Move the list's cursor with real keys to the first item of this status."""
    statuses = [s for s, _ in listed(app)]
    listing = app.screen.query_one(OptionList)
    for _ in statuses:
        if statuses[listing.highlighted or 0] == status:
            break
        await pilot.press("j")
    assert statuses[listing.highlighted or 0] == status, "j did not reach it"
    await pilot.pause()


async def test_r_lists_what_moved_with_its_diff_and_a_accepts_it_for_good(tmp_path):
    _, made = edited_library(tmp_path)
    app = library_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_review(app, pilot)
        assert sorted(listed(app)) == sorted((name, r["id"]) for name, r in made.items())
        fuzzy = next(i for i in app.screen.items if i.status == "fuzzy")
        deleted = [s.text.strip() for s in fuzzy.diff.old if s.changed and s.text.strip()]
        added = [s.text.strip() for s in fuzzy.diff.new if s.changed and s.text.strip()]
        assert deleted[0] == "demands" and DELETED.split()[0] in " ".join(deleted)
        assert added == ["requests"]
        shown = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "fuzzy" in shown or "orphaned" in shown or "moved" in shown
        await choose(app, pilot, "fuzzy")
        await pilot.press("a")
        await pilot.pause()
        assert made["fuzzy"]["id"] not in {i for _, i in listed(app)}
        assert len(listed(app)) == 2
    settled = from_disk(made["fuzzy"]["id"])
    assert settled is not None and settled["settled"]["anchor"] == "fuzzy"
    assert settled["tags"] == ["key-point"] and settled["note"] == "Reciprocity is the lever."


async def test_r_reattaches_an_orphan_to_the_words_chosen_in_the_reader(tmp_path):
    path, made = edited_library(tmp_path)
    orphan = made["orphaned"]
    app = library_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_review(app, pilot)
        await choose(app, pilot, "orphaned")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")  # changed my mind: nothing is attached
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert from_disk(orphan["id"])["anchor"] == "orphaned"
        await choose(app, pilot, "orphaned")
        await pilot.press("r")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        for _ in range(50):  # the reader's cursor waits for the layout
            if reader.view.cursor is not None:
                break
            await pilot.pause(0.05)
        said = str(reader.query_one("#status").render())
        assert f"Re-attach “{excerpt(orphan['quote']['exact'], 24)}”" in said  # which one
        await pilot.press("enter")  # no selection: the sentence under the cursor
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert orphan["id"] not in {i for _, i in listed(app)}
    text = path.read_text(encoding="utf-8")
    start = text.index(AFTER_DELETED)
    sentence = text[start : text.index(".", text.index("reciprocal diplomacy")) + 1]
    again = from_disk(orphan["id"])
    assert again["quote"]["exact"] == sentence
    assert again["position"]["start"] == start and again["anchor"] == "anchored"
    assert (again["tags"], again["note"], again["created"]) == (
        ["question"],
        "Would he?",
        orphan["created"],
    )


async def test_x_deletes_only_after_y(tmp_path):
    _, made = edited_library(tmp_path)
    moved = made["moved"]
    app = library_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_review(app, pilot)
        await choose(app, pilot, "moved")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and from_disk(moved["id"]) is not None
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("n")  # any other key does not delete either
        await pilot.pause()
        assert from_disk(moved["id"]) is not None
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert moved["id"] not in {i for _, i in listed(app)}
    assert from_disk(moved["id"]) is None


async def test_the_palette_opens_it_and_the_reader_below_sees_the_changes(tmp_path):
    path, made = edited_library(tmp_path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and len(reader.annotator.records) == 3
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Review what moved")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await choose(app, pilot, "moved")
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is reader
        assert made["moved"]["id"] not in {r["id"] for r in reader.annotator.records}
        assert len(reader.annotator.records) == 2


async def test_with_nothing_moved_it_says_so():
    app = library_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_review(app, pilot)
        assert listed(app) == []
        assert "Nothing to review" in str(app.screen.query_one("#review-title").render())
        await pilot.press("a")  # nothing to accept: a warning, no crash
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)


async def test_two_texts_of_one_title_are_told_apart_by_their_file_names(tmp_path):
    """Before: a .txt and a .md copy of one article, both edited, were listed under the
    same title only: nothing said which file a highlight to re-attach was in."""
    from summitreader.library.opening import open_documents

    store = Store(os.environ["SUMMITREADER_DB"])
    paths = []
    try:
        for name, body in (
            ("notes.txt", "Rivers carry silt."),
            ("notes-copy.txt", "Rivers flood."),
        ):
            path = tmp_path / name
            path.write_text(f"Field Notes\n\n{body} The delta grows.\n", encoding="utf-8")
            [doc], _ = open_documents([path], store)
            store.remember_source(doc.source, doc.meta)
            start = doc.source.text.index(body)
            store.add(doc.source, start, start + len(body), [], "")
            path.write_text(f"Field Notes\n\nThe delta grows in {name}.\n", encoding="utf-8")
            paths.append(path)
    finally:
        store.close()
    app = library_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_review(app, pilot)
        rows = [
            str(app.screen.query_one(OptionList).get_option_at_index(i).prompt).split("\n")[0]
            for i in range(len(listed(app)))
        ]
        assert len(rows) == 2, rows
        for path in paths:
            assert sum(f"Field Notes ({path.name})" in row for row in rows) == 1, rows
