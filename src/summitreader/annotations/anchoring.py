"""Selectors that describe a highlight independently of layout, and finding them again.

A highlight stores a quote selector (exact, prefix, suffix) and a position
selector (start, end), as the W3C model and the Hypothesis client do. Finding
it again in a changed text works in layers: the old position, then exact
matches of the quote, then an approximate match. The last two search a
normalised view of the text (``normalised.py``: whitespace, quote marks and
dashes made uniform, offsets mapped back exactly), so re-wrapping or a
typographer's quotes do not count as edits.

Unlike Hypothesis, every layer needs evidence, and without it the highlight is
an orphan: an orphan can be repaired by hand, a highlight on the wrong words
misleads. The evidence is the stored context (how far it still agrees, unbroken,
from the quote's edges; all of it, or all of it within the quote's paragraph,
settles a place), uniqueness (words found once are the highlight whatever
happened to their context), nearness to the old position when the words occur
more than once (and only if no occurrence would be as near by chance), and the
absence of a contradiction: the stored prefix and suffix meeting elsewhere (the
quote deleted there), the missing part of the context standing elsewhere with
more of the rest (the highlight's own neighbourhood, its words edited), or an
edited copy with as much of the context (a twin passage).

What the selectors cannot tell apart: a passage repeated with its surroundings
(two author notes that share 60 characters), when the highlighted one's own
context is rewritten or it is deleted with its paragraph; the twin then carries
the stored context as well as the original did. Only the old text can decide:
given it (``old_text``), a diff of old and new (``old_to_new.py``) says the twin
stood there already, so it is never taken.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from summitreader.annotations.anchor_approximate import _alike_elsewhere, _approximate, _rivalled
from summitreader.annotations.anchor_evidence import (
    _by_chance,
    _choose,
    _contradicted,
    _full,
    _glued,
    _inside_words,
    _nearby,
    _reach,
    _repeats_in_context,
    _supported,
    _whole_paragraph,
)
from summitreader.annotations.anchor_old_text import Verdict, by_old_text
from summitreader.annotations.anchor_rules import (
    _BREAK_AFTER,
    _BREAK_BEFORE,
    _PARAGRAPH_BREAK,
    ALONE,
    CONTEXT,
    MARGIN,
    MAX_HITS,
    STATUSES,
    UNIQUE,
    Anchor,
    Place,
    _never,
    _place,
    context_score,
    context_sides,
    selectors,
)
from summitreader.annotations.edit_distance import (
    agree_backward,
    agree_forward,
    occurrences,
    similarity,
)
from summitreader.annotations.normalised import View, normalise, view
from summitreader.annotations.old_to_new import OldToNew, old_to_new

__all__ = [
    "CONTEXT",
    "STATUSES",
    "Anchor",
    "OldToNew",
    "context_score",
    "context_sides",
    "locate",
    "occurrences",
    "old_to_new",
    "selectors",
    "similarity",
]


def _exact(
    text: str,
    q: Mapping[str, str],
    old: int,
    paragraph: Callable[[Place], bool],
    existed: Callable[[int, int], bool] = _never,
) -> list[Place]:
    """The place of the quote's exact (normalised) words; none, or several that fit about
    equally well (for an approximate match to beat, or it is an orphan).

    Words found once are the highlight whatever happened to their context, unless
    something says the old text had them twice (the context holds them, or the
    context stands elsewhere: see _contradicted). Words found more than once are
    decided by their context and the old position (_choose). Words with none of
    their context count only near the old position if they are short or repeated
    (_reach), and repeated ones only if no occurrence would be as near by chance.
    ``paragraph`` says whether a place is a paragraph of its own; ``existed`` whether a
    place is a copy that stood in the old text already (see locate), never taken.
    """
    exact = q["exact"]
    hits = occurrences(text, exact, MAX_HITS)
    m = len(exact)
    spans = [_glued(text, h, h + m, q) for h in hits]
    places = [
        _place(text, a, b, q, similar=False)
        for a, b in spans
        if not _inside_words(text, a, b, q) and not existed(a, b)
    ]
    if not places:
        return []
    if len(places) > 1:  # similarity for the best few by unbroken agreement
        places.sort(key=lambda p: (-p.rank, abs(p.start - old)))
        places[:8] = [_place(text, p.start, p.end, q, similar=True) for p in places[:8]]
        places.sort(key=lambda p: (-p.rank, abs(p.start - old)))
        chosen = _choose(text, places, q, old)
        if len(chosen) > 1:
            return chosen  # two places fit about equally well: not a guess
        best = chosen[0]
    else:
        best = places[0]
    unique = len(places) == 1
    moved = _whole_paragraph(q) and paragraph(best)  # a paragraph, moved whole
    if not _supported(text, best, q) and not _nearby(text, best, q):
        if unique and _repeats_in_context(q):
            return []  # the old text had these words twice: finding them once says little
        far = abs(best.start - old) > _reach(text, unique=unique and m >= UNIQUE)
        if far and not (unique and (m >= ALONE or moved)):
            return []  # a few or repeated words far away, none of their context near them
        if not unique and _by_chance(text, best, len(places), old):
            return []  # as near as one of so many would be by chance
    if _contradicted(text, best, q, old, unique=unique, moved=moved):
        return []  # another passage with the same words: the highlight may be edited
    return [best]


def _position_holds(text: str, start: int, end: int, quote: Mapping[str, str]) -> bool:
    """The old span still holds the quote, with all its context or as its only occurrence,
    and nothing typed onto its edges."""
    exact = quote["exact"]
    if text[start:end] != exact or _glued(text, start, end, quote) != (start, end):
        return False
    prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
    if agree_backward(text, start, prefix) == len(prefix) and agree_forward(
        text, end, suffix
    ) == len(suffix):
        return True
    return text.find(exact) == start and text.find(exact, start + 1) < 0


def _wanted(quote: Mapping[str, str]) -> dict[str, str]:
    """The quote selector normalised, with the parts of its context in the quote's own
    paragraph (``prefix_own``, ``suffix_own``): up to the nearest paragraph break."""
    prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
    q = {k: normalise(quote.get(k, "")) for k in ("exact", "prefix", "suffix")}
    before, after = _PARAGRAPH_BREAK.split(prefix), _PARAGRAPH_BREAK.split(suffix)
    # the break itself is a space in the view, merged with any whitespace beside it
    q["prefix_own"] = normalise(" " + before[-1] if len(before) > 1 else prefix)
    q["suffix_own"] = normalise(after[0] + " " if len(after) > 1 else suffix)
    return q


def _paragraph(v: View, raw: str, p: Place) -> bool:
    """The place is a paragraph of its own in the original text (blank lines around it)."""
    a, b = v.to_raw(p.start), v.to_raw(p.end)
    head, tail = raw[max(0, a - 16) : a], raw[b : b + 16]
    starts = (a == len(head) and not head.strip()) or bool(_BREAK_BEFORE.search(head))
    ends = (b + len(tail) == len(raw) and not tail.strip()) or bool(_BREAK_AFTER.match(tail))
    return starts and ends


def _in_view(
    v: View,
    raw: str,
    quote: Mapping[str, str],
    start: int,
    existed: Callable[[int, int], bool] = _never,
) -> Anchor | None:
    """The exact and approximate layers, in the normalised view; a span of the view.

    Exact words with all their context are the highlight. Otherwise every place
    that fits is weighed on one scale, the quote's similarity and its context's:
    an approximate match elsewhere, with its context, may be the highlight edited
    while the exact words are other passages saying the same. The best place
    must beat the next by MARGIN, or nothing is sure enough and it is an orphan.
    ``existed`` (spans of the view) rules out copies that stood in the old text.
    """
    q = _wanted(quote)
    if not q["exact"].strip():
        return None
    text = v.text
    old = v.to_view(start)
    exact = [
        _scored(text, p, q) for p in _exact(text, q, old, partial(_paragraph, v, raw), existed)
    ]
    if len(exact) == 1 and _full(_exact_place(text, exact[0], q), q):
        return exact[0]
    if len(exact) > 1:  # a tie among the exact places: only an approximate match may break it
        top = max(e.score for e in exact)
        exact = [e._replace(score=top) for e in exact]
    approximate, rivals = _approximate(text, q, old, existed)
    rivals += [_place(text, a.start, a.end, q, similar=False) for a in approximate]
    if len(exact) == 1 and _alike_elsewhere(text, _exact_place(text, exact[0], q), rivals, q, old):
        return None
    if len(exact) == 1 and _rivalled(
        _exact_place(text, exact[0], q),
        rivals,
        q,
        unique=len(occurrences(text, q["exact"], 2)) == 1,
    ):
        return None  # an edited copy of these words may be the highlight
    # the quote's exact words elsewhere were weighed, and not chosen, by _exact: their
    # context's likeness, short of evidence (_supported), is no reason to take them after all
    edited = [
        a
        for a in approximate
        if text[a.start : a.end] != q["exact"] or _supported(text, _exact_place(text, a, q), q)
    ]
    places = exact + [p for p in edited if all(p.end <= e.start or p.start >= e.end for e in exact)]
    places.sort(key=lambda p: -p.score)
    if not places or (len(places) > 1 and places[1].score > places[0].score - MARGIN):
        return None  # two places fit about equally well: refuse to guess
    best = places[0]
    if best not in exact:
        place = _place(text, best.start, best.end, q, similar=False)
        if _contradicted(text, place, q, old, unique=False):
            return None
    return best


def _scored(text: str, p: Place, q: Mapping[str, str]) -> Anchor:
    """An exact place as an Anchor, scored as approximate ones are (quote and context)."""
    words = text[p.start : p.end]
    sim = similarity(words, q["exact"])
    status = "moved" if words == q["exact"] else "fuzzy"  # "fuzzy": letters glued on
    if _full(p, q):
        return Anchor(status, p.start, p.end, round(sim, 3))
    return Anchor(
        status, p.start, p.end, round((5 * sim + 2 * context_score(text, p.start, p.end, q)) / 7, 3)
    )


def _exact_place(text: str, a: Anchor, q: Mapping[str, str]) -> Place:
    return _place(text, a.start, a.end, q, similar=False)


def _diff(
    old_text: str | OldToNew | None, text: str, exact: str, start: int, end: int
) -> OldToNew | None:
    """The diff of the old text and ``text``, if the old text is given and its old span
    holds the quote (else the record was not made on it, and it says nothing)."""
    if old_text is None:
        return None
    diff = old_text if isinstance(old_text, OldToNew) else old_to_new(old_text, text)
    if diff.new is not text and diff.new != text:
        return None
    if not 0 <= start < end <= len(diff.old) or normalise(diff.old[start:end]) != normalise(exact):
        return None
    return diff


def locate(
    text: str,
    quote: dict[str, str],
    position: dict[str, int],
    *,
    old_text: str | OldToNew | None = None,
) -> Anchor:
    """Find a highlight in ``text``; an orphan when no layer is sure enough.

    ``anchored``: the old span still holds the quote. ``moved``: the same words
    (whitespace and typography aside) found elsewhere or re-typed. ``fuzzy``: an
    approximate match. Never returns a span that is merely plausible.

    ``old_text``, the text the highlight was made on (or its ``OldToNew`` diff with
    ``text``, built once for all of a document's highlights), settles what the
    selectors cannot (``anchor_old_text.by_old_text``): where the old span's words stand
    unchanged, holding the quote, they are the highlight (if they were the only such
    words in the old text: a diff may pair a twin passage with the original, deleted;
    and, where the new text has them more than once, if the old words around them
    agree best there: the diff may pair a copy when the original's paragraph moved);
    where they stand more than once, the place whose surroundings clearly agree best
    with the old text's is the highlight, moved; and words that stood unchanged
    elsewhere in the old text are a copy that was there already (a twin passage),
    never the highlight. It is ignored if its old span does not hold the quote.
    """
    exact = quote.get("exact", "")
    start, end = int(position.get("start", 0)), int(position.get("end", 0))
    orphan = Anchor("orphaned", start, end, 0.0)
    if not exact:
        return orphan
    diff = _diff(old_text, text, exact, start, end)

    def existed(a: int, b: int) -> bool:
        return diff is not None and diff.existed_elsewhere(a, b, start, end)

    held = 0 <= start < end <= len(text) and _position_holds(text, start, end, quote)
    if held and not existed(start, end):
        return Anchor("anchored", start, end)
    verdict = by_old_text(diff, exact, start, end) if diff is not None else Verdict()
    if verdict.contested:
        return orphan
    span = verdict.span
    if span is not None and not existed(*span):
        return Anchor("anchored" if span == (start, end) else "moved", *span)
    v = view(text)
    in_view = (lambda a, b: existed(v.to_raw(a), v.to_raw(b))) if diff is not None else _never
    near = start if diff is None else diff.new_offset(start, end)  # the old position, now
    found = _in_view(v, text, quote, min(max(near, 0), len(text)), in_view)
    if found is None:
        return orphan
    a, b = v.to_raw(found.start), v.to_raw(found.end)
    if existed(a, b) or (a, b) in verdict.lesser:
        return orphan  # a copy that stood there already, or one the old text says is less
    if found.status == "fuzzy" and diff is not None and diff.mostly_elsewhere(a, b, start, end):
        return orphan  # edited words of a twin passage, not the highlight's
    status = found.status
    if status == "moved" and a == start and text[a:b] == exact:
        status = "anchored"
    return Anchor(status, a, b, found.score)
