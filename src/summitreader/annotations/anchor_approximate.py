"""Finding a highlight whose words were edited: candidate places seeded by pieces of
the quote, aligned, their boundaries snapped to words, and kept only with evidence."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from summitreader.annotations.anchor_evidence import _by_chance, _full, _nearby, _supported
from summitreader.annotations.anchor_rules import (
    ALONE,
    CONTEXT_FLOOR,
    GLUE,
    LONG_QUOTE,
    MAX_CANDIDATES,
    MAX_ERROR_RATE,
    MIN_FUZZY_LENGTH,
    ONE_SIDE_FLOOR,
    ONE_SIDE_QUOTE,
    RESUMES,
    RIVAL_SLACK,
    SEED_MAX_HITS,
    SEED_PIECES,
    SELF_EVIDENT,
    STRONG_CONTEXT,
    STRONG_ERROR_RATE,
    SUPPORT_RUN,
    SURE_RUN,
    VERY_LONG_QUOTE,
    Anchor,
    Place,
    _never,
    _place,
    context_sides,
)
from summitreader.annotations.edit_distance import (
    agree_backward,
    agree_forward,
    occurrences,
)
from summitreader.annotations.edit_distance import distances as _distances


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
