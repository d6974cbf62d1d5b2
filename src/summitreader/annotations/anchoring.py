"""Selectors that describe a highlight independently of layout, and finding them again.

A highlight stores a quote selector (exact, prefix, suffix) and a position
selector (start, end), as the W3C model and the Hypothesis client do. Finding
it again in a changed text works in layers: the old position, then exact
matches of the quote, then an approximate match. Unlike Hypothesis, the
approximate layer has a floor: below it the highlight is an orphan, because
an orphan can be repaired by hand and a highlight on the wrong words misleads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

CONTEXT = 32
# An approximate match may differ from the quote in at most this share of its characters.
MAX_ERROR_RATE = 0.2
# Quotes shorter than this are too easily found by chance: they need their context to agree.
SHORT_QUOTE = 32
# Below this length no approximate match is tried at all.
MIN_FUZZY_LENGTH = 12
# Context agreement (0..1) that makes a short or repeated quote trustworthy.
CONTEXT_FLOOR = 0.5
# One side of the context may be lost (a neighbour deleted) if the other agrees this well
# and the quote is this close.
ONE_SIDE_FLOOR = 0.9
ONE_SIDE_QUOTE = 0.85
# Two approximate candidates closer than this in score are too alike to choose between.
AMBIGUITY_MARGIN = 0.03
# The same for exact matches of a repeated quote, on the _rank scale (0..1.25).
EXACT_MARGIN = 0.2
# Seeds: pieces of the quote searched for exactly, to find where an edited quote went.
SEED_PIECES = 5
SEED_MAX_HITS = 16
MAX_CANDIDATES = 6
STATUSES = ("anchored", "moved", "fuzzy", "orphaned")


class Anchor(NamedTuple):
    status: str  # one of STATUSES
    start: int
    end: int
    score: float = 1.0


AMBIGUOUS = Anchor("orphaned", -1, -1, 0.0)  # _exact's answer when several places fit


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


# edit distance ----------------------------------------------------------------


def _distances(pattern: str, text: str, *, anchored_start: bool) -> list[int]:
    """Edit distance of ``pattern`` to text ending at each position 1..len(text).

    Myers' bit-parallel algorithm with Python ints as bit vectors, so the cost
    is a few integer operations per text character whatever the quote length.
    With ``anchored_start`` the match must begin at text[0] (plain Levenshtein
    against each prefix of text); otherwise it may begin anywhere.
    """
    m = len(pattern)
    if m == 0:
        return list(range(1, len(text) + 1)) if anchored_start else [0] * len(text)
    peq: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    out: list[int] = []
    carry = 1 if anchored_start else 0
    for ch in text:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        out.append(score)
    return out


def similarity(a: str, b: str) -> float:
    """1 minus the Levenshtein distance over the longer length; 1.0 for two empty strings."""
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return 1.0 - _distances(a, b, anchored_start=True)[-1] / max(len(a), len(b))


def context_sides(text: str, start: int, end: int, quote: dict[str, str]) -> list[float]:
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


def context_score(text: str, start: int, end: int, quote: dict[str, str]) -> float:
    sides = context_sides(text, start, end, quote)
    return sum(sides) / len(sides) if sides else 0.0


# the layers -------------------------------------------------------------------


def occurrences(text: str, needle: str, limit: int) -> list[int]:
    """Start offsets of ``needle`` in ``text`` (overlapping ones too), at most ``limit``."""
    hits: list[int] = []
    i = text.find(needle)
    while i >= 0 and len(hits) < limit:
        hits.append(i)
        i = text.find(needle, i + 1)
    return hits


def _rank(text: str, start: int, end: int, quote: dict[str, str], ctx: float) -> float:
    """How far the context agrees unbroken from the quote's edges, then its similarity ``ctx``.

    Similarity alone can prefer a sibling passage whose context differs by one
    character all along (chapter 1 versus chapter 2) over the true place, whose
    context was cut right at one edge; unbroken agreement tells them apart.
    """
    prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
    span = len(prefix) + len(suffix)
    runs = _agree_backward(text, start, prefix) + _agree_forward(text, end, suffix)
    return (runs / span if span else 0.0) + 0.25 * ctx


def _exact(text: str, quote: dict[str, str], old_start: int) -> Anchor | None:
    exact = quote["exact"]
    hits = occurrences(text, exact, 1000)
    if not hits:
        return None
    m = len(exact)
    scored = []
    for h in hits:
        ctx = context_score(text, h, h + m, quote)
        rank = _rank(text, h, h + m, quote, ctx) if len(hits) > 1 else 0.0
        scored.append((rank, ctx, -abs(h - old_start), h))
    scored.sort(reverse=True)
    top, ctx, _, best = scored[0]
    if len(scored) > 1 and scored[1][0] > top - EXACT_MARGIN:
        return AMBIGUOUS  # two places fit about equally well: an orphan, not a guess
    # A repeated or short quote is trusted only where its context agrees; a long quote
    # found once is trusted without it, so a paragraph moved whole keeps its highlight.
    if ctx < CONTEXT_FLOOR and (len(hits) > 1 or len(exact) < SHORT_QUOTE):
        return None
    return Anchor("anchored" if best == old_start else "moved", best, best + m, 1.0)


def _seeds(exact: str, quote: dict[str, str]) -> list[tuple[str, int]]:
    """Pieces of the quote (and its context edges) with their offset from the quote's start."""
    m = len(exact)
    size = max(8, min(32, m // SEED_PIECES))
    step = max(size, (m - size) // max(1, SEED_PIECES - 1))
    seeds = [(exact[i : i + size], i) for i in range(0, max(1, m - size + 1), step)]
    seeds.append((exact[m - size :], m - size))
    prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
    if len(prefix) >= 8:
        tail = prefix[-16:]
        seeds.append((tail, -len(tail)))
    if len(suffix) >= 8:
        seeds.append((suffix[:16], m))
    return seeds


def _candidates(text: str, exact: str, quote: dict[str, str], old_start: int) -> list[int]:
    """Likely start positions of an edited quote, most supported first."""
    slack = max(2, int(len(exact) * MAX_ERROR_RATE))
    votes: dict[int, int] = {}
    for piece, offset in _seeds(exact, quote):
        hits = occurrences(text, piece, SEED_MAX_HITS + 1)
        if not hits or len(hits) > SEED_MAX_HITS:
            continue  # absent, or too common to say anything
        for h in hits:
            bucket = (h - offset) // slack
            votes[bucket] = votes.get(bucket, 0) + 1
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], abs(kv[0] * slack - old_start)))
    if ranked and ranked[0][1] >= 3:  # a well-supported place: lone seed hits are noise
        ranked = [kv for kv in ranked if kv[1] >= 2]
    return [bucket * slack for bucket, _ in ranked[:MAX_CANDIDATES]]


def _align(text: str, exact: str, quote: dict[str, str], guess: int) -> tuple[int, int, int]:
    """The span near ``guess`` that is closest to ``exact``: (start, end, edit distance).

    Where the quote's first or last words were changed, several boundaries cost
    about the same; the one where the stored prefix or suffix resumes wins,
    which is where a reader would say the passage begins and ends.
    """
    m = len(exact)
    slack = int(m * MAX_ERROR_RATE) + m // 10 + 4
    tolerance = max(2, m // 10)
    lo, hi = max(0, guess - slack), min(len(text), guess + m + 2 * slack)
    window = text[lo:hi]
    ends = _distances(exact, window, anchored_start=False)
    best = min(ends)
    suffix = quote.get("suffix", "")
    end = _boundary(
        [(j + 1, d) for j, d in enumerate(ends) if d <= best + tolerance],
        lambda j: _agree_forward(window, j, suffix),
        guess - lo + m,
    )[0]
    backwards = _distances(exact[::-1], window[:end][::-1], anchored_start=False)
    low = min(backwards)
    prefix = quote.get("prefix", "")
    start, distance = _boundary(
        [(end - (j + 1), d) for j, d in enumerate(backwards) if d <= low + tolerance],
        lambda i: _agree_backward(window, i, prefix),
        guess - lo,
    )
    return lo + start, lo + end, distance


def _boundary(
    options: list[tuple[int, int]], agreement: Callable[[int], int], expected: int
) -> tuple[int, int]:
    """Pick (position, distance): where the context resumes for 4+ characters, else the cheapest."""
    return min(
        options,
        key=lambda o: (agreement(o[0]) < 4, o[1], abs(o[0] - expected)),
    )


def _agree_forward(window: str, at: int, suffix: str) -> int:
    n = 0
    while n < len(suffix) and at + n < len(window) and window[at + n] == suffix[n]:
        n += 1
    return n


def _agree_backward(window: str, at: int, prefix: str) -> int:
    n = 0
    while n < len(prefix) and at - n - 1 >= 0 and window[at - n - 1] == prefix[-n - 1]:
        n += 1
    return n


def _context_vouches(sides: list[float], quote_sim: float, quote: dict[str, str]) -> bool:
    """Whether the context agrees well enough to trust an approximate match.

    Both sides agreeing is enough. One side agreeing fully is enough when the
    quote is close, unless the stored context itself recurs inside the quote:
    then the passage repeats (a refrain, a litany) and a sibling could stand in
    for a deleted original, so both sides must agree.
    """
    if not sides:
        return False
    if min(sides) >= CONTEXT_FLOOR:
        return True
    if max(sides) < ONE_SIDE_FLOOR or quote_sim < ONE_SIDE_QUOTE:
        return False
    exact = quote["exact"]
    for context in (quote.get("prefix", ""), quote.get("suffix", "")):
        part = context.strip()[-16:] if context is quote.get("prefix") else context.strip()[:16]
        if len(part) >= 8 and min(_distances(part, exact, anchored_start=False)) <= len(part) // 5:
            return False
    return True


def _fuzzy(text: str, quote: dict[str, str], old_start: int) -> Anchor | None:
    exact = quote["exact"]
    m = len(exact)
    if m < MIN_FUZZY_LENGTH:
        return None
    found: list[tuple[float, int, int]] = []
    for guess in _candidates(text, exact, quote, old_start):
        start, end, distance = _align(text, exact, quote, guess)
        if end <= start:
            continue
        quote_sim = 1.0 - distance / m
        if quote_sim < 1.0 - MAX_ERROR_RATE:
            continue
        sides = context_sides(text, start, end, quote)
        if not _context_vouches(sides, quote_sim, quote):
            continue  # changed words in a changed place: too likely to be other words
        ctx = sum(sides) / len(sides)
        score = (5 * quote_sim + 2 * ctx) / 7
        if not any(abs(s - start) < m // 2 for _, s, _ in found):
            found.append((score, start, end))
    if not found:
        return None
    found.sort(reverse=True)
    score, start, end = found[0]
    if len(found) > 1 and found[1][0] > score - AMBIGUITY_MARGIN:
        return None  # two places fit about equally well: refuse to guess
    return Anchor("fuzzy", start, end, round(score, 3))


def locate(text: str, quote: dict[str, str], position: dict[str, int]) -> Anchor:
    """Find a highlight in ``text``; an orphan when no layer is sure enough.

    Never returns a span that is merely plausible: a repeated or short quote
    needs its context to agree, and an approximate match needs at least
    1 - MAX_ERROR_RATE similarity and no equally good rival.
    """
    exact = quote.get("exact", "")
    start, end = int(position.get("start", 0)), int(position.get("end", 0))
    if not exact:
        return Anchor("orphaned", start, end, 0.0)
    if text[start:end] == exact and (
        context_score(text, start, end, quote) >= CONTEXT_FLOOR
        or (text.find(exact) == start and text.find(exact, start + 1) < 0)
    ):
        return Anchor("anchored", start, end)
    orphan = Anchor("orphaned", start, end, 0.0)
    found = _exact(text, quote, start)
    if found is AMBIGUOUS:
        return orphan  # the words are there more than once; approximate matching cannot help
    return found or _fuzzy(text, quote, start) or orphan
