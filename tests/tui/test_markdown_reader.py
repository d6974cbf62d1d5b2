"""Pilot tests of Markdown in the reader: the outline, footnotes, images, the section."""

from __future__ import annotations

from summitreader.tui.screens.outline import OutlineScreen
from summitreader.tui.widgets.line_table import LineTable
from tests.support.corpus import SHOWCASE
from tests.support.tui import SIZE, cursor_text, make_app, search_for, view_of


async def test_O_lists_the_headings_and_enter_jumps_to_one():
    app = make_app(SHOWCASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("O")
        await pilot.pause()
        assert isinstance(app.screen, OutlineScreen)
        table = app.screen.query_one(LineTable)
        titles = [row[0].strip() for row in table.rows]
        assert titles[:4] == [
            "Markdown, as Its Author Meant It",
            "A showcase of every construct",
            "Setext heading, level two",
            "Code",
        ]
        assert "Quotes" in titles
        await pilot.press("G", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, OutlineScreen)
        assert cursor_text(app) == "Quotes"
        assert "§ Quotes" in str(app.screen.query_one("#status").render())


async def test_f_goes_from_a_footnote_mark_to_its_note_and_back():
    app = make_app(SHOWCASE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)
        text = view.document.source.text

        def status() -> str:
            return str(app.screen.query_one("#status").render())

        await pilot.press("f")  # the title: no mark, which the status says
        await pilot.pause()
        assert "No footnote mark" in status()
        for _ in range(10):
            if view.cursor and "[^note]" in text[view.cursor.start : view.cursor.end]:
                break
            await pilot.press("right_parenthesis")
        origin = view.cursor
        await pilot.press("f")
        await pilot.pause()
        assert cursor_text(app).startswith("[^note]: A footnote")
        # before, the warning from the passage before stayed on the status line
        assert "No footnote mark" not in status() and "f goes back" in status()
        await pilot.press("f")
        await pilot.pause()
        assert view.cursor == origin


async def test_o_opens_an_image_and_the_status_shows_its_url(monkeypatch):
    app = make_app(SHOWCASE)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)
        for _ in range(40):
            if view.cursor and cursor_text(app).startswith("[A diagram"):
                break
            await pilot.press("right_curly_bracket")
        await pilot.press("o")
        await pilot.pause()
        assert opened == ["https://example.org/diagram.png"]


async def test_search_in_markdown_finds_only_words_the_reader_shows(tmp_path):
    """Before: a word only a link's address held was a match (1/1) with nothing to show,
    and n went to it."""
    essay = tmp_path / "linked.md"
    essay.write_text(
        "# Linked\n\nThe [treaty text](https://example.org/ratify-now) was ratified.\n\n"
        "Ratify it again, they said.\n",
        encoding="utf-8",
    )
    app = make_app(essay)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await search_for(pilot, "ratify")
        view = view_of(app)
        text = essay.read_text(encoding="utf-8")
        assert [text[a:b] for a, b in view.matches] == ["Ratify"]  # not the address's
        assert cursor_text(app) == "Ratify"
