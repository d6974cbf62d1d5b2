"""Counting the words of a whole text without a list of them all.

``len(text.split())`` on a 100 MB book builds 17 million strings first: over 1 GB for a
moment, and a second and a half. Here the text is encoded a megabyte at a time, each
whitespace byte marked ``" "`` and every other one ``"a"``, and the words are the ``" a"``
pairs: the same count as the split, in a fifth of the time, with a megabyte alive at once.
A text with whitespace beyond ASCII's (a no-break space, an em space) is split instead,
a piece at a time, each piece ending at whitespace so that no word is cut in two.

A text in a script written without spaces (Chinese, Japanese, Thai) would be a handful of
"words" to a split: there, two of its characters count as a word (``sources.scripts``),
and a spaced word among them counts as one (their punctuation does not).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from summitreader.sources import scripts

CHUNK = 1 << 20  # characters per piece
# The whitespace str.split() splits at that is one byte in UTF-8 (the separators too).
_ASCII_SPACES = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_MARKS = bytes(32 if b in _ASCII_SPACES else 97 for b in range(256))
# ... and the rest of it, encoded: U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029,
# U+202F, U+205F, U+3000 (checked against str.isspace in tests/unit/test_words.py).
_OTHER_SPACES = re.compile(
    rb"\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80"
)
_SPACE = re.compile(r"\s")


def counted(n: int, noun: str) -> str:
    """ "1 highlight", "2 highlights": the plural of a regular English noun."""
    return f"{n} {noun}{'s' if n != 1 else ''}"


def count_words(text: str, chunk: int = CHUNK) -> int:
    """The words of ``text`` a reader would count, in bounded memory: ``len(text.split())``
    unless the text is in a script written without spaces."""
    return count_half_words(text, chunk) // 2


def count_half_words(text: str, chunk: int = CHUNK) -> int:
    """Twice the words, as a dense script's character is half of one: the count of a text
    is then the sum of its parts' (the layout counts blocks apart)."""
    count, before = 0, b" "
    for pos in range(0, len(text), chunk):
        piece = text[pos : pos + chunk]
        data = piece.encode("utf-8", "surrogatepass")
        if len(data) != len(piece) and _dense(piece, data):
            return _halves_dense(text, chunk)
        if _OTHER_SPACES.search(data):
            return _halves_by_split(text, chunk)
        marks = data.translate(_MARKS)
        count += (before + marks).count(b" a")
        before = marks[-1:]
    return 2 * count


def _dense(piece: str, data: bytes) -> bool:
    """Whether ``piece`` (``data`` encoded) holds a dense script: the bytes are looked at
    first, as a regex over a megabyte of accented text costs 5 ms and a find 0.03 ms."""
    return (
        any(lead in data for lead in scripts.DENSE_LEAD_BYTES)
        and scripts.DENSE.search(piece) is not None
    )


def _pieces(text: str, chunk: int) -> Iterator[str]:
    """``text`` in pieces of about ``chunk`` characters, each ending at whitespace."""
    pos, length = 0, len(text)
    while pos < length:
        cut = _SPACE.search(text, pos + chunk) if pos + chunk < length else None
        end = cut.start() if cut is not None else length
        yield text[pos:end]
        pos = end


def _halves_by_split(text: str, chunk: int) -> int:
    return 2 * sum(len(piece.split()) for piece in _pieces(text, chunk))


def _halves_dense(text: str, chunk: int) -> int:
    """A word per two characters of the unspaced scripts, and one per run of a spaced one."""
    dense = spaced = 0
    for piece in _pieces(text, chunk):
        dense += len(scripts.NOT_DENSE.sub("", piece))
        spaced += len(scripts.DENSE_OR_ITS_MARKS.sub(" ", piece).split())
    return 2 * spaced + dense
