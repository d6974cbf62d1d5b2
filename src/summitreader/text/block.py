"""A block: one paragraph-level element of a text (a paragraph, a heading, a quote, a list
item, code, a rule, a table row...), as its reading view splits it."""

from __future__ import annotations

from typing import Any

from summitreader.text.by_value import ByValue

# Raw HTML in Markdown is a passage too (its words are read, found and highlighted), one
# whole: its sentences are not split through tags.
PASSAGE_KINDS = frozenset(
    {"paragraph", "heading", "quote", "list", "code", "row", "footnote", "title", "html"}
)
WHOLE_KINDS = frozenset({"heading", "code", "row", "title", "html"})  # one passage each
OUTLINE_KINDS = frozenset({"heading", "title"})
QUOTE_BAR = "│ "  # drawn left of a quote's rows, at every depth


_FIELDS = ("kind", "start", "end", "level", "lead", "cont", "gap", "segs", "extra")


class Block(ByValue):
    """One paragraph-level element of the text, as a reader sees it.

    ``lead`` is drawn left of its first row and ``cont`` left of the others (quote
    bars, a list's indent and bullet); ``gap`` is how many blank rows come before it.
    A Markdown block keeps ``segs``: the text spans its content comes from (its lines,
    or a table row's cells), and ``extra``: what else its kind needs (a table, a label).

    Not a dataclass, which took 0.4 ms of every start to make (see ``ByValue``).
    """

    __slots__ = _FIELDS

    def __init__(
        self,
        kind: str,  # paragraph, heading, quote, list, code, rule, frontmatter, row, html, …
        start: int,
        end: int,
        level: int = 0,
        lead: str = "",
        cont: str = "",
        gap: int = 1,
        segs: tuple[tuple[int, int], ...] = (),
        extra: Any = None,
    ) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.level = level
        self.lead = lead
        self.cont = cont
        self.gap = gap
        self.segs = segs
        self.extra = extra

    @property
    def is_passage(self) -> bool:
        return self.kind in PASSAGE_KINDS

    @property
    def whole(self) -> bool:
        """A heading, code block, table row or title: one passage, never split in sentences."""
        return self.kind in WHOLE_KINDS


class Table:
    """What the rows of one table share: their first block, count and alignments, and the
    layout's column widths and bands per width. Compared by identity: rows share one."""

    __slots__ = ("aligns", "first", "rows", "widths")

    def __init__(self, first: int = 0, rows: int = 0, aligns: list[str] | None = None) -> None:
        self.first = first
        self.rows = rows
        self.aligns: list[str] = [] if aligns is None else aligns
        self.widths: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}
