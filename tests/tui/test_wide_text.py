"""Wide and complex text in the app: CJK, ZWJ emoji with skin tones, combining marks,
right-to-left scripts and tabs. Rows never lose a character to the pane's edge, screen
positions map to offsets and back, and a highlight holds exactly what was selected."""

from __future__ import annotations

from pathlib import Path

import pytest

from summitreader.layout.cells import cell_width
from summitreader.text.sanitize import visible
from tests.support.tui import cursor_text, make_app, stored, view_of

PARAGRAPHS = {
    "cjk": "漢字かな交じり文は幅が二つの文字で書かれる。" * 12,
    "emoji": "Family 👩‍👩‍👧 waves 👋🏽 and thumbs 👍🏿 up " * 10,
    "combining": "Cafe\u0301 re\u0301sume\u0301 na\u0308ive " * 14,
    "rtl": "שלום עולם مرحبا بالعالم and left to right " * 8,
    "tabs": "col one\tcol two\tcol three\t" * 10,
}


def wide_document(tmp_path: Path) -> Path:
    path = tmp_path / "wide.txt"
    path.write_text("Wide Text\n\n" + "\n\n".join(PARAGRAPHS.values()) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("size", [(120, 40), (61, 30), (37, 24)])
async def test_no_row_loses_a_character_and_offsets_map_both_ways(tmp_path, size):
    app = make_app(wide_document(tmp_path))
    source = app.documents[0].source.text
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = view_of(app)
        rows = view.rows
        assert rows is not None and rows.complete
        width = view.scrollable_content_region.width
        for index in range(rows.total):
            row = rows.row(index)
            if row.block < 0:
                continue
            shown = rows.rendered(row.block).text[row.start : row.end]
            assert cell_width(shown.rstrip()) <= view._measure
            strip = view._render_row(index, view.base_style)
            assert strip.cell_length <= width
            assert shown.rstrip() in strip.text  # nothing cropped at the edge
            for v in range(row.start, row.end):
                offset = rows.offset_at(index, v)
                assert offset is not None and visible(source[offset]) == shown[v - row.start]
                assert rows.row_of(offset) == index


@pytest.mark.parametrize("name", ["emoji", "cjk", "combining", "rtl", "tabs"])
async def test_a_keyboard_selection_highlights_exactly_those_characters(tmp_path, name):
    app = make_app(wide_document(tmp_path))
    source = app.documents[0].source.text
    async with app.run_test(size=(61, 30)) as pilot:
        for _ in range(10):
            if view_of(app).cursor and cursor_text(app) == PARAGRAPHS[name].rstrip():
                break
            await pilot.press("right_curly_bracket")
        assert cursor_text(app) == PARAGRAPHS[name].rstrip()
        await pilot.press("v", "w", "w", "w")
        view = view_of(app)
        assert view.selection is not None
        start, end = view.selection
        assert start == source.index(PARAGRAPHS[name])
        chosen = source[start:end]
        # Three words on from the first, ending where a word ends: never inside a cluster,
        # so no joiner, accent or skin tone is left behind or cut off.
        assert len(chosen.split()) == min(4, len(source[start:].split())) or name == "cjk"
        assert source[end].isspace() and not chosen[-1].isspace()
        assert not chosen.endswith("\u200d")
        assert source[end : end + 1] not in ("\u0301", "\u0308", "\u200d", "🏽", "🏿")
        await pilot.press("h")
        await pilot.pause()
        [record] = stored()
        assert record["quote"]["exact"] == chosen
        assert record["position"] == {"start": start, "end": end}
