"""A chapter's headings made to follow the book's table of contents.

A book's own heading tags seldom say where a chapter sits: parts and chapters are often
both <h1>, or a chapter's title is an <h3>. The contents nest them, and the reader's
outline is made from the headings, so each heading the contents point at takes the
contents' level, and the headings after it move by as much (a section stays under its
chapter). A chapter with no title of its own gets its label from the contents, once:
a title in any heading tag at the chapter's start is its title, and so is one set as
short paragraphs that hold the label's words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summitreader.sources.html_markdown import escape_text

_HEADING = re.compile(r"(#{1,6}) ")


def heading_level(block: str) -> int:
    """1-6 for a Markdown heading block, 0 for any other."""
    m = _HEADING.match(block)
    return len(m[1]) if m else 0


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", " ", text.casefold()).split()


TITLE_PARAGRAPHS = 3  # a title set in pieces takes no more blocks than these
_SHORT = 100  # characters: a paragraph longer than this is text, not a title's line


def _title_pieces(blocks: list[str], title: str) -> int:
    """How many of the first blocks hold the title's words, each a heading or a short
    paragraph ("BOOK I" and "Of Leaves" for "Book I: Of Leaves"); 0 if they do not."""
    want = _words(title)
    for k in range(1, min(TITLE_PARAGRAPHS, len(blocks)) + 1):
        if len(blocks[k - 1]) > _SHORT:
            return 0
        if [w for b in blocks[:k] for w in _words(b)] == want:
            return k
    return 0


def follow_contents(
    blocks: list[str],
    anchors: dict[str, int],
    entries: Sequence[tuple[str, int, str]],
    has_title: bool,
) -> tuple[list[str], dict[str, int]]:
    """(blocks, anchors) of one chapter whose contents entries are ``entries`` (title,
    level, fragment), the first its label; ``has_title``: the chapter has an <h1>/<h2>."""
    if not blocks or not entries:
        return blocks, anchors
    title, level, _ = entries[0]
    took = _title_pieces(blocks, title)
    if took > 1 or (took == 1 and not heading_level(blocks[0])):
        # a title set in pieces ("Chapter II", "The Tools") is one heading, at the level
        # of its first piece if that is a heading, which the contents then set
        own = heading_level(blocks[0]) or min(level, 6)
        blocks = ["#" * own + " " + escape_text(title), *blocks[took:]]
        anchors = {key: 0 if i < took else i - took + 1 for key, i in anchors.items()}
    heads = [i for i, block in enumerate(blocks) if heading_level(block)]
    titled = heads and (
        heads[0] == 0 or has_title or _words(blocks[heads[0]].lstrip("#")) == _words(title)
    )
    if not titled:
        blocks = ["#" * min(level, 6) + " " + escape_text(title), *blocks]
        anchors = {key: i + 1 for key, i in anchors.items()}
        heads = [0, *(i + 1 for i in heads)]
    pointed: dict[int, int] = {}
    for _, entry_level, fragment in entries:
        at = anchors.get(fragment) if fragment else heads[0]
        if at is not None:
            pointed.setdefault(at, entry_level)
    shift = 0
    for i in heads:
        own = heading_level(blocks[i])
        if i in pointed:
            shift = pointed[i] - own
        new = min(6, max(1, own + shift))
        if new != own:
            blocks[i] = "#" * new + blocks[i][own:]
    return blocks, anchors
