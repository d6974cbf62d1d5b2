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
from array import array
from functools import lru_cache

from summitreader.layout.cells import COMMON_ONE_CELL, _line_pattern, ranges_class
from summitreader.text.passages import Survey
from summitreader.text.reading_view import ReadingView
from summitreader.text.sanitize import DISPLAY_TABLE

_MARKUP = "\\`*_[<"  # what the inline walker may hide (inline.INLINE_SPECIAL)


@lru_cache(maxsize=1)
def _special() -> re.Pattern[str]:
    """A character that keeps a paragraph off the fast path: markup, a control shown as a
    symbol (a newline is only a space), or one not known to take exactly one cell."""
    allowed = set(range(0x20, 0x7F)) | {c for a, b in COMMON_ONE_CELL for c in range(a, b + 1)}
    allowed -= set(map(ord, _MARKUP)) | set(DISPLAY_TABLE)
    allowed.add(ord("\n"))
    return re.compile("[^" + ranges_class(sorted(allowed)) + "]")


def plain_rows(view: ReadingView, index: int, measure: int, survey: Survey | None) -> int | None:
    """How many rows block ``index`` (split already) takes at ``measure`` when it is plain
    (it is then added to ``survey``); None for any other block, to be wrapped as usual."""
    after, rows = lay_out_plain(view, index, index + 1, index, measure, survey, array("I"), 0)
    return rows if after > index else None


def lay_out_plain(
    view: ReadingView,
    index: int,
    stop: int,
    first: int,
    measure: int,
    survey: Survey | None,
    block_rows: array[int],
    total: int,
) -> tuple[int, int]:
    """Lay out blocks from ``index`` (split already) while they are plain, up to ``stop``:
    append the row where each starts (after the blank row before it, unless it is
    ``first``) to ``block_rows``, and add it to ``survey``. Returns the block where it
    stopped, and the rows so far. One loop for a run of blocks: a call per block and per
    step of it cost more than the regular expressions doing the work."""
    table = view.table
    starts, ends, kinds, rich, prose = (
        table.starts,
        table.ends,
        table.kinds,
        table.rich,
        view.plain_kinds,
    )
    text = view.text
    special = _special().search
    lines = _line_pattern(max(measure, 1)).findall
    add = survey.add_plain if survey is not None else None
    append = block_rows.append
    while index < stop:
        if index in rich or kinds[index] not in prose:
            break
        start, end = starts[index], ends[index]
        if special(text, start, end) is not None:
            break
        rows = lines(text, start, end)
        if sum(map(len, rows)) != end - start:  # leading spaces, or a word wider than a row
            break
        if index > first:
            total += 1  # a plain block's gap
        append(total)
        total += len(rows)
        if add is not None:
            lead = text.find(text[start:end].strip()[0], start)
            add(index, lead, len(text[start:end].rstrip()) + start)
        index += 1
    return index, total
