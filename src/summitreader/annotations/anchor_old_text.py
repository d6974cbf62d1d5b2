"""Where a highlight went, judged by the text it was made on: the diff, and the old words
around it.

The diff of old and new (``old_to_new.py``) keeps order. Where the highlight's words
stand once in the new text, the diff pairing the old span with them settles it. Where
they stand more than once (a copy of the sentence pasted into another paragraph, or a
phrase that recurs), the diff can be wrong: if the highlight's paragraph also moved, it
is paired with nothing, and the copy, still in order, may be paired with the old span
instead. So each place of the words is measured by how many words around it agree,
unchanged and unbroken, with the old text around the highlight (``agreement``): the
moved block carries its neighbours, a pasted copy does not. The place that agrees
clearly best wins, if it also agrees better than any other occurrence of the words in
the old text would explain (a twin passage moves with its own context). Failing that,
two places that both carry the old surroundings make the highlight an orphan (a copy
pasted with its neighbours; the selectors hold less of the old text than that, so they
cannot decide either), and the diff's place counts only where it also agrees best.
Otherwise nothing is decided here, and the selectors decide (``anchoring._in_view``).
"""

from __future__ import annotations

from typing import NamedTuple

from summitreader.annotations.edit_distance import occurrences
from summitreader.annotations.normalised import normalise, view
from summitreader.annotations.old_to_new import OldToNew

# Words of the old context that must agree, unbroken, around the winner beyond twice what
# agrees around any other place (and twice what another old occurrence explains).
MOVED_CONTEXT = 4
# More places of the words than this (in the new text or the old) decide nothing here.
MAX_PLACES = 64

Span = tuple[int, int]


def _spans(text: str, words: str) -> list[Span] | None:
    """The original-text spans of ``words`` (normalised) in ``text``; None if too many."""
    v = view(text)
    hits = occurrences(v.text, words, MAX_PLACES + 1)
    if len(hits) > MAX_PLACES:
        return None
    return [(v.to_raw(h), v.to_raw(h + len(words))) for h in hits]


def _clearly(best: int, other: int) -> bool:
    return best >= 2 * other + MOVED_CONTEXT


class Verdict(NamedTuple):
    """What the old text says: the highlight's place, or that two places carry its old
    surroundings about equally (then it is an orphan: the selectors hold less of the old
    text than was compared), or neither (the selectors decide)."""

    span: Span | None = None
    contested: bool = False


def by_old_text(diff: OldToNew, exact: str, start: int, end: int) -> Verdict:
    """Where old[start:end] (``exact``) went in ``diff.new``, if the diff or the old words
    around it say so clearly."""
    words = normalise(exact)
    places, olds = _spans(diff.new, words), _spans(diff.old, words)
    if not places or not olds:
        return Verdict()
    paired = diff.new_span(start, end)
    if paired is not None and diff.new[paired[0] : paired[1]] != exact:
        paired = None
    if len(olds) == 1 and len(places) == 1 and paired is not None:
        return Verdict(paired)  # the only such words, old and new: the diff's pairing
    scored = []
    for place in places:
        agree = diff.agreement((start, end), place)
        if agree is not None:
            scored.append((agree, place))
    if not scored:
        return Verdict()
    scored.sort(reverse=True)
    best, place = scored[0]
    second = max((agree for agree, _ in scored[1:]), default=0)
    twins = [t for t in olds if t[1] <= start or t[0] >= end]  # other occurrences, old
    if _clearly(best, second) and all(_clearly(best, diff.agreement(t, place) or 0) for t in twins):
        return Verdict(place)  # its old neighbours came with it; no twin explains them
    if not twins and second >= MOVED_CONTEXT:
        return Verdict(contested=True)  # a copy carries its old neighbours as well
    if paired is None or twins:
        return Verdict()  # the diff may pair a twin with the highlight, deleted
    mine = next((agree for agree, p in scored if p == paired), -1)
    if all(agree < mine for agree, p in scored if p != paired):
        return Verdict(paired)  # the diff's place also agrees best with the old words
    return Verdict()
