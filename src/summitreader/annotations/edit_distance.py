"""Edit distance and context agreement, the measures anchoring decides by.

Myers' bit-parallel algorithm computes the Levenshtein distance of a pattern to
the text ending at every position in a few integer operations per character
(Python ints serve as bit vectors of any length), so a quote of any length is
matched against a window of text in one pass.
"""

from __future__ import annotations


def distances(pattern: str, text: str, *, anchored_start: bool) -> list[int]:
    """Edit distance of ``pattern`` to text ending at each position 1..len(text).

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
    return 1.0 - distances(a, b, anchored_start=True)[-1] / max(len(a), len(b))


def agree_forward(text: str, at: int, suffix: str) -> int:
    """How many characters of ``suffix`` text[at:] repeats, unbroken from the start."""
    n = 0
    while n < len(suffix) and at + n < len(text) and text[at + n] == suffix[n]:
        n += 1
    return n


def agree_backward(text: str, at: int, prefix: str) -> int:
    """How many characters of ``prefix`` text[:at] ends with, unbroken from the end."""
    n = 0
    while n < len(prefix) and at - n - 1 >= 0 and text[at - n - 1] == prefix[-n - 1]:
        n += 1
    return n


def occurrences(text: str, needle: str, limit: int) -> list[int]:
    """Start offsets of ``needle`` in ``text`` (overlapping ones too), at most ``limit``."""
    hits: list[int] = []
    i = text.find(needle)
    while i >= 0 and len(hits) < limit:
        hits.append(i)
        i = text.find(needle, i + 1)
    return hits
