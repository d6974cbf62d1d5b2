"""A scrolling key that cannot move (k at the top, j at the end) still answers: the
status line says why, so a held key is never taken for a lost one."""

from __future__ import annotations

from summitreader.tui.widgets.status_line import StatusLine
from tests.support.corpus import GOMEZ
from tests.support.tui import SIZE, make_app, view_of


def _status(app) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def test_k_and_b_at_the_top_and_j_at_the_end_say_so():
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)
        assert view.scroll_y == 0
        await pilot.press("k")
        await pilot.pause()
        assert "At the top." in _status(app)
        assert view.scroll_y == 0
        await pilot.press("j")
        await pilot.pause()
        assert view.scroll_y == 1  # j moves: the top's word is not said again
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y > 1
        await pilot.press("j")
        await pilot.pause()
        assert "At the end." in _status(app)
        await pilot.press("b", "g", "b")
        await pilot.pause()
        assert view.scroll_y == 0 and "At the top." in _status(app)


async def test_paging_on_at_the_end_brings_the_cursor_to_the_last_paragraph():
    """Before: G, b, space left the cursor on the end page's first paragraph, a few
    short of the last, however often space was pressed."""
    from tests.support.tui import cursor_text

    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)
        last = view.document.passages.paragraphs[-1]
        await pilot.press("G", "b", "space")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y and view.cursor != last
        await pilot.press("space")
        await pilot.pause()
        assert view.cursor == last and "At the end." in _status(app)
        assert cursor_text(app)  # on the words of the last paragraph
        await pilot.press("g", "j", "b", "b")  # the second b: at the top already
        await pilot.pause()
        assert view.cursor == view.document.passages.paragraphs[0]


async def test_v_in_a_passage_longer_than_the_screen_starts_where_the_screen_does(tmp_path):
    """Before: in a text of one long line, v after G selected from the text's first word,
    and the view jumped back to the top."""
    text = tmp_path / "one-line.txt"
    text.write_text(" ".join(f"lorem{n} ipsum dolor" for n in range(3000)) + "\n")
    app = make_app(text)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)
        await pilot.press("G")
        await pilot.pause()
        top = view.top_offset
        assert top > 10_000
        await pilot.press("v")
        await pilot.pause()
        assert view.selection is not None and view.selection[0] >= top
        assert view.top_offset == top  # the view stays where it was
