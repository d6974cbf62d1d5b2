"""Managed blocks in a Markdown file (Obsidian, CommonMark): each is held between two
HTML comments, which every Markdown reader hides.

    <!-- summitreader:a1b2c3d4 5e6f7a8b -->
    ...what summitreader wrote...
    <!-- /summitreader:a1b2c3d4 -->

The first names the block and the digest of what was written between them. Lines the user
wrote inside a block, above or below what summitreader wrote there, are moved out of it,
just before or after it (the marks do not show: they read where they were), and the block
is updated; a block edited otherwise is kept as the user left it. Marks are
read only at the start of a line, and nothing an export writes inside a block starts a
line that way (quotes are quoted, notes are made unable to), so no content forges one.
"""

from __future__ import annotations

import re

from summitreader.export.managed_blocks import DELETED, Block, Parsed, digest, ended, parsed
from summitreader.text.sanitize import inert_export

_START = re.compile(r"<!-- summitreader:(\S+) ([0-9a-f]{8}) -->[ \t]*\r?\n?\Z")
_MARK = "<!-- summitreader:"
_FRONT_OPEN = re.compile(r"---[ \t]*\r?\n")
_FRONT_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.M)
OWNER_KEY = "summitreader"  # the front matter key that says summitreader wrote the file
# Ends a template's export that marks no block: the file is summitreader's to replace.
OWNER_COMMENT = "\n<!-- summitreader: written by a template, and replaced whole on export -->\n"


def managed(key: str, body: str) -> str:
    """``body`` between the marks that make it the block ``key``; no control character in
    it is written raw (as the digest is taken)."""
    body = inert_export(body if body.endswith("\n") else body + "\n")
    return f"<!-- summitreader:{key} {digest(body)} -->\n{body}<!-- /summitreader:{key} -->\n"


def _end(key: str) -> str:
    return f"<!-- /summitreader:{key} -->"


def front_length(text: str) -> int:
    """How many characters of ``text`` are its YAML front matter (0 when it has none)."""
    opening = _FRONT_OPEN.match(text)
    if not opening:
        return 0
    closing = _FRONT_CLOSE.search(text, opening.end())
    return closing.end() if closing else 0


def parse(text: str) -> Parsed:
    """The front matter, the preamble, and each block with the text that follows it. A
    block whose closing mark is gone runs to the next block and counts as edited; a key
    seen a second time is the user's copy, not a block."""
    split = front_length(text)
    lines = text[split:].splitlines(keepends=True)
    preamble = ""
    blocks: list[tuple[Block, str]] = []
    seen: set[str] = set()
    taken = i = 0  # lines before ``taken`` are in a block or in the text before one
    owed = ""  # the user's lines from inside the block before, for the text after it
    count = len(lines)
    # only a line that starts "<!-- " can be a mark: they are found in one pass, and the
    # loop visits them alone (a file of 100,000 blocks has 900,000 lines)
    marks = [n for n, line in enumerate(lines) if line.startswith("<!-- ")]
    m = 0
    while m < len(marks):
        i = marks[m]
        line = lines[i]
        start = _START.match(line) if i >= taken and line.startswith(_MARK) else None
        if start is None or start[1] in seen:
            m += 1
            continue
        key, written = start[1], start[2]
        closing = _end(key)
        end, next_start = count, i + 1
        m += 1
        while m < len(marks):
            line = lines[marks[m]]
            if line.rstrip() == closing or _START.match(line):
                end = marks[m]
                break
            m += 1
        closed = end < count and lines[end].rstrip() == closing
        stop = end + 1 if closed else end
        body = "".join(lines[next_start:end])
        before = "".join(lines[taken:i])
        edited = not closed or digest(body) != written
        a, b = next_start, end  # summitreader's lines of the body
        if edited and closed and (ours := _ours_within(lines[next_start:end], written)):
            # words written above or below summitreader's lines, inside the block: they
            # move out of it, just before or after it, where Obsidian showed them anyway
            a, b, edited = next_start + ours[0], next_start + ours[1], False
        before, owed = owed + before + "".join(lines[next_start:a]), "".join(lines[b:end])
        if blocks:
            blocks[-1] = (blocks[-1][0], before)
        else:
            preamble = before
        whole = lines[i] + "".join(lines[a:b]) + (lines[end] if closed else "")
        blocks.append((Block(key, ended(whole), edited), ""))
        seen.add(key)
        taken = stop
    return parsed(text[:split], preamble, blocks, owed + "".join(lines[taken:]))


MOST_LINES = 200  # a block's lines looked through for what summitreader wrote, at most


def _ours_within(body: list[str], written: str) -> tuple[int, int] | None:
    """The lines [a, b) of an edited block's body that are what summitreader wrote (their
    digest is the block's), when the user only wrote lines above or below them."""
    n = len(body)
    if n > MOST_LINES:
        return None
    for a in range(n):
        for b in range(n, a, -1):
            if (a or b < n) and digest("".join(body[a:b])) == written:
                return a, b
    return None


def owned(parsed: Parsed) -> bool:
    """Written by summitreader: its front matter says so, or it holds a block."""
    has_key = re.search(rf"^{OWNER_KEY}:", parsed.front, re.M) is not None
    return has_key or bool(parsed.blocks) or OWNER_COMMENT.strip() in parsed.preamble


def _strike(line: str) -> str:
    if line.startswith("> ") and line[2:].strip():
        return f"> ~~{line[2:].rstrip()}~~"
    return line


def struck(block: Block) -> Block:
    """A deleted highlight's block, kept struck through when the config asks for it."""
    body = block.text.splitlines()[1:-1]
    kept = "\n".join(["*Deleted in summitreader:*", "", *(_strike(line) for line in body)])
    key = DELETED + block.key
    return Block(key, managed(key, kept))
