"""Markdown's blocks, from a real CommonMark parser (markdown-it-py, with GFM tables and
strikethrough, and footnotes and front matter from mdit-py-plugins).

Only markdown-it's block phase runs: its tokens give line ranges (``map``) and each
leaf's raw inline source, from which ``markdown_convert`` makes the blocks.

A long text is parsed in chunks that end at a blank line followed by a line at column 0
(where no block but a fence or raw HTML can go on), so the first screen of a long book
waits for its first few kilobytes only. A chunk whose last fence or HTML block is still
open at its end is parsed again, longer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from summitreader.text import markdown_first
from summitreader.text.block import Block
from summitreader.text.metadata import front_matter_span

FIRST_CHUNK = 6_000  # characters parsed before the first screen
CHUNK = 48_000  # chunks grow from the first to this: the first window parses no more than it shows
_BOUNDARY = re.compile(r"\n[ \t]*\n(?=\S)")


@cache
def parser() -> Any:
    """The markdown-it parser, made once (importing it costs a plain text nothing)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.use(front_matter_plugin).use(footnote_plugin)


def _open_at_end(tokens: list[Any], lines: int) -> bool:
    """True when a top-level fence or HTML block runs to the chunk's end unclosed."""
    for token in reversed(tokens):
        if token.level == 0 and token.map is not None:
            return token.type in ("fence", "html_block") and token.map[1] >= lines
    return False


def _boundary(text: str, at: int) -> int:
    m = _BOUNDARY.search(text, at)
    return m.end() if m else len(text)


def _parse_chunk(text: str, pos: int, size: int, span: tuple[int, int] | None, count: int):
    """(where the chunk from ``pos`` ends, its blocks): about ``size`` characters, made
    longer while a fence or raw HTML block is open at its end."""
    from summitreader.text.markdown_convert import Converter  # not for a kept first chunk

    md = parser()
    end = _boundary(text, max(pos + size, span[1] if span and pos == 0 else 0))
    while True:
        chunk = text[pos:end]
        tokens: list[Any] = []
        md.block.parse(chunk, md, {}, tokens)
        if end >= len(text) or not _open_at_end(tokens, chunk.count("\n")):
            break
        end = _boundary(text, end + size)
    return end, Converter(text, pos, end, count).convert(tokens)


def _first_end(text: str, span: tuple[int, int] | None) -> int:
    """Where the characters a kept first chunk is found by end."""
    return _boundary(text, max(FIRST_CHUNK, span[1] if span else 0)) if text else 0


def keep_first_chunk(text: str) -> None:
    """Parse the first chunk and keep its blocks, unless they are kept: what a helper
    process does while the app starts (``cli.reading``), so the app finds them kept."""
    span = front_matter_span(text)
    first = _first_end(text, span)
    if text and markdown_first.load(text, first, wait=False) is None:
        end, blocks = _parse_chunk(text, 0, FIRST_CHUNK, span, 0)
        markdown_first.save(text, first, end, blocks)


def iter_markdown_blocks(text: str) -> Iterator[Block]:
    """Yield the blocks of a Markdown text in order, a chunk at a time; the first chunk's
    from those kept on disk when they are (markdown-it is then imported for the second)."""
    span = front_matter_span(text)
    pos, size, count = 0, FIRST_CHUNK, 0
    first = _first_end(text, span)
    if text and (kept := markdown_first.load(text, first)) is not None:
        pos, blocks = kept
        count, size = len(blocks), min(2 * size, CHUNK)
        yield from blocks
    while pos < len(text):
        end, blocks = _parse_chunk(text, pos, size, span, count)
        if pos == 0:
            markdown_first.save(text, first, end, blocks)
        count += len(blocks)
        yield from blocks
        pos, size = end, min(2 * size, CHUNK)
