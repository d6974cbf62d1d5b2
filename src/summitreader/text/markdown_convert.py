"""Markdown-it's block tokens of one chunk made into blocks: each leaf's ``segs`` found by
matching its raw inline source against the source lines, so every visible character maps
back to its exact offset. Imported only when a chunk is parsed (a first chunk kept from
an earlier open, or parsed ahead, needs none of it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from summitreader.text.block import QUOTE_BAR, Block, Table

CODE_PAD = "  "  # left of a code block; "↪ " there marks a wrapped line
BULLETS = ("• ", "◦ ", "▪ ")
_TASK = re.compile(r"\[([ xX])\][ \t]")
_FIELD = re.compile(r"^(title|authors?|date)[ \t]*:[ \t]*(.*?)[ \t]*$", re.I)
_ITEM = re.compile(r"^[ \t]+-[ \t]+(.*?)[ \t]*$")
NESTING = 20  # markdown-it's maxNesting: what lies deeper is not parsed, so it is shown raw
_CONTAINERS = frozenset({"blockquote_open", "list_item_open", "footnote_reference_open"})


@dataclass(slots=True)
class _Frame:
    kind: str  # quote, list, item, note
    marker: str = ""
    pending: bool = True
    number: int = 1
    ordered: bool = False
    label: str = ""


class Converter:
    """Turns one chunk's tokens into blocks, numbered from ``first``."""

    def __init__(self, text: str, pos: int, end: int, first: int) -> None:
        self.text = text
        self.first = first
        self.starts = [pos]
        i = text.find("\n", pos, end)
        while i >= 0:
            self.starts.append(i + 1)
            i = text.find("\n", i + 1, end)
        if self.starts[-1] != end:
            self.starts.append(end + 1)
        self.stack: list[_Frame] = []
        self.blocks: list[Block] = []
        self.table: Table | None = None
        self.heading = 0
        self.tight = False
        self.root: _Frame | None = None  # the outermost list of the last block

    def line(self, k: int) -> tuple[int, int]:
        """[start, end) of source line ``k`` of the chunk, without its newline."""
        k = min(k, len(self.starts) - 2)
        return self.starts[k], self.starts[k + 1] - 1

    def lines_of(self, content: str, first_line: int) -> tuple[tuple[int, int], ...]:
        """The source span of each line of a leaf's ``content``."""
        text = self.text
        spans = []
        for k, piece in enumerate(content.split("\n")):
            start, end = self.line(first_line + k)
            if text.endswith(piece, start, end):
                spans.append((end - len(piece), end))
                continue
            trimmed = end
            while trimmed > start and text[trimmed - 1] in " \t":
                trimmed -= 1
            if text.endswith(piece, start, trimmed):
                spans.append((trimmed - len(piece), trimmed))
                continue
            core = piece.strip()
            at = text.rfind(core, start, end) if core else -1
            spans.append((at, at + len(core)) if at >= 0 else (end, end))
        return tuple(spans)

    # containers -------------------------------------------------------------------------

    def decoration(self) -> tuple[str, str, int]:
        """(lead, cont, quote depth) for a block in the open containers."""
        lead, cont, depth = [], [], 0
        for frame in self.stack:
            if frame.kind == "quote":
                lead.append(QUOTE_BAR)
                cont.append(QUOTE_BAR)
                depth += 1
            elif frame.kind == "item":
                lead.append(frame.marker if frame.pending else " " * len(frame.marker))
                cont.append(" " * len(frame.marker))
                frame.pending = False
        return "".join(lead), "".join(cont), depth

    def leaf_kind(self, default: str) -> str:
        for frame in reversed(self.stack):
            if frame.kind == "item":
                return "list"
            if frame.kind == "note":
                return "footnote"
            if frame.kind == "quote":
                return "quote"
        return default

    def outer_list(self) -> _Frame | None:
        return next((f for f in self.stack if f.kind == "list"), None)

    def add(self, kind: str, lines: tuple[int, int], segs: tuple, **extra: Any) -> Block:
        lead, cont, _ = self.decoration()
        root = self.outer_list()
        gap = extra.pop("gap", 1)
        if root is not None and self.tight and root is self.root and kind == "list":
            gap = 0
        self.root = root
        start = self.line(lines[0])[0]
        end = self.line(lines[1] - 1)[1]
        block = Block(kind, start, max(start, end), lead=lead, cont=cont, gap=gap, segs=segs)
        for key, value in extra.items():
            setattr(block, key, value)
        self.blocks.append(block)
        return block

    # tokens -----------------------------------------------------------------------------

    def convert(self, tokens: list[Any]) -> list[Block]:
        for token in tokens:
            handler = getattr(self, "_" + token.type, None)
            if handler is not None:
                handler(token)
            if token.level >= NESTING - 1 and token.type in _CONTAINERS and token.map:
                self._unparsed(*token.map)
        return self.blocks

    def _unparsed(self, first: int, last: int) -> None:
        """A container nested past ``NESTING``, whose content markdown-it skips: its
        source lines shown as they are, a paragraph per run of lines, so none is lost."""
        text, quotes = self.text, sum(frame.kind == "quote" for frame in self.stack)
        run: list[tuple[int, int]] = []
        for k in range(first, last + 1):
            start, end = self.line(k) if k < last else (0, 0)
            markers = quotes  # the open quotes' ">" are drawn as bars already
            while start < end and (text[start] in " \t" or (markers and text[start] == ">")):
                markers -= text[start] == ">"
                start += 1
            if start < end:
                run.append((start, end))
            elif run:
                self.add(self.leaf_kind("paragraph"), (k - len(run), k), tuple(run))
                run = []

    def _blockquote_open(self, token: Any) -> None:
        self.stack.append(_Frame("quote"))

    def _bullet_list_open(self, token: Any) -> None:
        self.stack.append(_Frame("list"))

    def _ordered_list_open(self, token: Any) -> None:
        start = token.attrs.get("start", 1)
        self.stack.append(_Frame("list", number=int(start), ordered=True))

    def _list_item_open(self, token: Any) -> None:
        lists = [f for f in self.stack if f.kind == "list"]
        current = lists[-1]
        if current.ordered:
            marker = f"{current.number}{token.markup or '.'} "
        else:
            marker = BULLETS[(len(lists) - 1) % len(BULLETS)]
        current.number += 1
        self.stack.append(_Frame("item", marker=marker))

    def _footnote_reference_open(self, token: Any) -> None:
        self.stack.append(_Frame("note", label=token.meta.get("label", "")))

    def _pop(self, token: Any) -> None:
        self.stack.pop()

    _blockquote_close = _bullet_list_close = _ordered_list_close = _pop
    _list_item_close = _footnote_reference_close = _pop

    def _heading_open(self, token: Any) -> None:
        self.heading = int(token.tag[1])

    def _paragraph_open(self, token: Any) -> None:
        self.tight = token.hidden

    def _inline(self, token: Any) -> None:
        if self.table is not None or token.map is None:
            return
        first, last = token.map
        segs = self.lines_of(token.content, first)
        if self.heading:
            if not self._repeats_title(segs):
                self.add("heading", (first, last), segs, level=self.heading)
            self.heading = 0
            return
        kind = self.leaf_kind("paragraph")
        task = None
        item = self.stack[-1] if self.stack and self.stack[-1].kind == "item" else None
        if item is not None and item.pending and (m := _TASK.match(self.text, segs[0][0])):
            item.marker = ("☑ " if m.group(1) in "xX" else "☐ ").ljust(len(item.marker))
            segs = ((m.end(), segs[0][1]), *segs[1:])
            task = m.group(1) in "xX"
        extra: object = task
        note = self.stack[-1] if self.stack and self.stack[-1].kind == "note" else None
        if note is not None and note.pending:
            note.pending = False
            opening = self.text.rfind("[^", self.line(first)[0], segs[0][0])
            if opening >= 0:
                segs = ((opening, segs[0][1]), *segs[1:])
            extra = note.label
        self.add(kind, (first, last), segs, extra=extra)

    def _code(self, token: Any, content: str, first: int) -> None:
        lines = content[:-1] if content.endswith("\n") else content
        segs = self.lines_of(lines, first) if lines or content else ()
        block = self.add("code", tuple(token.map), segs, extra=token.info.strip())
        block.lead += CODE_PAD
        block.cont += CODE_PAD

    def _fence(self, token: Any) -> None:
        self._code(token, token.content, token.map[0] + 1)

    def _code_block(self, token: Any) -> None:
        self._code(token, token.content, token.map[0])

    def _html_block(self, token: Any) -> None:
        content = token.content[:-1] if token.content.endswith("\n") else token.content
        self.add("html", tuple(token.map), self.lines_of(content, token.map[0]))

    def _hr(self, token: Any) -> None:
        first = token.map[0]
        start, end = self.line(first)
        line = self.text[start:end]
        self.add("rule", (first, first + 1), ((start + len(line) - len(line.lstrip()), end),))

    def _table_open(self, token: Any) -> None:
        start, end = self.line(token.map[0] + 1)  # the delimiter row: | :-- | :-: | --: |
        aligns = []
        for a, b in _cells(self.text, start, end):
            cell = self.text[a:b]
            left, right = cell.startswith(":"), cell.endswith(":")
            aligns.append("center" if left and right else "right" if right else "")
        self.table = Table(first=self.first + len(self.blocks), aligns=aligns)

    def _table_close(self, token: Any) -> None:
        self.table = None

    def _tr_open(self, token: Any) -> None:
        table = self.table
        assert table is not None
        k = token.map[0]
        start, end = self.line(k)
        cells = _cells(self.text, start, end)
        width = max(1, len(table.aligns))
        cells = (cells + [(end, end)] * width)[:width]
        gap = 1 if table.rows <= 1 else 0
        table.rows += 1
        self.add("row", (k, k + 1), tuple(cells), extra=table, gap=gap)

    def _repeats_title(self, segs: tuple[tuple[int, int], ...]) -> bool:
        """The first heading says again what the front matter's title block shows (a web
        page's h1, say): it is not shown twice. Its words stay in the text, unshown."""
        if not self.blocks or any(b.kind not in ("title", "byline") for b in self.blocks):
            return False
        title = next((b for b in self.blocks if b.kind == "title"), None)
        if title is None:
            return False

        def words(spans: tuple[tuple[int, int], ...]) -> str:
            return " ".join("".join(self.text[a:b] for a, b in spans).split()).casefold()

        return words(segs).strip("#").strip() == words(title.segs)

    def _front_matter(self, token: Any) -> None:
        first, last = token.map
        found: dict[str, list[tuple[int, int]]] = {}
        key = ""
        for k in range(first + 1, last - 1):
            start, end = self.line(k)
            line = self.text[start:end]
            if m := _FIELD.match(line):
                key = m.group(1).lower().rstrip("s")
                value_start = start + m.start(2)
                if m.group(2):
                    found[key] = [_unquoted(self.text, value_start, start + m.end(2))]
            elif key == "author" and (item := _ITEM.match(line)):
                found.setdefault(key, []).append(
                    _unquoted(self.text, start + item.start(1), start + item.end(1))
                )
        if "title" not in found:
            return
        fields = sorted(found.items(), key=lambda item: item[1][0])
        for n, (name, segs) in enumerate(fields):
            block = self.add("title" if name == "title" else "byline", (first, last), tuple(segs))
            block.start = self.line(first)[0] if n == 0 else segs[0][0]
            block.end = segs[-1][1]
            block.gap = 0


def _unquoted(text: str, start: int, end: int) -> tuple[int, int]:
    if end - start >= 2 and text[start] == text[end - 1] and text[start] in "\"'":
        return start + 1, end - 1
    return start, end


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A table row's cells: spans between unescaped pipes, without their spaces."""
    while start < end and text[start] in " \t":
        start += 1
    while end > start and text[end - 1] in " \t":
        end -= 1
    if start < end and text[start] == "|":
        start += 1
    if end > start and text[end - 1] == "|" and text[end - 2 : end] != "\\|":
        end -= 1
    cells, cell = [], start
    k = start
    while k <= end:
        if k == end or (text[k] == "|" and text[k - 1] != "\\"):
            a, b = cell, k
            while a < b and text[a] in " \t":
                a += 1
            while b > a and text[b - 1] in " \t":
                b -= 1
            cells.append((a, b))
            cell = k + 1
        k += 1
    return cells
