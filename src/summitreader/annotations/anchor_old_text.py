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
two places that both carry the old surroundings, or that agree equally (in nothing: the
highlight's context rewritten), make the highlight an orphan: a copy pasted with its
neighbours, or one that nothing tells from the original (the selectors hold less of the
old text than was compared, and the ordered diff pairs a copy once the original moved).
The diff's place counts only where it also agrees best.
Otherwise the selectors decide (``anchoring._in_view``), but, where the old text had the
words once, never for a place that agrees less with the old surroundings than another.
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
    # places of the words whose surroundings agree less with the old text's than another
    # place's: the selectors may not take them (they hold less of the old text)
    lesser: frozenset[Span] = frozenset()


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
            scored.append((agree.count, agree.clean, place))
    if not scored:
        return Verdict()
    scored.sort(reverse=True)
    best, clean, place = scored[0]
    second = max((agree for agree, _, _ in scored[1:]), default=0)
    twins = [t for t in olds if t[1] <= start or t[0] >= end]  # other occurrences, old
    alone = all(_clearly(best, _told(diff, t, place)) for t in twins)
    if clean and _clearly(best, second) and alone:
        return Verdict(place)  # its old neighbours came with it; no twin explains them
    tie = len(scored) > 1 and second == best
    if not twins and (second >= MOVED_CONTEXT or tie):
        return Verdict(contested=True)  # a copy carries as much of its old neighbours
    if twins:
        return Verdict()  # the diff may pair a twin with the highlight, deleted
    lesser = frozenset(p for agree, _, p in scored if agree < best)
    if paired is None:
        return Verdict(lesser=lesser)
    mine = next((agree for agree, _, p in scored if p == paired), -1)
    if all(agree < mine for agree, _, p in scored if p != paired):
        return Verdict(paired)  # the diff's place also agrees best with the old words
    return Verdict(lesser=lesser)


def _told(diff: OldToNew, twin: Span, place: Span) -> int:
    """How much of a twin's old surroundings stand around ``place``."""
    agree = diff.agreement(twin, place)
    return agree.count if agree is not None else 0
