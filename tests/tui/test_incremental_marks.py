"""Edits redraw only the rows they touch: after any run of highlights, tags, undos and
moves, the pane and the minimap show exactly what a reader opened afresh on the same
store shows."""

from __future__ import annotations

import random

import pytest

from summitreader.tui.widgets.document_view import DocumentView
from summitreader.tui.widgets.minimap import Minimap
from tests.support.corpus import GOMEZ
from tests.support.tui import make_app, stored

SIZE = (100, 24)  # shorter than the article: moves scroll, and edits land off screen too
STEPS = [
    ["right_curly_bracket"],
    ["right_curly_bracket", "right_curly_bracket"],
    ["left_curly_bracket"],
    ["h"],
    ["1"],
    ["2"],
    ["3"],
    ["u"],
    ["u", "u"],
    ["ctrl+r"],
    ["v", "w", "w", "escape"],
    ["space"],
    ["b"],
]


def drawn(app) -> list[list[tuple[str, object]]]:
    """Each row of the pane and the minimap as the screen has it: text and style of every
    segment, through Textual's line cache (a row left stale there would show)."""
    rows = []
    for widget in (app.screen.query_one(DocumentView), app.screen.query_one(Minimap)):
        for strip in widget.render_lines(widget.size.region):
            rows.append([(s.text, s.style) for s in strip])
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_edits_draw_the_pane_as_a_reader_opened_afresh(seed):
    rng = random.Random(seed)
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_curly_bracket")
        for _ in range(40):
            await pilot.press(*rng.choice(STEPS))
            await pilot.pause()
        await pilot.press("right_curly_bracket", "h")  # at least one highlight is kept
        await pilot.pause()
        edited = drawn(app)
        app.screen.save_position()
    assert stored()

    fresh = make_app(GOMEZ)
    async with fresh.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert drawn(fresh) == edited
