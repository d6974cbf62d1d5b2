"""Wrapping visible strings to a width in terminal cells, keeping visible indexes.

Pure functions, so the TUI and the property tests share one implementation.
"""

from __future__ import annotations

import re

from rich.cells import get_character_cell_size

_TOKEN = re.compile(r"\s+|\S+\s*")


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


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap; returns [start, end) ranges that partition ``text``.

    Trailing spaces stay on the line they follow (the renderer crops them), so
    every visible index belongs to exactly one line.
    """
    width = max(width, 1)
    if not text:
        return [(0, 0)]
    lines: list[tuple[int, int]] = []
    line_start, used = 0, 0
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        word = m.group().rstrip()
        word_w = cell_width(word)
        if used and used + word_w > width:
            lines.append((line_start, start))
            line_start, used = start, 0
        if word_w > width:
            pieces = _hard_split(text, start, start + len(word), width)
            lines.extend(pieces[:-1])
            line_start = pieces[-1][0]
            used = cell_width(text[line_start : start + len(word)])
            used += end - start - len(word)
            continue
        used += word_w + (end - start - len(word))
    lines.append((line_start, len(text)))
    return lines
