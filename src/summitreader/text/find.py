"""Finding a phrase in the text, the way a reader means it.

Words of the query match across any run of whitespace, so a phrase split by a
hard line break (or by the wrap, which is only on screen) is still found, and
emphasis markers or a quote's ``>`` between words do not hide it. Smart case:
an all-lowercase query ignores case; any capital makes it exact. Accents and
typographic quotes and dashes never matter: "natasha" finds "Natásha" and "don't"
finds "don’t", as in ``summitreader search``. The text is folded one character for one,
so a match's offsets are the text's own.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left

# Between two words: spaces and newlines, with emphasis markers or a quote marker around them.
_BETWEEN = r"[*_`]*\s+(?:>[ \t]*)*[*_`]*"
LIMIT = 50_000  # more matches than this are counted as "50000+"


_TYPOGRAPHIC = {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"}


def _fold_char(ch: str) -> str:
    if ch in _TYPOGRAPHIC:
        return _TYPOGRAPHIC[ch]
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    # a compatibility form may decompose to a typographic one ("﹘" to "—"): fold that too,
    # or folding twice would differ from folding once
    return _TYPOGRAPHIC.get(base, base) if len(base) == 1 else ch


class _FoldTable(dict):
    """``str.translate``'s table, filled as characters are met: a table made first from
    ``set(text)`` cost War and Peace 60 ms more, and a whole table slowed the translation."""

    def __missing__(self, code: int) -> int | str:
        folded = _fold_char(chr(code)) if code > 127 else chr(code)
        self[code] = found = code if folded == chr(code) else folded
        return found


FOLD_PIECE = 1 << 15  # characters translated at a time: a thread folding a book lets go
# of the interpreter between pieces (one call on 3 MB held it for 250 ms)


def fold(text: str) -> str:
    """``text`` without accents, with plain quotes and dashes; the same length, so an
    offset into it is an offset into ``text``."""
    if text.isascii():
        return text
    table = _FoldTable()
    if len(text) <= FOLD_PIECE:
        return text.translate(table)
    return "".join(
        text[at : at + FOLD_PIECE].translate(table) for at in range(0, len(text), FOLD_PIECE)
    )


def lower(folded: str) -> str:
    """``folded`` lower-cased one character for one, in pieces as ``fold`` is: a query
    that ignores case is searched in it with an exact pattern, which the regex engine scans
    for its first letters (War and Peace: "the war" in 10 ms rather than 33)."""
    pieces = [folded[at : at + FOLD_PIECE] for at in range(0, len(folded), FOLD_PIECE)]
    return "".join(_lower_piece(piece) for piece in pieces)


def _lower_piece(piece: str) -> str:
    lowered = piece.lower()
    if len(lowered) == len(piece):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in piece)  # "İ"


def _pattern(words: list[str], flags: int) -> re.Pattern[str]:
    return re.compile(_BETWEEN.join(re.escape(w) for w in words), flags)


def _ignores_case(words: list[str]) -> bool:
    return not any(ch.isupper() for w in words for ch in w)


def compile_query(query: str) -> re.Pattern[str] | None:
    words = fold(query).split()
    if not words:
        return None
    return _pattern(words, re.IGNORECASE if _ignores_case(words) else 0)


def find_all(
    text: str, query: str, limit: int = LIMIT, lowered: str | None = None
) -> list[tuple[int, int]]:
    """Every match as a [start, end) text span, in order, at most ``limit`` of them.

    ``text`` is searched as given: pass ``fold(text)`` (``Document.searchable``), and
    ``lower`` of that as ``lowered`` (``Document.searchable_lower``) to search a query
    that ignores case faster.

    Matches may overlap ("x x" is found twice in "x x x"), as a reader stepping
    with ``n`` from each match would expect.
    """
    words = fold(query).split()
    if not words:
        return []
    if not _ignores_case(words):
        pattern = _pattern(words, 0)
    elif lowered is not None:
        text, pattern = lowered, _pattern([w.lower() for w in words], 0)
    else:
        pattern = _pattern(words, re.IGNORECASE)
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
