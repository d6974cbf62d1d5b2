"""The pane's sorted highlights, changed one at a time, are what sorting them all gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.layout.mark_index import MarkIndex
from summitreader.layout.row_paint import Mark

COLORS = ["#e5c07b", "#61afef", "#98c379"]
marks = st.builds(
    lambda start, length, color: Mark(start, start + length, color),
    st.integers(0, 60),
    st.integers(1, 25),
    st.sampled_from(COLORS),
)
# Each step adds a mark, or removes the k-th mark present (or one never added).
steps = st.lists(
    st.one_of(st.tuples(st.just("add"), marks), st.tuples(st.just("remove"), st.integers(0, 40))),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(marks, max_size=20), steps, marks)
def test_changes_one_by_one_equal_sorting_the_marks_again(first, changes, stranger):
    index, present = MarkIndex(first), list(first)
    for action, value in changes:
        if action == "add":
            index.add(value)
            present.append(value)
        elif present and value < len(present):
            assert index.remove(present.pop(value))
        else:
            gone = stranger not in present
            assert index.remove(stranger) is not gone
            if not gone:
                present.remove(stranger)
    rebuilt = MarkIndex(present)
    assert index == rebuilt
    assert index.marks == sorted(present)
    assert index.longest == max((m.end - m.start for m in present), default=0)


@settings(max_examples=200, deadline=None)
@given(st.lists(marks, max_size=30), st.integers(0, 90), st.integers(1, 30))
def test_near_finds_every_mark_overlapping_a_span(present, lo, width):
    index, hi = MarkIndex(present), lo + width
    found = {index.marks[i] for i in index.near(lo, hi) if index.marks[i].end > lo}
    assert found == {m for m in present if m.start < hi and m.end > lo}


def test_a_mark_never_added_is_not_removed():
    index = MarkIndex([Mark(0, 5, COLORS[0])])
    assert not index.remove(Mark(0, 5, COLORS[1]))
    assert not index.remove(Mark(1, 5, COLORS[0]))
    assert index.marks == [Mark(0, 5, COLORS[0])]
