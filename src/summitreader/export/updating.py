"""Updating an exported file in place: the new export laid over the file as the user
left it, in the flavour's own syntax for blocks and front."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from summitreader.export import logseq, logseq_blocks, markdown, markdown_blocks
from summitreader.export.front_matter import LOGSEQ, YAML, Front, merge_front, tags_written
from summitreader.export.managed_blocks import Block, Merged, Parsed, is_blank, merge
from summitreader.export.selection import ExportOptions


class Syntax(NamedTuple):
    parse: Callable[[str], Parsed]
    owned: Callable[[Parsed], bool]
    struck: Callable[[Block], Block]
    front: Front
    front_keys: set[str]
    fenced: bool  # the front sits between --- lines (YAML), or is bare (Logseq)
    spacing: str  # between two blocks: a blank line in Markdown, none in an outline


MARKDOWN = Syntax(
    markdown_blocks.parse,
    markdown_blocks.owned,
    markdown_blocks.struck,
    YAML,
    markdown.FRONT_KEYS,
    True,
    "\n",
)
LOGSEQ_PAGE = Syntax(
    logseq_blocks.parse,
    logseq_blocks.owned,
    logseq_blocks.struck,
    LOGSEQ,
    logseq.FRONT_KEYS,
    False,
    "",
)


def syntax_of(options: ExportOptions) -> Syntax:
    logseq = options.flavor == "logseq" and options.template is None and not options.full_text
    return LOGSEQ_PAGE if logseq else MARKDOWN


def _front(old: str, new: str, written: set[str], syntax: Syntax) -> str:
    if not old.strip():
        return new
    if not syntax.fenced:
        lines = merge_front(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            syntax.front_keys,
            written,
            syntax.front,
        )
        return "".join(lines)
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    inner = merge_front(old_lines[1:-1], new_lines[1:-1], syntax.front_keys, written, syntax.front)
    return "".join([old_lines[0], *inner, old_lines[-1]])


def update(
    old_text: str, new_text: str, options: ExportOptions, old: Parsed | None = None
) -> Merged:
    """``new_text`` (a fresh export) laid over ``old_text`` (the file as it is now; ``old``
    is its parse, when the caller has made it already: 100,000 blocks take a second). An
    export from a template that marks no block replaces the file whole."""
    syntax = syntax_of(options)
    new = syntax.parse(new_text)
    if not new.blocks and options.template is not None:
        return Merged(new_text, 0, 0, 0, ())
    old = syntax.parse(old_text) if old is None else old
    written = tags_written("".join(block.text for block, _ in old.blocks))
    front = _front(old.front, new.front, written, syntax)
    struck = syntax.struck if options.deleted == "strike" else None
    return merge(old, new, front, struck, _spacing(new, options, syntax))


def _spacing(new: Parsed, options: ExportOptions, syntax: Syntax) -> str:
    """What goes between two blocks: a template's own (the most common run of blank lines
    between its blocks: one that sets them line under line must not get a blank line
    between each at the next export), else the syntax's."""
    if options.template is None:
        return syntax.spacing
    gaps = Counter(after for _, after in new.blocks[:-1] if is_blank(after))
    return gaps.most_common(1)[0][0] if gaps else syntax.spacing
