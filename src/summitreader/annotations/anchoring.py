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

import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import NamedTuple

from summitreader.annotations.edit_distance import (
    agree_backward,
    agree_forward,
    occurrences,
    similarity,
)
from summitreader.annotations.edit_distance import distances as _distances
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

CONTEXT = 32
# An approximate match may differ from the quote in at most this share of its characters...
MAX_ERROR_RATE = 0.2
# ...or in up to this share when the context on both sides agrees at least STRONG_CONTEXT:
# a quote edited by a third between untouched neighbours is still that quote.
STRONG_ERROR_RATE = 0.35
STRONG_CONTEXT = 0.75
# Below this length (in the normalised view) no approximate match is tried at all.
MIN_FUZZY_LENGTH = 8
# A quote this long (normalised) found once is trusted even where a deletion nearer the
# old position contradicts it: a sentence cut and pasted elsewhere, not a stray copy.
LONG_QUOTE = 40
# An approximate match this long (normalised) and this similar needs no context...
SELF_EVIDENT = 0.9
# ...nor does one this long within MAX_ERROR_RATE.
VERY_LONG_QUOTE = 100
# Words found once, with none of their context, are the highlight if at least this long
# (normalised); shorter ones may be another passage saying the same few words...
ALONE = 24
# ...unless this much of the far end of their stored context stands within NEARBY of them.
NEARBY_PIECE = 10
NEARBY = 4 * CONTEXT
# Context agreement (0..1) that makes a short or repeated quote trustworthy.
CONTEXT_FLOOR = 0.5
# Unbroken agreement of this many characters on one side also vouches for a place.
SUPPORT_RUN = 12
# A boundary is where the context resumes for this many characters...
SURE_RUN = 8
# ...or, among boundaries that cost the same, for this many; an approximate match's edge is
# sure where its context resumes so or the quote's own first (last) RESUMES characters stand.
RESUMES = 4
# One side of the context may be lost (a neighbour deleted) if the other agrees this well
# and the quote is this close.
ONE_SIDE_FLOOR = 0.9
ONE_SIDE_QUOTE = 0.85
# Two places closer than this in score (quote and context similarity) are too alike to
# choose between.
MARGIN = 0.05
# The same for exact matches of a repeated quote, on the _rank scale (0..1.25).
EXACT_MARGIN = 0.2
# Between equally good places the nearest wins only if the next is this many times as far.
NEARER = 3
# Words without any of their context, short or repeated, count only this near the old
# position: an edit elsewhere shifts text by a share of its length, not across it.
NEAR_MIN = 512
NEAR_UNIQUE = 4096  # for words found once, at least UNIQUE characters long
UNIQUE = 12
# Repeated words without context are not believed nearest the old position if one of
# so many occurrences would be that near by chance with this probability.
CHANCE = 0.01
NEAR_SHARE = 0.02
ALONE_SHARE = 0.05
# A boundary takes in at most this many characters glued to it (no space between) when
# the stored context resumes right past them: "tv" typed onto "Trump" belongs to the word.
GLUE = 4
MAX_HITS = 5000
# Words inserted between a quote and its old context: up to this many characters.
INSERTED = 256
# A piece of the stored context this long (stripped) is evidence where it stands.
PIECE = 12
# An edited copy with this many characters less of unbroken context than the exact words
# still rivals them.
RIVAL_SLACK = 8
# Seeds: pieces of the quote searched for exactly, to find where an edited quote went.
SEED_PIECES = 5
SEED_MAX_HITS = 16
MAX_CANDIDATES = 6
STATUSES = ("anchored", "moved", "fuzzy", "orphaned")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_BREAK_BEFORE = re.compile(r"\n[^\S\n]*\n[^\S\n]*\Z")
_BREAK_AFTER = re.compile(r"[^\S\n]*\n[^\S\n]*\n")


class Anchor(NamedTuple):
    status: str  # one of STATUSES
    start: int
    end: int
    score: float = 1.0


class Place(NamedTuple):
    """A span of the normalised view and how its surroundings agree with the stored context."""

    start: int
    end: int
    left: int  # characters of the prefix that end right at start, unbroken
    right: int  # characters of the suffix that begin right at end, unbroken
    rank: float  # _rank: unbroken agreement, then similarity


def selectors(text: str, start: int, end: int) -> tuple[dict[str, str], dict[str, int]]:
    """Quote and position selectors for text[start:end]."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"bad span {start}..{end} for a text of {len(text)} characters")
    quote = {
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT) : start],
        "suffix": text[end : end + CONTEXT],
    }
    return quote, {"start": start, "end": end}


def context_sides(text: str, start: int, end: int, quote: Mapping[str, str]) -> list[float]:
    """How well the text before and after text[start:end] agrees with the stored context."""
    prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
    sides: list[float] = []
    if prefix:
        sides.append(similarity(text[max(0, start - len(prefix)) : start], prefix))
    elif start == 0:
        sides.append(1.0)
    if suffix:
        sides.append(similarity(text[end : end + len(suffix)], suffix))
    elif end == len(text):
        sides.append(1.0)
    return sides


def context_score(text: str, start: int, end: int, quote: Mapping[str, str]) -> float:
    sides = context_sides(text, start, end, quote)
    return sum(sides) / len(sides) if sides else 0.0


# evidence -----------------------------------------------------------------------


def _never(start: int, end: int) -> bool:
    """No place is a copy that stood in the old text (the old text is not known)."""
    return False


def _place(text: str, start: int, end: int, q: Mapping[str, str], *, similar: bool) -> Place:
    """How far the context agrees unbroken from the quote's edges, then its similarity.

    Similarity alone can prefer a sibling passage whose context differs by one
    character all along (chapter 1 versus chapter 2) over the true place, whose
    context was cut right at one edge; unbroken agreement tells them apart.
    """
    prefix, suffix = q["prefix"], q["suffix"]
    left, right = agree_backward(text, start, prefix), agree_forward(text, end, suffix)
    span = len(prefix) + len(suffix)
    rank = (left + right) / span if span else 0.0
    if similar:
        rank += 0.25 * context_score(text, start, end, q)
    return Place(start, end, left, right, rank)


def _full(p: Place, q: Mapping[str, str]) -> bool:
    return p.left == len(q["prefix"]) and p.right == len(q["suffix"])


def _full_own(p: Place, q: Mapping[str, str]) -> bool:
    """All the stored context within the quote's own paragraph agrees (its neighbours may
    have moved), and that is at least a few words' worth."""
    own = len(q["prefix_own"]), len(q["suffix_own"])
    return p.left >= own[0] and p.right >= own[1] and sum(own) >= CONTEXT // 2


def _supported(text: str, p: Place, q: Mapping[str, str]) -> bool:
    """Some of the stored context is still next to this place."""
    if max(p.left, p.right) >= SUPPORT_RUN or _full(p, q):
        return True
    return context_score(text, p.start, p.end, q) >= CONTEXT_FLOOR


def _repeats_in_context(q: Mapping[str, str]) -> bool:
    """The stored context holds the quote's words again: the old text had them twice."""
    exact = q["exact"]
    return exact in q["prefix"] + exact[:-1] or exact in exact[1:] + q["suffix"]


def _deleted_at(text: str, q: Mapping[str, str]) -> list[int]:
    """Where the stored prefix and suffix now meet with nothing between: where the quote
    was deleted from (or where the prefix ends as the quote does, inside a match)."""
    prefix, suffix = q["prefix"], q["suffix"]
    if len(prefix.strip()) < 6 or len(suffix.strip()) < 6:
        return []
    tail = prefix[-12:]
    offset = len(normalise(tail))
    return [h + offset for h in occurrences(text, normalise(tail + suffix[:12]), 64)]


def _whole_paragraph(q: Mapping[str, str]) -> bool:
    """The quote was a paragraph of its own: its stored context ends and begins at breaks."""
    return not q["prefix_own"].strip() and not q["suffix_own"].strip()


def _context_elsewhere(text: str, p: Place, q: Mapping[str, str], *, weak: bool) -> bool:
    """The stored context that ``p`` lacks stands, with as much of the rest, elsewhere.

    The part of the prefix beyond what still agrees next to ``p``, found elsewhere
    than a little before ``p`` (words may have been inserted in between; likewise
    the suffix after it), where the stored context agrees more than it does around
    ``p`` (_support_at), and more: there is the highlight's own neighbourhood, with its quote
    edited beyond recognition or gone, and ``p`` is another passage with the same
    words (a twin sentence whose context agrees in part). A side that agrees in
    full, or up to a paragraph break (paragraphs move), says nothing, nor does a
    piece too short to tell from common words. With ``weak`` (no side agrees for
    SUPPORT_RUN characters) the whole prefix and suffix are looked for as well.
    """
    prefix, suffix = q["prefix"], q["suffix"]
    sides = (
        (prefix, p.left, len(q["prefix_own"]), p.start, True),
        (suffix, p.right, len(q["suffix_own"]), p.end, False),
    )
    for context, agree, own, edge, before in sides:
        if agree == len(context) or own <= agree:
            continue  # agrees in full, or up to a paragraph break
        rest = context[: len(context) - agree] if before else context[agree:]
        pieces = [(rest, agree)]
        if weak and agree:
            pieces.append((context, 0))
        for piece, shift in pieces:
            if len(piece.strip()) < PIECE:
                continue
            anchor = edge - shift if before else edge + shift
            found = occurrences(text, piece, 4)
            gaps = [anchor - (x + len(piece)) if before else x - anchor for x in found]
            if any(0 <= gap <= INSERTED for gap in gaps):
                continue  # found where it could be p's, words inserted between
            for x in found:  # where the quote would start (end) if this were its context
                there = x + len(piece) + shift if before else x - shift
                if _support_at(text, q, there, len(q["exact"]), before=before) > p.left + p.right:
                    return True
    return False


def _support_at(text: str, q: Mapping[str, str], edge: int, m: int, *, before: bool) -> int:
    """How much of the stored context agrees around a quote (about ``m`` long, perhaps
    edited) that would start at ``edge`` (``before``) or end there."""
    prefix, suffix = q["prefix"], q["suffix"]
    slack = m // 3 + 4
    if before:
        known, piece = agree_backward(text, edge, prefix), suffix[: RESUMES * 2]
        x = text.find(piece, max(edge, edge + m - slack), edge + m + slack + len(piece))
        return known + (agree_forward(text, x, suffix) if piece.strip() and x >= 0 else 0)
    known, piece = agree_forward(text, edge, suffix), prefix[-RESUMES * 2 :]
    x = text.rfind(piece, max(0, edge - m - slack - len(piece)), max(0, edge - m + slack))
    return known + (agree_backward(text, x + len(piece), prefix) if piece.strip() and x >= 0 else 0)


def _gap_wins(text: str, gap: int, p: Place, q: Mapping[str, str], old: int) -> bool:
    """The stored context meets at ``gap`` at least as fully as it stands around ``p``
    (and, as fully, nearer the old position): the quote was deleted there."""
    if p.start <= gap <= p.end:
        return False
    prefix, suffix = q["prefix"], q["suffix"]
    there = agree_backward(text, gap, prefix) + agree_forward(text, gap, suffix)
    if prefix.endswith(" ") and suffix.startswith(" ") and gap and text[gap - 1] == " ":
        # the view made the two spaces that met one: it belongs to both sides
        there = max(there, agree_backward(text, gap, prefix) + agree_forward(text, gap - 1, suffix))
    here = p.left + p.right
    return there > here or (there == here and abs(gap - old) < abs(p.start - old))


def _contradicted(
    text: str, p: Place, q: Mapping[str, str], old: int, *, unique: bool, moved: bool = False
) -> bool:
    """Evidence that ``p`` is another passage with the same words, not the highlight.

    The stored prefix and suffix meeting elsewhere, as fully as they stand around
    ``p``, say the quote was deleted there. The stored context that ``p`` lacks
    standing elsewhere says the same: the highlight's neighbourhood is there, with
    the quote edited beyond recognition or gone. A unique quote that was a whole
    paragraph, or long enough to stand alone (ALONE), with none of its old context,
    is exempt: that is a paragraph moved elsewhere, which also leaves its old
    neighbours meeting.
    """
    if unique and (moved or len(q["exact"]) >= ALONE) and not _supported(text, p, q):
        return False  # a paragraph moved whole: its old neighbours meet where it was
    if any(_gap_wins(text, gap, p, q, old) for gap in _deleted_at(text, q)):
        return True
    return _context_elsewhere(text, p, q, weak=max(p.left, p.right) < SUPPORT_RUN)


def _nearest(places: list[Place], old: int) -> Place | None:
    """The place nearest ``old``, if every other one is clearly farther."""
    by_distance = sorted(places, key=lambda p: abs(p.start - old))
    first = abs(by_distance[0].start - old)
    second = abs(by_distance[1].start - old)
    return by_distance[0] if NEARER * first + CONTEXT < second else None


def _nearby(text: str, p: Place, q: Mapping[str, str]) -> bool:
    """The far end of the stored prefix stands a little before ``p``, or of the suffix a
    little after it: the words next to the quote were rewritten, not all of its context."""
    head, tail = q["prefix"][:NEARBY_PIECE], q["suffix"][-NEARBY_PIECE:]
    if (
        len(head.strip()) == NEARBY_PIECE
        and text.find(head, max(0, p.start - NEARBY), p.start) >= 0
    ):
        return True
    return len(tail.strip()) == NEARBY_PIECE and text.find(tail, p.end, p.end + NEARBY) >= 0


def _reach(text: str, *, unique: bool) -> float:
    """How far from the old position words without any of their context are believed:
    about as far as edits elsewhere shift a passage; less for repeated words."""
    if unique:
        return max(NEAR_UNIQUE, ALONE_SHARE * len(text))
    return max(NEAR_MIN, NEAR_SHARE * len(text))


def _glued(text: str, start: int, end: int, q: Mapping[str, str]) -> tuple[int, int]:
    """Take in characters typed onto an edge of the quote whose context does not agree: up
    to where that context resumes, if the other edge's agrees as it is ("tv" typed onto
    "Trump"); else up to the next space, when the quote's edge there was punctuation
    with a space beside it (a letter or closing quote mark typed after "achieved.")."""
    exact, prefix, suffix = q["exact"], q["prefix"], q["suffix"]
    need_p, need_s = min(RESUMES, len(prefix)), min(RESUMES, len(suffix))
    # an edge is sure where its context agrees for SURE_RUN, or up to a paragraph break
    left = agree_backward(text, start, prefix)
    right = agree_forward(text, end, suffix)
    left_ok = left >= min(SURE_RUN, len(prefix), len(q.get("prefix_own", prefix)))
    right_ok = right >= min(SURE_RUN, len(suffix), len(q.get("suffix_own", suffix)))
    new_start, new_end = start, end
    if not left_ok:
        k = 0
        while k < GLUE and start - k > 0 and not text[start - k - 1].isspace():
            k += 1
            if right_ok and agree_backward(text, start - k, prefix) >= need_p:
                return start - k, end
        at_space = start - k in (0, -1) or text[start - k - 1].isspace()
        if at_space and k and not exact[0].isalnum() and not prefix[-1:].strip():
            new_start = start - k
    if not right_ok:
        k = 0
        while k < GLUE and end + k < len(text) and not text[end + k].isspace():
            k += 1
            if left_ok and agree_forward(text, end + k, suffix) >= need_s:
                return start, end + k
        at_space = end + k == len(text) or text[end + k].isspace()
        if at_space and k and not exact[-1].isalnum() and not suffix[:1].strip():
            new_end = end + k
    return new_start, new_end


def _inside_words(text: str, start: int, end: int, q: Mapping[str, str]) -> bool:
    """The span cuts a word that the quote began or ended cleanly: "it" in "summit"."""
    exact, prefix, suffix = q["exact"], q["prefix"], q["suffix"]
    head = exact[0].isalnum() and not prefix[-1:].isalnum()
    if head and start > 0 and text[start - 1].isalnum():
        return True
    tail = exact[-1].isalnum() and not suffix[:1].isalnum()
    return tail and end < len(text) and text[end].isalnum()


# the layers -----------------------------------------------------------------------


def _nearer(text: str, best: Place, places: list[Place], old: int) -> list[Place]:
    """Places nearer the old position than ``best``, and within _reach of it."""
    far = min(abs(best.start - old), _reach(text, unique=False))
    return [p for p in places if abs(p.start - old) < far]


def _choose(text: str, places: list[Place], q: Mapping[str, str], old: int) -> list[Place]:
    """One of several places of the same words, or those too alike to choose between.

    The one place with all its context (else all of it within the quote's paragraph:
    paragraphs move) wins: a copy elsewhere does not make the
    original ambiguous, and words whose context is untouched are never orphaned
    (even where a twin with most of that context stands nearer). Otherwise context that
    is evidence (_supported) wins if it beats the rest by EXACT_MARGIN and no other
    place is nearer the old position: the words may be a twin passage's, its context
    agreeing in part, and the highlight the nearer one with its context rewritten.
    Places without such context are told apart by the old position alone, if one
    is clearly the nearest.
    """
    full = [p for p in places if _full(p, q)] or [p for p in places if _full_own(p, q)]
    if len(full) == 1:
        return full
    if len(full) > 1:
        nearest = _nearest(full, old)
        return [nearest] if nearest else full
    best = places[0]
    if not _supported(text, best, q):
        nearest = _nearest(places, old)
        return [nearest] if nearest else places
    contenders = [p for p in places if p.rank > best.rank - EXACT_MARGIN]
    if len(contenders) == 1:
        return [best, *_nearer(text, best, places, old)[:1]]
    nearest = _nearest(contenders, old)
    return [nearest] if nearest else contenders


def _by_chance(text: str, best: Place, count: int, old: int) -> bool:
    """One of ``count`` occurrences would fall this near the old position by chance with
    a probability of CHANCE or more: nearness is no evidence."""
    return 2 * abs(best.start - old) * count >= CHANCE * len(text)


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


def _seeds(exact: str, q: Mapping[str, str]) -> list[tuple[str, int]]:
    """Pieces of the quote (and its context edges) with their offset from the quote's start."""
    m = len(exact)
    size = max(6, min(32, m // SEED_PIECES))
    step = max(size, (m - size) // max(1, SEED_PIECES - 1))
    seeds = [(exact[i : i + size], i) for i in range(0, max(1, m - size + 1), step)]
    seeds.append((exact[m - size :], m - size))
    prefix, suffix = q["prefix"], q["suffix"]
    if len(prefix) >= 8:
        tail = prefix[-16:]
        seeds.append((tail, -len(tail)))
    if len(suffix) >= 8:
        seeds.append((suffix[:16], m))
    return seeds


def _candidates(text: str, exact: str, q: Mapping[str, str], old: int) -> list[int]:
    """Likely start positions of an edited quote, most supported first."""
    slack = max(2, int(len(exact) * MAX_ERROR_RATE))
    votes: dict[int, int] = {}
    for piece, offset in _seeds(exact, q):
        hits = occurrences(text, piece, SEED_MAX_HITS + 1)
        if not hits or len(hits) > SEED_MAX_HITS:
            continue  # absent, or too common to say anything
        for h in hits:
            bucket = (h - offset) // slack
            votes[bucket] = votes.get(bucket, 0) + 1
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], abs(kv[0] * slack - old)))
    if ranked and ranked[0][1] >= 3:  # a well-supported place: lone seed hits are noise
        ranked = [kv for kv in ranked if kv[1] >= 2]
    return [bucket * slack for bucket, _ in ranked[:MAX_CANDIDATES]]


def _align(text: str, exact: str, q: Mapping[str, str], guess: int) -> tuple[int, int, int]:
    """The span near ``guess`` that is closest to ``exact``: (start, end, edit distance).

    Where the quote's first or last word was changed, several boundaries cost
    about the same; the one where the stored prefix ends or the suffix begins
    wins, which is where a reader would say the passage begins and ends. A
    boundary moves only within the word it falls in (see _snap), so it never
    takes in whitespace or whole words inserted next to the quote.
    """
    m = len(exact)
    slack = int(m * STRONG_ERROR_RATE) + m // 10 + 4
    lo, hi = max(0, guess - slack), min(len(text), guess + m + 2 * slack)
    window = text[lo:hi]
    prefix, suffix = q["prefix"], q["suffix"]
    ends = _distances(exact, window, anchored_start=False)
    best = min(ends)
    after = partial(agree_forward, window, suffix=suffix)
    end = _boundary(
        [(j + 1, d) for j, d in enumerate(ends) if d <= best + 2], after, guess - lo + m
    )[0]
    end = _snap(
        window,
        end,
        after,
        len(suffix),
        lambda j: ends[j - 1] if j else m,
        whole=not suffix[:1].strip(),
        forward=True,
    )
    if end <= 0:
        return lo, lo, m
    backwards = _distances(exact[::-1], window[:end][::-1], anchored_start=False)
    low = min(backwards)
    before = partial(agree_backward, window, prefix=prefix)
    start = _boundary(
        [(end - (j + 1), d) for j, d in enumerate(backwards) if d <= low + 2], before, guess - lo
    )[0]
    start = _snap(
        window,
        start,
        before,
        len(prefix),
        lambda i: backwards[end - i - 1] if i < end else m,
        whole=not prefix[-1:].strip(),
        forward=False,
    )
    if not exact[-1].isspace():
        while end > start and window[end - 1].isspace():
            end -= 1
    if not exact[0].isspace():
        while start < end and window[start].isspace():
            start += 1
    distance = _distances(exact, window[start:end], anchored_start=True)[-1] if end > start else m
    return lo + start, lo + end, distance


def _boundary(
    options: list[tuple[int, int]], agreement: Callable[[int], int], expected: int
) -> tuple[int, int]:
    """Pick (position, distance): where the context resumes, else the cheapest."""
    return min(
        options,
        key=lambda o: (agreement(o[0]) < RESUMES, o[1], abs(o[0] - expected)),
    )


def _snap(
    window: str,
    at: int,
    agreement: Callable[[int], int],
    context: int,
    cost: Callable[[int], int],
    *,
    whole: bool,
    forward: bool,
) -> int:
    """A boundary moved within the word it cuts, never across whitespace: to where the
    context resumes, else (if the quote's edge was a word's, ``whole``) to the cheaper
    edge of that word, the far one on a tie.

    A last word replaced by a longer one ("he" by "Statese") costs more to take in
    than to cut, but the suffix resumes after it; letters typed onto it
    ("achievexm") cost the same either way, and belong to it.
    """
    need = min(SURE_RUN, context)
    if need and agreement(at) >= need:
        return at
    left = at
    while left > 0 and at - left < 2 * GLUE and not window[left - 1].isspace():
        left -= 1
    right = at
    while right < len(window) and right - at < 2 * GLUE and not window[right].isspace():
        right += 1
    if need:
        for j in sorted(range(left, right + 1), key=lambda j: abs(j - at)):
            if agreement(j) >= need:
                return j
    if not whole or left == at or right == at:
        return at  # not inside a word
    outward, inward = (right, left) if forward else (left, right)
    return inward if cost(inward) < cost(outward) else outward


def _vouched(sides: list[float], quote_sim: float, q: Mapping[str, str]) -> bool:
    """Whether an approximate match is evidence enough, by its context or by itself.

    Both sides of the context agreeing is enough; strongly if the quote was edited
    by more than MAX_ERROR_RATE, and for a short quote within its own paragraph too
    (a side across a paragraph break says only that a paragraph begins or ends
    there, as the neighbour of a deleted paragraph does). One side agreeing fully
    is enough when the quote is close, unless the stored context itself recurs
    inside the quote: then the passage repeats (a refrain, a litany) and a sibling
    could stand in for a deleted original, so both sides must agree. A long quote
    nearly intact vouches for itself: such a run of words does not recur by
    chance (a near-copy would be a rival, and the caller refuses to choose).
    """
    m = len(q["exact"])
    if (m >= LONG_QUOTE and quote_sim >= SELF_EVIDENT) or (
        m >= VERY_LONG_QUOTE and (quote_sim >= 1.0 - MAX_ERROR_RATE)
    ):
        return True
    if not sides:
        return False
    if quote_sim < 1.0 - MAX_ERROR_RATE:
        within = q["prefix_own"].strip() and q["suffix_own"].strip()
        if not within and len(q["exact"]) < LONG_QUOTE:
            return False
        return len(sides) == 2 and min(sides) >= STRONG_CONTEXT
    if min(sides) >= CONTEXT_FLOOR:
        return True
    if max(sides) < ONE_SIDE_FLOOR or quote_sim < ONE_SIDE_QUOTE:
        return False
    exact = q["exact"]
    for context in (q["prefix"], q["suffix"]):
        part = context.strip()[-16:] if context is q["prefix"] else context.strip()[:16]
        if len(part) >= 8 and min(_distances(part, exact, anchored_start=False)) <= len(part) // 5:
            return False
    return True


def _edges_sure(text: str, start: int, end: int, q: Mapping[str, str]) -> bool:
    """Each edge of an approximate match has its context resuming there, or the quote's own
    first (last) characters intact, or, where the quote began (ended) its paragraph, a
    paragraph break there and the quote's first (last) character."""
    exact, prefix, suffix = q["exact"], q["prefix"], q["suffix"]
    k = min(RESUMES, len(exact))
    own_p, own_s = q.get("prefix_own", prefix), q.get("suffix_own", suffix)
    before = agree_backward(text, start, prefix)
    after = agree_forward(text, end, suffix)
    head = before >= min(RESUMES, len(prefix)) if prefix else start == 0
    tail = after >= min(RESUMES, len(suffix)) if suffix else end == len(text)
    head = head or text[start : start + k] == exact[:k]
    tail = tail or text[end - k : end] == exact[-k:]
    if prefix and not own_p.strip() and before >= len(own_p):
        head = head or text[start : start + 1] == exact[:1]  # a paragraph began with it
    if suffix and not own_s.strip() and after >= len(own_s):
        tail = tail or text[end - 1 : end] == exact[-1:]  # a paragraph ended with it
    return head and tail


def _approximate(
    text: str,
    q: Mapping[str, str],
    old: int,
    existed: Callable[[int, int], bool] = _never,
) -> tuple[list[Anchor], list[Place]]:
    """Approximate matches that their context vouches for, one per place, best first; and
    the rest of the close ones (edges unsure or context too weak to vouch), as rivals."""
    exact = q["exact"]
    m = len(exact)
    if m < MIN_FUZZY_LENGTH:
        return [], []
    found: list[Anchor] = []
    rivals: list[Place] = []
    for guess in _candidates(text, exact, q, old):
        start, end, distance = _align(text, exact, q, guess)
        if end <= start or existed(start, end):
            continue
        quote_sim = 1.0 - distance / m
        if quote_sim < 1.0 - STRONG_ERROR_RATE:
            continue
        sides = context_sides(text, start, end, q)
        if not _edges_sure(text, start, end, q) or not _vouched(sides, quote_sim, q):
            # the quote's edge and its context both changed (where does it end?), or
            # changed words in a changed place: too likely to be other words
            rivals.append(_place(text, start, end, q, similar=False))
            continue
        score = round((5 * quote_sim + 2 * sum(sides) / len(sides)) / 7, 3)
        here = Anchor("fuzzy", start, end, score)
        same = [i for i, f in enumerate(found) if abs(f.start - start) < m // 2]
        if not same:
            found.append(here)
        elif score > found[same[0]].score:
            found[same[0]] = here
    return sorted(found, key=lambda f: -f.score), rivals


def _alike_elsewhere(
    text: str, p: Place, rivals: list[Place], q: Mapping[str, str], old: int
) -> bool:
    """A few words found once, none of their context near them, with words like them
    elsewhere (a phrase the text keeps saying): found once is then no evidence, and as
    repeated words they are as near the old position as one of them would be by chance."""
    if len(q["exact"]) >= ALONE or _supported(text, p, q) or _nearby(text, p, q):
        return False
    alike = [r for r in rivals if r.end <= p.start or r.start >= p.end]
    if not alike or len(occurrences(text, q["exact"], 2)) > 1:
        return False
    return _by_chance(text, p, 1 + len(alike), old)


def _rivalled(p: Place, rivals: list[Place], q: Mapping[str, str], *, unique: bool) -> bool:
    """An edited copy of the words elsewhere has about as much of the stored context as the
    exact words at ``p``: the highlight may be that copy, edited, and ``p`` its twin.

    Words found once are the highlight whatever happened to their context (issue 21's
    rule), so against them only an edited copy with all of its context, or most of it
    (STRONG_CONTEXT) and clearly more than ``p``, counts: that is the highlight's own
    place, its words edited, and ``p`` a twin passage elsewhere.
    """
    mine = p.left + p.right
    most = STRONG_CONTEXT * (len(q["prefix"]) + len(q["suffix"]))
    return any(
        (r.end <= p.start or r.start >= p.end)
        and (
            _full(r, q) or r.left + r.right >= max(most, mine + RIVAL_SLACK)
            if unique
            else r.left + r.right >= max(2 * SUPPORT_RUN, mine - RIVAL_SLACK)
        )
        for r in rivals
    )


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
    places = exact + [
        p for p in approximate if all(p.end <= e.start or p.start >= e.end for e in exact)
    ]
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
    selectors cannot: where the old span's words stand unchanged, holding the quote,
    they are the highlight (if they were the only such words in the old text: a diff
    may pair a twin passage with the original, deleted); and words that stood
    unchanged elsewhere in the old text are a copy that was there already (a twin
    passage), never the highlight. It is ignored if its old span does not hold the
    quote.
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
    if diff is not None:
        span = diff.new_span(start, end)
        once = len(occurrences(view(diff.old).text, normalise(exact), 2)) == 1
        if span is not None and text[span[0] : span[1]] == exact and once:
            return Anchor("anchored" if span == (start, end) else "moved", *span)
    v = view(text)
    in_view = (lambda a, b: existed(v.to_raw(a), v.to_raw(b))) if diff is not None else _never
    found = _in_view(v, text, quote, min(max(start, 0), len(text)), in_view)
    if found is None:
        return orphan
    a, b = v.to_raw(found.start), v.to_raw(found.end)
    if existed(a, b):
        return orphan
    status = found.status
    if status == "moved" and a == start and text[a:b] == exact:
        status = "anchored"
    return Anchor(status, a, b, found.score)
