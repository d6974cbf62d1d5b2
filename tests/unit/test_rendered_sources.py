"""A row's text offsets, taken a run at a time, are each character's own ``to_source``:
for any run map (hidden markup between runs, runs out of order) and any row of it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from summitreader.text.inline import Rendered, runs_of


@st.composite
def rendered_rows(draw) -> tuple[Rendered, int, int]:
    jumps = draw(st.lists(st.integers(-3, 4), min_size=1, max_size=50))
    offs, at = [], draw(st.integers(0, 20))
    for jump in jumps:
        at = max(0, at + (jump if jump != 0 else 1))
        offs.append(at)
    run_vis, run_src = runs_of(offs)
    rendered = Rendered("x" * len(offs), run_vis, run_src)
    start = draw(st.integers(0, len(offs)))
    end = draw(st.integers(start, len(offs)))
    return rendered, start, end


@given(rendered_rows())
def test_a_run_at_a_time_is_a_character_at_a_time(case) -> None:
    rendered, start, end = case
    assert rendered.sources(start, end) == [rendered.to_source(v) for v in range(start, end)]


def test_hidden_markup_between_runs_is_skipped() -> None:
    # "*em* x": the visible "em x" comes from offsets 1, 2, then 4, 5
    rendered = Rendered("em x", [0, 2], [1, 4])
    assert rendered.sources(0, 4) == [1, 2, 4, 5]
    assert rendered.sources(1, 3) == [2, 4]
