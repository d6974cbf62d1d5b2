"""Defects found in a long day of reading, each pressed with real keys (Pilot)."""

from __future__ import annotations

from textual.widgets import Label

from summitreader.tui.screens.reader import ReaderScreen
from summitreader.tui.widgets.document_view import DocumentView
from summitreader.tui.widgets.key_map import KeyMap
from tests.support.corpus import GOMEZ, raw_paragraphs
from tests.support.tui import SIZE, copy_of, cursor_text, make_app, stored, view_of

PARAGRAPHS = raw_paragraphs(GOMEZ)


async def test_g_and_G_take_the_cursor_with_the_view():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*["right_curly_bracket"] * 6)
        await pilot.press("g", "h")
        await pilot.pause()
        await pilot.press("G", "h", "home", "2")
        await pilot.pause()
    quotes = sorted((r["quote"]["exact"], r["tags"]) for r in stored())
    first, last = (p.removeprefix("## ").strip("*") for p in (PARAGRAPHS[0], PARAGRAPHS[-1]))
    assert quotes == sorted([(first, ["evidence"]), (last, [])])


async def test_search_in_the_document_ignores_accents_and_typographic_quotes(tmp_path):
    article = tmp_path / "tolstoy.txt"
    article.write_text(
        "# Chapter\n\nNatásha laughed. “Don’t,” said Pierre — and Natasha went on.\n",
        encoding="utf-8",
    )
    app = make_app(article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)
        text = view.document.source.text
        await pilot.press("slash", *"natasha")
        await pilot.pause()
        assert [text[a:b] for a, b in view.matches] == ["Natásha", "Natasha"]
        await pilot.press("escape", "slash", *"don't")
        await pilot.pause()
        assert [text[a:b] for a, b in view.matches] == ["Don’t"]


def _selected_cells(view: DocumentView) -> tuple[int, int]:
    """(cells drawn in the selection's colour, characters selected on screen)."""
    colour = view.get_component_rich_style("document--selection").bgcolor
    painted = 0
    for y in range(view.scrollable_content_region.height):
        for segment in view.render_line(y):
            if segment.style is not None and segment.style.bgcolor == colour:
                painted += len("".join(segment.text.split()))
    assert view.selection is not None
    start, end = view.selection
    chosen = view.document.source.text[start:end]
    return painted, len("".join(chosen.split()))


async def test_a_keyboard_selection_shows_on_plain_and_highlighted_paragraphs():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_curly_bracket", "right_curly_bracket", "right_curly_bracket")
        await pilot.press("v", "w", "w")  # on a paragraph with no highlight: the cursor's
        await pilot.pause()
        view = view_of(app)
        painted, selected = _selected_cells(view)
        assert selected > 5 and painted == selected
        await pilot.press("escape", "h", "v", "w", "w")  # the same words, now highlighted
        await pilot.pause()
        painted, selected = _selected_cells(view)
        assert selected > 5 and painted == selected


async def test_every_dialog_fits_40_by_12_with_its_keys_in_sight():
    app = make_app(GOMEZ)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("right_curly_bracket", "right_curly_bracket", "right_parenthesis", "h")
        await pilot.press("left_curly_bracket", "right_curly_bracket")  # the whole paragraph
        for key, answer in (("t", "Enter"), ("a", "ctrl+s"), ("E", "ctrl+s"), ("h", "m")):
            await pilot.press(key)
            await pilot.pause()
            dialog = app.screen
            assert not isinstance(dialog, ReaderScreen), key
            box = dialog.query_one(".dialog").region
            assert box.width <= 40 and box.height <= 12, (key, box)
            keys = dialog.query_one(".dialog-keys", Label)
            assert app.screen.region.contains_region(keys.region), key
            line = str(keys.render())
            assert "esc Cancel" in line, (key, line)
            assert answer.removeprefix("ctrl+") in line.replace("^", "").lower() or key == "t"
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)


async def test_help_names_each_digits_tag_and_no_key_that_does_nothing():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        rows = app.screen.query_one(KeyMap).rows()
    assert ("1", "#key-point") in rows and ("9", "#reference") in rows
    described = [text for _, text in rows]
    for idle in ("Scroll Left", "Scroll Right", "Page Left", "Page Right", "tag"):
        assert idle not in described


async def test_help_on_a_narrow_terminal_leaves_the_text_its_width():
    app = make_app(GOMEZ)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        view = view_of(app)
        before = view.size.width
        first_row = view.render_line(0).text
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query_one(KeyMap).display
        assert view.size.width == before
        assert view.render_line(0).text == first_row


async def test_escape_closes_the_help_and_a_second_escape_leaves_the_reader():
    """Before: Escape on the help went back to the library, the text closed."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert not app.screen.query_one(KeyMap).display
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReaderScreen)


async def test_e_with_no_highlights_says_so_and_writes_nothing(isolated):
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
    assert "No highlights to export" in status
    written = [p for p in isolated.rglob("*.md")]
    assert written == []


async def test_the_toast_timer_does_not_outlive_the_screen_stack():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.notify("one last word")
    assert not app.screen_stack
    app._drop_empty_toast_holders()  # what the timer runs: no ScreenStackError


async def test_a_theme_and_a_width_chosen_in_the_app_are_remembered(isolated):
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "textual-light"  # what the palette's "Change theme" does
        view = view_of(app)
        before = view.reading_width
        await pilot.press("greater_than_sign", "greater_than_sign", "less_than_sign")
        await pilot.pause()
        assert view.reading_width == before + 4
    again = make_app(GOMEZ)
    async with again.run_test(size=(160, 40)) as pilot:  # room for the wider text
        await pilot.pause()
        assert again.theme == "textual-light"
        assert view_of(again).reading_width == before + 4
        assert view_of(again)._measure == before + 4  # the text is laid out at that width


async def test_a_config_theme_is_not_taken_for_a_choice(isolated):
    (isolated / "config.toml").write_text('theme = "nord"\n', encoding="utf-8")
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
    (isolated / "config.toml").write_text('theme = "gruvbox"\n', encoding="utf-8")
    again = make_app(GOMEZ)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "gruvbox"  # a change to the config still counts


async def test_a_file_edited_while_open_is_noticed_and_reloads_at_the_same_words(tmp_path):
    article = copy_of(GOMEZ, tmp_path)
    app = make_app(article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)
        await pilot.press(*["right_curly_bracket"] * 9, "h")  # ¶10, highlighted
        await pilot.pause()
        highlighted = cursor_text(app)
        view.scroll_to_offset(view.cursor.start)
        await pilot.pause()
        words_on_top = view.document.source.text[view.top_offset : view.top_offset + 40]
        text = article.read_text(encoding="utf-8")
        # an editor's note on top, and a word fixed above the reader's place
        edited = "An editor's note, added later.\n\n" + text.replace("Vietnam", "Viet Nam")
        article.write_text(edited, encoding="utf-8")
        await pilot.pause(2.6)  # within a few seconds
        status = str(app.screen.query_one("#status").render())
        assert "changed on disk: r reloads" in status
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        view = view_of(app)
        assert view.document.source.text == edited
        now_on_top = view.document.source.text[view.top_offset : view.top_offset + 40]
        assert now_on_top == words_on_top
        assert cursor_text(app) == highlighted
        [record] = app.screen.annotator.records
        # moved down, the same words around it: anchored on its words, nothing to review
        assert record["quote"]["exact"] == highlighted and record["anchor"] == "anchored"
        assert "changed on disk" not in str(app.screen.query_one("#status").render())
        assert not [n for n in app._notifications if "changed on disk" in n.message]  # answered
        assert app.documents == [view.document]  # the library lists the text read again
    [stored_record] = stored()
    assert edited[stored_record["position"]["start"] :].startswith(highlighted)


async def test_a_reopened_edited_file_opens_at_the_words_it_was_left_on(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(GOMEZ.read_text(encoding="utf-8"), encoding="utf-8")
    app = make_app(article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)
        await pilot.press(*["right_curly_bracket"] * 8)
        view.scroll_to_offset(view.cursor.start)
        await pilot.pause()
        left_at = view.document.source.text[view.top_offset : view.top_offset + 40]
        await pilot.press("q")
        await pilot.pause()
    article.write_text("A new first paragraph.\n\n" + article.read_text(encoding="utf-8"))
    again = make_app(article)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(again)
        assert view.document.source.text[view.top_offset : view.top_offset + 40] == left_at


async def test_reload_of_a_file_deleted_while_open_says_it_is_gone(tmp_path):
    article = copy_of(GOMEZ, tmp_path)
    app = make_app(article)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        article.unlink()
        await pilot.press("r")  # at once: before the next look at the disk
        await pilot.pause()
        status = str(app.screen.query_one("#status").render())
        assert "gone from disk" in status and "has not changed" not in status
        assert view_of(app).document.source.text == GOMEZ.read_text(encoding="utf-8")


async def test_a_note_after_tagging_a_selection_is_for_that_highlight():
    """Before: the tag took the selection but the cursor stayed on its sentence, so `a`
    asked whether to merge the new highlight with that sentence."""
    from summitreader.tui.screens.dialogs import NoteDialog

    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_curly_bracket", "right_curly_bracket", "v", "w", "w", "w", "1")
        await pilot.pause()
        [tagged] = stored()
        assert cursor_text(app) == tagged["quote"]["exact"]
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"why", "ctrl+s")
        await pilot.pause()
        [noted] = stored()
        assert noted["id"] == tagged["id"] and noted["note"] == "why"
        assert noted["tags"] == tagged["tags"] and tagged["tags"]


async def test_highlights_another_window_adds_or_deletes_show_within_seconds():
    """Before: a second window's highlight showed here only after this one's next edit;
    until then the sidebar and the marks showed the store as it was."""
    import os

    from summitreader.store.store import Store
    from summitreader.tui.screens.reader_file import WATCH_SECONDS
    from tests.support.corpus import EXAMPLES
    from tests.support.tui import delete_in_another_window

    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.screen
        assert reader.annotator.records == []
        other = Store(os.environ["SUMMITREADER_DB"])
        try:
            source = reader.document.source
            start = source.text.index(EXAMPLES)
            made = other.add(source, start, start + len(EXAMPLES), ["elsewhere"], "")
        finally:
            other.close()
        await pilot.pause(WATCH_SECONDS + 0.6)
        assert [r["id"] for r in reader.annotator.records] == [made["id"]]
        assert "Highlights (1" in str(reader.query_one("#highlights-title").content)
        delete_in_another_window(made["id"])
        await pilot.pause(WATCH_SECONDS + 0.6)
        assert reader.annotator.records == []
