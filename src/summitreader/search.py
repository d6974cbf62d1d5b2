"""Finding a phrase in the text, the way a reader means it.

Words of the query match across any run of whitespace, so a phrase split by a
hard line break (or by the wrap, which is only on screen) is still found, and
emphasis markers or a quote's ``>`` between words do not hide it. Smart case:
an all-lowercase query ignores case; any capital makes it exact.
"""

from __future__ import annotations

import re
from bisect import bisect_left

# Between two words: spaces and newlines, with emphasis markers or a quote marker around them.
_BETWEEN = r"[*_`]*\s+(?:>[ \t]*)*[*_`]*"
LIMIT = 50_000  # more matches than this are counted as "50000+"


def compile_query(query: str) -> re.Pattern[str] | None:
    words = query.split()
    if not words:
        return None
    flags = 0 if any(ch.isupper() for ch in query) else re.IGNORECASE
    return re.compile(_BETWEEN.join(re.escape(w) for w in words), flags)


def find_all(text: str, query: str, limit: int = LIMIT) -> list[tuple[int, int]]:
    """Every match as a [start, end) text span, in order, at most ``limit`` of them.

    Matches may overlap ("x x" is found twice in "x x x"), as a reader stepping
    with ``n`` from each match would expect.
    """
    pattern = compile_query(query)
    if pattern is None:
        return []
    spans: list[tuple[int, int]] = []
    m = pattern.search(text)
    while m is not None and len(spans) < limit:
        spans.append(m.span())
        m = pattern.search(text, m.start() + 1)
    return spans


def match_at_or_after(matches: list[tuple[int, int]], offset: int) -> int | None:
    """Index of the first match starting at or after ``offset``, wrapping to the first."""
    if not matches:
        return None
    i = bisect_left(matches, offset, key=lambda span: span[0])
    return i if i < len(matches) else 0
