"""A text counts as finished when it is read to its end, not when the reader jumps there
to look (``G``): the library's "finished" and its percentage read are the reader's."""

from __future__ import annotations

import os
from pathlib import Path

from summitreader.library import catalog
from summitreader.store.store import Store
from tests.support.tui import SIZE, make_app, view_of

PARAGRAPHS = 120


def _long_text(tmp_path: Path) -> Path:
    path = tmp_path / "long.txt"
    words = "The river ran on past the mill and under the bridge toward the sea."
    path.write_text(
        "\n\n".join(f"{n}. {words}" for n in range(PARAGRAPHS)) + "\n", encoding="utf-8"
    )
    return path


def _entry() -> catalog.Entry:
    store = Store(os.environ["SUMMITREADER_DB"])
    try:
        [entry] = catalog.entries(store)
        return entry
    finally:
        store.close()


async def test_jumping_to_the_end_does_not_finish_the_text(tmp_path: Path) -> None:
    app = make_app(_long_text(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.save_position()
        await pilot.press("G")
        await pilot.pause()
        assert view_of(app).progress >= 1.0
        app.screen.save_position()
    entry = _entry()
    assert entry.status == "reading"
    assert entry.furthest < 0.5


async def test_paging_to_the_end_finishes_the_text(tmp_path: Path) -> None:
    app = make_app(_long_text(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(PARAGRAPHS):  # more pages than the text has
            app.screen.save_position()  # as the reader's timer does between pages
            if view_of(app).progress >= 1.0:
                break
            await pilot.press("space")
            await pilot.pause()
        app.screen.save_position()
    entry = _entry()
    assert entry.status == "finished"
    assert entry.furthest == 1.0


async def test_a_search_that_lands_two_screens_on_does_not_finish_the_text(
    tmp_path: Path,
) -> None:
    """Paging counts up to two screens past what was read (the reader's timer saves every
    2 s); a search, ``G`` or a link landing there is a jump to look, and counted only if
    it lands in what was read. A text of under three screens was taken as read to its end,
    and finished, by a search for its last paragraph."""
    path = tmp_path / "short.txt"
    words = "The river ran on past the mill and under the bridge toward the sea."
    path.write_text("\n\n".join(f"{n}. {words}" for n in range(50)) + "\n", encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)
        height = view.scrollable_content_region.height
        assert 2 * height < view.rows.total < 3 * height  # within the paging allowance
        app.screen.save_position()
        await pilot.press("slash", *"49. The", "enter")
        await pilot.pause()
        assert view.progress >= 1.0
        app.screen.save_position()
        await pilot.press("g", "space")  # reading on from the top still counts
        await pilot.pause()
        app.screen.save_position()
    entry = _entry()
    assert entry.status == "reading"
    assert 0.5 < entry.furthest < 1.0


async def test_following_a_footnote_to_the_end_does_not_count_as_reading_there(tmp_path):
    """Before: ``f`` to a note at the end, and back, listed the text as read 95%."""
    path = tmp_path / "notes.md"
    body = "\n\n".join(f"Paragraph {n} of the essay, long enough to read." for n in range(90))
    path.write_text(f"# Essay\n\nA claim.[^1]\n\n{body}\n\n[^1]: The note.\n", encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.save_position()
        await pilot.press("right_curly_bracket", "f")  # to the claim, then to its note
        await pilot.pause()
        assert view_of(app).progress >= 1.0
        app.screen.save_position()
        await pilot.press("f")
        await pilot.pause()
        app.screen.save_position()
    assert _entry().furthest < 0.5
