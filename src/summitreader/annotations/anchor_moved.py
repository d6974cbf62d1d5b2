"""A highlight whose paragraph moved: found by the old text around it, not by the diff.

The diff of old and new keeps order, so a paragraph moved elsewhere is paired
with nothing, and words it pairs by chance in between (a "would help" here, a
"the" there) break the runs its move pass looks for. Where the highlight's words
stand unchanged more than once in the new text (a copy of the sentence pasted
into another paragraph, or a phrase that recurs), the one whose surroundings
agree, word for word and unbroken, with the old text around the highlight is its
moved block. It must beat every other place clearly, and explain that place
better than any other occurrence of the words in the old text does (a twin
passage moves with its own context); otherwise nothing is decided here.
"""

from __future__ import annotations

from summitreader.annotations.edit_distance import occurrences
from summitreader.annotations.normalised import normalise, view
from summitreader.annotations.old_to_new import OldToNew

# Words of the old context that must agree, unbroken, around the winner beyond twice what
# agrees around any other place (and twice what another old occurrence explains).
MOVED_CONTEXT = 4
# More places of the words than this (in the new text or the old) decide nothing here.
MAX_PLACES = 64


def _spans(text: str, words: str) -> list[tuple[int, int]] | None:
    """The original-text spans of ``words`` (normalised) in ``text``; None if too many."""
    v = view(text)
    hits = occurrences(v.text, words, MAX_PLACES + 1)
    if len(hits) > MAX_PLACES:
        return None
    return [(v.to_raw(h), v.to_raw(h + len(words))) for h in hits]


def _clearly(best: int, other: int) -> bool:
    return best >= 2 * other + MOVED_CONTEXT


def moved_block(diff: OldToNew, exact: str, start: int, end: int) -> tuple[int, int] | None:
    """Where old[start:end] (``exact``) went in ``diff.new``, judged by the old words
    around it; None unless one place is clearly its own."""
    words = normalise(exact)
    if not words.strip():
        return None
    places, olds = _spans(diff.new, words), _spans(diff.old, words)
    if not places or olds is None:
        return None
    scored = []
    for place in places:
        agree = diff.agreement((start, end), place)
        if agree is not None:
            scored.append((agree, place))
    if not scored:
        return None
    scored.sort(reverse=True)
    best, place = scored[0]
    if len(scored) > 1 and not _clearly(best, scored[1][0]):
        return None
    if not _clearly(best, 0):
        return None
    twins = [t for t in olds if t[1] <= start or t[0] >= end]  # other occurrences, old
    if any(not _clearly(best, diff.agreement(t, place) or 0) for t in twins):
        return None  # a twin explains this place as well: its own words, moved
    return place
