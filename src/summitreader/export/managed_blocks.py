"""Managed blocks: the parts of an exported file that summitreader owns, each found by
its key, so that a second export updates the file instead of replacing it.

A file reads as a front (front matter or page properties), a preamble, then blocks; the
text after a block, up to the next one, is the user's and stays with that block. Each
block carries a digest of what summitreader wrote into it: a block the user edited no
longer matches its digest, and it is kept as they wrote it, never rewritten or removed.

The flavours differ only in how a block is marked (an HTML comment pair in Markdown, a
property in a Logseq outline); the merge here is the same for all of them.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

DELETED = "deleted:"  # the key prefix of a block kept, struck through, for a deleted highlight
# A heading the user wrote after the last block begins their own closing section: it
# stays at the end of the file while new highlights go in above it.
_HIGHLIGHT_KEY = re.compile(r"[0-9a-f]{8,32}")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")


def digest(body: str) -> str:
    """Eight hex digits of the body as written; line endings an editor changed do not count."""
    return hashlib.sha256(body.replace("\r\n", "\n").encode("utf-8")).hexdigest()[:8]


class Block(NamedTuple):
    key: str
    text: str  # the whole block with its marks, ending in a newline
    edited: bool = False  # its body no longer matches the digest summitreader wrote


class Parsed(NamedTuple):
    front: str  # front matter or page properties, "" when there are none
    preamble: str  # what comes between the front and the first block
    blocks: list[tuple[Block, str]]  # each block, and the text after it up to the next

    @property
    def keys(self) -> list[str]:
        return [block.key for block, _ in self.blocks]


def parsed(front: str, preamble: str, blocks: list[tuple[Block, str]], rest: str) -> Parsed:
    """The parse, once the blocks are found: what follows the last one is its text after,
    or the preamble when there is none."""
    if blocks:
        blocks[-1] = (blocks[-1][0], rest)
        return Parsed(front, preamble, blocks)
    return Parsed(front, rest, blocks)


def ended(text: str) -> str:
    """A block's text ends its last line."""
    return text if text.endswith("\n") else text + "\n"


class Merged(NamedTuple):
    text: str
    added: int
    changed: int
    removed: int
    kept: tuple[str, ...]  # keys of blocks left as the user edited them


def is_blank(text: str) -> bool:
    return not text.strip()


def _split_epilogue(after: str) -> tuple[str, str]:
    """The text after the last block: what belongs to that block, and from the user's
    first heading on, the section they closed the file with."""
    offset = 0
    for line in after.splitlines(keepends=True):
        if _HEADING.match(line):
            return after[:offset], after[offset:]
        offset += len(line)
    return after, ""


def merge(
    old: Parsed,
    new: Parsed,
    front: str,
    struck: Callable[[Block], Block] | None = None,
    spacing: str = "\n",
) -> Merged:
    """``new`` laid over ``old``: the new blocks in their order, each followed by the text
    the user wrote after it; blocks no longer rendered removed (or struck, with
    ``struck``), their followers kept; edited blocks kept as they are. ``spacing`` goes
    between blocks where nothing of the user's does."""
    new_keys = {block.key for block, _ in new.blocks}
    old_at = {block.key: i for i, (block, _) in enumerate(old.blocks)}
    pieces: list[tuple[str, str]] = []  # a block and what follows it; "" is ours to space
    added = changed = removed = 0
    kept: list[str] = []
    epilogue = ""
    passed = 0  # old blocks before this index have been written or dropped

    def old_after(i: int) -> str:
        nonlocal epilogue
        after = old.blocks[i][1]
        if i == len(old.blocks) - 1:
            after, epilogue = _split_epilogue(after)
        return "" if is_blank(after) else after

    def gone(upto: int) -> None:
        nonlocal removed, passed
        start, passed = passed, max(passed, upto)
        for i in range(start, upto):
            block, _ = old.blocks[i]
            if block.key in new_keys:
                continue  # it is written at its new place
            after = old_after(i)
            deleted = block.key.startswith(DELETED)
            returning = deleted and block.key[len(DELETED) :] in new_keys
            if block.edited:
                kept.append(block.key)
                pieces.append((block.text, after))
            elif deleted and not returning:
                pieces.append((block.text, after))
            elif struck is not None and not returning and _is_highlight(block.key):
                pieces.append((struck(block).text, after))
                removed += 1
            else:
                removed += _is_highlight(block.key)
                if after:
                    pieces.append(("", after))

    # Where each new block stands among the old: the old index of the next block that is
    # in both. A new block goes after the blocks that are gone before that one (and the
    # user's words under them), as they were above it in the text.
    following = [len(old.blocks)] * (len(new.blocks) + 1)
    for n in range(len(new.blocks) - 1, -1, -1):
        i = old_at.get(new.blocks[n][0].key)
        following[n] = following[n + 1] if i is None else i
    for n, (block, _) in enumerate(new.blocks):
        i = old_at.get(block.key)
        if i is None:
            gone(following[n])
            added += _is_highlight(block.key)
            pieces.append((block.text, ""))
            continue
        if i >= passed:
            gone(i)
            passed = i + 1
        previous = old.blocks[i][0]
        if previous.edited:
            kept.append(block.key)
            pieces.append((previous.text, old_after(i)))
        else:
            changed += previous.text != block.text and _is_highlight(block.key)
            pieces.append((block.text, old_after(i)))
    gone(len(old.blocks))
    preamble = old.preamble if old.front or old.blocks else new.preamble
    last = len(pieces) - 1 if not epilogue else len(pieces)  # a blank line before theirs
    body = "".join(
        text
        + (_spaced(after, spacing) if after and n < last else after or "")
        + ("" if after or n >= last else spacing)
        for n, (text, after) in enumerate(pieces)
    )
    return Merged(front + preamble + body + epilogue, added, changed, removed, tuple(kept))


def _spaced(after: str, spacing: str) -> str:
    """The user's words, ended so that the next block starts on a line of its own, set
    apart as blocks are (their last line may have had no line break, or no blank after)."""
    if not after.endswith("\n"):
        return after + "\n" + spacing
    return after if after.endswith("\n" + spacing) else after + spacing


def _is_highlight(key: str) -> bool:
    """Highlights are counted; the title block and tag sections are not."""
    return _HIGHLIGHT_KEY.fullmatch(key) is not None


def unique_keys(keys: Sequence[str], longer: Sequence[str]) -> list[str]:
    """Short keys where they are unique in the file; the longer form where two collide."""
    seen = Counter(keys)  # not keys.count per key: 100 keys a document, 1,000 documents
    return [k if seen[k] == 1 else long for k, long in zip(keys, longer, strict=True)]
