"""How many frames an edit key draws, and what the first one holds.

A key's wait is until the last frame it causes: an edit that drew a second frame (a
scrollbar refreshed after a layout, a note stored after its dialog closed) made the reader
wait a timer period or more for it. Frames are counted where Textual writes them: each
compositor refresh of the screen on top (a screen below a dialog only passes its changes
up). Structure is asserted, never timings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from textual.screen import Screen
from textual.widgets import Label, TextArea

from summitreader.tui.screens.dialogs import NoteDialog
from summitreader.tui.screens.reader import ReaderScreen
from summitreader.tui.widgets.quiet_scrollbar import QuietScrollBar
from tests.support.corpus import EXAMPLES, GOMEZ
from tests.support.tui import SIZE, go_to_paragraph, make_app

SETTLE = 0.25  # seconds after a key for its later frames, if any, to come


@dataclass
class Frames:
    """What each frame written since ``clear`` showed: ``look`` is asked at each one."""

    look: Callable[[Screen], object] = lambda screen: None
    seen: list[tuple[Screen, list[str], object]] = field(default_factory=list)

    def clear(self) -> None:
        self.seen.clear()


@pytest.fixture
def frames(monkeypatch: pytest.MonkeyPatch) -> Frames:
    """Wraps Textual's own ``Screen._compositor_refresh``: the frames are real ones."""
    found = Frames()
    drawn = Screen._compositor_refresh

    def counted(screen: Screen) -> None:
        if screen is screen.app.screen:
            redrawn = sorted(type(w).__name__ for w in screen._dirty_widgets)
            found.seen.append((screen, redrawn, found.look(screen)))
        drawn(screen)

    monkeypatch.setattr(Screen, "_compositor_refresh", counted)
    return found


async def _press(pilot, frames: Frames, key: str) -> list[tuple[Screen, list[str], object]]:
    await pilot.pause(SETTLE)  # the frames of the keys before are out
    frames.clear()
    await pilot.press(key)
    await pilot.pause(SETTLE)
    return list(frames.seen)


@pytest.mark.parametrize("keys", [("1", "u"), ("h", "u"), ("1", "2", "u", "u")])
async def test_an_edit_key_draws_one_frame(frames: Frames, keys: tuple[str, ...]):
    """The first tag or highlight grows the sidebar's lists, which lays the screen out:
    the scrollbars' refresh after that layout came as a second frame of its own."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        for key in keys:
            seen = await _press(pilot, frames, key)
            assert len(seen) == 1, (key, [redrawn for _, redrawn, _ in seen])
            [(screen, redrawn, _)] = seen
            assert isinstance(screen, ReaderScreen)
            assert "HighlightList" in redrawn  # the edit itself is in it


async def test_saving_a_note_closes_the_dialog_and_shows_the_note_in_one_frame(frames: Frames):
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        # Tagged first: the note then changes no count in the sidebar, whose title and
        # tags list lay the screen out when they do (a layout's frame, then the repaint's).
        await pilot.press("1", "a", *"seen")
        frames.look = lambda screen: (
            [r["note"] for r in screen.annotator.records]
            if isinstance(screen, ReaderScreen)
            else None
        )
        seen = await _press(pilot, frames, "ctrl+s")
        assert [type(screen) for screen, _, _ in seen] == [ReaderScreen]
        [(_, _, notes)] = seen
        assert notes == ["seen"]  # the reader came back with the note, not before it


def _dialog_as_drawn(screen: Screen) -> tuple[str, str, bool] | None:
    """The note dialog's quote and keys line, and whether its editor has a place."""
    if not isinstance(screen, NoteDialog):
        return None
    quote = screen.query_one("#note-excerpt", Label)
    keys = screen.query_one(".dialog-keys", Label)
    editor = screen.query_one(TextArea)
    placed = all(screen.find_widget(w).region.area for w in (quote, keys, editor))
    return quote.content.plain, keys.content.plain, placed


@pytest.mark.parametrize("showing", ["first", "again"])
async def test_the_note_dialogs_first_frame_holds_its_quote_editor_and_keys(
    frames: Frames, showing: str
):
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        if showing == "again":  # the kept dialog, last shown for another paragraph
            await pilot.press("left_curly_bracket", "a", "escape")
            await pilot.pause(SETTLE)
            await pilot.press("right_curly_bracket")
        frames.look = _dialog_as_drawn
        seen = await _press(pilot, frames, "a")
        first = next(drawn for screen, _, drawn in seen if isinstance(screen, NoteDialog))
        quote, keys, placed = first
        assert quote.startswith(EXAMPLES[:40])
        assert "Save" in keys and "Cancel" in keys
        assert placed


async def test_a_layout_does_not_redraw_an_unmoved_scrollbar(frames: Frames):
    """A layout (here, a new tag in the tags list) refreshes every scrollbar; a
    QuietScrollBar whose thumb stays put is not drawn again, in that frame or after."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_paragraph(app, pilot, EXAMPLES)
        seen = await _press(pilot, frames, "1")
        assert all("QuietScrollBar" not in redrawn for _, redrawn, _ in seen)
        view_bar = app.screen.view.vertical_scrollbar
        assert isinstance(view_bar, QuietScrollBar) and view_bar.display
