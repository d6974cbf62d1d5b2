"""The stats screen's drawing: bars in eighths, and where highlights fall in a text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from summitreader.layout.stats import bar, spread, strip, tag_counts


def at(start: int, tags: list[str] = (), anchor: str = "anchored") -> dict:  # type: ignore[assignment]
    return {"position": {"start": start, "end": start + 1}, "tags": list(tags), "anchor": anchor}


def test_bars_are_in_eighths_and_a_small_count_still_shows():
    assert bar(10, 10, 4) == "████"
    assert bar(5, 10, 4) == "██"
    assert bar(1, 16, 2) == "▏"  # 1/16 of 2 cells is one eighth
    assert bar(3, 16, 2) == "▍"  # 3/16 of 16 eighths = 3 eighths (▏1 ▎2 ▍3)
    assert bar(1, 1000, 10) == "▏"  # rounds to nothing, but it is not nothing
    assert bar(0, 10, 4) == ""


@given(st.integers(0, 10_000), st.integers(1, 10_000), st.integers(1, 200))
def test_a_bar_never_overflows_and_grows_with_its_value(value, largest, width):
    value = min(value, largest)
    drawn = bar(value, largest, width)
    assert len(drawn) <= width
    assert (drawn == "") == (value == 0)
    assert len(bar(min(value + 1, largest), largest, width)) >= len(drawn)


def test_tag_counts_most_used_first_then_by_name():
    records = [at(0, ["b", "a"]), at(1, ["a"]), at(2, ["c"]), at(3, [])]
    assert tag_counts(records) == [("a", 2), ("b", 1), ("c", 1)]


def test_spread_puts_each_highlight_in_its_stretch_and_skips_orphans():
    records = [at(0), at(9), at(10), at(99), at(50, anchor="orphaned")]
    assert spread(records, 100, 10) == [2, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    assert strip([2, 1, 0, 0]) == "█▄··"
    assert strip([0, 0]) == "··"


@given(st.lists(st.integers(0, 999), max_size=50), st.integers(1, 60))
def test_spread_counts_every_anchored_highlight_once(starts, bins):
    counts = spread([at(s) for s in starts], 1000, bins)
    assert len(counts) == bins and sum(counts) == len(starts)
    assert len(strip(counts)) == bins
