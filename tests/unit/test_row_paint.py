"""A row's roles worked out span by span are the roles worked out a character at a time
(``paint_each``, the plain reading of the rules), for any highlights, matches, cursor and
selection over any row of offsets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from summitreader.layout.row_paint import RowInk, paint, paint_each

spans = st.tuples(st.integers(-5, 60), st.integers(-5, 60)).map(sorted)
colours = st.sampled_from(["#e5c07b", "#61afef", "#98c379"])


@st.composite
def rows(draw) -> tuple[list[int], RowInk]:
    # Offsets in order, with gaps (hidden markup) and repeats (one offset shown twice).
    steps = draw(st.lists(st.integers(0, 3), min_size=0, max_size=40))
    start = draw(st.integers(0, 10))
    sources = [start + sum(steps[: k + 1]) for k in range(len(steps))]
    n = len(sources)
    kinds = st.sampled_from(["em", "code"])
    inline = draw(
        st.lists(st.tuples(st.integers(-2, n + 2), st.integers(-2, n + 2), kinds), max_size=3)
    )
    marks = [(a, b, c) for (a, b), c in draw(st.lists(st.tuples(spans, colours), max_size=4))]
    found = draw(st.lists(st.tuples(spans, st.booleans()), max_size=3))
    matches = [(a, b, current) for (a, b), current in found]
    cursor = tuple(draw(spans)) if draw(st.booleans()) else None
    selection = tuple(draw(spans)) if draw(st.booleans()) else None
    return sources, RowInk(inline, marks, matches, selection, cursor)


@given(rows())
def test_span_by_span_is_character_by_character(row) -> None:
    sources, ink = row
    assert paint(sources, ink) == paint_each(sources, ink)


def test_offsets_out_of_order_are_painted_a_character_at_a_time() -> None:
    sources = [10, 11, 3, 4]  # a label drawn from an earlier offset
    ink = RowInk([], [(3, 5, "#e5c07b")], [], None, (10, 12))
    runs, on_cursor = paint(sources, ink)
    assert on_cursor
    assert runs == [(0, 2, (("cursor",),)), (2, 4, (("mark", "#e5c07b"),))]


def test_a_highlight_under_the_cursor_is_underlined_not_recoloured() -> None:
    sources = list(range(100, 110))
    ink = RowInk([(0, 3, "em")], [(102, 106, "#61afef")], [(105, 107, True)], None, (104, 108))
    runs, on_cursor = paint(sources, ink)
    assert on_cursor
    assert runs == [
        (0, 2, (("em",),)),
        (2, 3, (("em",), ("mark", "#61afef"))),
        (3, 4, (("mark", "#61afef"),)),
        (4, 5, (("mark", "#61afef"), ("cursor-on-mark",))),
        (5, 6, (("mark", "#61afef"), ("match-current",), ("cursor-on-mark",))),
        (6, 7, (("match-current",), ("cursor",))),
        (7, 8, (("cursor",),)),
        (8, 10, ()),
    ]
