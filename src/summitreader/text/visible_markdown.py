"""What you highlight is what you export: clean Markdown of what a span showed on screen.

``markdown_of(document, start, end)`` takes the visible characters of each block the span
touches and writes them back as Markdown: emphasis, strikethrough, links and images
kept; inline code in backticks and a code block fenced; a table row as its cells
separated by `` | ``; a list item with its bullet (when the span holds its start). What
the screen never showed (quote markers, escapes, a table's pipes and spaces, front
matter) never reaches it, and characters Markdown would read as syntax are escaped.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

from summitreader.text.inline import Rendered, Span

if TYPE_CHECKING:
    from summitreader.text.document import Document
    from summitreader.text.reading_view import Block

# Characters CommonMark (or Obsidian: tags, block ids, maths) would read as syntax anywhere.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&^$])")
# Line starts that open a block: lists, setext underlines, ordered lists.
_LEADING = re.compile(r"^([-+=:])|^(\d{1,9})([.)])")
_WRAP = {"em": ("*", "*"), "strong": ("**", "**"), "strike": ("~~", "~~")}
_JOINED = frozenset({"list", "row", "byline"})  # one line each, no blank line between
_SKIPPED = frozenset({"rule", "frontmatter"})


def escape(text: str) -> str:
    """Text that a CommonMark reader shows as these characters, whatever they are."""
    return _SPECIAL.sub(r"\\\1", text)


def escape_start(line: str) -> str:
    """An escaped line that cannot open a list or underline a heading where it starts."""
    return _LEADING.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", line
    )


def _destination(url: str) -> str:
    """A link's destination that stays one, even with spaces or parentheses in it."""
    if not any(c in url for c in " ()<>\n"):
        return url
    return "<" + url.replace("<", "%3C").replace(">", "%3E").replace("\n", "%0A") + ">"


def _code(content: str) -> str:
    runs = [len(r) for r in re.findall(r"`+", content)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def _wrapped(style: str, inner: str) -> str:
    """``inner`` in emphasis (or strikethrough) markers, its outer spaces outside them: a
    marker next to a space is read as a character, and around nothing at all as two."""
    body = inner.strip()
    if not body:
        return inner
    left, right = _WRAP[style]
    lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
    return f"{lead}{left}{body}{right}{trail}"


_RAISED = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _mark(shown: str) -> str:
    """A footnote mark in a quote: "[12]" is "¹²", which reads as a mark and links to
    nothing; a mark of another kind ("[a]", "[*]") its text, escaped."""
    label = shown.strip("[]")
    return label.translate(_RAISED) if label.isascii() and label.isdigit() else escape(shown)


def _spans_md(text: str, spans: list[Span], lo: int, hi: int) -> str:
    """The visible text [lo, hi) as Markdown, its spans (clipped to it) as markup."""
    if not spans:  # most paragraphs: plain words (100,000 quotes of them in an export)
        return escape(text[lo:hi])
    items = sorted(
        ((max(s.start, lo), min(s.end, hi), s) for s in spans if s.start < hi and s.end > lo),
        key=lambda item: (item[0], -item[1]),
    )
    out: list[str] = []
    pos, k = lo, 0
    while k < len(items):
        a, b, span = items[k]
        k += 1
        inner = []  # the spans inside this one, whole: the call below clips them
        while k < len(items) and items[k][0] < b:
            inner.append(items[k][2])
            k += 1
        if a < pos:
            continue
        out.append(escape(text[pos:a]))
        if span.style == "code":
            out.append(_code(text[a:b]))
        elif span.style in _WRAP:
            out.append(_wrapped(span.style, _spans_md(text, inner, a, b)))
        elif span.style == "link":
            out.append(f"[{_spans_md(text, inner, a, b)}]({_destination(span.url)})")
        elif span.style == "image":
            bracketed = text[span.start : span.start + 1] == "["  # its alt text is inside
            alt = text[max(a, span.start + 1) : min(b, span.end - 1)] if bracketed else text[a:b]
            out.append(f"![{escape(alt)}]({_destination(span.url)})")
        else:  # a footnote mark: its number raised ("¹"), a note's mark as it reads
            out.append(_mark(text[a:b]))
        pos = b
    out.append(escape(text[pos:hi]))
    return "".join(out)


def _prose(rendered: Rendered, lo: int, hi: int) -> str:
    """Words joined by single spaces; a hard break (a poem's line, an address's) stays a
    hard break, as the reader showed it: a line of its own, ended by two spaces."""
    cuts = [b for b in rendered.breaks if lo < b < hi]
    lines = []
    for a, b in pairwise([lo, *cuts, hi]):
        body = " ".join(_spans_md(rendered.text, rendered.spans, a, b).split())
        if body:
            lines.append(escape_start(body))
    return "  \n".join(lines)


def _preformatted(rendered: Rendered, lo: int, hi: int, info: str) -> str:
    chars = list(rendered.text)
    for b in rendered.breaks:
        chars[b - 1] = "\n"
    content = "".join(chars[lo:hi]).rstrip("\n")
    if not content.strip():
        return ""  # blank lines only: nothing a reader would call a quote
    if "\n" not in content and (lo > 0 or hi < len(chars)):
        return _code(content)  # part of one line: inline code
    fence = "`" * max(3, max((len(r) + 1 for r in re.findall(r"`{3,}", content)), default=3))
    return f"{fence}{info}\n{content}\n{fence}"


def _row(rendered: Rendered, lo: int, hi: int) -> str:
    cells = [
        _prose(rendered, max(a, lo), min(b, hi))  # its pipes escaped
        for a, b in rendered.cells
        if max(a, lo) < min(b, hi) or (a == b and lo <= a < hi)
    ]
    return " | ".join(cells)


def _marker(block: Block) -> str:
    """The item's bullet, number or box, indented as deep as it is nested."""
    lead = block.lead.replace("│ ", "")
    mark = lead.strip()
    indent = " " * (len(lead) - len(lead.lstrip()))
    if mark in ("☐", "☑"):
        return indent + ("- [x] " if mark == "☑" else "- [ ] ")
    return indent + (f"{mark} " if mark[:1].isdigit() else "- ")


def block_markdown(block: Block, rendered: Rendered, lo: int, hi: int) -> str:
    """The visible characters [lo, hi) of one block, as Markdown."""
    if block.kind in ("code", "html"):
        info = block.extra if block.kind == "code" and isinstance(block.extra, str) else ""
        return _preformatted(rendered, lo, hi, info)
    if block.kind == "row":
        return _row(rendered, lo, hi)
    body = _prose(rendered, lo, hi)
    whole_start = not rendered.text[:lo].strip()
    if block.kind == "list" and whole_start and block.lead.strip() and body:
        return _marker(block) + body
    return body


def markdown_of(document: Document, start: int, end: int) -> str:
    """Clean Markdown of what the text span [start, end) showed on screen."""
    view = document.view
    parts: list[tuple[str, str]] = []
    for index in view.blocks_over(start, end):
        block = view.block(index)
        if block.kind in _SKIPPED or block.start >= end:
            continue
        rendered = view.rendered(index)
        lo, hi = rendered.to_visible(start), rendered.to_visible(end)
        if lo >= hi:
            continue
        if block.kind not in ("code", "html"):
            while lo < hi and rendered.text[lo] == " ":
                lo += 1
            while hi > lo and rendered.text[hi - 1] == " ":
                hi -= 1
        text = block_markdown(block, rendered, lo, hi)
        if text:
            parts.append((block.kind, text))
    indents = [len(t) - len(t.lstrip(" ")) for kind, t in parts if kind == "list"]
    if indents and min(indents):  # items nested no deeper than the quote's first level
        cut = min(indents)
        parts = [(kind, t[cut:] if kind == "list" else t) for kind, t in parts]
    out = ""
    for k, (kind, text) in enumerate(parts):
        if k:
            out += "\n" if kind in _JOINED and parts[k - 1][0] == kind else "\n\n"
        out += text
    return out
