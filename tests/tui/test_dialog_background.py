"""A dialog's tinted copy of the reader below is Textual's, segment for segment, though
each style is tinted once (the reader's styles carry each cell's offset as meta)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen

from summitreader.tui.screens.dialog_base import TintedOnce

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
