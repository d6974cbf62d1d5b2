"""Pilot tests for reading at scale: search, selection by mouse and keyboard, a long book
laid out in a thread, the minimap, help and the palette. Real keys, real store."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from summitreader.settings.config import load_config
from summitreader.sources.text import load_source
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.tui.app import SummitApp
from summitreader.tui.widgets.document_view import DocumentView
from summitreader.tui.widgets.key_map import KeyMap
from summitreader.tui.widgets.minimap import Minimap
from tests.support.books import long_book
from tests.support.corpus import EXAMPLES, GOMEZ
from tests.support.tui import (
    SIZE,
    cursor_text,
    go_to_paragraph,
    make_app,
    screen_rows,
    stored,
    view_of,
)

PHRASE = "amber lantern glows"


def status(app: SummitApp) -> str:
    return str(app.screen.query_one("#status").render())


def phrase_document(tmp_path: Path) -> Path:
    """40 paragraphs, each with the phrase one word further along, one across a hard break."""
    paragraphs = [
        "Lanterns",
        *(("ox " * n) + f"{PHRASE} after {n} words and more words to finish." for n in range(40)),
        "It broke here: amber lantern\nglows on the next line.",
    ]
    path = tmp_path / "phrases.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


async def test_search_finds_a_phrase_split_by_the_wrap_and_by_a_hard_break(tmp_path):
    path = phrase_document(tmp_path)
    text = path.read_text(encoding="utf-8")
    expected = [m.span() for m in re.finditer(r"amber\s+lantern\s+glows", text)]
    assert len(expected) == 41
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *PHRASE)
        await pilot.pause()
        view = view_of(app)
        assert view.matches == expected
        assert "1/41" in status(app)
        await pilot.press("enter")
        # Walk every match with n; one of them is split across two screen rows.
        split_seen = False
        for index in range(41):
            assert view.current_match == index
            assert " ".join(cursor_text(app).split()) == PHRASE
            rows = screen_rows(app)
            start, end = view.matches[index]
            y, y_end = (view.row_of(o) - round(view.scroll_y) for o in (start, end - 1))
            assert 0 <= y <= y_end < len(rows)  # the whole match is on screen
            if y_end > y:
                assert PHRASE not in rows[y]
                assert PHRASE in " ".join((rows[y] + rows[y_end]).replace("▌", "").split())
                split_seen = True
            await pilot.press("n")
        assert view.current_match == 0  # wrapped around
        assert split_seen, "no match straddled a wrap; the document no longer tests that"
        await pilot.press("N")
        assert view.current_match == 40
        assert cursor_text(app) == "amber lantern\nglows"
        await pilot.press("h")
        await pilot.pause()
        assert [r["quote"]["exact"] for r in stored()] == ["amber lantern\nglows"]
        await pilot.press("escape")
        assert view.matches == [] and isinstance(app.screen, type(app.screen))


async def test_search_is_smart_case(tmp_path):
    path = tmp_path / "case.txt"
    path.write_text("Title\n\nKim met kim and KIM.\n", encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"kim")
        assert len(view_of(app).matches) == 3
        await pilot.press("ctrl+a", "ctrl+k", *"Kim")
        assert len(view_of(app).matches) == 1
        await pilot.press("escape")
        assert view_of(app).matches == []
        assert isinstance(app.screen.query_one(DocumentView), DocumentView)


def find_on_screen(app: SummitApp, word: str) -> tuple[int, int]:
    """(x, y) of ``word`` in the document pane as drawn."""
    for y, row in enumerate(screen_rows(app)):
        x = row.find(word)
        if x >= 0:
            return x, y
    raise AssertionError(f"{word!r} is not on screen")


async def test_a_mouse_drag_across_a_wrap_becomes_a_highlight_of_exactly_those_words():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.pause()
        rows = [row.replace("▌", " ") for row in screen_rows(app)]
        # Drag from the 2nd word of the paragraph's first row to the 3rd word of its next row.
        y = next(i for i, row in enumerate(rows) if "Examples of narrowly" in row)
        first_words, next_words = rows[y].split(), rows[y + 1].split()
        start_word, end_word = first_words[1], next_words[2]
        x0 = rows[y].index(" " + start_word + " ") + 1
        x1 = rows[y + 1].index(" " + end_word) + len(end_word)  # the cell of its last letter
        await pilot.mouse_down(DocumentView, offset=(x0, y))
        await pilot.hover(DocumentView, offset=(x0 + 3, y))
        await pilot.hover(DocumentView, offset=(x1, y + 1))
        await pilot.mouse_up(DocumentView, offset=(x1, y + 1))
        await pilot.pause()
        view = view_of(app)
        assert view.selection is not None
        # Expected from the source alone: paragraph words 1 .. len(first row) + 2.
        source = GOMEZ.read_text(encoding="utf-8")
        words = list(re.finditer(r"\S+", EXAMPLES))
        assert words[1].group() == start_word and words[len(first_words) + 2].group() == end_word
        base = source.index(EXAMPLES)
        lo, hi = base + words[1].start(), base + words[len(first_words) + 2].end()
        assert "chars selected" in status(app)
        await pilot.press("h")
        await pilot.pause()
        [record] = stored()
        assert record["quote"]["exact"] == source[lo:hi]
        assert record["position"] == {"start": lo, "end": hi}
        assert view.selection is None


async def test_v_selects_words_then_a_sentence_and_h_highlights_exactly_that():
    source = GOMEZ.read_text(encoding="utf-8")
    first_sentence = EXAMPLES[: EXAMPLES.index("dismantle to verify their destruction.") + 38]
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("v", "w", "w")
        view = view_of(app)
        start = source.index(EXAMPLES)
        assert source[slice(*view.selection)] == "Examples of narrowly-focused"
        await pilot.press("W")
        assert source[slice(*view.selection)] == "Examples of"
        await pilot.press("W")  # never shrinks past the first word
        assert source[slice(*view.selection)] == "Examples"
        await pilot.press("right_parenthesis")
        assert view.selection == (start, start + len(first_sentence))
        await pilot.press("h")
        await pilot.pause()
        [record] = stored()
        assert record["quote"]["exact"] == first_sentence
        assert view.selection is None
        # A paragraph motion extends to the paragraph's end; escape drops the selection.
        await pilot.press("v", "right_curly_bracket")
        assert source[slice(*view.selection)].endswith("engage in reciprocal diplomacy.")
        await pilot.press("escape")
        assert view.selection is None
        assert isinstance(app.screen.query_one(DocumentView), DocumentView)


async def test_a_long_book_shows_a_window_first_then_the_whole_book(tmp_path, monkeypatch):
    monkeypatch.setattr(DocumentView, "SYNC_LIMIT", 10_000)
    monkeypatch.setattr(DocumentView, "WINDOW", 3_000)
    path = long_book(tmp_path)
    text = path.read_text(encoding="utf-8")
    middle = text.index("Paragraph 1500 of the book")
    with Store(os.environ["SUMMITREADER_DB"]) as store:
        document = Document(load_source(path))
        store.remember_source(document.source, document.meta)
        store.set_reading_state(document.source.sha256, middle, None)
    app = SummitApp(
        [Document(load_source(path))],
        Store(os.environ["SUMMITREADER_DB"]),
        load_config(),
        open_single=True,
    )
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        for _ in range(200):
            await pilot.pause(0.02)
            if view.ready:
                break
        assert view.ready, "the layout thread never finished"
        assert view.rows is not None and view.rows.first == 0
        assert screen_rows(app)[0].strip(" ▌").startswith("Paragraph 1500 of the book")
        await pilot.press("G")
        await pilot.pause()
        assert any("that says 3000." in row for row in screen_rows(app))
        assert view.progress == 1.0
        await pilot.press("g")
        await pilot.pause()
        assert screen_rows(app)[0].strip(" ▌").startswith("A Long Book")


async def test_keys_pressed_before_the_book_is_laid_out_wait_for_it(tmp_path, monkeypatch):
    monkeypatch.setattr(DocumentView, "SYNC_LIMIT", 10_000)
    monkeypatch.setattr(DocumentView, "WINDOW", 3_000)
    path = long_book(tmp_path)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")  # at once: the view may still show only its window
        view = view_of(app)
        for _ in range(200):
            await pilot.pause(0.02)
            if view.ready and any("that says 3000." in row for row in screen_rows(app)):
                break
        assert any("that says 3000." in row for row in screen_rows(app))


async def test_minimap_marks_highlights_and_a_click_jumps_to_one(tmp_path):
    path = long_book(tmp_path, paragraphs=400)
    text = path.read_text(encoding="utf-8")
    quote = "Paragraph 300 of the book"
    with Store(os.environ["SUMMITREADER_DB"]) as store:
        source = load_source(path)
        store.add(source, text.index(quote), text.index(quote) + len(quote), tags=["key-point"])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        minimap = app.screen.query_one(Minimap)
        marked = [y for y in range(minimap.size.height) if minimap.mark_in(y) is not None]
        expected_row = text.index(quote) * minimap.size.height // len(text)
        assert marked == [expected_row]
        assert minimap.render_line(expected_row).text == "█"
        await pilot.click(Minimap, offset=(0, expected_row))
        await pilot.pause()
        assert cursor_text(app) == quote


async def test_help_lists_the_live_keymap_with_a_user_override(monkeypatch, isolated):
    (isolated / "config.toml").write_text('[keys]\n"reader.highlight" = "m"\n', encoding="utf-8")
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown = app.screen.query_one(KeyMap).rows()
        assert ("m", "Highlight") in shown, shown
        assert ("h", "Highlight") not in shown
        hints = str(app.screen.query_one("#keys").render())
        assert " m Highlight" in hints


async def test_palette_jumps_to_a_highlight(tmp_path):
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        await pilot.press("h", "g")
        await pilot.pause()
        assert cursor_text(app) != EXAMPLES
        await pilot.press("ctrl+p", *"Highlight: Examples")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert cursor_text(app) == EXAMPLES


@pytest.mark.parametrize("width", [60, 90, 120])
async def test_resize_to_any_width_keeps_the_passage_on_screen(width):
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        before = view_of(app).top_offset
        await pilot.resize_terminal(width, 30)
        await pilot.pause()
        await pilot.pause()
        view = view_of(app)
        assert cursor_text(app) == EXAMPLES
        top, bottom = view._visible_rows()
        first = view.row_of(view.cursor.start)
        last = view.row_of(view.cursor.end - 1)
        assert first <= bottom and last >= top  # the passage is on the page
        if last <= view.row_of(before) + bottom - top:  # it fits below the old top row
            assert top == view.row_of(before)  # so that row is still the top one


async def test_a_tag_key_pressed_before_the_layout_applies_once_it_is_done(tmp_path, monkeypatch):
    monkeypatch.setattr(DocumentView, "SYNC_LIMIT", 10_000)
    path = long_book(tmp_path, paragraphs=20_000)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        view = view_of(app)
        assert not view.ready  # the key below must come while the book is being measured
        await pilot.press("1")
        assert not [n for n in app._notifications if "No tag" in n.message]
        for _ in range(500):
            await pilot.pause(0.02)
            if view.ready and app.screen.annotator.records:
                break
        [record] = app.screen.annotator.records
        assert record["quote"]["exact"] == "A Long Book"  # the passage under the cursor
        assert record["tags"] == ["key-point"]
