"""A normalised view of a text, for matching quotes across re-wrapping and typography.

Re-wrapping a paragraph, doubling a space, or a converter turning straight quotes
into curly ones and ``--`` into an em dash changes characters but not words. In
the view every run of whitespace is one space, every quote mark is ``"`` or
``'``, every run of dashes is one ``-``, and ``...`` is ``…``.
Offsets in the view map back exactly to the original text, so a match found in
the view becomes a span of the original that starts and ends on the same
characters a reader would select.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

_SPACES = "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
_SPACES += "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_DOUBLE = "“”„‟«»″〃＂"
_SINGLE = "‘’‚‛′‹›＇"
_DASHES = "‐‑‒–—―−﹘﹣－"
# One character for one character, so this step keeps every offset.
_SAME_LENGTH = [
    (ch, to)
    for chars, to in ((_SPACES, " "), (_DOUBLE, '"'), (_SINGLE, "'"), (_DASHES, "-"))
    for ch in chars
]
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Runs that shrink, each found by a pattern with a literal start (a fast scan in C):
# spaces, dashes, three dots, invisible marks.
_RUNS = [re.compile(p) for p in (r"  +", r"--+", r"\.\.\.")]
_INVISIBLE_RUN = re.compile(f"[{_INVISIBLE}]+")


def _shrunk(run: str) -> str:
    if "-" in run:
        return "-"
    if run[0] == " ":
        return " "
    return "…" if run[0] == "." else ""


class View(NamedTuple):
    """``text`` normalised, with the breakpoints where its offsets drift from the original's.

    Between breakpoints offsets differ by a constant: view offset ``norm[i] + k``
    is original offset ``raw[i] + k``.
    """

    text: str
    norm: list[int]
    raw: list[int]

    def to_raw(self, offset: int) -> int:
        i = bisect_right(self.norm, offset) - 1
        return self.raw[i] + offset - self.norm[i]

    def to_view(self, offset: int) -> int:
        """The view offset of an original offset (one inside a shrunk run: the run's end)."""
        i = bisect_right(self.raw, offset) - 1
        at = self.norm[i] + offset - self.raw[i]
        return min(at, self.norm[i + 1]) if i + 1 < len(self.norm) else min(at, len(self.text))


def _build(text: str) -> View:
    same = text
    for ch, to in _SAME_LENGTH:
        if ch in same:
            same = same.replace(ch, to)
    spans = [m.span() for pattern in _RUNS for m in pattern.finditer(same)]
    if any(ch in same for ch in _INVISIBLE):
        spans += [m.span() for m in _INVISIBLE_RUN.finditer(same)]
    spans.sort()
    pieces: list[str] = []
    norm, raw = [0], [0]
    done = 0  # original offset copied up to
    for a, b in spans:
        if a < done:  # overlaps the run before ("  - "): one run
            b = max(b, raw[-1])
            a = raw[-2]
            del pieces[-1], norm[-2:], raw[-2:]
        else:
            pieces.append(same[done:a])
        short = _shrunk(same[a:b])
        pieces.append(short)
        view_at = norm[-1] + a - raw[-1]
        norm += [view_at, view_at + len(short)]
        raw += [a, b]
        done = b
    pieces.append(same[done:])
    return View("".join(pieces), norm, raw)


def normalise(text: str) -> str:
    """The view's text alone (for a quote and its context)."""
    return _build(text).text


@lru_cache(maxsize=4)
def view(text: str) -> View:
    """The normalised view of ``text``; cached, as every highlight of a text asks for it."""
    return _build(text)
