"""The plain text's blocks: a text file split into paragraphs, headings, quotes, list
items, code and rules by its lines' marks, and each block's visible string.

Apart from the reading view, whose ``ReadingView`` imports it when a plain text is first
split: a Markdown text is split by its parser and never needs these patterns (compiling
them took 0.5 ms of every start).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from summitreader.text.block import QUOTE_BAR, Block
from summitreader.text.inline import INLINE_SPECIAL, Builder, Rendered, inline
from summitreader.text.metadata import chapter_level, front_matter_span
from summitreader.text.sanitize import visible as sanitise

_BLOCK = re.compile(r"^[^\S\n]*\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*", re.M)
_HEADING = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+")
_RULE = re.compile(r"^[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^[ ]{0,3}(```+|~~~+)")
_QUOTE_MARK = re.compile(r"^[ ]{0,3}>[ ]?")
_LIST_MARK = re.compile(r"^[ ]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+")
_SETEXT = re.compile(r"^[ ]{0,3}(=+|-+)[ \t]*$")
_SETEXT_LINE = re.compile(r"\n[ ]{0,3}(?:=+|-+)[ \t]*$", re.M)
_NOT_TITLE = re.compile(r"^[ ]{0,3}(?:[-*+>#]|\d{1,9}[.)])")
_OPENS_PART = frozenset("BCEFLPSTVbcefpv")  # the first letters a chapter line can have
_MARKED = re.compile(
    r"[ ]{0,3}(?:[-#>*+_~`]|\d)"
)  # what a heading, rule, quote, list or fence starts with


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
    for item in iter_items(text):
        yield Block("paragraph", *item) if type(item) is tuple else item  # type: ignore[misc]


def iter_items(text: str) -> Iterator[Block | tuple[int, int]]:
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
            if (
                end - start <= 80
                and text[start] in _OPENS_PART
                and (level := chapter_level(text[start:end]))
            ):
                yield Block("heading", start, end, level=level)  # "CHAPTER I" on its own
            else:
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
