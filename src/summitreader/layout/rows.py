"""Screen rows of a reading view at one measure, and the maps between rows and offsets.

Only a count of rows per block is kept for the whole document; the wrapped
lines themselves are recomputed on demand behind an LRU cache. A book of
50,000 rows then costs an array of block starts, not 50,000 objects.

A map may cover a window of blocks (``first`` onwards, up to an offset) so a
long book's first screen is drawn before the whole book has been wrapped.
"""

from __future__ import annotations

import time
from array import array
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from summitreader.layout.blocks import inner_width, table_lines, wrap_block
from summitreader.layout.plain import lay_out_plain, plain_rows
from summitreader.text.passages import Survey
from summitreader.text.reading_view import RENDERED_KEPT, ReadingView, Rendered

__all__ = ["Row", "RowMap", "build_rows", "inner_width", "wrap_block"]


class Row(NamedTuple):
    block: int  # -1 for a blank row between blocks
    start: int  # visible index in the block's string where the row starts
    end: int
    line: int = 0  # which of the block's rows; for a blank row, the block above it


class RowMap:
    """Rows ``0 .. total`` for blocks ``first .. stop`` of a view, wrapped to ``measure``."""

    def __init__(
        self, view: ReadingView, measure: int, first: int, block_rows: array[int], total: int
    ) -> None:
        self.view = view
        self.measure = measure
        self.first = first
        self.stop = first + len(block_rows)
        self._block_rows = block_rows  # row where each block starts, relative to ``first``
        self.total = total
        # half as many as visible strings are kept: a block's lines are remade from its string
        self.lines: Callable[[int], list[tuple[int, int]]] = lru_cache(RENDERED_KEPT // 2)(
            self._wrap
        )
        self.cells: Callable[[int], list[tuple[int, list[tuple[int, int]]]]] = lru_cache(256)(
            self._cells
        )

    @property
    def complete(self) -> bool:
        """True when the map covers the whole document."""
        return self.first == 0 and self.view.complete and self.stop == len(self.view.blocks)

    def inner(self, block: int) -> int:
        return inner_width(self.view, block, self.measure)

    def _wrap(self, block: int) -> list[tuple[int, int]]:
        return wrap_block(self.view, block, self.measure)

    def _cells(self, block: int) -> list[tuple[int, list[tuple[int, int]]]]:
        return table_lines(self.view, block, self.measure)

    def rendered(self, block: int) -> Rendered:
        return self.view.rendered(block)

    def row(self, index: int) -> Row:
        """What row ``index`` shows: a wrapped line of a block, or the blank between blocks."""
        k = bisect_right(self._block_rows, index) - 1
        block = self.first + max(0, k)
        line = index - self._block_rows[max(0, k)]
        lines = self.lines(block)
        if 0 <= line < len(lines):
            start, end = lines[line]
            return Row(block, start, end, line)
        return Row(-1, 0, 0, block)

    def covers(self, offset: int) -> bool:
        """True when ``offset`` lies in a block this map has rows for."""
        if self.complete:
            return True
        if self.stop == self.first:
            return False
        return self.view.block(self.first).start <= offset <= self.view.block(self.stop - 1).end

    def row_of(self, offset: int) -> int:
        """The row showing text offset ``offset`` (clamped to the rows this map has)."""
        if self.total == 0:
            return 0
        block = self.view.block_at(offset)
        if block < self.first:
            return 0
        if block >= self.stop:
            return self.total - 1
        v = self.view.rendered(block).to_visible(offset)
        lines = self.lines(block)
        if self.view.block(block).kind == "row":
            found = [
                k
                for k, (_, cells) in enumerate(self.cells(block))
                if any(a <= v < b for a, b in cells)
            ]
            line = found[0] if found else 0
        else:
            line = max(0, bisect_right(lines, v, key=lambda span: span[0]) - 1)
        return self._block_rows[block - self.first] + line

    def offset_of_row(self, index: int) -> int:
        """Text offset of the first character on a row; a blank row gives the next block's."""
        if self.total == 0:
            return 0
        index = min(max(index, 0), self.total - 1)
        row = self.row(index)
        if row.block < 0:
            row = self.row(index + 1)
        return self.view.rendered(row.block).to_source(row.start)

    def offset_at(self, index: int, visible: int) -> int | None:
        """Text offset of visible index ``visible`` on row ``index``; None for a blank row."""
        if not 0 <= index < self.total:
            return None
        row = self.row(index)
        if row.block < 0:
            return None
        rendered = self.view.rendered(row.block)
        if not rendered.text:
            return rendered.to_source(0)
        return rendered.to_source(min(max(visible, row.start), len(rendered.text)))


def build_rows(
    view: ReadingView,
    measure: int,
    *,
    first: int = 0,
    until: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    survey: Survey | None = None,
) -> RowMap | None:
    """Wrap blocks from ``first`` through the one holding ``until`` (all if None), and
    add each block to ``survey`` once it is wrapped (while its rendering is still
    cached: the survey reads it there). Plain paragraphs are only counted (``plain``).

    Returns None when ``cancelled`` turns true, so a superseded width stops early.
    """
    blocks = view.blocks if until is None else view.blocks_until(until)
    block_rows: array[int] = array("I")  # 4 bytes a block: rows are fewer than 4 G
    total = 0
    i, n = first, len(blocks)
    plain = bool(view.plain_kinds)  # never in Markdown
    runs = plain and until is None
    while i < n:
        if runs:  # the whole book: runs of plain paragraphs in one loop
            stop = min(n, i + 1024)
            i, total = lay_out_plain(view, i, stop, first, measure, survey, block_rows, total)
            if i == stop:
                if cancelled():
                    return None
                time.sleep(0)  # a turn for the UI thread (a key) between runs
                continue
        if i > first:
            total += view.gap(i)  # the blank row between blocks (none in a table)
        block_rows.append(total)
        # (a block a run stopped at is not plain)
        count = plain_rows(view, i, measure, survey) if plain and not runs else None
        if count is None:
            count = len(wrap_block(view, i, measure))  # only the count is kept
            if survey is not None:
                survey.add(i)
        total += count
        if until is not None and view.end(i) >= until:
            break
        i += 1
        if i % 512 == 0 and cancelled():
            return None
    return RowMap(view, measure, first, block_rows, total)
