"""Storms: 200 resizes while scrolling and highlighting. The reading position holds across
every resize, and no highlight is lost or shifted. Real keys, a real store."""

from __future__ import annotations

import itertools

from tests.support.books import long_book
from tests.support.tui import make_app, stored, view_of

WIDTHS = [120, 61, 97, 44, 150, 80, 33, 133]
HEIGHTS = [40, 24, 33, 12, 50]


async def test_200_resizes_while_scrolling_and_highlighting(tmp_path):
    app = make_app(long_book(tmp_path, paragraphs=150))
    source = app.documents[0].source.text
    expected: set[tuple[int, int]] = set()
    sizes = zip(itertools.cycle(WIDTHS), itertools.cycle(HEIGHTS), strict=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = view_of(app)
        for i, (width, height) in enumerate(itertools.islice(sizes, 200)):
            top = view.top_offset
            await pilot.resize_terminal(width, height)
            await pilot.pause()  # the view scrolls again once its new size has landed
            assert view.size.width > 0
            # The text that was at the top of the pane is still in the top row; when the
            # view cannot scroll that far (the end of the book is near), it is on screen.
            # Unless that would leave the cursor off the page: then the page shows it.
            assert view.rows is not None
            row, y = view.rows.row_of(top), round(view.scroll_y)
            height = view.scrollable_content_region.height
            cursor = view.cursor
            first = last = row
            if cursor is not None:
                first = view.rows.row_of(cursor.start)
                last = view.rows.row_of(max(cursor.start, cursor.end - 1))
            kept = min(row, view.max_scroll_y)
            if first <= kept + height - 1 and last >= kept:
                assert y == kept, (i, width, height)
            else:
                assert y <= last and first <= y + height - 1, (i, width, height)
            await pilot.press(("j", "right_curly_bracket", "k", "space")[i % 4])
            if i % 9 == 0 and view.cursor is not None:
                expected.add((view.cursor.start, view.cursor.end))
                await pilot.press("h")
        await pilot.pause()
    records = stored()
    assert {(r["position"]["start"], r["position"]["end"]) for r in records} == expected
    for record in records:
        start, end = record["position"]["start"], record["position"]["end"]
        assert record["quote"]["exact"] == source[start:end]
    assert len(expected) >= 8


async def test_narrower_and_much_taller_at_once_keeps_the_top_row(tmp_path):
    """The case the storm found: Textual clamps the scroll to the old rows at the new height
    before the view can re-wrap, which used to move the reading position back 32 rows."""
    app = make_app(long_book(tmp_path, paragraphs=150))
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        view = view_of(app)
        view.scroll_to_offset(view.rows.offset_of_row(view.max_scroll_y - 30))
        await pilot.pause()
        top = view.top_offset
        assert round(view.scroll_y) > view.rows.total - 48  # a 48-row pane clamps it
        await pilot.resize_terminal(33, 50)
        await pilot.pause()
        assert view.rows.row_of(top) <= view.max_scroll_y  # the case: it can stay on top
        assert round(view.scroll_y) == view.rows.row_of(top)
