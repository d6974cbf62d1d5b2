"""Rows of a plain paragraph counted straight from the text, for the whole-book layout.

Most blocks of a plain-text book are paragraphs with no markup, no control and no wide
character: their visible string is their text with newlines shown as spaces, and each
character takes a cell. Their rows are then the matches of one pattern over the text
itself (newlines and spaces are both whitespace to it), found in C without making the
visible string, its offset map, or a tuple per row; ``wrap`` gives the same count.
A 100 MB book lays out in about half the time.
"""

from __future__ import annotations

import re
from functools import lru_cache

from summitreader.layout.cells import _COMMON, _line_pattern, _one_cell
from summitreader.text.passages import Survey
from summitreader.text.reading_view import ReadingView
from summitreader.text.sanitize import DISPLAY_TABLE

_MARKUP = "\\`*_[<"  # what the inline walker may hide (inline.INLINE_SPECIAL)


@lru_cache(maxsize=1)
def _special() -> re.Pattern[str]:
    """A character that keeps a paragraph off the fast path: markup, a control shown as a
    symbol (a newline is only a space), or one not known to take exactly one cell."""
    allowed = {chr(c) for c in range(0x20, 0x7F)} | {
        chr(c) for a, b in _COMMON for c in range(a, b + 1) if _one_cell(chr(c))
    }
    allowed -= set(_MARKUP) | {chr(c) for c in DISPLAY_TABLE}
    allowed -= {ch for ch in allowed if ch.isspace()}  # a no-break space: see _words
    allowed |= {" ", "\n"}
    return re.compile("[^" + "".join(re.escape(ch) for ch in sorted(allowed)) + "]")


def plain_rows(view: ReadingView, index: int, measure: int, survey: Survey | None) -> int | None:
    """How many rows block ``index`` takes at ``measure``, when it is plain (and then it
    is added to ``survey``); None for any other block, which is wrapped as usual."""
    span = view.plain_span(index)
    if span is None:
        return None
    start, end = span
    text = view.text
    if _special().search(text, start, end) is not None:
        return None
    rows = _line_pattern(max(measure, 1)).findall(text, start, end)
    if sum(map(len, rows)) != end - start:  # leading spaces, or a word wider than a row
        return None
    if survey is not None:
        piece = text[start:end]
        words = piece.strip()
        lead = piece.find(words[0])
        survey.add_plain(index, start + lead, start + lead + len(words), _words(words))
    return len(rows)


def _words(stripped: str) -> int:
    """``len(stripped.split())`` for a string whose only whitespace is spaces and newlines,
    without a string per word: the gaps between words, plus one, unless a gap is wider."""
    if "  " in stripped or " \n" in stripped or "\n " in stripped or "\n\n" in stripped:
        return len(stripped.split())
    return stripped.count(" ") + stripped.count("\n") + 1
