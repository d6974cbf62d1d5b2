"""Pilot tests: real keys against the real app and a real store on disk."""

from __future__ import annotations

import gc
import os
import time
import weakref
from pathlib import Path

import pytest
from textual.widgets import Label, OptionList, Static

from summitreader import collector
from summitreader.annotations.model import new_record
from summitreader.sources.text import load_source
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.tui import app as summit_app
from summitreader.tui.screens.library import LibraryScreen
from summitreader.tui.screens.reader import ReaderScreen
from summitreader.tui.widgets.highlight_list import HighlightList
from summitreader.tui.widgets.key_hints import KeyHints
from summitreader.tui.widgets.key_map import KeyMap
from summitreader.tui.widgets.line_table import LineTable
from tests.support.corpus import EXAMPLES, GOMEZ, LANDAU
from tests.support.tui import (
    SIZE,
    cursor_text,
    delete_in_another_window,
    go_to_paragraph,
    make_app,
    screen_rows,
    search_for,
    stored,
    view_of,
)


async def test_digit_one_tags_the_paragraph_and_the_sidebar_shows_it():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("1")
        await pilot.pause()
        records = stored()
        assert [r["quote"]["exact"] for r in records] == [EXAMPLES]
        assert records[0]["tags"] == ["key-point"]  # the default tag on 1
        sidebar = app.screen.query_one("#highlights", HighlightList)
        assert sidebar.count == 1
        assert "Examples of narrowly" in sidebar.entry_text(0)
        assert "#key-point" in sidebar.entry_text(0)
        assert any("Examples of narrowly" in row for row in screen_rows(app))  # drawn, too


async def test_t_adds_a_tag_with_completion_and_a_writes_a_note():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("1", "t", *"recip", "right")  # no such tag yet: → completes nothing
        await pilot.press(*"rocity", "enter")
        await pilot.press("a", *"Give first", "enter", *"then ask.", "ctrl+s")
        await pilot.pause()
        [record] = stored()
        assert record["tags"] == ["key-point", "reciprocity"]
        assert record["note"] == "Give first\nthen ask."
        # Completion: a second paragraph, "rec" then → completes the tag now in use.
        await pilot.press("right_curly_bracket", "t", *"rec", "right", "enter")
        await pilot.pause()
        tags = sorted(tuple(r["tags"]) for r in stored())
        assert tags == [("key-point", "reciprocity"), ("reciprocity",)]


async def test_invalid_tag_is_refused_with_a_message_and_nothing_saved():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("t", *"bad#tag", "enter")
        await pilot.pause()
        assert all("bad" not in " ".join(r["tags"]) for r in stored())
        assert any("#hashtag" in n.message for n in app._notifications)


async def test_delete_and_undo_bring_back_the_same_id():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("2")
        [before] = stored()
        await pilot.press("x")
        assert stored() == []
        await pilot.press("u")
        assert stored() == [before]


async def test_undo_and_redo_walk_several_steps_both_ways():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        states = [stored()]
        for key in ("2", "3", "x"):  # tag (making the highlight), tag again, delete
            await pilot.press(key)
            states.append(stored())
        assert [len(s) for s in states] == [0, 1, 1, 0]
        tags = lambda: [r["tags"] for r in stored()]  # noqa: E731
        for expected in reversed(states[:-1]):
            await pilot.press("u")
            assert stored() == expected
        await pilot.press("u")
        assert "Nothing to undo." in str(app.screen.query_one("#status").render())
        await pilot.press("ctrl+r", "ctrl+r")
        assert tags() == [["evidence", "question"]]
        await pilot.press("ctrl+r")
        assert stored() == []  # the delete, made again
        await pilot.press("u")
        [back] = stored()
        assert back["id"] == states[1][0]["id"]  # undo brings a deleted highlight back, same id
        await pilot.press("1")  # a new edit: what was undone is no longer redoable
        await pilot.press("ctrl+r")
        assert "Nothing to redo." in str(app.screen.query_one("#status").render())
        assert tags() == [["evidence", "question", "key-point"]]


async def test_sentence_motion_and_h():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("right_parenthesis")  # the paragraph's own first sentence first
        first = cursor_text(app)
        assert EXAMPLES.startswith(first) and len(first) < len(EXAMPLES)
        assert first.endswith(".") and first.count(". ") == 0
        await pilot.press("right_parenthesis")
        assert cursor_text(app) == (
            "Trump should also be prepared to give something to Kim if North Korea agrees to "
            "U.S. demands."
        )
        await pilot.press("h")
        assert [r["quote"]["exact"] for r in stored()] == [cursor_text(app)]
        await pilot.press("left_parenthesis")
        assert EXAMPLES.startswith(cursor_text(app))


async def test_after_a_search_a_sentence_key_takes_the_sentence_around_the_match():
    """The match is the cursor (h marks just those words); before, ) skipped to the next
    sentence, and there was no key to the sentence the match was found in."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await search_for(pilot, "fissile")
        assert cursor_text(app) == "fissile"
        for key in ("right_parenthesis", "left_parenthesis"):
            await pilot.press(key)
            sentence = cursor_text(app)
            assert "fissile material" in sentence and sentence.endswith(".")
            assert EXAMPLES.startswith(sentence)
            await search_for(pilot, "fissile")  # the match again


async def test_next_highlight_and_sidebar_choice_move_the_cursor():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("3")
        await pilot.press("g")  # back to the top; the cursor follows the view
        await pilot.pause()
        assert cursor_text(app) != EXAMPLES
        await pilot.press("right_square_bracket")
        assert cursor_text(app) == EXAMPLES
        status = app.screen.query_one("#status")
        assert "Highlight 1/1" in str(status.render())
        assert "back to the first" not in str(status.render())
        await pilot.press("right_square_bracket")  # past the last: round again, and said
        assert cursor_text(app) == EXAMPLES
        assert "Highlight 1/1: back to the first" in str(status.render())
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#highlights", HighlightList)
        await pilot.press("enter")
        await pilot.pause()
        assert cursor_text(app) == EXAMPLES
        assert any("Examples of narrowly" in row for row in screen_rows(app))


async def test_export_key_writes_the_file_and_says_where(isolated, monkeypatch):
    from textual.worker_manager import WorkerManager

    described: list[str] = []
    new_worker = WorkerManager._new_worker

    def spy(self, work, node, **how):
        worker = new_worker(self, work, node, **how)
        described.append(worker.description)
        return worker

    monkeypatch.setattr(WorkerManager, "_new_worker", spy)
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("1", "e")
        await pilot.pause()  # the export starts in a thread once "Exporting…" is drawn
        await app.workers.wait_for_complete()
        await pilot.pause()
        files = list((isolated / "home" / "Documents" / "summitreader").glob("*.md"))
        assert len(files) == 1
        assert "> " + EXAMPLES in files[0].read_text(encoding="utf-8")
        assert any(str(files[0]) in n.message for n in app._notifications)
        status = app.screen.status_line.render_line(0).text
        assert "Exporting" not in status and "Exported." in status, status
    # Textual describes a worker by repr(work) unless told: with 10,000 highlights the
    # repr of the export's records took the UI thread 200 ms, and the next key waited.
    assert "export" in described and not any("DocumentHighlights" in d for d in described)


async def test_library_lists_both_articles_and_enter_opens_one():
    app = make_app(GOMEZ, LANDAU, open_single=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(LineTable)
        rows = [list(row) for row in table.rows]
        assert rows[1][:2] == [
            "How to Prepare for a Third U.S.-North Korea Summit\nEmily B. Landau and Shimon Stein",
            "2019-05-02",
        ]
        assert rows[0][0].endswith("\nEric Gomez") and rows[0][1] == "2019-01-23"
        await pilot.press("j", "k", "j", "enter")  # a reader's keys move the rows too
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.document.source.path == LANDAU.resolve()
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.pause()  # the one read last comes first now: "continue reading"
        assert table.rows[0][0].startswith("How to Prepare")
        await pilot.press("g", "j", "enter")
        await pilot.pause()
        assert app.screen.document.source.path == GOMEZ.resolve()


async def test_position_and_cursor_are_restored_after_quit():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("1")
        top = view_of(app).top_offset
        await pilot.press("q", "q")
    again = make_app(GOMEZ)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert view_of(again).top_offset == top
        assert cursor_text(again) == EXAMPLES
        sidebar = again.screen.query_one("#highlights", HighlightList)
        assert sidebar.count == 1


async def test_the_store_is_backed_up_once_per_launch_with_the_last_session_in_it():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("1")
        [record] = stored()
        backups_then = len(app.store.backups())
        await pilot.press("q", "q")
    again = make_app(GOMEZ)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        backups = again.store.backups()
        assert len(backups) == backups_then + 1
        shard = backups[0].path / "annotations" / f"{again.documents[0].source.sha256}.json"
        assert record["id"] in shard.read_text(encoding="utf-8")


async def test_q_from_a_file_opened_directly_goes_to_the_library_then_quits():
    app = make_app(LANDAU)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("enter")  # the file again, from the library
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_closed_reader_is_freed_however_often_the_document_is_opened():
    """The reader freezes its objects out of the collector while open; closed, they must
    go back, or each reopening of a book would keep the last reader for ever."""
    app = make_app(GOMEZ, open_single=False)
    readers: list[weakref.ref[ReaderScreen]] = []
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            view_of(app).once_ready(lambda: None)
            await pilot.pause(0.2)
            assert view_of(app).ready
            readers.append(weakref.ref(app.screen))
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, LibraryScreen)
        await pilot.pause(0.1)
        gc.collect()
        assert [r() for r in readers] == [None, None, None]


async def test_resize_keeps_the_reading_position():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("j", "j", "j")
        await pilot.pause()
        view = view_of(app)
        before = view.top_offset
        await pilot.resize_terminal(90, 30)
        await pilot.pause()
        await pilot.pause()
        after = view.top_offset
        # The same text is at the top: the new top row starts at or just before it.
        assert after <= before < after + 90
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        await pilot.pause()
        assert view.top_offset <= before < view.top_offset + 120


async def test_help_shows_the_keys_and_is_one_panel_however_often_it_is_opened():
    """Textual mounts a new HelpPanel on each opening, and the screen's focus watcher keeps
    every closed one alive (the soak grew ~450 KB per ?): here one key map is shown and
    hidden, and no other stays alive."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        [panel] = app.screen.query(KeyMap)
        assert panel.display and panel.region.width > 0
        seen: list[weakref.ref[KeyMap]] = []
        for _ in range(10):
            await pilot.press("question_mark")
            await pilot.pause()
            seen += [weakref.ref(p) for p in app.screen.query(KeyMap)]
        [same] = app.screen.query(KeyMap)
        assert same is panel and panel.display  # ten more presses: shown again
        await pilot.press("question_mark")
        await pilot.pause()
        assert not panel.display and panel.region.width == 0
        gc.collect()  # focus has not moved: Textual's own panels would all still be alive
        assert {r() for r in seen} - {None} == {panel}


async def test_markup_and_escapes_in_content_stay_inert(tmp_path):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("Title\n\nSee [bold]this[/] and [link=x]y[/link] \x1b[2J here.\n")
    app = make_app(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = "\n".join(screen_rows(app))
        assert "See [bold]this[/] and [link=x]y[/link] ␛[2J here." in rows
        assert "\x1b" not in rows


@pytest.mark.parametrize("content", [b"", b"   \n\n  "])
async def test_empty_file_opens_and_says_so(tmp_path, content):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(content)
    app = make_app(empty)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1", "right_curly_bracket", "j")
        assert any("empty" in n.message for n in app._notifications)
        await pilot.press("h")
        await pilot.pause()
        assert "nothing to highlight" in str(app.screen.query_one("#status").render())
        assert stored() == []


async def test_files_that_could_not_open_are_reported_in_the_app(tmp_path):
    from summitreader.cli import main

    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"\x00binary")
    app = make_app(GOMEZ, open_single=False)
    app.problems = [f"{blob}: not a text file: binary file (it contains NUL bytes)"]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("blob.txt: not a text file" in n.message for n in app._notifications)
        assert isinstance(app.screen, LibraryScreen)
    assert main(["list", str(blob), str(GOMEZ)]) == 0  # the others still open


async def test_an_edited_file_shows_its_orphan_in_the_sidebar(tmp_path):
    """Highlight two sentences, delete one from the file, reopen: the other moves, one orphans."""
    article = tmp_path / "article.txt"
    article.write_text(GOMEZ.read_text(encoding="utf-8"), encoding="utf-8")
    first = "The Trump administration should take these concerns to heart."
    gone = "It was folly to expect Trump and Kim to reverse course entirely"
    store = Store(os.environ["SUMMITREADER_DB"])
    source = load_source(article)
    for quote in (first, gone):
        start = source.text.index(quote)
        store.add(source, start, start + len(quote), tags=["key"])
    store.close()
    edited = "A new opening paragraph.\n\n" + source.text.replace(gone, "")
    article.write_text(edited, encoding="utf-8")

    app = make_app(article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#highlights", HighlightList)
        labels = [listing.entry_text(i) for i in range(listing.count)]
        assert len(labels) == 2
        assert labels[0].startswith("¶") and first[:20] in labels[0]
        assert labels[1].startswith("orphaned ") and gone[:20] in labels[1]
        listing.focus()
        listing.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert any("no longer in the text" in n.message for n in app._notifications)
        await pilot.press("x")  # delete the orphan from the sidebar
        await pilot.pause()
        assert listing.count == 1
    records = stored()
    assert [r["quote"]["exact"] for r in records] == [first]
    assert records[0]["anchor"] == "anchored"  # moved down, the same words around it


async def test_recovery_screen_returns_the_choice():
    from summitreader.tui.screens.recovery import RecoveryApp

    app = RecoveryApp("the store file /x/store.json is empty", "2026-11-22 08:00 UTC")
    async with app.run_test(size=SIZE) as pilot:
        text = str(app.query_one("#recovery-problem").render())
        assert "/x/store.json is empty" in text
        await pilot.press("r")
    assert app.return_value == "restore"

    app = RecoveryApp("bad", None)  # no backup: restoring is not offered
    async with app.run_test(size=SIZE) as pilot:
        assert not app.query("#restore")
        await pilot.press("r")
        await pilot.pause()
        assert app.is_running
        await pilot.press("e")
    assert app.return_value == "empty"


async def test_deleting_what_another_window_deleted_says_so_and_not_deleted():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("2")
        [record] = stored()
        delete_in_another_window(record["id"])  # first
        await pilot.press("x")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("deleted in another window" in m for m in messages)
        assert not any(m.startswith("Highlight deleted") for m in messages)
        assert app.screen.query_one("#highlights", HighlightList).count == 0  # reloaded


async def test_a_theme_change_restyles_the_text_already_drawn():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)

        def text_colors() -> set:
            strip = view.render_line(4)
            return {(seg.style.color, seg.style.bgcolor) for seg in strip if seg.text.strip()}

        dark = text_colors()
        app.theme = "textual-light"
        await pilot.pause()
        light = text_colors()
        assert dark and light and dark.isdisjoint(light)


async def test_a_narrow_terminal_gives_the_text_the_whole_width_until_asked():
    app = make_app(GOMEZ)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        sidebar = app.screen.query_one("#sidebar")
        view = view_of(app)
        assert not sidebar.display and view.size.width >= 75
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert sidebar.display  # wide enough again
        await pilot.press("backslash")  # the reader's own choice holds at any width
        await pilot.resize_terminal(80, 30)
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        assert not sidebar.display


async def test_toasts_that_expire_before_their_timer_leave_nothing_mounted():
    """Textual's ToastRack.show removes a toast whose notification expired by the clock
    before its own timer fired, but not the ToastHolder around it: each one stays mounted
    for ever. A busy app (an edit of 10,000 highlights) meets that on most keys; the soak
    grew ~100 KB per tag key from it."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        for i in range(4):
            app.notify(f"message {i}", timeout=0.5)
            await pilot.pause(0.1)  # mounted: its timer runs from now, 0.1 s late
            assert app.screen.query("Toast")
            time.sleep(0.45)  # busy: by the clock it has expired, by its timer not yet
        app.notify("last", timeout=0.3)
        await pilot.pause(1.0)  # every timer has fired
        assert len(app.screen.query("ToastHolder")) == 0


async def test_removed_widgets_do_not_live_on_in_textuals_style_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textualize/textual#6665: an lru_cache on StylesCache.get_inner_outer keeps the
    styles cache of every widget it drew, with its lines, after the widget is gone. The
    app forgets them every FORGET_STYLES_EVERY seconds."""
    monkeypatch.setattr(summit_app, "FORGET_STYLES_EVERY", 2.0, raising=False)
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause(0.3)  # the book is laid out and frozen out of collections
        app.notify("an export's path", timeout=0.2)
        await pilot.pause(0.1)
        [toast] = app.screen.query("Toast")
        widget, cache = weakref.ref(toast), weakref.ref(toast._styles_cache)
        del toast
        await pilot.pause(0.4)  # it expired and was removed
        app.notify("the next one", timeout=10)  # the rack lays out again, without it
        await pilot.pause(0.2)
        gc.collect()
        assert widget() is None  # the widget is gone; Textual's lru_cache kept its cache
        # (not asserted here: on a loaded machine the app's interval may have run already)
        await pilot.pause(2.0)  # the app's interval has run
        gc.collect()
        assert cache() is None


async def test_all_highlights_screen_searches_every_document_and_opens_at_one():
    with Store(os.environ["SUMMITREADER_DB"]) as store:
        gomez, landau = load_source(GOMEZ), load_source(LANDAU)
        at = gomez.text.index("Panmunjom")
        store.add(gomez, at, at + 9, ["key-point"])
        at = landau.text.index("phased approach")
        store.add(landau, at, at + 15, ["evidence", "method/sources"], "the crux")
    app = make_app(GOMEZ, LANDAU, open_single=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H")
        await pilot.pause()
        await app.screen.workers.wait_for_complete()
        table = app.screen.query_one("#results", LineTable)
        assert len(table.rows) == 2
        await pilot.press(*"crux")  # the note counts
        await pilot.pause()
        assert len(table.rows) == 1
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"#method")
        await pilot.pause()
        assert list(table.rows[0])[2:] == [
            "#evidence #method/sources",
            "phased approach ✎ the crux",
        ]
        assert table.rows[0][1].startswith("¶")
        await pilot.press("enter", "enter")  # to the list, then open
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.document.source == landau
        view_of(app).once_ready(lambda: None)
        await pilot.pause(0.2)
        assert "phased approach" in cursor_text(app)
        await pilot.press("q")  # back to the search, as it was
        await pilot.pause()
        assert app.screen.query_one("#query").value == "#method"


async def test_a_message_is_shown_as_written_never_as_markup():
    """A config problem "(key bindings go under [keys])" lost its "[keys]": Textual took
    it for markup. A screen's own notify (which passes markup=True) is shown as written
    too."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.notify("(key bindings go under [keys])", timeout=10)
        app.screen.notify("[export] flavor: not [b]bold[/b] [/]", timeout=10)
        await pilot.pause(0.2)
        shown = [str(toast.render()) for toast in app.screen.query("Toast")]
    assert any("(key bindings go under [keys])" in text for text in shown), shown
    assert any("[export] flavor: not [b]bold[/b] [/]" in text for text in shown), shown


async def test_all_highlights_screen_counts_the_documents_the_highlights_are_in():
    """Of a library of two texts, the highlights are all in one: the title said "in 2
    documents", counting the library; with a query, the matches' own documents count."""
    with Store(os.environ["SUMMITREADER_DB"]) as store:
        gomez = load_source(GOMEZ)
        for word in ("Panmunjom", "Singapore"):
            at = gomez.text.index(word)
            store.add(gomez, at, at + len(word), ["place"])
    app = make_app(GOMEZ, LANDAU, open_single=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H")
        await pilot.pause()
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        title = app.screen.query_one("#results-title", Static)
        assert str(title.render()).startswith("2 highlights in 1 document ")
        await pilot.press(*"Singapore")
        await pilot.pause()
        assert str(title.render()).startswith("1 of 2 highlights in 1 document ")
        await pilot.press(*" nowhere")
        await pilot.pause()
        assert str(title.render()).startswith("0 of 2 highlights in 0 documents ")


async def test_all_highlights_screen_quotes_what_the_reader_showed(tmp_path):
    """A Markdown text's highlight is listed as the reader shows it: no ** or link
    address; an orphan, whose place is gone, keeps its words as they were."""
    essay = tmp_path / "essay.md"
    essay.write_text(
        "# An essay\n\nIt has **bold words** and a [link](https://example.org/x) in it,\n"
        "over two lines.\n",
        encoding="utf-8",
    )
    source = load_source(essay)
    start = source.text.index("**bold")
    end = source.text.index("two lines") + len("two lines")
    with Store(os.environ["SUMMITREADER_DB"]) as store:
        store.add(source, start, end, ["shown"], "why it matters")
        orphan = new_record(source, 2, 7, ["gone"])
        orphan["anchor"] = "orphaned"
        orphan["quote"]["exact"] = "*kept* as it was"
        store.insert(orphan, source)
    app = make_app(essay, open_single=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H")
        await pilot.pause()
        await app.screen.workers.wait_for_complete()
        table = app.screen.query_one("#results", LineTable)
        quotes = {row[2]: row[3] for row in table.rows}
    assert quotes == {  # and the note, which a search on its words matched
        "#shown": "bold words and a link in it, over two lines ✎ why it matters",
        "#gone": "*kept* as it was",
    }


async def test_stats_screen_draws_tag_bars_and_where_highlights_fall():
    with Store(os.environ["SUMMITREADER_DB"]) as store:
        gomez, landau = load_source(GOMEZ), load_source(LANDAU)
        store.add(gomez, 0, 5, ["evidence"])
        store.add(gomez, len(gomez.text) - 5, len(gomez.text), ["evidence", "key-point"])
        store.add(landau, 0, 5, ["key-point"])
    app = make_app(GOMEZ, LANDAU, open_single=False)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("slash", *"trump", "enter", "enter")  # the reader of Gomez's
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        sections = [str(s.render()).splitlines() for s in app.screen.query(".stats-section")]
        titles = [lines[0] for lines in sections]
        assert titles == [
            "Tags in The Second Trump-Kim Summit: The Devil Is in the Details",
            "Tags in every document",
            "Highlights per document",
            "Where the highlights fall",
        ]
        bars = {line.split()[0]: line.split()[1:] for line in sections[1][1:] if line}
        assert bars == {"#evidence": ["█" * 40, "2"], "#key-point": ["█" * 40, "2"]}
        here = {line.split()[0]: line.split()[1:] for line in sections[0][1:] if line}
        assert here == {"#evidence": ["█" * 40, "2"], "#key-point": ["█" * 20, "1"]}
        gomez_strip = sections[3][2].split()[-1]
        assert len(gomez_strip) == 60 and gomez_strip[0] != "·" and gomez_strip[-1] != "·"
        assert set(gomez_strip[1:-1]) == {"·"}  # one at the start, one at the end
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_y_copies_the_highlight_under_the_cursor_as_markdown():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("y")
        assert "No highlight under the cursor" in str(app.screen.query_one("#status").render())
        assert app.clipboard == ""
        await pilot.press("2")
        [record] = stored()
        await pilot.press("y")
        quote, block_id, meta = app.clipboard.split("\n\n")
        assert quote == "> " + cursor_text(app).strip()
        assert block_id == f"^{record['id'].replace('-', '')[:8]}"  # Obsidian's rule for quotes
        assert meta == "#evidence · ¶10, line 23\n"


def write_config(text: str) -> Path:
    path = Path(os.environ["SUMMITREADER_CONFIG"])
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_tag_bound_to_5_in_the_config_tags_and_draws_in_its_colour():
    write_config('[[tags]]\nname = "Policy Lever"\nkey = "5"\ncolor = "#00ff00"\n')
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("5", "right_curly_bracket", "1")  # 1 keeps its default tag
        await pilot.pause()
        assert sorted(r["tags"][0] for r in stored()) == ["key-point", "policy-lever"]
        sidebar = app.screen.query_one("#highlights", HighlightList)
        assert "#policy-lever" in sidebar.entry_text(0)
        tags = app.screen.query_one("#tags", OptionList)
        dot = tags.get_option("policy-lever").prompt
        assert "#policy-lever" in dot.plain and "#00ff00" in str(dot.spans[0].style)
        # The passage is drawn on a background leaning to the tag's green.
        view = view_of(app)
        strip = next(
            s for s in map(view.render_line, range(view.size.height)) if "Examples of" in s.text
        )
        segment = next(seg for seg in strip if "Examples" in seg.text)
        red, green, blue = segment.style.bgcolor.get_truecolor()
        assert green > red and green > blue


async def test_key_overrides_from_the_config_rebind_by_binding_id():
    write_config('[keys]\n"reader.highlight" = "m"\n"document.next_paragraph" = "n"\n')
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = cursor_text(app)
        await pilot.press("right_curly_bracket")
        assert cursor_text(app) == start  # } is no longer bound
        await pilot.press("n", "h")  # nor is h
        await pilot.pause()
        moved = cursor_text(app)
        assert moved != start and stored() == []
        await pilot.press("m")
        await pilot.pause()
        assert [r["quote"]["exact"] for r in stored()] == [moved]


async def test_a_bad_config_is_reported_in_the_app_which_goes_on_with_the_rest():
    path = write_config('theme = "textual-light"\n[[tags]]\nname = "x"\ncolor = "green"\n')
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        [error] = [n for n in app._notifications if n.severity == "error"]
        assert f"{path}, line 4" in error.message and "#rrggbb" in error.message
        assert app.theme == "textual-light"  # the rest of the file holds; the tag is left out
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("1")
        await pilot.pause()
        assert [r["tags"] for r in stored()] == [["key-point"]]


async def test_a_key_that_cannot_be_bound_is_said_and_the_usual_key_kept():
    """Before: 'not-a-key' on reader.tag_1 made 1 do nothing, showed '23456789not-a-key
    tag' in the hints, and a misspelt id was ignored without a word."""
    write_config('[keys]\n"reader.tag_1" = "not-a-key"\n"reader.hilight" = "m"\n')
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        said = [n.message for n in app._notifications if n.title == "Config"]
        assert any("reader.tag_1: 'not-a-key' is not a key" in m for m in said)
        assert any("reader.hilight: no key has this id" in m for m in said)
        assert "not-a-key" not in app.screen.query_one(KeyHints).hints().plain
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("1")
        await pilot.pause()
        assert [r["tags"] for r in stored()] == [["key-point"]]


async def test_a_key_given_to_two_bindings_of_one_screen_is_said():
    """Before: "document.down" = "k" made k go down, and nothing said that Up had lost
    it; nor that n, given to the next paragraph, is also the next match."""
    write_config(
        '[keys]\n"document.down" = "k"\n"document.up" = "i"\n"document.next_paragraph" = "n"\n'
    )
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        said = [n.message for n in app._notifications if n.title == "Config"]
    clashes = [m for m in said if "on the same screen" in m]
    assert len(clashes) == 1 and "n is also document.next_match" in clashes[0]  # k moved up


async def test_a_passage_over_highlights_asks_to_merge_or_keep_both_and_never_doubles():
    gomez = load_source(GOMEZ)
    at = gomez.text.index(EXAMPLES)
    first, second = EXAMPLES.index("freeze"), EXAMPLES.index("Trump should also")
    with Store(os.environ["SUMMITREADER_DB"]) as store:
        store.add(gomez, at + first, at + first + 6, ["evidence"], "a freeze")
        store.add(gomez, at + second, at + second + 17, ["question"])
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("h")  # the paragraph holds both: ask
        await pilot.pause()
        shown = "\n".join(str(label.render()) for label in app.screen.query(Label))
        assert "overlaps 2 highlights" in shown
        # it shows what it overlaps, not only the passage: each highlight with its tags
        assert "¶10 freeze #evidence" in shown and "¶10 Trump should also #question" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert len(stored()) == 2  # cancelled: nothing changed
        await pilot.press("1", "b")  # keep both: a third highlight, over the paragraph
        await pilot.pause()
        assert len(stored()) == 3
        await pilot.press("u", "h", "m")
        await pilot.pause()
        [merged] = stored()
        assert merged["quote"]["exact"] == EXAMPLES
        assert merged["tags"] == ["evidence", "question"] and merged["note"] == "a freeze"
        await pilot.press("1")  # now exactly the paragraph's highlight: no question
        await pilot.pause()
        assert stored()[0]["tags"] == ["evidence", "question", "key-point"]
        await pilot.press("u", "u")  # the tag, then the merge
        await pilot.pause()
        assert sorted(r["quote"]["exact"] for r in stored()) == ["Trump should also", "freeze"]


async def test_S_orders_the_sidebar_newest_first_and_back():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("left_curly_bracket", "left_curly_bracket", "2")
        await pilot.pause(0.01)  # created a moment apart
        await pilot.press("right_curly_bracket", "right_curly_bracket", "1")  # on Examples
        await pilot.pause()
        sidebar = app.screen.query_one("#highlights", HighlightList)
        title = app.screen.query_one("#highlights-title", Label)
        assert "#key-point" in sidebar.entry_text(1)  # Examples comes later in the text
        await pilot.press("S")
        await pilot.pause()
        assert "#key-point" in sidebar.entry_text(0) and "#evidence" in sidebar.entry_text(1)
        assert str(title.render()) == "Highlights (2, newest first)"
        await pilot.press("S")
        await pilot.pause()
        assert "#evidence" in sidebar.entry_text(0)
        assert str(title.render()) == "Highlights (2)"


class _Cycle:
    def __init__(self) -> None:
        self.me = self


async def test_what_the_reader_drops_in_cycles_is_freed_after_new_layouts():
    """The reader freezes the book's objects out of collections once its layout is ready.
    Only once, after a collection: a freeze at each new layout (help, a resize) kept for
    ever the garbage waiting then, and what was alive then and dropped later in a cycle."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.get_freeze_count() > 0  # the book is out of the collector's way
        for width in (100, 80, 110):
            waiting, alive = _Cycle(), _Cycle()
            freed = [weakref.ref(waiting), weakref.ref(alive)]
            gc.collect()  # both survive into the oldest generation, like most of an app
            del waiting  # garbage now, in a cycle: only a full collection can free it
            await pilot.resize_terminal(width, SIZE[1])
            await pilot.pause(0.3)  # laid out again
            del alive  # dropped after the new layout
            gc.collect()
            assert [ref() for ref in freed] == [None, None], f"kept at width {width}"


async def test_under_a_dialog_full_collections_still_wait_for_a_gap(monkeypatch):
    """A dialog over the reader leaves full collections off the allocator's rule (given
    back to it, one was often due at once, inside the dialog's first frame) and looks for
    a due one between its keys; the library, drawing no frames of the reader's, gives
    them back."""
    looks: list[float] = []
    monkeypatch.setattr(collector, "after_frame", lambda: looks.append(time.monotonic()))
    app = make_app(GOMEZ, open_single=False)
    async with app.run_test(size=SIZE) as pilot:
        default = gc.get_threshold()
        await pilot.press("enter")
        await pilot.pause()
        view_of(app).once_ready(lambda: None)
        await pilot.pause(0.3)
        assert gc.get_threshold()[2] > 1_000_000  # the reader's frames decide
        await pilot.press("right_curly_bracket", "a")
        await pilot.pause(collector_wait := 1.3)
        assert not isinstance(app.screen, ReaderScreen)
        assert gc.get_threshold()[2] > 1_000_000
        assert looks, f"no look for a due collection in {collector_wait} s under the dialog"
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen._collect_under_dialog is None  # its own frames look again
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert gc.get_threshold() == default


async def test_the_export_dialog_applies_the_command_lines_options(isolated):
    gomez, landau = load_source(GOMEZ), load_source(LANDAU)
    with Store(os.environ["SUMMITREADER_DB"]) as store:
        at = gomez.text.index("Panmunjom")
        store.add(gomez, at, at + 9, ["key-point"])
        at = landau.text.index("phased approach")
        store.add(landau, at, at + 15, ["evidence", "method/sources"], "the crux")
        at = landau.text.index("third summit")
        store.add(landau, at, at + 12, ["key-point"])
    app = make_app(GOMEZ, LANDAU)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        await pilot.press("right", "enter")  # group by tag
        await pilot.press("tab", "right", "enter")  # in the order highlighted
        await pilot.press("tab", *"key-point")  # only #key-point
        await pilot.press("tab", "space")  # every document
        await pilot.press("ctrl+s")
        await pilot.pause()
        folder = app.config.export_dir
        files = sorted(folder.glob("*.md"))
        assert [f.name[:12] for f in files] == ["how-to-prepa", "the-second-t"]
        landau_md = files[0].read_text(encoding="utf-8")
        assert "## \\#key-point" in landau_md and "phased approach" not in landau_md
        assert landau_md.count("\n> ") == 1 and "> third summit" in landau_md
        [note] = [n for n in app._notifications if n.title == "Exported"]
        assert note.message.startswith("2 highlights in 2 files")


async def test_the_export_dialog_takes_a_template_and_reports_a_bad_one(isolated):
    gomez = load_source(GOMEZ)
    with Store(os.environ["SUMMITREADER_DB"]) as store:
        at = gomez.text.index("Panmunjom")
        store.add(gomez, at, at + 9, ["key-point"])
    good, bad = isolated / "good.j2", isolated / "bad.j2"
    good.write_text(
        "{% for h in highlights %}- {{ h.quote }} {{ h.tags | hashtags }}\n{% endfor %}"
    )
    bad.write_text("{% for %}")
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("E")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab", *str(bad), "ctrl+s")
        await pilot.pause()
        [problem] = [n for n in app._notifications if n.severity == "error"]
        assert problem.message.startswith(f"{bad}, line 1: ")
        assert app.screen.__class__.__name__ == "ExportDialog"  # still open to put it right
        template = app.screen.query_one("#export-template")
        template.value = ""
        await pilot.press(*str(good), "enter")
        await pilot.pause()
        [written] = app.config.export_dir.glob("*.md")
        owner = "<!-- summitreader: written by a template, and replaced whole on export -->"
        assert written.read_text(encoding="utf-8") == f"- Panmunjom #key-point\n\n{owner}\n"


async def test_all_highlights_screen_filters_by_document_and_date():
    gomez, landau = load_source(GOMEZ), load_source(LANDAU)

    def made(source, word: str, day: str) -> tuple[dict, object]:
        at = source.text.index(word)
        return new_record(
            source, at, at + len(word), ["key-point"], stamp=f"{day}T12:00:00.000Z"
        ), source

    with Store(os.environ["SUMMITREADER_DB"]) as store:
        store.insert_many(
            [
                made(gomez, "Panmunjom", "2026-10-05"),
                made(gomez, "Singapore", "2026-11-20"),
                made(landau, "phased approach", "2026-11-21"),
            ]
        )
    app = make_app(GOMEZ, LANDAU, open_single=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("H")
        await pilot.pause()
        await app.screen.workers.wait_for_complete()
        table = app.screen.query_one("#results", LineTable)
        title = app.screen.query_one("#results-title")

        async def shown(query: str) -> list[str]:
            app.screen.query_one("#query").value = ""
            await pilot.press(*query)
            await pilot.pause()
            return [row[3] for row in table.rows]

        assert await shown("doc:gomez") == ["Singapore", "Panmunjom"]  # the file name; text order
        assert await shown("doc:third") == ["phased approach"]  # a word of the title
        assert await shown("from:2026-11") == ["Singapore", "phased approach"]
        assert await shown("to:2026-11-20 doc:gomez") == ["Singapore", "Panmunjom"]
        assert await shown("on:2026-10") == ["Panmunjom"]
        assert await shown("on:2026-11-21 #key-point") == ["phased approach"]
        app.screen.query_one("#query").value = "on:2026-11-21 from:yesterday"
        await pilot.pause()
        assert len(table.rows) == 1  # the list stays as it was
        assert "from: needs a date like 2026" in str(title.render())


async def test_the_sidebar_and_the_note_dialog_quote_what_the_reader_shows():
    """Before: both quoted the source, so a byline read "by [Emily B. Landau](#) ...", and
    a web page's quote was mostly its links' addresses."""
    app = make_app(LANDAU)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, "by [Emily B. Landau](#) [Shimon Stein](#) / May 2, 2019")
        shown = "by Emily B. Landau Shimon Stein / May 2, 2019"
        assert any(shown in row for row in screen_rows(app))
        await pilot.press("h")
        await pilot.pause()
        entry = app.screen.query_one("#highlights", HighlightList).entry_text(0)
        assert shown in " ".join(entry.split()) and "](#)" not in entry
        assert stored()[0]["quote"]["exact"].startswith("by [Emily B. Landau](#)")  # kept
        await pilot.press("a")
        await pilot.pause(0.3)
        excerpt = str(app.screen.query_one("#note-excerpt", Label).render())
        assert shown in excerpt and "](#)" not in excerpt


async def test_escape_after_a_search_that_found_nothing_clears_it_before_leaving():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"zeppelin", "enter")
        await pilot.pause()
        status = app.screen.query_one("#status")
        assert "/zeppelin no match" in str(status.render())  # still said after Enter
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ReaderScreen)
        assert "zeppelin" not in str(status.render())
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert isinstance(app.screen, LibraryScreen)


async def test_escape_forgets_a_kept_search_without_searching_again_and_slash_starts_empty():
    """Escape used to clear the hidden field at once: its Changed searched the book again
    for "" a frame later, and its new size laid the whole screen out again."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"summit", "enter")
        await pilot.pause()
        screen = app.screen
        assert view_of(app).matches
        searches: list[str] = []
        original = screen._search
        screen._search = lambda: (searches.append(screen._query), original())[1]
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ReaderScreen)
        assert not view_of(app).matches and searches == []
        assert "summit" not in str(screen.query_one("#status").render())
        await pilot.press("slash")
        await pilot.pause()
        assert screen.search_bar.field.value == ""  # a new search starts empty
        assert "no match" not in str(screen.query_one("#search-count").render())
        await pilot.press(*"panmunjom")
        await pilot.pause(0.2)
        assert screen.search_bar.text == "panmunjom" and view_of(app).matches


async def test_q_leaves_the_reader_even_with_a_search_kept():
    """Escape steps back (the search first); q is "back to the library", as the design's
    key table has it: it took two presses while a search's matches were kept."""
    app = make_app(GOMEZ, open_single=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("slash", *"summit", "enter")
        await pilot.pause()
        assert view_of(app).matches
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_a_resize_keeps_the_passage_the_reader_is_on():
    """Before: narrowing the window put the cursor off the page, and it followed the page
    to another paragraph; widening again left it there."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*["right_curly_bracket"] * 6, "right_parenthesis", "right_parenthesis")
        await pilot.pause()
        before = cursor_text(app)
        for size in ((60, 25), SIZE):
            await pilot.resize_terminal(*size)
            await pilot.pause(0.5)
            assert cursor_text(app) == before
            view = view_of(app)
            top, bottom = view._visible_rows()
            assert top <= view.row_of(view.cursor.start) <= bottom  # and on the page


async def test_a_resize_keeps_a_found_word_as_the_cursor():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await search_for(pilot, "denuclearization")
        assert cursor_text(app) == "denuclearization"
        await pilot.resize_terminal(60, 25)
        await pilot.pause(0.5)
        assert cursor_text(app) == "denuclearization"


async def test_a_match_below_the_page_is_shown_a_third_of_the_way_down():
    """Before: the page scrolled just enough, so a match below it landed on the last row,
    with nothing after it in sight."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)
        top, bottom = view._visible_rows()
        text = view.document.source.text
        height = bottom - top + 1
        last_top = view.rows.total - height  # the page can go no further down than this
        word = next(  # a word well below the first page, not so far down that the end stops it
            w
            for w in text.split()
            if w.isalpha()
            and len(w) > 6
            and bottom + 5 < view.row_of(text.index(w)) <= last_top + height // 3
        )
        await pilot.press("slash", *word, "enter")
        await pilot.pause()
        top, bottom = view._visible_rows()
        row = view.row_of(text.index(word))
        assert cursor_text(app) == word
        assert row - top == height // 3


async def test_a_library_shown_before_the_first_runs_samples_are_written_lists_them():
    """The samples are written after the first frame; the library already on screen (or
    shown by q at once) lists them when they come, not at its next showing."""
    from summitreader.library import catalog
    from summitreader.settings.config import load_config

    store = Store(os.environ["SUMMITREADER_DB"])
    seed = catalog.seed_later(store)
    assert seed is not None and not store.library()
    app = summit_app.SummitApp([], store, load_config(), open_single=False, seed=seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.screen, LibraryScreen)
        rows = [row[0] for row in app.screen.query_one(LineTable).rows]
        assert len(rows) == 2 and any(r.endswith("\nEric Gomez") for r in rows)


async def test_a_text_recorded_after_its_library_was_shown_is_listed():
    """A text opened from the command line is recorded once its first screen is up (in a
    thread): q pressed before that shows the library, which lists it when it is written."""
    from summitreader.tui.screens.remembering import remember_in_thread

    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(LineTable)
        assert not any("Third U.S.-North Korea" in row[0] for row in table.rows)
        remember_in_thread(app, app.store, Document(load_source(LANDAU)))
        for _ in range(40):
            await pilot.pause(0.05)
            if any("Third U.S.-North Korea" in row[0] for row in table.rows):
                break
        assert any(row[0].startswith("How to Prepare for a Third") for row in table.rows)


async def test_the_sidebar_keeps_the_highlights_near_the_reader_in_sight(tmp_path, isolated):
    """Before: the list stayed at the first highlights while the reader read on, 300 of
    them away; tab then started at the top."""
    import os

    from summitreader.sources.text import load_source
    from summitreader.store.store import Store

    book = tmp_path / "long.txt"
    book.write_text(
        "\n\n".join(f"Paragraph {n} of a long book, read from start to end." for n in range(80))
        + "\n",
        encoding="utf-8",
    )
    source = load_source(book)
    with Store(os.environ["SUMMITREADER_DB"]) as store:
        for n in range(0, 80, 2):
            at = source.text.index(f"Paragraph {n} ")
            store.add(source, at, at + len(f"Paragraph {n}"), ["key-point"])
    app = make_app(book)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = app.screen.query_one("#highlights", HighlightList)
        await pilot.pause()
        assert round(listing.scroll_y) == 0
        await pilot.press("G")
        await pilot.pause()
        last = listing.count - 1
        top = round(listing.scroll_y)
        view = listing.scrollable_content_region.height
        assert top > 0 and top <= listing._starts[last] < top + view  # the last in sight
        await pilot.press("g")
        await pilot.pause()
        assert round(listing.scroll_y) == 0
