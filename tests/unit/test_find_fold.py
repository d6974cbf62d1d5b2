"""Search folds the text piece by piece, with a table filled as characters are met: the
result must be what folding each character alone gives, wherever the pieces end."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.sources.text import Source
from summitreader.text import document as document_module
from summitreader.text import find
from summitreader.text.document import Document

CHARS = st.sampled_from([*"aZ \né—–’‘“”„ÅİıßΣσςx\u0301\u00a0ﬁ﹘", "\U0001d400", "й", "Ё"])


def by_hand(ch: str) -> str:
    """Folding as the module's docstring says: accents off, typographic marks plain."""
    plain = {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"}
    if ch in plain:
        return plain[ch]
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return plain.get(base, base) if len(base) == 1 else ch


@pytest.mark.parametrize("piece", [1, 3, 7, find.FOLD_PIECE])
@settings(max_examples=200, deadline=None)
@given(text=st.lists(CHARS, max_size=40).map("".join))
def test_folding_in_pieces_is_folding_each_character(piece, text):
    before = find.FOLD_PIECE
    find.FOLD_PIECE = piece
    try:
        folded = find.fold(text)
    finally:
        find.FOLD_PIECE = before
    assert len(folded) == len(text)
    assert folded == "".join(by_hand(ch) for ch in text)


def test_a_book_with_accents_and_quotes_folds_across_pieces():
    text = "Natásha’s “war” — Borodinó. " * 5000  # 140,000 characters: five pieces
    folded = find.fold(text)
    assert folded == 'Natasha\'s "war" - Borodino. ' * 5000


def test_ascii_is_returned_as_it_is():
    text = "plain words " * 10
    assert find.fold(text) is text


def source(text: str) -> Source:
    return Source(Path("book.txt"), "0" * 64, text, "utf-8", len(text.encode()))


def test_the_layout_thread_folds_a_book_ahead_but_not_a_huge_text(monkeypatch):
    book = Document(source("Natásha went to the ball.\n\n" * 100))
    book.make_ahead()
    assert book.__dict__.get("searchable") == "Natasha went to the ball.\n\n" * 100
    monkeypatch.setattr(document_module, "FOLD_AHEAD", 1000)
    huge = Document(source("Pierre’s letter.\n\n" * 100))
    huge.make_ahead()
    assert "searchable" not in huge.__dict__  # folded at its first search only
    assert huge.searchable.startswith("Pierre's letter.")


TEXT = st.lists(st.sampled_from([*"aAbBéÉxXжЖ \n>*"]), max_size=60).map("".join)
QUERY = st.lists(st.sampled_from([*"abéxж AB"]), min_size=1, max_size=4).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT, QUERY)
def test_a_query_that_ignores_case_finds_the_same_in_the_lower_cased_text(text, query):
    folded = find.fold(text)
    assert find.find_all(folded, query, lowered=find.lower(folded)) == find.find_all(folded, query)


def test_lower_keeps_one_character_for_one():
    text = "İstanbul ÉTÉ Жар " * 3000  # "İ" alone lower-cases to two characters
    lowered = find.lower(text)
    assert len(lowered) == len(text)
    assert lowered.startswith("İstanbul été жар ")
