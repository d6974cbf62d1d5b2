"""The document pane hands its cached rows to the compositor as they are: the same rows
Textual's StylesCache would draw, and the same objects from frame to frame, so a scroll
filters and divides only the rows that are new on screen."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widget import Widget

from summitreader.tui.widgets.minimap import Minimap
from tests.support.corpus import GOMEZ
from tests.support.tui import make_app, view_of

SIZE = (100, 24)  # shorter than the article: the scrollbar shows


def looks(strips) -> list[list[tuple[str, object]]]:
    return [[(s.text, s.style) for s in strip] for strip in strips]


def through_styles_cache(widget: Widget, crop: Region) -> list:
    widget._styles_cache.clear()  # every row drawn again, none from Textual's own cache
    return Widget.render_lines(widget, crop)


@pytest.mark.parametrize(
    "keys",
    [
        [],
        ["right_curly_bracket", "h", "1"],
        ["space", "right_curly_bracket", "2", "j", "j"],
        ["slash", "t", "h", "e", "enter"],
        ["tab"],  # the pane without focus: another background
    ],
)
async def test_the_rows_are_the_rows_textual_draws(keys: list[str]) -> None:
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
        view = view_of(app)
        whole = view.size.region
        assert view.show_vertical_scrollbar
        assert looks(view.render_lines(whole)) == looks(through_styles_cache(view, whole))
        part = Region(3, 2, 40, 10)  # a pane partly covered, as by a dialog
        assert looks(view.render_lines(part)) == looks(through_styles_cache(view, part))


async def test_a_scroll_hands_over_the_same_rows() -> None:
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)
        before = view.render_lines(view.size.region)
        await pilot.press("j")
        await pilot.pause()
        assert view.scroll_y == 1
        after = view.render_lines(view.size.region)
        # Row y is the row that was at y + 1 (rows the cursor left or reached excepted).
        kept = sum(after[y] is before[y + 1] for y in range(len(after) - 1))
        assert kept >= len(after) - 6, kept


async def test_a_boxed_pane_is_drawn_by_textual() -> None:
    """With padding (a user's CSS), Textual's own drawing keeps the box."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)
        view.styles.padding = (0, 3)
        await pilot.pause()
        region = view.region.size.region
        rows = view.render_lines(region)
        assert looks(rows) == looks(through_styles_cache(view, region))
        assert all(strip.cell_length == region.width for strip in rows)
        assert {s.text for s in rows[5]._segments[:1]} == {" " * 3}


async def test_the_minimap_after_a_resize_is_the_minimap_of_a_fresh_start() -> None:
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_curly_bracket", "h", "space", "right_curly_bracket", "2")
        await pilot.pause()
        await pilot.resize_terminal(100, 31)
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        minimap = app.screen.query_one(Minimap)
        resized = looks(minimap.render_lines(minimap.size.region))
        app.screen.save_position()
    fresh = make_app(GOMEZ)
    async with fresh.run_test(size=(100, 31)) as pilot:
        await pilot.pause()
        minimap = fresh.screen.query_one(Minimap)
        assert len(resized) == minimap.size.height
        assert looks(minimap.render_lines(minimap.size.region)) == resized


async def test_the_highlight_list_draws_its_margins_in_its_rows() -> None:
    """The sidebar's list keeps one cell each side without CSS padding, so its rows too
    go to the compositor as they are, and look as they did with the padding."""
    from summitreader.tui.widgets.highlight_list import HighlightList

    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_curly_bracket", "h", "right_curly_bracket", "2", "a")
        await pilot.pause()
        await pilot.press(*"a note", "ctrl+s")
        await pilot.pause(0.3)
        listing = app.screen.query_one(HighlightList)
        assert listing._boxless()
        whole = listing.size.region
        rows = listing.render_lines(whole)
        assert looks(rows) == looks(through_styles_cache(listing, whole))
        texts = ["".join(s.text for s in strip) for strip in rows]
        assert any("a note" in text for text in texts), texts
        assert all(text[0] == " " and text[-1] == " " for text in texts)
        assert all(strip.cell_length == whole.width for strip in rows)
