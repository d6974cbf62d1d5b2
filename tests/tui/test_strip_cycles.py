"""Textual's Strip caches the one-piece division of itself inside itself (and a crop
that changes nothing), so every row the compositor ever drew could be freed only by a
full collection: with a long book and 10,000 highlights those came every 2 to 4 seconds
of keys and took 50 to 110 ms. With ``textual_private.strips_free_themselves`` a row is
freed when its last holder lets go of it."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from summitreader.tui import textual_private
from tests.support.corpus import GOMEZ
from tests.support.tui import SIZE, make_app


@pytest.fixture(autouse=True)
def as_textual_made_them():
    """Strips as Textual makes them until the test (or the app) asks otherwise."""
    Strip.divide = textual_private.TEXTUAL_DIVIDE
    Strip.crop_extend = textual_private.TEXTUAL_CROP_EXTEND
    yield
    textual_private.strips_free_themselves()  # as every app in this process leaves them


@pytest.fixture
def freeing():
    """Strips as the app makes them."""
    textual_private.strips_free_themselves()


STYLES = [None, Style(bold=True), Style(color="red"), Style(bgcolor="blue")]
SEGMENTS = st.lists(
    st.builds(
        lambda text, style: Segment(text, style),
        st.text("ab cd€漢", min_size=1, max_size=6),
        st.sampled_from(STYLES),
    ),
    max_size=6,
)


def _rows_left_in_cycles() -> list[Strip]:
    """The Strips a full collection finds unreachable now (they waited for it)."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        return [o for o in gc.garbage if isinstance(o, Strip)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def _without_collector(make) -> bool:
    """Whether what ``make`` returns is freed as soon as it is dropped, by refcounting."""
    gc.disable()
    try:
        gc.collect()
        make()
        return _rows_left_in_cycles() == []
    finally:
        gc.enable()


def test_a_row_divided_in_one_piece_is_freed_without_a_collection(freeing):
    def made() -> Strip:
        strip = Strip([Segment("hello "), Segment("world", Style(bold=True))])
        assert strip.divide([strip.cell_length]) == [strip]
        assert strip.divide([strip.cell_length]) == [strip]  # asked again, as each frame does
        return strip

    assert _without_collector(made)


def test_a_row_cropped_and_extended_to_its_own_length_is_freed_without_a_collection(freeing):
    def made() -> Strip:
        strip = Strip([Segment("hello")])
        assert strip.crop_extend(0, 5, None) is strip
        return strip

    assert _without_collector(made)


@given(segments=SEGMENTS, cuts=st.lists(st.integers(0, 40), max_size=4))
def test_division_is_textuals_own(segments, cuts):
    textual_private.strips_free_themselves()  # not the fixture: Hypothesis refuses those
    strip = Strip(segments)
    cuts = [*sorted(set(cuts)), strip.cell_length]
    ours = strip.divide(cuts)
    theirs = textual_private.TEXTUAL_DIVIDE(Strip(segments), cuts)
    assert [(s.cell_length, list(s)) for s in ours] == [(s.cell_length, list(s)) for s in theirs]


@given(segments=SEGMENTS, start=st.integers(0, 40), width=st.integers(0, 40))
def test_crop_extend_is_textuals_own(segments, start, width):
    textual_private.strips_free_themselves()
    strip = Strip(segments)
    style = Style(bgcolor="green")
    ours = strip.crop_extend(start, start + width, style)
    theirs = textual_private.TEXTUAL_CROP_EXTEND(Strip(segments), start, start + width, style)
    assert (ours.cell_length, list(ours)) == (theirs.cell_length, list(theirs))


async def test_reading_a_text_leaves_no_row_for_the_collector():
    """What the reader's keys draw is freed as it is replaced: none of it waits, in a
    cycle, for a full collection."""
    app = make_app(GOMEZ)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "k")
        await pilot.pause()
        gc.collect()
        for key in ("space", "j", "j", "b", "right_curly_bracket", "k", "space", "G", "g"):
            await pilot.press(key)
            await pilot.pause()
        assert _rows_left_in_cycles() == []
