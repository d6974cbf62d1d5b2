"""The reading view's map, checked the same way for plain text and Markdown: each visible
character is its source character, and any visible span's source slice holds its
characters (give or take hidden markup)."""

from __future__ import annotations

from hypothesis import strategies as st

from summitreader.text.reading_view import ReadingView
from summitreader.text.sanitize import visible


def is_subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def check_each_char_maps_to_itself(view: ReadingView, block: int) -> None:
    """Block ``block``'s visible characters: each from its own source character, in order."""
    r = view.rendered(block)
    previous = -1
    for v, ch in enumerate(r.text):
        s = r.to_source(v)
        assert s > previous  # order is kept: each character once
        previous = s
        assert visible(view.text[s]) == ch
        assert r.to_visible(s) == v


def check_a_span_holds_its_chars(view: ReadingView, data: st.DataObject) -> None:
    """A span drawn from a block with text: its source slice holds its characters."""
    blocks = [i for i in range(len(view.blocks)) if view.rendered(i).text]
    if not blocks:
        return
    r = view.rendered(data.draw(st.sampled_from(blocks)))
    a = data.draw(st.integers(0, len(r.text) - 1))
    b = data.draw(st.integers(a + 1, len(r.text)))
    source = view.text[r.to_source(a) : r.to_source(b - 1) + 1]
    # Give or take hidden markup: the visible chars appear in order, ends included.
    assert is_subsequence(r.text[a:b], visible(source))
    assert visible(source[0]) == r.text[a] and visible(source[-1]) == r.text[b - 1]
