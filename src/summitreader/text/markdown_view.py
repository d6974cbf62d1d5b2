"""The reading view of a Markdown text: blocks from markdown-it, visible strings from their
source spans, every visible character mapped to its offset.

Prose (paragraphs, headings, list items, quotes, footnotes, table cells) goes through the
inline walker; code and raw HTML are preformatted: their lines are kept, each a row to
itself (``Rendered.breaks``), and nothing in them is hidden.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property

from summitreader.text.inline import MARKDOWN_SPECIAL, Builder, Rendered, inline, label_key
from summitreader.text.markdown_blocks import iter_markdown_blocks
from summitreader.text.reading_view import Block, ReadingView
from summitreader.text.sanitize import visible as sanitise

PREFORMATTED = frozenset({"code", "html", "byline"})
_DEFINITION = re.compile(
    r"^[ ]{0,3}\[((?:[^\]\\\n]|\\.){1,999})\]:[ \t]*\n?[ \t]*(<[^>\n]*>|\S+)", re.M
)
_CANDIDATE = re.compile(r"\n[ ]{0,3}\[")  # where a definition may start: quick to find


def _newline_after(text: str, end: int) -> int:
    """Offset of the newline that ends the line holding ``end`` (or -1)."""
    return text.find("\n", end)


def _lines(text: str, block: Block) -> tuple[str, list[int]]:
    """The characters of a block's content lines, joined by their newlines, with offsets."""
    chars: list[str] = []
    offs: list[int] = []
    segs = block.segs
    for k, (start, end) in enumerate(segs):
        chars.append(text[start:end])
        offs.extend(range(start, end))
        if k + 1 < len(segs):
            chars.append("\n")
            offs.append(_newline_after(text, end))
    return "".join(chars), offs


def render_preformatted(text: str, block: Block) -> Rendered:
    """Code, raw HTML, a byline: every line kept as it is, one row (or more) each."""
    pieces: list[str] = []
    run_vis: list[int] = []
    run_src: list[int] = []
    breaks: list[int] = []
    v = 0
    segs = block.segs
    for k, (start, end) in enumerate(segs):
        newline = _newline_after(text, end) if k + 1 < len(segs) else -1
        piece = text[start:end]
        run_vis.append(v)
        run_src.append(start)
        if newline == end:
            piece += "\n"
        elif newline > end:  # a line whose end was not kept (a quote's trailing spaces)
            pieces.append(piece)
            v += len(piece)
            run_vis.append(v)
            run_src.append(newline)
            piece = "\n"
        pieces.append(piece)
        v += len(piece)
        if newline >= 0:
            breaks.append(v)
    if not run_vis:
        run_vis, run_src = [0], [block.start]
    return Rendered(sanitise("".join(pieces)), run_vis, run_src, breaks=tuple(breaks))


def _plain_lines(text: str, block: Block) -> Rendered | None:
    """Prose with nothing to hide: its lines, each a run (None if something is hidden)."""
    for start, end in block.segs:
        if MARKDOWN_SPECIAL.search(text, start, end):
            return None
    s, offs = _lines(text, block)
    if " \n" in s:
        return None
    out = Builder()
    out.chars, out.offs = [s], offs
    return out.finish(block.start)


class MarkdownView(ReadingView):
    """A ReadingView whose blocks come from markdown-it."""

    markdown = True
    sync_limit = 40_000  # Markdown costs more to parse than prose to split
    # The first chunk's blocks (markdown_blocks.FIRST_CHUNK), over three screens: a
    # window of 12,000 characters parsed a second chunk first, ~7 ms of the first screen.
    first_window = 4_000

    def _iter_blocks(self) -> Iterator[Block]:
        return iter_markdown_blocks(self.text)

    @cached_property
    def _definitions(self) -> list[tuple[str, str]]:
        """(label, destination) of each definition line, links and footnotes alike: one
        pass over the text, through the lines that start with a bracket."""
        text, found = self.text, []
        for line in (0, *(m.start() + 1 for m in _CANDIDATE.finditer(text))):
            d = _DEFINITION.match(text, line)
            if d is not None:
                found.append((d.group(1), d.group(2)))
        return found

    @cached_property
    def references(self) -> dict[str, str]:
        """Link reference definitions of the whole text, found before any block is drawn."""
        refs: dict[str, str] = {}
        for label, destination in self._definitions:
            if not label.startswith("^"):
                refs.setdefault(label_key(label), destination.strip("<>"))
        return refs

    @cached_property
    def notes(self) -> frozenset[str]:
        """The labels of the text's footnotes."""
        return frozenset(label[1:] for label, _ in self._definitions if label.startswith("^"))

    def footnote(self, label: str) -> int | None:
        """The block index of footnote ``label``'s definition."""
        for index, block in enumerate(self.blocks):
            if block.kind == "footnote" and block.extra == label:
                return index
        return None

    def _render(self, index: int) -> Rendered:
        text, block = self.text, self.block(index)
        if block.kind in PREFORMATTED:
            return render_preformatted(text, block)
        if block.kind == "rule":
            start, end = block.segs[0] if block.segs else (block.start, block.start)
            return Rendered(sanitise(text[start:end]), [0], [start])
        out = Builder(self.references, self.notes, markdown=True)
        if block.kind == "row":
            return self._row(block, out)
        if (plain := _plain_lines(text, block)) is not None:
            return plain
        s, offs = _lines(text, block)
        inline(s, offs, 0, len(s), out)
        return out.finish(block.start)

    def _row(self, block: Block, out: Builder) -> Rendered:
        """A table row: its cells one after another, each pipe between them kept."""
        text = self.text
        cells: list[tuple[int, int]] = []
        for k, (start, end) in enumerate(block.segs):
            if k:
                pipe = text.rfind("|", block.segs[k - 1][1], start)
                if pipe >= 0:
                    out.emit("|", pipe)
            v0 = len(out.chars)
            inline(text[start:end], list(range(start, end)), 0, end - start, out)
            cells.append((v0, len(out.chars)))
        return out.finish(block.start, tuple(cells))
