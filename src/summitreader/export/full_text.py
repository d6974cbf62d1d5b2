"""The whole document as Markdown with its highlights in place (``export --full-text``):
each highlight marked ``==…==`` where it stands, its tags and note a footnote.

A Markdown text keeps the author's own lines: marks are put into the source at the
characters the reader showed, split where emphasis, a link or a table cell begins or
ends so that every mark closes inside what it opened in, and never inside code, raw
HTML or the front matter. A plain text is written as escaped paragraphs. Overlapping
highlights share one mark and keep a footnote each. The same data gives the same bytes,
so exporting again changes nothing.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Iterator, Sequence

from summitreader.annotations.model import Record
from summitreader.export.markdown_text import (
    block_keys,
    escape_line,
    hashtags,
    location_text,
    shown_markdown,
)
from summitreader.export.user_markdown import note_markdown
from summitreader.text.document import Document, is_markdown
from summitreader.text.inline import Rendered
from summitreader.text.metadata import front_matter_span
from summitreader.text.reading_view import Block
from summitreader.text.visible_markdown import escape, escape_start

_UNMARKED = frozenset({"code", "html", "frontmatter", "rule", "title", "byline"})
_NO_MARK_STYLES = frozenset({"code", "image", "footnote"})
_OPEN, _REF, _CLOSE = 2, 1, 0  # at one offset: a mark closes, a footnote follows, one opens
_PLAIN_SPECIAL = re.compile(r"=")
_ASCII_PUNCT = frozenset(string.punctuation)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def placed(records: Sequence[Record]) -> list[Record]:
    return [r for r in records if r.get("anchor") != "orphaned"]


def _union(records: Sequence[Record]) -> list[tuple[int, int]]:
    """The highlighted text as disjoint spans: overlapping highlights share one mark."""
    spans = sorted((r["position"]["start"], r["position"]["end"]) for r in records)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    return merged


def _cuts(rendered: Rendered, lo: int, hi: int, cut: bool) -> list[int]:
    """Where a mark over visible [lo, hi) must close and open again: each style's and
    table cell's edges, so no mark crosses emphasis, a link or a cell."""
    edges = {lo, hi}
    if not cut:
        return sorted(edges)
    for span in rendered.spans:
        edges.update(e for e in (span.start, span.end) if lo < e < hi)
    for a, b in rendered.cells:
        edges.update(e for e in (a, b) if lo < e < hi)
    return sorted(edges)


def _pieces(rendered: Rendered, lo: int, hi: int, cut: bool = True) -> Iterator[tuple[int, int]]:
    """Visible runs a mark can wrap: trimmed of spaces (a mark cannot open or close on
    one), outside code, images and footnote marks, inside one cell."""
    text = rendered.text
    cells = rendered.cells
    cuts = _cuts(rendered, lo, hi, cut)
    for a, b in itertools.pairwise(cuts):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b:
            continue
        if cut and any(
            s.start <= a and b <= s.end and s.style in _NO_MARK_STYLES for s in rendered.spans
        ):
            continue
        if cells and not any(ca <= a and b <= cb for ca, cb in cells):
            continue
        yield a, b


def _content_start(block: Block, rendered: Rendered) -> int:
    """Where a block's own words begin: after a footnote's ``[label]:``."""
    label = rendered.spans[0] if block.kind == "footnote" and rendered.spans else None
    if label and label.start == 0 and rendered.text[label.end : label.end + 1] == ":":
        return label.end + 1
    return 0


def _is_punct(ch: str) -> bool:
    return ch in _ASCII_PUNCT or unicodedata.category(ch).startswith("P")


def _can_open(text: str, at: int) -> bool:
    """CommonMark's left-flanking rule for a ``==`` put in at ``at``."""
    after = text[at] if at < len(text) else " "
    before = text[at - 1] if at else " "
    if after.isspace():
        return False
    return not _is_punct(after) or before.isspace() or _is_punct(before)


def _can_close(text: str, at: int) -> bool:
    """CommonMark's right-flanking rule for a ``==`` put in at ``at``."""
    before = text[at - 1] if at else " "
    after = text[at] if at < len(text) else " "
    if before.isspace():
        return False
    return not _is_punct(before) or after.isspace() or _is_punct(after)


def _flanked(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span narrowed until a mark can open and close around it (a mark cannot open
    between a letter and punctuation, nor close between punctuation and a letter), or
    None. Only literal characters are passed over: an escape is passed whole."""
    while start < end and not _can_open(text, start):
        entity = _ENTITY.match(text, start)
        start = entity.end() if entity else start + (2 if text[start] == "\\" else 1)
    while end > start and not _can_close(text, end):
        end -= 2 if end >= 2 and text[end - 2] == "\\" else 1
    return (start, end) if start < end else None


def _in_autolink(rendered: Rendered, text: str, a: int) -> bool:
    """An autolink (``<https://…>``) is its URL, character for character: no mark fits."""
    for span in rendered.spans:
        if span.style == "link" and span.start <= a < span.end:
            first = rendered.to_source(span.start)
            return first > 0 and text[first - 1] == "<"
    return False


def _source_start(text: str, offset: int) -> int:
    """Where a mark opens before the character at ``offset``: before its escape, if any."""
    return offset - 1 if offset and text[offset - 1] == "\\" else offset


def _block_marks(doc: Document, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Source spans to wrap in ``==`` for the text span [start, end)."""
    view = doc.view
    text = doc.source.text
    for index, block in view.iter_from(view.block_at(start)):
        if block.start >= end:
            break
        if block.kind in _UNMARKED or block.end <= start:
            continue
        rendered = view.rendered(index)
        lo = max(rendered.to_visible(max(start, block.start)), _content_start(block, rendered))
        hi = rendered.to_visible(end)
        if lo >= hi:
            continue
        for a, b in _pieces(rendered, lo, min(hi, len(rendered.text))):
            if _in_autolink(rendered, text, a):
                continue
            start_at = _source_start(text, rendered.to_source(a))
            end_at = rendered.to_source(b - 1) + 1
            if fitted := _flanked(text, start_at, end_at):
                yield fitted


_INLINE, _AFTER_BLOCK, _AFTER_TITLE = "inline", "block", "title"


def _ref_offset(doc: Document, end: int) -> tuple[str, int]:
    """Where the footnote mark of a highlight ending at ``end`` goes: right after its last
    shown character, or after the code span or link that character is in (``_INLINE``);
    on a line after a code block (``_AFTER_BLOCK``, where its line ends), or after the
    title (``_AFTER_TITLE``) when it ends in one."""
    view = doc.view
    index = view.block_at(max(0, end - 1))
    block = view.block(index)
    if block.kind in ("code", "html"):
        return _AFTER_BLOCK, _line_end(doc.source.text, block.end)
    if block.kind in ("title", "byline", "frontmatter"):
        return _AFTER_TITLE, 0
    if block.kind == "rule":  # a rule holds no words: the mark follows the block before
        return _ref_offset(doc, block.start) if index else (_AFTER_TITLE, 0)
    rendered = view.rendered(index)
    v = min(rendered.to_visible(end), len(rendered.text))
    while v > 0 and rendered.text[v - 1].isspace():
        v -= 1
    if v <= _content_start(block, rendered):
        v = 0  # in a footnote's own label, which nothing may follow before its colon
    if v == 0:  # nothing of this block shown before ``end``: it ended in the one before
        return _ref_offset(doc, block.start) if index else (_AFTER_TITLE, 0)
    for span in rendered.spans:
        if span.start < v <= span.end and span.style in ("code", "link", "image", "footnote"):
            return _INLINE, _past_syntax(doc.source.text, rendered.to_source(span.end - 1) + 1)
    return _INLINE, rendered.to_source(v - 1) + 1


def _past_syntax(text: str, offset: int) -> int:
    """Past what closes a code span (backticks) or a link (``](…)``, ``][…]``, ``]`` or an
    autolink's ``>``)."""
    n = len(text)
    if offset < n and text[offset] == "`":
        while offset < n and text[offset] == "`":
            offset += 1
        return offset
    if offset < n and text[offset] == ">":  # an autolink
        return offset + 1
    if offset < n and text[offset] == "]":
        offset += 1
    closer = {"(": ")", "[": "]"}.get(text[offset] if offset < n else "")
    if closer and text[offset - 1] == "]":  # a link's destination or reference label
        depth = 0
        for k in range(offset, min(n, offset + 2_000)):
            depth += text[k] == text[offset]
            depth -= text[k] == closer
            if depth == 0:
                return k + 1
    return offset


def _footnote(doc: Document, record: Record, key: str) -> str:
    meta = " · ".join(
        p for p in (hashtags(record.get("tags", [])), location_text(doc, record)) if p
    )
    lines = [f"[^{key}]: {meta}"]
    if note := note_markdown(record.get("note", "")):
        lines += [""] + [f"    {line}" if line else "" for line in note.split("\n")]
    return "\n".join(lines)


def _markdown_body(doc: Document, records: Sequence[Record], keys: dict[str, str]) -> str:
    text = doc.source.text
    span = front_matter_span(text)
    body_from = span[1] if span else 0
    inserts: list[tuple[int, int, str]] = []
    for start, end in _union(records):
        for a, b in _block_marks(doc, start, end):
            inserts += [(a, _OPEN, "=="), (b, _CLOSE, "==")]
    head_refs: list[str] = []
    after_blocks: dict[int, list[str]] = {}
    for record in records:
        ref = f"[^{keys[record['id']]}]"
        end = record["position"]["end"]
        where, at = _ref_offset(doc, end)
        if where == _AFTER_BLOCK:
            after_blocks.setdefault(at, []).append(ref)
        elif where == _AFTER_TITLE or at < body_from:
            head_refs.append(ref)
        else:
            inserts.append((at, _REF, ref))
    inserts += [(at, _REF, "\n\n" + "".join(refs)) for at, refs in after_blocks.items()]
    out: list[str] = []
    pos = body_from
    for at, _, piece in sorted(i for i in inserts if i[0] >= body_from):
        out += [text[pos:at], piece]
        pos = at
    out.append(text[pos:])
    body = "".join(out).strip("\n")
    if span:
        body = f"# {escape_line(doc.title)}{''.join(head_refs)}\n\n{body}"
    elif head_refs:
        body += "\n\n" + "".join(head_refs)
    return body


def _line_end(text: str, offset: int) -> int:
    """The end of the line ``offset`` is on (a fence's closing line, say)."""
    newline = text.find("\n", offset)
    return len(text) if newline < 0 else newline


def _plain_line(block: Block, visible: str, inserts: list[tuple[int, int, str]]) -> str:
    """A plain text's block as one escaped line, with marks and footnote marks put in."""
    out: list[str] = []
    pos = 0
    for at, _, piece in sorted(inserts):
        out += [_plain(visible[pos:at], pos == 0), piece]
        pos = at
    out.append(_plain(visible[pos:], pos == 0))
    line = " ".join("".join(out).split())
    if block.kind == "heading":
        return "#" * max(1, min(block.level, 6)) + " " + line
    return line


def _plain(text: str, first: bool) -> str:
    """Literal text; the start of a line also cannot open a list or underline a heading."""
    escaped = _PLAIN_SPECIAL.sub(r"\\=", escape(text.lstrip() if first else text))
    return escape_start(escaped) if first else escaped


def _plain_body(doc: Document, records: Sequence[Record], keys: dict[str, str]) -> str:
    """A plain text as the reader shows it, a paragraph a line: its marks over the shown
    characters (what the reader hid as markup is left out, so nothing needs splitting)."""
    view = doc.view
    spans = _union(records)
    ends: dict[int, list[Record]] = {}
    for record in records:
        ends.setdefault(view.block_at(max(0, record["position"]["end"] - 1)), []).append(record)
    lines: list[str] = []
    for index, block in view.iter_from(0):
        rendered = view.rendered(index)
        visible = rendered.text.replace("\n", " ")
        inserts: list[tuple[int, int, str]] = []
        for start, end in spans:
            if start < block.end and end > block.start:
                lo = rendered.to_visible(max(start, block.start))
                hi = min(rendered.to_visible(end), len(visible))
                for piece in _pieces(rendered, lo, hi, cut=False):
                    if fitted := _flanked(visible, *piece):
                        inserts += [(fitted[0], _OPEN, "=="), (fitted[1], _CLOSE, "==")]
        for record in ends.get(index, []):
            v = min(rendered.to_visible(record["position"]["end"]), len(visible))
            while v > 0 and visible[v - 1].isspace():
                v -= 1
            inserts.append((v, _REF, f"[^{keys[record['id']]}]"))
        line = _plain_line(block, visible, inserts)
        if line.strip():
            lines.append(line)
    return "\n\n".join(lines)


def full_text_markdown(doc: Document, records: Sequence[Record]) -> tuple[str, str]:
    """The document's text with its highlights marked, and its footnotes; highlights no
    longer found in the text are listed after it, each quoted."""
    keys = block_keys(records)
    here = sorted(placed(records), key=lambda r: (r["position"]["start"], r["id"]))
    body = (_markdown_body if is_markdown(doc.source) else _plain_body)(doc, here, keys)
    lost = [r for r in records if r not in here]
    if lost:
        quoted = [
            "\n".join(f"> {line}" if line else ">" for line in shown_markdown(doc, r).split("\n"))
            + f"[^{keys[r['id']]}]"
            for r in lost
        ]
        body += "\n\n---\n\nNo longer found in this text:\n\n" + "\n\n".join(quoted)
    notes = "\n\n".join(_footnote(doc, r, keys[r["id"]]) for r in [*here, *lost])
    return body, notes
