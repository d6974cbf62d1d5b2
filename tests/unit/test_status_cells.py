"""The status line repaints only the cells a change touched: outside them, what was drawn
must already be what the new text draws, whatever the characters' widths."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.tui.widgets.status_line import _cells, changed_cells

TEXT = st.lists(st.sampled_from([*"ab ·¶1/%", "界", "e\u0301", "…"]), max_size=30).map("".join)


@settings(max_examples=500)
@given(TEXT, TEXT)
def test_the_cells_outside_the_span_are_drawn_the_same(old, new):
    before, after = _cells(old), _cells(new)
    width = max(len(before), len(after))
    before += [" "] * (width - len(before))
    after += [" "] * (width - len(after))
    span = changed_cells(old, new)
    if span is None:
        assert before == after
        return
    start, end = span
    painted = before[:start] + after[start:end] + before[end:]
    assert painted == after
    assert before[start] != after[start] and before[end - 1] != after[end - 1]  # no wider


def test_a_paragraph_number_that_grows_a_digit_repaints_from_it_to_the_end():
    old = " Title  ·  ¶9/13  ·  43%"
    new = " Title  ·  ¶10/13  ·  45%"
    assert changed_cells(old, new) == (old.index("9"), len(new))


def test_a_wide_character_counts_two_cells():
    assert changed_cells("界a", "界b") == (2, 3)
    assert changed_cells("same", "same") is None
