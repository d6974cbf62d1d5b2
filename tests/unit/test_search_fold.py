"""A search folds 100,000 quotes: what each character folds to is kept from one quote to
the next. The result must be what folding the quote whole gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.library.search import fold
from summitreader.text.find import fold as fold_marks

LETTERS = st.sampled_from([*"aZé—’“Ǆﬁ\u0301ÅİıßẞΣσς\u00a0x ", "\U0001d400", "Ω"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(LETTERS, max_size=12).map("".join), min_size=1, max_size=5))
def test_each_quote_folds_as_it_would_alone(quotes):
    for text in quotes:  # one after another, as a search meets them
        whole = text.lower() if text.isascii() else fold_marks(text).casefold()
        assert fold(text) == whole


def test_accents_and_case_go():
    assert fold("Détente — Natásha’s") == "detente - natasha's"
