"""What anchoring counts as evidence, in numbers: the thresholds each rule uses, the
selectors a highlight stores, and how well a place's context agrees with them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from summitreader.annotations.anchor_statuses import STATUSES  # noqa: F401 - re-exported
from summitreader.annotations.edit_distance import (
    agree_backward,
    agree_forward,
    similarity,
)

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
