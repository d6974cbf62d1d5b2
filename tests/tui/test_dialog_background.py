"""A dialog's tinted copy of the reader below is Textual's, segment for segment, though
each style is tinted once (the reader's styles carry each cell's offset as meta)."""

from __future__ import annotations

import io

from hypothesis import given
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen

from summitreader.tui.screens.dialog_base import Dialog, TintedOnce
from summitreader.tui.textual_private import screen_strips
from tests.support.corpus import GOMEZ
from tests.support.tui import SIZE, make_app, screen_rows

COLORS = st.sampled_from([None, "red", "#102030", "bright_white", "color(214)"])
STYLES = st.one_of(
    st.none(),
    st.builds(
        lambda fg, bg, bold, offset: (
            Style(color=fg, bgcolor=bg, bold=bold) + Style.from_meta({"offset": offset})
        ),
        COLORS,
        COLORS,
        st.booleans(),
        st.integers(0, 5),
    ),
)
SEGMENTS = st.lists(
    st.one_of(
        st.builds(Segment, st.text("ab ", max_size=3), STYLES),
        st.just(Segment("", None, [(1,)])),  # a control segment passes as it is
    ),
    max_size=30,
)


@given(SEGMENTS, st.sampled_from([Color(0, 0, 0, 0.6), Color(10, 20, 30, 0.3), Color(0, 0, 0, 0)]))
def test_each_segment_is_tinted_as_textual_tints_it(segments, color):
    assert list(TintedOnce.process_segments(segments, color)) == list(
        BackgroundScreen.process_segments(segments, color)
    )


def _background(dialog: Dialog) -> tuple[TintedOnce, str]:
    """The tinted copy of the reader that the dialog drew behind itself, and its text."""
    from rich.console import Console

    background = dialog._background
    assert isinstance(background, TintedOnce)
    console = Console(width=SIZE[0], height=SIZE[1], file=io.StringIO())
    return background, "".join(segment.text for segment in console.render(background))


async def test_a_dialog_shown_again_tints_the_reader_as_it_is_now():
    """The tinted copy is kept while a dialog shows (it drew it twice), never from one
    showing to the next: the note dialog is kept and shown again over a reader that moved."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_curly_bracket", "h", "a")
        await pilot.pause(0.3)
        kept, first = _background(app.screen)
        app.screen.refresh()
        await pilot.pause(0.2)
        assert _background(app.screen)[0] is kept  # drawn again from the kept copy
        await pilot.press("escape")
        await pilot.pause(0.2)
        rows_before = screen_rows(app)
        await pilot.press("space", "space", "right_curly_bracket", "h")
        await pilot.pause(0.3)
        rows_after = screen_rows(app)
        assert rows_after != rows_before
        await pilot.press("a")
        await pilot.pause(0.3)
        again_kept, again = _background(app.screen)
        assert again_kept is not kept
        shown = rows_after[5].strip()
        assert shown and shown in again and shown not in first


async def test_the_reader_changing_below_a_dialog_draws_no_frame(monkeypatch):
    """The dialog shows a kept copy of the reader: the reader's own refreshes below it
    (its blur as the dialog opened, a status line) drew the whole screen again, for the
    same picture. A refresh of the dialog itself still draws it."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.screen
        await pilot.press("right_curly_bracket", "a")
        await pilot.pause(0.3)
        dialog = app.screen
        assert isinstance(dialog, Dialog)
        drawn: list[int] = []
        render = dialog.render

        def counted_render():
            drawn.append(1)
            return render()

        monkeypatch.setattr(dialog, "render", counted_render)
        reader.view.refresh()
        reader.sidebar.refresh()
        await pilot.pause(0.2)
        assert drawn == []
        dialog.refresh()
        await pilot.pause(0.2)
        assert drawn


async def test_after_a_resize_the_dialog_shows_the_reader_laid_out_anew():
    """The dialog is resized before the reader below it: its copy, made then, was of the
    reader's old layout (cut off at the new width) for as long as the dialog stayed up."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_curly_bracket", "a")
        await pilot.pause(0.3)
        await pilot.resize_terminal(90, 30)
        await pilot.pause(0.5)
        background = app.screen._background
        assert isinstance(background, TintedOnce) and background._lines is not None
        shown = [strip.text for strip in background._lines[1]]  # the lines it drew
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, Dialog)
        rows = screen_rows(app)
        assert len(rows) > 10
        for y, row in enumerate(rows):  # the document pane is at the screen's left
            assert shown[y].startswith(row), f"row {y} is of another layout"


def _cells(segments) -> list[tuple[str, Style | None]]:
    return [(ch, style) for text, style, _control in segments for ch in text]


async def test_the_dialogs_lines_are_the_tinted_copy_textual_would_draw():
    """The dialog draws the screen below from its strips, not through Rich's lines: cell
    for cell, the same characters in the same styles as the tinted copy rendered."""
    from rich.console import Console

    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_curly_bracket", "h", "a")
        await pilot.pause(0.3)
        dialog = app.screen
        background = dialog._background
        assert isinstance(background, TintedOnce)
        width, height = SIZE
        console = Console(width=width, height=height, file=io.StringIO())
        options = console.options.update(height=height)
        rendered = list(console.render(background, options))
        lines = list(Segment.split_lines(rendered))
        strips = background.strips(width, height)
        assert len(strips) == height
        for y, strip in enumerate(strips):
            assert _cells(strip) == _cells(lines[y]), f"row {y}"
        assert any(ch.strip() for ch, _ in _cells(strips[5]))  # the reader's words
        # and the frame shows them: above the dialog's box, every row is the copy's (each
        # row after the first came out blank when the background was asked for per line)
        frame = [strip.text for strip in screen_strips(dialog)]
        box = next(y for y, row in enumerate(frame) if "Note" in row) - 1
        assert box > 5
        assert frame[:box] == [strip.text for strip in strips[:box]]
