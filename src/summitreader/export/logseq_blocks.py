"""Managed blocks in a Logseq page: each is a top-level bullet whose ``summitreader::``
property names it and carries the digest of what was written.

    - > the quote
      id:: 6f1c...            (Logseq's own id: ((6f1c...)) refers to the block)
      summitreader:: a1b2c3d4 5e6f7a8b
      location:: ¶4, line 11

A bullet's own lines are summitreader's; the blocks the user nests under it (children,
indented bullets) are theirs and stay with it, as does anything between bullets.
"""

from __future__ import annotations

import re

from summitreader.export.managed_blocks import DELETED, Block, Parsed, digest
from summitreader.text.sanitize import inert_export

_PROPERTY = re.compile(r"^[A-Za-z0-9_.\-]+::(?:[ \t]|\r?$)")
_MARK = re.compile(r"^  summitreader:: (\S+) ([0-9a-f]{8})[ \t]*\r?\n?\Z")
_CHILD = re.compile(r"^[ \t]+[-*+](?:[ \t]|\r?$)")
OWNER_PROPERTY = "summitreader"


def _mark(key: str, dig: str) -> str:
    return f"  summitreader:: {key} {dig}\n"


def managed(key: str, first: str, properties: list[str], lines: list[str]) -> str:
    """A top-level bullet: ``first`` on the bullet, Logseq properties after it (Logseq
    reads them there, the mark last), then the other lines, indented under the bullet."""
    head = inert_export(f"- {first}\n" + "".join(f"  {p}\n" for p in properties))
    tail = inert_export("".join(f"  {line}\n" if line else "\n" for line in lines))
    return head + _mark(key, digest(head + tail)) + tail


def _continues(lines: list[str], i: int) -> bool:
    """Line ``i`` is more of the bullet above: indented text that is not a child bullet,
    or blank lines before such text."""
    j = i
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j == len(lines):
        return False
    line = lines[j]
    return line.startswith("  ") and not _CHILD.match(line) and not line.startswith("\t")


def front_length(text: str) -> int:
    """The page properties: the ``key:: value`` lines the page starts with."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if not _PROPERTY.match(line):
            break
        offset += len(line)
    return offset


def parse(text: str) -> Parsed:
    split = front_length(text)
    lines = text[split:].splitlines(keepends=True)
    preamble = ""
    blocks: list[tuple[Block, str]] = []
    seen: set[str] = set()
    taken = i = 0
    while i < len(lines):
        if not lines[i].startswith("- ") and lines[i].rstrip("\r\n") != "-":
            i += 1
            continue
        end = i + 1
        while end < len(lines) and _continues(lines, end):
            end += 1
        own = lines[i:end]
        marks = [(n, m) for n, line in enumerate(own) if (m := _MARK.match(line))]
        if not marks or marks[0][1][1] in seen:
            i = end
            continue
        n, mark = marks[0]
        key = mark[1]
        body = "".join(own[:n] + own[n + 1 :])
        before = "".join(lines[taken:i])
        if blocks:
            blocks[-1] = (blocks[-1][0], before)
        else:
            preamble = before
        whole = "".join(own)
        whole = whole if whole.endswith("\n") else whole + "\n"
        blocks.append((Block(key, whole, digest(body) != mark[2]), ""))
        seen.add(key)
        taken = i = end
    rest = "".join(lines[taken:])
    if blocks:
        blocks[-1] = (blocks[-1][0], rest)
    else:
        preamble = rest
    return Parsed(text[:split], preamble, blocks)


def owned(parsed: Parsed) -> bool:
    has_property = re.search(rf"^{OWNER_PROPERTY}::", parsed.front, re.M) is not None
    return has_property or bool(parsed.blocks)


def struck(block: Block) -> Block:
    """The deleted highlight's bullet, its quote struck through; its children stay."""
    lines = [line for line in block.text.splitlines() if not _MARK.match(line + "\n")]
    first = lines[0][2:]
    if first.startswith("> "):
        first = f"> ~~{first[2:]}~~"
    properties = [line[2:] for line in lines[1:] if _PROPERTY.match(line[2:])]
    others = [line[2:] for line in lines[1:] if not _PROPERTY.match(line[2:])]
    key = DELETED + block.key
    return Block(key, managed(key, first, properties, ["*Deleted in summitreader.*", *others]))
