"""The note dialog is kept and shown again for each note: each showing must look and act
like a new one (its own note, no undo history from the last, keys typed fast reach it),
and an undo after a note gives back the highlight exactly as it was."""

from __future__ import annotations

from textual.widgets import Label, TextArea

from summitreader.tui.screens.dialogs import NoteDialog
from summitreader.tui.screens.reader import ReaderScreen
from summitreader.tui.widgets.status_line import StatusLine
from tests.support.corpus import EXAMPLES, GOMEZ
from tests.support.tui import SIZE, delete_in_another_window, go_to_paragraph, make_app, stored


def _editor(app) -> TextArea:
    assert isinstance(app.screen, NoteDialog)
    return app.screen.query_one(TextArea)


async def test_each_showing_of_the_kept_note_dialog_holds_its_own_note():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("a", *"first note", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("right_curly_bracket", "a")  # the next paragraph: no note yet
        await pilot.pause()
        dialog = app.screen
        editor = _editor(app)
        assert editor.text == ""
        assert not dialog.query_one("#note-excerpt", Label).content.plain.startswith(
            "Examples of narrowly"
        )
        await pilot.press("ctrl+z")  # nothing of the last note's editing to undo
        assert editor.text == ""
        await pilot.press(*"second", "ctrl+s")  # typed at once, in order, into the editor
        await pilot.pause()
        await pilot.press("left_curly_bracket", "a")
        await pilot.pause()
        assert app.screen is dialog  # the same dialog, shown again
        assert _editor(app).text == "first note"
        assert _editor(app).cursor_location == (0, 0)
        assert dialog.query_one("#note-excerpt", Label).content.plain.startswith(
            "Examples of narrowly"
        )
        await pilot.press("x", "escape")  # cancelled: the note stays as it was
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        notes = sorted(r["note"] for r in stored())
        assert notes == ["first note", "second"]


async def test_undo_after_a_note_gives_back_the_highlight_exactly():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("1", "a", *"kept", "ctrl+s")
        await pilot.pause()
        [before] = stored()
        await pilot.press("a", "end", *" and changed", "ctrl+s")
        await pilot.pause()
        [changed] = stored()
        assert changed["note"] == "kept and changed"
        await pilot.press("u")
        await pilot.pause()
        assert stored() == [before]
        await pilot.press("a")  # the dialog shows the note as it is again
        await pilot.pause()
        assert _editor(app).text == "kept"


async def _type_a_note_while_another_window_deletes_its_highlight(app, pilot) -> dict:
    """A tagged paragraph, its note typed but not saved, and the highlight deleted
    meanwhile by another window: the record as it was."""
    await go_to_paragraph(app, pilot, EXAMPLES)
    await pilot.press("1", "a", *"worth keeping")
    await pilot.pause()
    [record] = stored()
    delete_in_another_window(record["id"])
    return record


async def test_a_note_typed_while_another_window_deletes_the_highlight_is_kept():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        record = await _type_a_note_while_another_window_deletes_its_highlight(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "deleted in another window" in str(app.screen.query_one(StatusLine).render())
    [kept] = stored()
    assert kept["note"] == "worth keeping" and kept["position"] == record["position"]


async def test_a_deletion_the_reader_noticed_while_the_note_was_typed_is_told():
    """The reader looks at the store every few seconds, dialog or not; on a loaded CI
    machine that look came between the deletion and ctrl+s, and "Note saved." hid it."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await _type_a_note_while_another_window_deletes_its_highlight(app, pilot)
        [reader] = [s for s in app.screen_stack if isinstance(s, ReaderScreen)]
        reader._check_file()  # its timer's look, made now rather than in a few seconds
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "deleted in another window" in str(app.screen.query_one(StatusLine).render())
    [kept] = stored()
    assert kept["note"] == "worth keeping"


async def test_a_note_the_store_cannot_write_stays_in_its_dialog(tmp_path, monkeypatch):
    """Before: on a full disk the dialog closed, a toast said why, and the note was gone."""
    from tests.support.filesystems import fill, small_disk

    with small_disk(tmp_path / "disk", "4m") as disk:
        monkeypatch.setenv("SUMMITREADER_DB", str(disk / "store.json"))
        app = make_app(GOMEZ)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await go_to_paragraph(app, pilot, EXAMPLES)
            await pilot.press("h")
            await pilot.pause()
            filler = fill(disk)
            await pilot.press("a", *"a thought worth keeping", "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, NoteDialog)
            assert _editor(app).text == "a thought worth keeping"
            assert any(n.severity == "error" for n in app._notifications)
            filler.unlink()  # room again: the same ctrl+s now stores it
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
        [record] = stored()
        assert record["note"] == "a thought worth keeping"


async def test_a_tag_the_store_refuses_keeps_the_tag_dialog_open_with_what_was_typed():
    from textual.widgets import Input

    from summitreader.tui.screens.dialogs import TagDialog

    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("t", *"a]b", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TagDialog)
        assert app.screen.query_one(Input).value == "a]b"
        assert any(n.severity == "error" for n in app._notifications)
        await pilot.press("backspace", "backspace", *"-b", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
    assert [r["tags"] for r in stored()] == [["a-b"]]


async def test_a_closed_reader_is_freed_though_the_app_keeps_its_note_dialog():
    """The kept dialog held the reader's save function: a closed reader, with its text and
    layout, stayed in memory until the next note. Saved or cancelled, it must go."""
    import gc
    import weakref

    app = make_app(GOMEZ, open_single=False)
    async with app.run_test(size=SIZE) as pilot:
        for last_keys in (["escape"], [*"kept", "ctrl+s"]):
            await pilot.press("enter")  # the library's first text
            await pilot.pause()
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            freed = weakref.ref(reader)
            del reader
            await pilot.press("right_curly_bracket", "a", *last_keys)
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            await pilot.press("q")
            await pilot.pause()
            assert not isinstance(app.screen, ReaderScreen)
            for _ in range(30):  # asyncio drops a cancelled timer's context at its due time
                gc.collect()
                if freed() is None:
                    break
                await pilot.pause(0.1)
            assert freed() is None, last_keys
