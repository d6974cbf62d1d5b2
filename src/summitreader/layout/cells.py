"""Wrapping visible strings to a width in terminal cells, keeping visible indexes.

Pure functions, so the TUI and the property tests share one implementation.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import get_character_cell_size

# Chinese and Japanese set no spaces between words: a line may break between any two
# characters, except before closing punctuation and small kana (。、」っ) and after an
# opening bracket (「（), which stay with the character beside them. Korean, which spaces
# its words, breaks at its spaces.
_CLOSE = (
    "、。，．：；？！）」』】〕〉》〙〗｝］〜～…‥ー々〻ゝゞヽヾ・"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
)
_OPEN = "（「『【〔〈《〘〖｛［"
_IDEOGRAPHIC = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff"
    "\u3200-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
)
# A no-break space (and the figure and narrow ones) joins what it stands between. French
# spaces its guillemets and its two-part marks (« mot », mot : mot ; vrai ?), and pages often
# lose the no-break space there: a line never ends on a « that a space follows, nor starts
# with a lone » : ; ! ? (or one with marks after it: », ?!) that a space follows. Only a
# plain space glues them so: a tab does not.
_BREAKING = (  # what str.isspace() calls a space, but the no-break ones
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2008\u2009\u200a\u2028\u2029\u205f\u3000"
)
_SPACE = f"[{re.escape(_BREAKING)}]"
_OPEN_QUOTES = "«‹"
# the two rules, shared by the careful wrap's words and the fast wrap's line ends: the
# spaces after a « up to the word it opens, and a » : ; ! ? with any marks after it
_AFTER_QUOTE = rf" {_SPACE}*+(?=[^{_BREAKING}])"
_LONE_MARK = r"[»›:;!?][^\w\s]*"
_WORD = rf"[{_OPEN}]*(?:(?:(?!{_SPACE})[^{_IDEOGRAPHIC}])+|[{_IDEOGRAPHIC}])[{_CLOSE}]*"
# A number grouped by plain spaces, as many languages write thousands ("2 600", "12 500 000"):
# a line never ends between a group of one to three digits (a number's start, or a group)
# and a group of three that a single space leads to. "w1 100" and "1812 600" may part.
# (Zero-width, before that space; the cheap look ahead first: most spaces fail it.)
_DIGIT_GROUP = r"(?= \d{3}(?!\d))(?:(?<=(?<!\w)\d)|(?<=(?<!\w)\d\d)|(?<=(?<!\w)\d{3}))"


@lru_cache(maxsize=1)
def _token() -> re.Pattern[str]:
    """A word with what may not be parted from it (compiled on first use: it is slow to)."""
    return re.compile(
        rf"{_SPACE}+"
        rf"|(?:{_WORD}(?<=[{_OPEN_QUOTES}]){_AFTER_QUOTE})*"
        rf"{_WORD}(?:{_DIGIT_GROUP} {_WORD})*(?: +{_LONE_MARK}(?={_SPACE}|\Z))*{_SPACE}*"
        rf"|\S{_SPACE}*"
    )


@lru_cache(maxsize=8192)
def _one_cell(ch: str) -> bool:
    return ch not in "\u200d\ufe0f" and get_character_cell_size(ch) == 1


@lru_cache(maxsize=32)
def _line_pattern(width: int) -> re.Pattern[str]:
    """The longest run of at most ``width`` characters that ends a word where a line may
    end (see ``_SPACE``), plus its spaces."""
    return re.compile(
        rf"(?s:.{{0,{width - 1}}}"
        rf"(?:[^{_BREAKING}{_OPEN_QUOTES}]|[{_OPEN_QUOTES}](?!{_AFTER_QUOTE})))"
        rf"(?!{_DIGIT_GROUP})(?= ++(?!{_LONE_MARK}(?:{_SPACE}|\Z))|(?! ){_SPACE}|\Z){_SPACE}*"
    )


# Beyond ASCII, where a book's characters mostly come from: accented letters, Greek,
# Cyrillic, dashes, quotes and other punctuation.
_COMMON = ((0xA0, 0x2FF), (0x370, 0x52F), (0x2010, 0x205E))
# Those of them that rich measures as one cell, as ranges: asking rich of each of the 1,700
# characters, and compiling a pattern of each, took 5 ms of every start. The Cyrillic
# combining marks and the bidi controls are not among them (tests/unit/test_rows.py checks
# this against the rich installed).
COMMON_ONE_CELL = (
    (0xA0, 0x2FF),
    (0x370, 0x482),
    (0x48A, 0x52F),
    (0x2010, 0x2027),
    (0x202F, 0x205E),
)


def ranges_class(codes: list[int]) -> str:
    """A character class's body for the sorted code points ``codes``, as ranges."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs
    )


@lru_cache(maxsize=1)
def _beyond_one_cell() -> re.Pattern[str]:
    """A character that is not ASCII nor one of ``_COMMON`` known (by rich) to take one
    cell: a text without one takes one cell per character, found in one search."""
    known = ranges_class([c for a, b in COMMON_ONE_CELL for c in range(a, b + 1)])
    return re.compile(f"[^\x00-\x7e{known}]")


def single_width(text: str) -> bool:
    """True when every character takes one cell; checks each distinct character once."""
    if text.isascii() or _beyond_one_cell().search(text) is None:
        return True
    return all(_one_cell(ch) for ch in set(text) if ch > "\x7e")


def cell_width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(get_character_cell_size(ch) for ch in text)


def _hard_split(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Break a word wider than the line at character boundaries."""
    lines: list[tuple[int, int]] = []
    line_start, used = start, 0
    for k in range(start, end):
        w = get_character_cell_size(text[k])
        if used + w > width and k > line_start:
            lines.append((line_start, k))
            line_start, used = k, 0
        used += w
    lines.append((line_start, end))
    return lines


def _spaces_kept(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece of only spaces (cut from inside a glued word) joins the piece before it."""
    kept = pieces[:1]
    for a, b in pieces[1:]:
        if not text[a:b].strip(_BREAKING):
            kept[-1] = (kept[-1][0], b)
        else:
            kept.append((a, b))
    return kept


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap; returns [start, end) ranges that partition ``text``.

    Trailing spaces stay on the line they follow (the renderer crops them), so
    every visible index belongs to exactly one line.
    """
    width = max(width, 1)
    if not text:
        return [(0, 0)]
    if single_width(text):
        return _wrap_single(text, width)
    lines: list[tuple[int, int]] = []
    line_start, used = 0, 0
    for m in _token().finditer(text):
        start, end = m.span()
        word = m.group().rstrip(_BREAKING)
        word_w = cell_width(word)
        if used and used + word_w > width:
            lines.append((line_start, start))
            line_start, used = start, 0
        if word_w > width:
            # from the line's start: what came before on it took no cells (a combining mark)
            pieces = _spaces_kept(text, _hard_split(text, line_start, start + len(word), width))
            lines.extend(pieces[:-1])
            line_start = pieces[-1][0]
            used = cell_width(text[line_start : start + len(word)])
            used += end - start - len(word)
            continue
        used += word_w + (end - start - len(word))
    lines.append((line_start, len(text)))
    return lines


def _wrap_single(text: str, width: int) -> list[tuple[int, int]]:
    """``wrap`` for text where every character is one cell: one regex match per line."""
    pattern = _line_pattern(width)
    lines: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        m = pattern.match(text, pos)
        if m is not None:
            end = m.end()
        elif text[pos] in _BREAKING:  # leading spaces, then a word too wide to join them
            rest = text[pos:]
            end = pos + len(rest) - len(rest.lstrip(_BREAKING))
        else:  # a word wider than the line is broken at the width
            end = min(pos + width, n)
            while end < n and text[end] in _BREAKING:  # spaces stay on the row before
                end += 1
        lines.append((pos, end))
        pos = end
    return lines
