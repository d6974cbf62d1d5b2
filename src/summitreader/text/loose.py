"""The text as another reader quoted it, with a map back to the text's own offsets.

A quote from Hypothesis or a Kindle was taken from what that reader showed: markup hidden,
lines joined (a Kindle joins paragraphs with or without a space), and its own quotes and
dashes ("don’t" where our text says "don't"). Both sides are brought to one loose form, so
the anchoring in ``annotations/anchoring.py`` can be run on them unchanged:
- markup hidden, as the reading view hides it (emphasis markers, link targets, escapes);
- accents, typographic quotes and dashes folded as ``/`` search folds them (``text.find``);
- every whitespace, soft hyphen and zero-width character dropped.
"""

from __future__ import annotations

import re
from array import array
from typing import NamedTuple

from summitreader.text.find import fold
from summitreader.text.reading_view import ReadingView

_KEPT = re.compile(r"[^\s\u00ad\u200b\u200c\u200d\u2060\ufeff]+")


def loosen(words: str) -> str:
    """``words`` in the loose form (a quote, its prefix or its suffix)."""
    return "".join(_KEPT.findall(fold(words)))


class LooseText(NamedTuple):
    """A text in the loose form, and for each of its characters the text offset it is at."""

    text: str
    offsets: array  # array("q"): offsets[i] is where text[i] is in the original
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span for loose text[start:end]: markup inside it, and markup
        that touches its ends (the ``*`` of an emphasis, a link's ``[`` and ``](…)``), so a
        highlight never begins or ends inside a link or an emphasis."""
        first, last = self.offsets[start], self.offsets[end - 1] + 1
        before = self.offsets[start - 1] + 1 if start else 0
        after = self.offsets[end] if end < len(self.offsets) else len(self.original)
        while first > before and not self.original[first - 1].isspace():
            first -= 1
        while last < after and not self.original[last].isspace():
            last += 1
        return first, last


def loose_text(text: str) -> LooseText:
    """``text`` as a reader shows it, in the loose form; front matter is not read."""
    view = ReadingView(text)
    parts: list[str] = []
    offsets = array("q")
    for index, block in view.iter_from(0):
        if block.kind == "frontmatter":
            continue
        shown = view.rendered(index)
        folded = fold(shown.text)
        ends = [*shown.run_vis[1:], len(folded)]
        for run_start, run_end, source in zip(shown.run_vis, ends, shown.run_src, strict=True):
            for piece in _KEPT.finditer(folded, run_start, run_end):
                parts.append(piece.group())
                at = source + piece.start() - run_start
                offsets.extend(range(at, at + len(piece.group())))
    return LooseText("".join(parts), offsets, text)
