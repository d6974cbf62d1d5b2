"""The reading view: markup hidden, every visible character mapped to a text offset.

The text is split into blocks (paragraphs, headings, quotes, list items, code,
rules). Each block's visible string is built lazily, with a compact offset map:
runs of visible characters that are contiguous in the text.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from functools import cached_property, lru_cache
from itertools import islice

from summitreader.text.block import OUTLINE_KINDS, PASSAGE_KINDS, Block
from summitreader.text.block_table import BlockTable
from summitreader.text.inline import INLINE_SPECIAL, Builder, Rendered, Span, inline
from summitreader.text.metadata import front_matter_span
from summitreader.text.sanitize import visible as sanitise
from summitreader.text.words import count_words

__all__ = ["PASSAGE_KINDS", "Block", "ReadingView", "Rendered", "Span", "render_block"]

_BLOCK = re.compile(r"^[^\S\n]*\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*", re.M)
_HEADING = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+")
_RULE = re.compile(r"^[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^[ ]{0,3}(```+|~~~+)")
_QUOTE_MARK = re.compile(r"^[ ]{0,3}>[ ]?")
_LIST_MARK = re.compile(r"^[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+")
_SETEXT = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
_SETEXT_LINE = re.compile(r"\n[ ]{0,3}(?:=+|-+)[ \t]*$", re.M)
_NOT_TITLE = re.compile(r"^[ ]{0,3}(?:[-*+>#]|\d{1,9}[.)])")
_MARKED = re.compile(
    r"[ ]{0,3}(?:[-#>*+_~`]|\d)"
)  # what a heading, rule, quote, list or fence starts with
QUOTE_BAR = "│ "


def _content_chars(text: str, block: Block) -> tuple[str, list[int]]:
    """The block's characters after line markers (``#``, ``>``) are removed."""
    if block.kind not in ("heading", "quote"):  # nothing removed: the text, its offsets
        return text[block.start : block.end], list(range(block.start, block.end))
    chars: list[str] = []
    offs: list[int] = []
    pos = block.start
    for line in text[block.start : block.end].split("\n"):
        skip = 0
        if block.kind == "heading":
            m = _HEADING.match(line)
            skip = m.end() if m else 0
            closing = re.search(r"[ \t]+#+[ \t]*$", line)
            line_end = closing.start() if closing and closing.start() >= skip else len(line)
        elif block.kind == "quote":
            m = _QUOTE_MARK.match(line)
            skip = m.end() if m else 0
            line_end = len(line)
        else:
            line_end = len(line)
        if chars:
            chars.append("\n")
            offs.append(pos - 1)
        for i in range(skip, line_end):
            chars.append(line[i])
            offs.append(pos + i)
        pos += len(line) + 1
    return "".join(chars), offs


def render_block(text: str, block: Block) -> Rendered:
    """Build a block's visible string and offset map.

    A block with nothing to hide maps to the text as one run, so a plain book
    costs a slice and a translate per block rather than a loop per character.
    """
    out = Builder()
    if block.kind in ("code", "rule", "frontmatter", "paragraph", "list"):
        plain = block.kind in ("code", "rule", "frontmatter")
        if plain or INLINE_SPECIAL.search(text, block.start, block.end) is None:
            return Rendered(sanitise(text[block.start : block.end]), [0], [block.start])
    s, offs = _content_chars(text, block)
    inline(s, offs, 0, len(s), out)
    return out.finish(block.start)


def _setext(text: str, start: int, end: int) -> list[Block] | None:
    """A line with a line of ``===`` or ``---`` under it is a heading (level 1 or 2)."""
    lines = text[start:end].split("\n")
    pos = start
    for k, line in enumerate(lines):
        if k and _SETEXT.match(line) and not _NOT_TITLE.match(lines[k - 1]):
            title_start = pos - len(lines[k - 1]) - 1
            blocks = _classify(text, start, title_start - 1) if title_start > start else []
            level = 1 if line.lstrip()[0] == "=" else 2
            blocks.append(Block("heading", title_start, pos - 1, level=level))
            if pos + len(line) < end:
                blocks.extend(_classify(text, pos + len(line) + 1, end))
            return blocks
        pos += len(line) + 1
    return None


def _classify(text: str, start: int, end: int) -> list[Block]:
    if _SETEXT_LINE.search(text, start, end) and (found := _setext(text, start, end)):
        return found
    newline = text.find("\n", start, end)
    first_line = text[start : newline if newline >= 0 else end]
    if m := _HEADING.match(first_line):
        line_end = start + len(first_line)
        blocks = [Block("heading", start, line_end, level=len(m.group(1)))]
        if line_end + 1 < end:
            blocks.extend(_classify(text, line_end + 1, end))
        return blocks
    if _RULE.match(first_line) and start + len(first_line) == end:
        return [Block("rule", start, end)]
    quote, listed = _QUOTE_MARK.match(first_line), _LIST_MARK.match(first_line)
    if not (quote or listed):  # most blocks: a paragraph, with no need to split its lines
        return [Block("paragraph", start, end)]
    lines = text[start:end].split("\n")
    if quote and all(_QUOTE_MARK.match(line) for line in lines):
        return [Block("quote", start, end, lead=QUOTE_BAR, cont=QUOTE_BAR)]
    if listed:
        items: list[Block] = []
        pos = start
        for line in lines:
            if _LIST_MARK.match(line) or not items:
                items.append(Block("list", pos, pos + len(line)))
            else:
                items[-1].end = pos + len(line)
            pos += len(line) + 1
        return items
    return [Block("paragraph", start, end)]


def iter_blocks(text: str) -> Iterator[Block]:
    """Yield the blocks of ``text`` in order, each once it is complete.

    A generator, so a reader can show the start of a long book before the
    rest has been split; inline markup is parsed later, per block.
    """
    for item in _items(text):
        yield Block("paragraph", *item) if type(item) is tuple else item  # type: ignore[misc]


def _items(text: str) -> Iterator[Block | tuple[int, int]]:
    """``iter_blocks``, with most paragraphs as a bare (start, end): a book's 360,000
    paragraphs need no ``Block`` made and taken apart again to be kept in arrays."""
    pos = 0
    fm = front_matter_span(text)
    if fm:
        yield Block("frontmatter", fm[0], fm[1] - 1 if text[fm[1] - 1] == "\n" else fm[1])
        pos = fm[1]
    fence_open: Block | None = None
    for m in _BLOCK.finditer(text, pos):
        start, end = m.start(), m.end()
        if fence_open is not None:
            fence_open.end = end
            if re.search(r"^[ ]{0,3}(```+|~~~+)[ \t]*$", text[start:end], re.M):
                yield fence_open
                fence_open = None
            continue
        if _MARKED.match(text, start) is None and _SETEXT_LINE.search(text, start, end) is None:
            yield start, end  # no heading, rule, quote, list or fence: a paragraph
            continue
        if _FENCE.match(text, start):
            block = Block("code", start, end)
            body = text[start:end].split("\n")
            if len(body) < 2 or not _FENCE.match(body[-1]):
                fence_open = block
            else:
                yield block
            continue
        yield from _classify(text, start, end)
    if fence_open is not None:
        yield fence_open


def split_blocks(text: str) -> list[Block]:
    return list(iter_blocks(text))


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
        self.rendered = lru_cache(maxsize=4096)(self._render)

    def _iter_blocks(self) -> Iterator[Block | tuple[int, int]]:
        return _items(self.text)

    def _render(self, index: int) -> Rendered:
        return render_block(self.text, self.block(index))

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
        """``len(text.split())``, counted once: the layout's survey and the library's
        record both need it (for 100 MB, half a second that holds the interpreter)."""
        with self._words_lock:
            if self._text_words is None:
                self._text_words = count_words(self.text)
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
