"""The reading view: markup hidden, every visible character mapped to a text offset.

The text is split into blocks (paragraphs, headings, quotes, list items, code,
rules). Each block's visible string is built lazily, with a compact offset map:
runs of visible characters that are contiguous in the text.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import NamedTuple

from summitreader.text.metadata import front_matter_span
from summitreader.text.sanitize import visible as sanitise

_BLOCK = re.compile(r"^[^\S\n]*\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*", re.M)
_HEADING = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+")
_RULE = re.compile(r"^[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^[ ]{0,3}(```+|~~~+)")
_QUOTE_MARK = re.compile(r"^[ ]{0,3}>[ ]?")
_LIST_MARK = re.compile(r"^[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]*)>")
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_INLINE_SPECIAL = re.compile(r"[\\`*_\[<]")

PASSAGE_KINDS = frozenset({"paragraph", "heading", "quote", "list", "code"})


class Span(NamedTuple):
    """A styled range of a block's visible string."""

    start: int
    end: int
    style: str  # "em", "strong", "code" or "link"
    url: str = ""


@dataclass(slots=True)
class Rendered:
    """A block's visible string and how it maps back to the text."""

    text: str
    run_vis: list[int]
    run_src: list[int]
    spans: list[Span] = field(default_factory=list)

    def to_source(self, v: int) -> int:
        """Text offset of visible index ``v`` (``v == len`` maps past the last char)."""
        if v >= len(self.text):
            return self.to_source(len(self.text) - 1) + 1 if self.text else self.run_src[0]
        i = bisect_right(self.run_vis, v) - 1
        return self.run_src[i] + (v - self.run_vis[i])

    def to_visible(self, s: int) -> int:
        """Visible index of text offset ``s``; hidden characters map to the next visible one."""
        i = bisect_right(self.run_src, s) - 1
        if i < 0:
            return 0
        run_end = self.run_vis[i + 1] if i + 1 < len(self.run_vis) else len(self.text)
        v = self.run_vis[i] + (s - self.run_src[i])
        return min(v, run_end)


@dataclass(slots=True)
class Block:
    """A run of non-blank lines: one paragraph-level element of the text."""

    kind: str  # paragraph, heading, quote, list, code, rule, frontmatter
    start: int
    end: int
    level: int = 0

    @property
    def is_passage(self) -> bool:
        return self.kind in PASSAGE_KINDS


class _Builder:
    """Accumulates visible characters with their text offsets."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.offs: list[int] = []
        self.spans: list[Span] = []

    def emit(self, ch: str, off: int) -> None:
        self.chars.append(ch)
        self.offs.append(off)

    def finish(self, fallback: int) -> Rendered:
        text = sanitise("".join(self.chars))
        run_vis: list[int] = []
        run_src: list[int] = []
        prev = -2
        for v, s in enumerate(self.offs):
            if s != prev + 1:
                run_vis.append(v)
                run_src.append(s)
            prev = s
        if not run_vis:
            run_vis, run_src = [0], [fallback]
        return Rendered(text, run_vis, run_src, sorted(self.spans, key=lambda s: s.start))


def _content_chars(text: str, block: Block) -> tuple[str, list[int]]:
    """The block's characters after line markers (``#``, ``>``) are removed."""
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


def _closing_emphasis(s: str, start: int, marker: str, end: int) -> int:
    """Index of a closing run equal to ``marker`` in s[start:end], or -1."""
    i = start
    n = len(marker)
    while True:
        j = s.find(marker, i, end)
        if j < 0:
            return -1
        before_ok = j > start and not s[j - 1].isspace()
        run_ok = (j + n >= len(s) or s[j + n] != marker[0]) and s[j - 1] != marker[0]
        after_ok = marker[0] != "_" or j + n >= len(s) or not s[j + n].isalnum()
        if before_ok and run_ok and after_ok:
            return j
        i = j + 1


def _inline(s: str, offs: list[int], lo: int, hi: int, out: _Builder) -> None:
    """Hide inline markup in s[lo:hi], emitting what a reader should see."""
    i = lo
    while i < hi:
        m = _INLINE_SPECIAL.search(s, i, hi)
        stop = m.start() if m else hi
        for k in range(i, stop):
            out.emit(s[k], offs[k])
        i = stop
        if i >= hi:
            return
        ch = s[i]
        if ch == "\\" and i + 1 < hi and s[i + 1] in _PUNCT:
            out.emit(s[i + 1], offs[i + 1])
            i += 2
            continue
        if ch == "`":
            run = len(s[i:hi]) - len(s[i:hi].lstrip("`"))
            close = s.find("`" * run, i + run, hi)
            if close > i + run:
                v0 = len(out.chars)
                for k in range(i + run, close):
                    out.emit(s[k], offs[k])
                out.spans.append(Span(v0, len(out.chars), "code"))
                i = close + run
                continue
        if ch == "[":
            close = _matching_bracket(s, i, hi)
            if close > i and close + 1 < hi and s[close + 1] == "(":
                paren = s.find(")", close + 2, hi)
                if paren > 0 and "\n" not in s[close + 2 : paren]:
                    v0 = len(out.chars)
                    _inline(s, offs, i + 1, close, out)
                    url = s[close + 2 : paren].strip().split(" ")[0]
                    out.spans.append(Span(v0, len(out.chars), "link", url))
                    i = paren + 1
                    continue
        if ch == "<":
            auto = _AUTOLINK.match(s, i, hi)
            if auto:
                v0 = len(out.chars)
                for k in range(i + 1, auto.end() - 1):
                    out.emit(s[k], offs[k])
                out.spans.append(Span(v0, len(out.chars), "link", auto.group(1)))
                i = auto.end()
                continue
        if ch in "*_":
            run = 1
            while i + run < hi and s[i + run] == ch and run < 3:
                run += 1
            marker = ch * run
            opens = i + run < hi and not s[i + run].isspace()
            if ch == "_" and i > 0 and s[i - 1].isalnum():
                opens = False
            if opens:
                close = _closing_emphasis(s, i + run, marker, hi)
                if close > i + run:
                    v0 = len(out.chars)
                    _inline(s, offs, i + run, close, out)
                    v1 = len(out.chars)
                    if run in (1, 3):
                        out.spans.append(Span(v0, v1, "em"))
                    if run in (2, 3):
                        out.spans.append(Span(v0, v1, "strong"))
                    i = close + run
                    continue
            for k in range(i, i + run):
                out.emit(s[k], offs[k])
            i += run
            continue
        out.emit(ch, offs[i])
        i += 1


def _matching_bracket(s: str, i: int, hi: int) -> int:
    depth = 0
    k = i
    while k < hi:
        c = s[k]
        if c == "\\":
            k += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return k
        k += 1
    return -1


def render_block(text: str, block: Block) -> Rendered:
    """Build a block's visible string and offset map.

    A block with nothing to hide maps to the text as one run, so a plain book
    costs a slice and a translate per block rather than a loop per character.
    """
    out = _Builder()
    if block.kind in ("code", "rule", "frontmatter", "paragraph", "list"):
        plain = block.kind in ("code", "rule", "frontmatter")
        if plain or _INLINE_SPECIAL.search(text, block.start, block.end) is None:
            return Rendered(sanitise(text[block.start : block.end]), [0], [block.start])
    s, offs = _content_chars(text, block)
    _inline(s, offs, 0, len(s), out)
    return out.finish(block.start)


def _classify(text: str, start: int, end: int) -> list[Block]:
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
    lines = text[start:end].split("\n")
    if all(_QUOTE_MARK.match(line) for line in lines):
        return [Block("quote", start, end)]
    if _LIST_MARK.match(first_line):
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

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: list[Block] = []
        self._starts: list[int] = []
        self._pending = iter_blocks(text)
        self._complete = False
        self._lock = threading.Lock()  # the layout worker splits blocks too
        self.rendered = lru_cache(maxsize=4096)(self._render)

    def _render(self, index: int) -> Rendered:
        return render_block(self.text, self.block(index))

    def iter_from(self, index: int = 0) -> Iterator[tuple[int, Block]]:
        """Blocks from ``index`` on, split only as far as the caller reads."""
        while True:
            if index >= len(self._found):
                self._split(self._starts[-1] if self._starts else 0)
                if index >= len(self._found):
                    return
            yield index, self._found[index]
            index += 1

    def block(self, index: int) -> Block:
        found = self._found if index < len(self._found) else self.blocks
        return found[index]

    def _split(self, until: int | None) -> None:
        if self._complete or (until is not None and self._starts and self._starts[-1] > until):
            return
        with self._lock:
            for block in self._pending:
                self._found.append(block)
                self._starts.append(block.start)
                if until is not None and block.start > until:
                    return
            self._complete = True

    @property
    def blocks(self) -> list[Block]:
        self._split(None)
        return self._found

    def blocks_until(self, offset: int) -> list[Block]:
        """The blocks split so far, at least through the one after ``offset``."""
        self._split(offset)
        return self._found

    @property
    def complete(self) -> bool:
        return self._complete

    def block_at(self, offset: int) -> int:
        """Index of the block holding ``offset``, or the nearest block before it."""
        self._split(offset)
        return max(0, bisect_right(self._starts, offset) - 1)

    @cached_property
    def passage_blocks(self) -> list[int]:
        return [i for i, b in enumerate(self.blocks) if b.is_passage]
