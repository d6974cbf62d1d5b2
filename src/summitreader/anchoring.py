"""Selectors that describe a highlight independently of layout, and finding them again.

A highlight stores a quote selector (exact, prefix, suffix) and a position
selector (start, end), as the W3C model and the Hypothesis client do.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 32


@dataclass(frozen=True, slots=True)
class Anchor:
    status: str  # anchored, moved, fuzzy or orphaned
    start: int
    end: int


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


def _context_score(text: str, start: int, end: int, quote: dict[str, str]) -> int:
    prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
    score = 0
    if prefix and text[max(0, start - len(prefix)) : start] == prefix:
        score += 2
    if suffix and text[end : end + len(suffix)] == suffix:
        score += 2
    return score


def locate(text: str, quote: dict[str, str], position: dict[str, int]) -> Anchor:
    """Find a highlight in ``text``: the position first, then exact matches of the quote.

    A quote that no longer occurs is an orphan, never attached to other words.
    """
    exact = quote["exact"]
    start, end = position["start"], position["end"]
    if exact and text[start:end] == exact:
        return Anchor("anchored", start, end)
    hits: list[int] = []
    i = text.find(exact) if exact else -1
    while i >= 0:
        hits.append(i)
        i = text.find(exact, i + 1)
    if not hits:
        return Anchor("orphaned", start, end)
    best = max(
        hits, key=lambda h: (_context_score(text, h, h + len(exact), quote), -abs(h - start))
    )
    return Anchor("moved", best, best + len(exact))
