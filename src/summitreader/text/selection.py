"""Selecting from the keyboard: an anchor where ``v`` was pressed and a head that motions move.

The head always sits at the end of a word, sentence or paragraph, so the span
``[anchor, head)`` is exactly the characters a reader sees selected, and what
``h`` highlights.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from summitreader.text.passages import Passages

_WORD = re.compile(r"\S+")
UNITS = ("word", "sentence", "paragraph")


class KeySelection(NamedTuple):
    anchor: int
    head: int

    @property
    def span(self) -> tuple[int, int]:
        return self.anchor, self.head


def begin(text: str, offset: int) -> KeySelection:
    """A selection of the word at ``offset`` (or the next word)."""
    m = _WORD.search(text, offset)
    if m is None:
        return KeySelection(offset, offset)
    return KeySelection(m.start(), m.end())


def _ends(passages: Passages, unit: str, near: int) -> list[int]:
    """Where the head may go near ``near``: ends of units in this paragraph and its neighbours."""
    paragraphs = passages.paragraphs
    if not paragraphs:
        return []
    i = passages.paragraph_index(near)
    nearby = paragraphs[max(0, i - 1) : i + 2]
    if unit == "paragraph":
        return [p.end for p in nearby]
    if unit == "sentence":
        return [s.end for p in nearby for s in passages.sentences(p)]
    text = passages.view.text
    lo, hi = nearby[0].start, nearby[-1].end
    return [m.end() for m in _WORD.finditer(text, lo, hi)]


def extend(selection: KeySelection, passages: Passages, unit: str, step: int) -> KeySelection:
    """Move the head to the next (step 1) or previous (step -1) end of a ``unit``.

    Going back never crosses the anchor: the selection shrinks to its first unit at most.
    """
    ends = _ends(passages, unit, selection.head)
    if step > 0:
        later = [e for e in ends if e > selection.head]
        head = min(later) if later else selection.head
    else:
        earlier = [e for e in ends if selection.anchor < e < selection.head]
        head = max(earlier) if earlier else selection.head
    return KeySelection(selection.anchor, head)
