"""A reading key's frame shows where the reader now is: the status line and the minimap are
redrawn in the same frame as the text, not in a second one a screen-update period later
(which a held key sees as flicker, and a terminal as twice the output)."""

from __future__ import annotations

import pytest
from textual.screen import Screen

from summitreader.tui.widgets.document_view import DocumentView
from summitreader.tui.widgets.status_line import StatusLine
from tests.support.corpus import GOMEZ
from tests.support.tui import SIZE, make_app, view_of


@pytest.fixture
def frames(monkeypatch: pytest.MonkeyPatch) -> list[set[type]]:
    """The kinds of widget each compositor refresh redrew, in order."""
    seen: list[set[type]] = []
    refresh = Screen._compositor_refresh

    def recorded(screen: Screen) -> None:
        seen.append({type(widget) for widget in screen._dirty_widgets})
        refresh(screen)

    monkeypatch.setattr(Screen, "_compositor_refresh", recorded)
    return seen


@pytest.mark.parametrize("key", ["j", "k", "space", "b", "right_curly_bracket"])
async def test_the_status_line_moves_with_the_text(key: str, frames: list[set[type]]) -> None:
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = view_of(app)
        await pilot.press("space")  # away from the top, so k and b move too
        await pilot.pause(0.2)
        status = str(app.screen.query_one(StatusLine).render())
        where = (view.scroll_y, view.cursor)
        frames.clear()
        await pilot.press(key)
        await pilot.pause(0.2)
        assert (view.scroll_y, view.cursor) != where
        assert str(app.screen.query_one(StatusLine).render()) != status
        drawn = [kinds for kinds in frames if kinds]
        assert len(drawn) == 1, drawn  # the minimap's rows too, when they changed
        assert {DocumentView, StatusLine} <= drawn[0]
