"""Evidence for and against a place of a highlight's exact words: its context, the
old position, a contradiction elsewhere, and whether a nearer place could be chance."""

from __future__ import annotations

from collections.abc import Mapping

from summitreader.annotations.anchor_rules import (
    ALONE,
    ALONE_SHARE,
    CHANCE,
    CONTEXT,
    CONTEXT_FLOOR,
    EXACT_MARGIN,
    GLUE,
    INSERTED,
    NEAR_MIN,
    NEAR_SHARE,
    NEAR_UNIQUE,
    NEARBY,
    NEARBY_PIECE,
    NEARER,
    PIECE,
    RESUMES,
    SUPPORT_RUN,
    SURE_RUN,
    Place,
    context_score,
)
from summitreader.annotations.edit_distance import (
    agree_backward,
    agree_forward,
    occurrences,
)
from summitreader.annotations.normalised import normalise


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
