"""How each kind of block breaks into screen rows at a measure.

Prose wraps at words (and starts a new row at a hard break); code and raw HTML keep their
lines, and a line longer than the measure is cut at the width (the pane marks the rest
with ``↪``); a table row lays its cells out in columns shared by the whole table, each
cell wrapping inside its column. A row is always a [start, end) range of the block's
visible string; a table row's rows are ranges of each cell (``table_lines``).
"""

from __future__ import annotations

import re
from itertools import pairwise

from summitreader.layout.cells import _hard_split, cell_width, wrap
from summitreader.text.reading_view import Block, ReadingView

PREFORMATTED = frozenset({"code", "html", "byline"})
COLUMN_GAP = 3  # " │ " between two cells
MIN_COLUMN = 8  # a column kept narrower than this (when its cells are wider) goes to a band below
LONGEST_KEPT_WORD = 20  # a longer word (a URL, a run of CJK) may be cut to fit its column
_WORD_AND_SPACES = re.compile(r"\S*[ ]*")


def lead_width(block: Block) -> int:
    return cell_width(block.lead) if block.lead else 0


def inner_width(view: ReadingView, block: int, measure: int) -> int:
    """The cells a block's text may use: the measure, less its bars, indent and bullet."""
    return max(1, measure - lead_width(view.block(block)))


def _split_at(breaks: tuple[int, ...], length: int) -> list[tuple[int, int]]:
    bounds = [0, *(b for b in breaks if 0 < b < length), length]
    return [(a, b) for a, b in pairwise(bounds) if b > a] or [(0, 0)]


def _wrap_pre(
    text: str, breaks: tuple[int, ...], width: int, *, words: bool = False
) -> list[tuple[int, int]]:
    """Each line whole, or cut at the width (code), or wrapped at its spaces (``words``:
    raw HTML, which is read, not copied, and ended mid-tag: "Markdown.<" / "/p>");
    a line's newline stays at the end of its last row."""
    rows: list[tuple[int, int]] = []
    for start, end in _split_at(breaks, len(text)):
        body = end - 1 if end > start and end in breaks else end
        if cell_width(text[start:body]) <= width:
            rows.append((start, end))
            continue
        if words:
            pieces = [(start + a, start + b) for a, b in wrap(text[start:body], width)]
        else:
            pieces = _hard_split(text, start, body, width)
        pieces[-1] = (pieces[-1][0], end)
        rows.extend(pieces)
    return rows or [(0, 0)]


Inserts = tuple[tuple[int, str], ...]


def _wrap_with_inserts(text: str, inserts: Inserts, width: int) -> list[tuple[int, int]]:
    """Word wrap that counts the cells of text drawn before some characters (an image's
    label), which is never cut from the character it precedes."""
    display: list[str] = []
    index: list[int] = []  # the visible index each display character belongs to
    label_at: dict[int, int] = {}  # display index inside a label -> where the label starts
    at = dict(inserts)
    for v, ch in enumerate(text):
        if v in at:
            label = at[v].replace(" ", "_")  # one word with its alt text
            first = len(index)
            if v and text[v - 1] == "[":  # and with the bracket before it
                first -= 1
            label_at.update((k, first) for k in range(first + 1, len(index) + len(label) + 1))
            display.append(label)
            index.extend([v] * len(label))
        display.append(ch)
        index.append(v)
    index.append(len(text))
    joined = "".join(display)
    rows: list[tuple[int, int]] = []
    pos = 0
    while pos < len(joined):
        for a, b in wrap(joined[pos:], width):
            a, b = a + pos, b + pos
            cut = label_at.get(b, a)
            if cut > a:  # the row would end inside a label: end it before the label
                rows.append((a, cut))
                pos = cut
                break
            if b in label_at:  # a label and its word wider than a row: alone on one
                pos = _WORD_AND_SPACES.match(joined, b).end()  # type: ignore[union-attr]
                rows.append((a, pos))
                break
            rows.append((a, b))
        else:
            pos = len(joined)
    return [(index[a], index[b]) for a, b in rows if index[b] > index[a]]


def wrap_prose(
    text: str, breaks: tuple[int, ...], inserts: Inserts, width: int
) -> list[tuple[int, int]]:
    if not breaks and not inserts:
        return wrap(text, width)
    rows: list[tuple[int, int]] = []
    for start, end in _split_at(breaks, len(text)):
        piece = text[start:end]
        mine = tuple((v - start, s) for v, s in inserts if start <= v < end)
        found = _wrap_with_inserts(piece, mine, width) if mine else wrap(piece, width)
        rows.extend((start + a, start + b) for a, b in found)
    return rows or [(0, 0)]


def wrap_block(view: ReadingView, block: int, measure: int) -> list[tuple[int, int]]:
    """The rows of a block: [start, end) ranges of its visible string."""
    kind = view.block(block).kind
    if kind == "row":
        return [
            (min(a for a, _ in cells), max(b for _, b in cells))
            for _, cells in table_lines(view, block, measure)
        ]
    rendered = view.rendered(block)
    width = inner_width(view, block, measure)
    if kind in PREFORMATTED:
        return _wrap_pre(rendered.text, rendered.breaks, width, words=kind == "html")
    return wrap_prose(rendered.text, rendered.breaks, rendered.inserts, width)


def column_widths(view: ReadingView, block: int, measure: int) -> list[int]:
    """The width of each column of the table holding ``block``, shared by its rows."""
    return column_layout(view, block, measure)[0]


def column_layout(
    view: ReadingView, block: int, measure: int
) -> tuple[list[int], list[tuple[int, int]]]:
    """(each column's width, the bands of columns [first, stop) shown side by side).

    Columns are as wide as their widest cell while the table fits, else they share what is
    left. A table too wide for its columns to keep ``MIN_COLUMN`` cells each is cut into
    bands that each fit, and each row shows its bands one under another: no cell is pushed
    off the screen."""
    table = view.block(block).extra
    width = inner_width(view, block, measure)
    cached = table.widths.get(width)
    if cached is not None:
        return cached
    columns = max(1, len(table.aligns))
    natural, least = [1] * columns, [1] * columns
    for row in range(table.first, table.first + table.rows):
        rendered = view.rendered(row)
        for c, (a, b) in enumerate(rendered.cells[:columns]):
            cell = rendered.text[a:b]
            natural[c] = max(natural[c], cell_width(cell))
            if natural[c] > least[c] < LONGEST_KEPT_WORD:
                least[c] = max(least[c], _longest_word(cell))
    bands, first, used = [], 0, 0  # used: the cells the band's columns need so far
    for c in range(columns):
        need = min(natural[c], MIN_COLUMN)
        if c > first and used + COLUMN_GAP + need > width:
            bands.append((first, c))
            first, used = c, 0
        used += need + (COLUMN_GAP if c > first else 0)
    bands.append((first, columns))
    widths: list[int] = []
    for a, b in bands:
        widths += _share(natural[a:b], least[a:b], max(b - a, width - COLUMN_GAP * (b - a - 1)))
    table.widths[width] = widths, bands
    return widths, bands


def _longest_word(cell: str) -> int:
    return min(LONGEST_KEPT_WORD, max(map(cell_width, cell.split()), default=1))


def _share(natural: list[int], least: list[int], room: int) -> list[int]:
    """Natural widths when they fit. Else every column keeps its longest word whole (as a
    browser's automatic table layout does, so a header is never cut mid-word) and the room
    left goes to the columns in proportion to what they lack; when even the words do not
    fit, the narrowest columns keep their width and the rest split the room."""
    if sum(natural) <= room:
        return natural
    least = [min(n, w) for n, w in zip(natural, least, strict=True)]
    if sum(least) <= room:
        lack = [n - w for n, w in zip(natural, least, strict=True)]
        spare, total = room - sum(least), sum(lack)
        widths = [w + spare * k // total for w, k in zip(least, lack, strict=True)]
        by_remainder = sorted(range(len(lack)), key=lambda c: -(spare * lack[c] % total))
        for c in by_remainder[: room - sum(widths)]:
            widths[c] += 1
        return widths
    widths, left = [0] * len(natural), room
    for k, c in enumerate(sorted(range(len(natural)), key=lambda c: natural[c])):
        widths[c] = max(1, min(natural[c], left // (len(natural) - k)))
        left -= widths[c]
    return widths


def table_lines(
    view: ReadingView, block: int, measure: int
) -> list[tuple[int, list[tuple[int, int]]]]:
    """A table row's screen rows: on each, its band's first column and the [start, end)
    of every cell of the band shown there."""
    rendered = view.rendered(block)
    widths, bands = column_layout(view, block, measure)
    cells = list(rendered.cells[: len(widths)])
    cells += [(len(rendered.text), len(rendered.text))] * (len(widths) - len(cells))
    lines: list[tuple[int, list[tuple[int, int]]]] = []
    for first, stop in bands:
        wrapped = []
        for (a, b), w in zip(cells[first:stop], widths[first:stop], strict=True):
            pieces = wrap_prose(rendered.text[a:b], (), (), w) if b > a else [(0, 0)]
            wrapped.append([(a + s, a + e) for s, e in pieces])
        height = max(len(w) for w in wrapped)
        lines += [
            (first, [p[k] if k < len(p) else (p[-1][1], p[-1][1]) for p in wrapped])
            for k in range(height)
        ]
    return lines
