"""Counting a text's words a piece at a time gives what one split of the whole text does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.text.words import count_words

# Words, and every kind of whitespace str.split() knows, the separators \x1c-\x1f and
# the Unicode spaces among them, so that a piece may end at any of them.
ALPHABET = st.sampled_from(list("ab’é\u4e2d") + list(" \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2003\u3000"))


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=200), st.integers(min_value=1, max_value=12))
def test_counting_in_pieces_agrees_with_one_split(text: str, chunk: int) -> None:
    assert count_words(text, chunk) == len(text.split())


def test_a_long_text_is_counted_across_many_pieces() -> None:
    text = "word " * 300_000 + "end"
    assert count_words(text, chunk=1_000) == 300_001
