"""A chapter's headings made to follow the book's table of contents.

A book's own heading tags seldom say where a chapter sits: parts and chapters are often
both <h1>, or a chapter's title is an <h3>. The contents nest them, and the reader's
outline is made from the headings, so each heading the contents point at takes the
contents' level, and the headings after it move by as much (a section stays under its
chapter). A chapter with no title of its own gets its label from the contents, once:
a title in any heading tag at the chapter's start is its title.
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
