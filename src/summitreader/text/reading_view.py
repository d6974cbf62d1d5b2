"""The reading view: markup hidden, every visible character mapped to a text offset.

The text is split into blocks (paragraphs, headings, quotes, list items, code,
rules). Each block's visible string is built lazily, with a compact offset map:
runs of visible characters that are contiguous in the text.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import cached_property, lru_cache
from itertools import islice

from summitreader.text.block import OUTLINE_KINDS, PASSAGE_KINDS, QUOTE_BAR, Block
from summitreader.text.block_table import BlockTable
from summitreader.text.inline import Rendered, Span
from summitreader.text.words import count_half_words

__all__ = [
    "PASSAGE_KINDS",
    "QUOTE_BAR",
    "RENDERED_KEPT",
    "Block",
    "ReadingView",
    "Rendered",
    "Span",
]


# Blocks whose visible strings are kept: a hundred screens of prose. Every one kept is a
# dozen objects that each full collection of the garbage collector walks (4,096 of them
# were a fifth of the objects it walked, in a reader's 80-110 ms pauses).
RENDERED_KEPT = 1024


class ReadingView:
    """The text as a reader sees it: blocks, their visible strings and offset maps.

    Blocks are split on demand (``blocks_until``) so the first screen of a long
    book does not wait for its last chapter; ``blocks`` is always complete.
    Visible strings are rebuilt on demand behind an LRU cache, so memory does
    not grow with every block ever shown.
    """

    markdown = False  # a plain text: hard-wrapped lines reflow, a few marks are hidden
    sync_limit = 200_000  # characters laid out at once; longer texts first show a window
    first_window = 12_000  # characters wrapped for that window: about four screens of prose

    def __init__(self, text: str) -> None:
        self.text = text
        self._table = BlockTable(len(text))
        self._starts = self._table.starts  # each block's start, for bisect
        self._pending = self._iter_blocks()
        self._complete = False
        self._lock = threading.Lock()  # the layout worker splits blocks too
        self._words_lock = threading.Lock()
        self._text_words: int | None = None
        self.rendered = lru_cache(maxsize=RENDERED_KEPT)(self._render)

    def _iter_blocks(self) -> Iterator[Block | tuple[int, int]]:
        from summitreader.text.plain_blocks import iter_items

        return iter_items(self.text)

    def _render(self, index: int) -> Rendered:
        return self._render_block(self.text, self.block(index))

    @cached_property
    def _render_block(self) -> Callable[[str, Block], Rendered]:
        """The plain text's, imported once (not per block: a book renders 360,000)."""
        from summitreader.text.plain_blocks import render_block

        return render_block

    def iter_from(self, index: int = 0) -> Iterator[tuple[int, Block]]:
        """Blocks from ``index`` on, split only as far as the caller reads."""
        table = self._table
        while True:
            if index >= len(table):
                self._split(self._starts[-1] if self._starts else 0)
                if index >= len(table):
                    return
            yield index, table[index]
            index += 1

    def peek(self, index: int) -> Block | None:
        """Block ``index`` if it has been split already (never splits the rest)."""
        table = self._table
        return table[index] if 0 <= index < len(table) else None

    def block(self, index: int) -> Block:
        table = self._table
        found = table.rich.get(index)  # every block of a Markdown text: kept whole
        if found is None:
            if index >= len(table):
                self._split(None)
            found = table[index]
        return found

    def kind(self, index: int) -> str:
        """Block ``index``'s kind, without making its ``Block``."""
        if index >= len(self._table):
            self._split(None)
        return self._table.kind(index)

    def gap(self, index: int) -> int:
        """The blank rows before block ``index`` (split already)."""
        return self._table.gap(index)

    def end(self, index: int) -> int:
        """Where block ``index`` (split already) ends."""
        return self._table.ends[index]

    @property
    def text_words(self) -> int:
        """The text's words (``text.words.count_words``)."""
        return self.text_half_words // 2

    @property
    def text_half_words(self) -> int:
        """Twice the words, counted once: the layout's survey and the library's record both
        need it (for 100 MB, half a second that holds the interpreter)."""
        with self._words_lock:
            if self._text_words is None:
                self._text_words = count_half_words(self.text)
            return self._text_words

    @property
    def table(self) -> BlockTable:
        """The blocks split so far (never splits more)."""
        return self._table

    @cached_property
    def plain_kinds(self) -> tuple[int, ...]:
        """The kind codes of a block whose visible string is its text, newlines shown as
        spaces, when it holds no markup nor control (which the caller checks) and is
        ``table.plain``: a paragraph or a list item of a plain text; none in Markdown."""
        if self.markdown:
            return ()
        return (self._table.code("paragraph"), self._table.code("list"))

    def _split(self, until: int | None) -> None:
        """Split blocks until one starts past ``until`` (all if None), a batch at a time:
        the lock is let go between batches, so a key that needs a block near the reader
        never waits for a whole book to be split."""
        starts = self._starts
        while not self._complete and (until is None or not starts or starts[-1] <= until):
            with self._lock:
                if not self._complete and (until is None or not starts or starts[-1] <= until):
                    self._split_batch(until)

    def _split_batch(self, until: int | None, size: int = 4096) -> None:
        table = self._table
        append, add, paragraph = table.append, table.add_plain, table.code("paragraph")
        taken = 0
        for item in islice(self._pending, size):
            taken += 1
            if type(item) is tuple:
                start = item[0]
                add(paragraph, start, item[1])
            else:
                start = item.start  # type: ignore[union-attr]
                append(item)  # type: ignore[arg-type]
            if until is not None and start > until:
                return
        if taken < size:
            self._complete = True

    @property
    def blocks(self) -> BlockTable:
        self._split(None)
        return self._table

    def blocks_until(self, offset: int) -> BlockTable:
        """The blocks split so far, at least through the one after ``offset``."""
        self._split(offset)
        return self._table

    @property
    def complete(self) -> bool:
        return self._complete

    def blocks_over(self, start: int, end: int) -> range:
        """The indexes of the blocks the span [start, end) touches (none when it is empty)."""
        if end <= start:
            return range(0)
        return range(self.block_at(start), self.block_at(end - 1) + 1)

    def visible_length(self, start: int, end: int, most_blocks: int = 200) -> tuple[int, bool]:
        """(characters shown for the text span [start, end), exact): Markdown's hidden
        marks and link targets are not counted. Past ``most_blocks`` blocks (a selection
        to the end of a book, counted at every key) the rest counts as its text's length,
        and ``exact`` is False."""
        over = self.blocks_over(start, end)
        if not over:
            return 0, True
        first, last = over[0], over[-1]
        total = 0
        for i in range(first, min(last, first + most_blocks - 1) + 1):
            lo, hi = max(start, self._starts[i]), min(end, self.end(i))
            if hi > lo:
                r = self.rendered(i)
                total += r.to_visible(hi) - r.to_visible(lo)
        if last - first < most_blocks:
            return total, True
        return total + end - max(start, self._starts[first + most_blocks]), False

    def shown_text(self, start: int, end: int, most: int = 400) -> str:
        """What the span [start, end) shows on screen (Markdown's marks and link targets
        hidden), its blocks joined by a space; once ``most`` characters are found the rest
        is left out. A quote in a list or a dialog reads as the reader saw it."""
        pieces: list[str] = []
        found = 0
        for i in self.blocks_over(start, end):
            lo, hi = max(start, self._starts[i]), min(end, self.end(i))
            if hi > lo:
                r = self.rendered(i)
                piece = r.text[r.to_visible(lo) : r.to_visible(hi)]
                pieces.append(piece)
                found += len(piece)
                if found >= most:
                    break
        return " ".join(p for p in pieces if p.strip())

    def block_at(self, offset: int) -> int:
        """Index of the block holding ``offset``, or the nearest block before it."""
        self._split(offset)
        return max(0, bisect_right(self._starts, offset) - 1)

    @cached_property
    def passage_blocks(self) -> array[int]:
        return self.blocks.of_kinds(PASSAGE_KINDS)

    @cached_property
    def outline(self) -> list[int]:
        """The headings (and a title), as block indexes: what the outline lists."""
        return list(self.blocks.of_kinds(OUTLINE_KINDS))

    def section_at(self, offset: int) -> int | None:
        """The heading nearest above ``offset`` (its block index), or None."""
        headings = self.outline
        k = bisect_right(headings, self.block_at(offset)) - 1
        return headings[k] if k >= 0 else None
