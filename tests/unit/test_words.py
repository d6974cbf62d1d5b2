"""Counting a text's words a piece at a time gives what one split of the whole text does."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.text import words
from summitreader.text.words import count_words

# Words (ASCII, accented, a curly quote, Hangul and Devanagari: spaced scripts of three
# bytes, the second sharing its first byte with Thai), and every kind of whitespace
# str.split() knows, so that a piece may end at any of them.
SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
LETTERS = list("ab’é\uac00\u0905")
ALPHABET = st.sampled_from(LETTERS + SPACES)


@settings(max_examples=400, deadline=None)
@given(st.text(ALPHABET, max_size=200), st.integers(min_value=1, max_value=12))
def test_counting_in_pieces_agrees_with_one_split(text: str, chunk: int) -> None:
    assert count_words(text, chunk) == len(text.split())


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.sampled_from([*LETTERS, " ", "\n", "\t", "\x1c"]), max_size=200), st.integers(1, 12)
)
def test_the_byte_count_agrees_with_one_split(text: str, chunk: int) -> None:
    """Without whitespace beyond one byte, the encoded count is the one used."""
    assert not words._OTHER_SPACES.search(text.encode())
    assert count_words(text, chunk) == len(text.split())


def test_every_whitespace_beyond_ascii_is_known_to_the_byte_count() -> None:
    wide = [s for s in SPACES if len(s.encode()) > 1]
    assert all(words._OTHER_SPACES.fullmatch(s.encode()) for s in wide)
    narrow = bytes(ord(s) for s in SPACES if len(s.encode()) == 1)
    assert sorted(narrow) == sorted(words._ASCII_SPACES)


def test_a_long_text_is_counted_across_many_pieces() -> None:
    text = "word’s " * 300_000 + "end"
    assert count_words(text, chunk=1_000) == 300_001
    assert count_words(text + "\u3000x", chunk=1_000) == 300_002  # split, piece by piece


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("日本語の文章です。", 4),  # eight characters of Han and kana; the full stop is none
        ("统计 Python 是一种语", 1 + 3),  # a spaced word among them is one
        ("สวัสดีครับ ผม", 6),  # Thai: twelve characters
        ("한국어 문장입니다", 2),  # Korean is spaced: two words, as split says
        ("नमस्ते दुनिया", 2),  # so is Hindi, whose first byte is Thai's too
    ],
)
def test_a_script_written_without_spaces_counts_two_characters_a_word(text, expected) -> None:
    assert count_words(text) == expected
    assert count_words((text + " ") * 3_000, chunk=1_000) == expected * 3_000  # many pieces


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list("ab中文の ")), max_size=200), st.integers(1, 12))
def test_counting_a_dense_text_in_pieces_agrees_with_counting_it_whole(text, chunk) -> None:
    assert count_words(text, chunk) == count_words(text, len(text) + 1)
