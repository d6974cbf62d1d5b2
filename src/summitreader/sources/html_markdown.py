"""HTML (an lxml tree) to Markdown: the walker EPUB chapters and the readability fallback share.

Only what the reading view shows is kept: headings, paragraphs, lists, quotes, code,
tables, links, emphasis and images. Text from the page is content, never markup, so
every character the reader's Markdown parser would act on is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree, html

VERSION = "9"  # bump when the Markdown this writes changes: conversions are versioned

_WS = re.compile(r"[ \t\n\r\f\v]+")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<]|&(?=#?\w+;))")
_LIST_START = re.compile(r"(?:[-*+]|\d+[.)]) ")
_LINE_START = re.compile(r"^(?:[#>+=~|-]|\d+[.)])")
_SKIP = frozenset(
    "script style noscript template head title iframe svg form button input select textarea "
    "nav object embed canvas audio video map area meta link base rt rp".split()
)
# Marks a book's converter puts on a note (the block) and on a mark that refers to it
# (inline), each with the note's label: they are written as Markdown footnotes.
NOTE = "data-sr-note"
NOTE_REF = "data-sr-noteref"
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_CONTAINERS = frozenset(
    "html body div p section article main header footer aside address center hgroup "
    "figure figcaption details summary fieldset legend caption dd li".split()
)
_BLOCKS = frozenset(
    [*_CONTAINERS, *_HEADINGS, "ul", "ol", "dl", "dt", "blockquote", "pre", "hr", "table"]
)
_CELL_BLOCKS = _BLOCKS - {"p"}
_STRING = etree.XPath("string()")
_EM = frozenset("em i cite dfn var".split())
_STRONG = frozenset("strong b".split())
_CODE = frozenset("code kbd samp tt".split())


def _heading_line(text: str) -> str:
    """A heading on one line: where the book broke it ("CHAPTER I<br/>The Origin of Tea")
    a colon goes, unless the line before ends in a stop of its own."""
    parts = [_WS.sub(" ", part).strip() for part in text.split("\n")]
    out = ""
    for part in filter(None, parts):
        out += part if not out else (" " if out[-1] in ".:;!?—–-" else ": ") + part
    return out


def escape_text(text: str, *, line_start: bool = False) -> str:
    """``text`` with the characters Markdown would read as markup escaped."""
    if _INLINE_SPECIAL.search(text):
        text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return escape_line_start(text) if line_start else text


def escape_line_start(line: str) -> str:
    """``line`` such that it cannot open a heading, quote, list, rule or table."""
    m = _LINE_START.match(line)
    if m is None:
        return line
    end = m.end() - 1  # the marker's last character: "#", or the "." of "1."
    return line[:end] + "\\" + line[end:]


def _tag(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""  # a comment or a processing instruction
    return tag.rpartition("}")[2].lower()


def _url(href: str) -> str:
    """A URL the reading view's link syntax survives: no spaces, no parentheses."""
    return href.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _wrap(marker: str, content: str) -> str:
    """``*content*`` with the content's outer spaces kept outside the markers."""
    inner = content.strip()
    if not inner:
        return content
    lead = content[: len(content) - len(content.lstrip())]
    trail = content[len(content.rstrip()) :]
    return f"{lead}{marker}{inner}{marker}{trail}"


@dataclass
class MarkdownWriter:
    """Walks an lxml tree once and collects Markdown blocks.

    ``link`` maps an href to the URL to keep (None keeps only the link's text); ``image``
    maps an image's src to what the Markdown names. With ``anchors``, ``anchors[id]`` is
    the index of the block holding the element with that id (for an EPUB's TOC fragments).
    """

    base_url: str = ""
    link: Callable[[str], str | None] | None = None
    image: Callable[[str], str] | None = None
    want_anchors: bool = False
    blocks: list[str] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)
    _em: int = 0
    _strong: int = 0
    _last_styled: tuple[list[str], int, str, str] | None = None

    # -- blocks ---------------------------------------------------------------------------

    def write(self, root: etree._Element) -> list[str]:
        """Append the blocks of ``root`` (an element or a whole document) and return them."""
        tag = _tag(root)
        if tag in _SKIP and tag != "html":
            return self.blocks
        self._block(root, tag, self.blocks)
        return self.blocks

    def _note_anchor(self, el: etree._Element) -> None:
        key = el.get("id") or (el.get("name") if _tag(el) == "a" else None)
        if key and key not in self.anchors:
            self.anchors[key] = len(self.blocks)

    def _container(self, el: etree._Element, out: list[str]) -> None:
        """Block children become blocks; runs of inline content between them, paragraphs."""
        para: list[str] = []
        if el.text:
            para.append(self._text(el.text))
        children = list(el)
        i = 0
        while i < len(children):
            child = children[i]
            tag = _tag(child)
            if tag == "div" and (run := _line_run(children, i)) > 1:
                self._flush(para, out)
                self._lines(children[i : i + run], out)
                i += run
                child = children[i - 1]
            elif tag in _BLOCKS:
                self._flush(para, out)
                self._block(child, tag, out)
                i += 1
            else:
                if tag and tag not in _SKIP:
                    self._add_inline(para, child, tag)
                i += 1
            if child.tail:
                para.append(self._text(child.tail))
        self._flush(para, out)

    def _flush(self, para: list[str], out: list[str]) -> None:
        if not para:
            return
        joined = _joined(para)
        para.clear()
        self._last_styled = None  # its index into para means nothing now
        lines = [_WS.sub(" ", line).strip() for line in joined.split("\n")]
        # a <br> is a hard break (two spaces): a poem's or an address's lines stay lines
        text = "  \n".join(escape_line_start(line) for line in lines if line)
        if text:
            out.append(text)

    def _block(self, el: etree._Element, tag: str, out: list[str]) -> None:
        if self.want_anchors:
            self._note_anchor(el)
        if (label := el.get(NOTE)) is not None:
            self._footnote(el, label, out)
        elif tag in _HEADINGS:
            text = _heading_line(self._inline_content(el))
            if text:
                out.append("#" * _HEADINGS[tag] + " " + text)
        elif tag in ("ul", "ol"):
            self._list(el, tag, out)
        elif tag == "blockquote":
            inner: list[str] = []
            self._container(el, inner)
            if inner:
                body = "\n\n".join(inner)
                out.append("\n".join(f"> {ln}" if ln else ">" for ln in body.split("\n")))
        elif tag == "pre":
            out.append(self._code_block(el))
        elif tag == "hr":
            out.append("---")
        elif tag == "table":
            self._table(el, out)
        elif tag == "dl":
            for child in el:
                ctag = _tag(child)
                if ctag == "dt":
                    term = self._inline_content(child).replace("\n", " ").strip()
                    if term:
                        out.append(_wrap("**", term))
                elif ctag in _BLOCKS:
                    self._block(child, ctag, out)
        else:
            self._container(el, out)

    def _footnote(self, el: etree._Element, label: str, out: list[str]) -> None:
        """A note marked by its book (``data-sr-note``) as a Markdown footnote: its first
        block after ``[^label]:``, the rest indented under it."""
        del el.attrib[NOTE]  # the note's own blocks, written as any
        inner: list[str] = []
        self._block(el, _tag(el), inner)
        if inner:
            rest = "".join("\n\n" + re.sub(r"(?m)^(?=.)", "    ", b) for b in inner[1:])
            out.append(f"[^{label}]: {inner[0]}{rest}")

    def _lines(self, divs: list[etree._Element], out: list[str]) -> None:
        """A poem's stanza (or an address) set as a ``<div>`` per line: one block whose lines
        end in hard breaks, not a paragraph per line with blank rows between."""
        if self.want_anchors:
            for child in divs:
                self._note_anchor(child)
        lines = [
            _WS.sub(" ", self._inline_content(child).replace("\n", " ")).strip() for child in divs
        ]
        text = "  \n".join(escape_line_start(line) for line in lines if line)
        if text:
            out.append(text)

    def _list(self, el: etree._Element, tag: str, out: list[str]) -> None:
        number = int(el.get("start", "1")) if el.get("start", "1").isdigit() else 1
        items: list[str] = []
        for child in el:
            ctag = _tag(child)
            if ctag not in ("li", "ul", "ol"):
                continue
            inner: list[str] = []
            if ctag == "li":
                if self.want_anchors:
                    self._note_anchor(child)
                self._container(child, inner)
            else:  # a list directly inside a list: sloppy but common
                self._list(child, ctag, inner)
            if not inner:
                continue
            marker = f"{number}. " if tag == "ol" else "- "
            number += 1
            pad = " " * len(marker)
            body = inner[0]
            for block in inner[1:]:  # a nested list stays tight: no blank line before it
                body += ("\n" if _LIST_START.match(block) else "\n\n") + block
            lines = body.split("\n")
            items.append(
                "\n".join([marker + lines[0], *(pad + ln if ln else "" for ln in lines[1:])])
            )
        if items:
            out.append("\n".join(items))

    def _code_block(self, el: etree._Element) -> str:
        code = _STRING(el).rstrip("\n").replace("\r\n", "\n")
        longest = max((len(m) for m in re.findall(r"`{3,}|~{3,}", code)), default=0)
        fence = "`" * max(3, longest + 1)
        lang = ""
        for node in (el, *el):
            m = re.search(r"(?:language|lang)-([\w+#-]+)", node.get("class") or "")
            if m:
                lang = m.group(1)
                break
        return f"{fence}{lang}\n{code}\n{fence}"

    def _table(self, el: etree._Element, out: list[str]) -> None:
        rows = [r for r in el.iter("tr", "{*}tr") if _nearest_table(r) is el]
        nested = any(True for _ in el.iter("table", "{*}table") if _ is not el)
        blocky = any(
            _tag(d) in _CELL_BLOCKS for r in rows for c in r for d in c.iter() if d is not c
        )
        if nested or blocky or not rows:
            self._container_rows(el, rows, out)
            return
        spans = [
            [
                (
                    self._inline_content(c).replace("\n", " ").replace("|", "\\|").strip(),
                    _span(c, "colspan"),
                    _span(c, "rowspan"),
                )
                for c in r
                if _tag(c) in ("td", "th")
            ]
            for r in rows
        ]
        shown = [i for i, r in enumerate(spans) if any(text for text, _, _ in r)]
        if not shown:
            return
        caption = el.find("caption")
        if caption is not None:
            self._container(caption, out)
        if len(shown) > 1 and _title_row(rows[shown[0]], spans[shown[0]], spans[shown[1]]):
            # a title row across the table reads as its caption: as a first cell it
            # would widen the first column to the title's length
            out.append(spans[shown[0]][0][0])
            del spans[: shown[0] + 1]
        cells = [r for r in _grid(spans) if any(r)]
        width = max(len(r) for r in cells)
        lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in cells]
        lines.insert(1, "|" + " --- |" * width)
        out.append("\n".join(lines))

    def _container_rows(
        self, el: etree._Element, rows: list[etree._Element], out: list[str]
    ) -> None:
        """A layout table (blocks or tables in its cells): its cells read as blocks."""
        if not rows:
            self._container(el, out)
            return
        for row in rows:
            for cell in row:
                if _tag(cell) in ("td", "th"):
                    self._container(cell, out)

    # -- inline ---------------------------------------------------------------------------

    def _text(self, text: str) -> str:
        return escape_text(_WS.sub(" ", text))

    def _inline_content(self, el: etree._Element) -> str:
        parts = [self._text(el.text)] if el.text else []
        for child in el:
            tag = _tag(child)
            if tag and tag not in _SKIP:
                self._add_inline(parts, child, tag)
            if child.tail:
                parts.append(self._text(child.tail))
        return _joined(parts)

    def _add_inline(self, parts: list[str], el: etree._Element, tag: str) -> None:
        """Append ``el``'s Markdown to ``parts``. Runs of one style with nothing or only
        spaces between (``<em>a</em> <em>b</em>``) become one run: ``*a**b*`` would not read
        back, and ``*a* *b*`` shows as two."""
        styled = self._styled(el, tag)
        if styled is None:
            markdown = self._inline(el, tag)
            if markdown.startswith("[") and parts and parts[-1].endswith("!"):
                parts[-1] = parts[-1][:-1] + "\\!"  # "![" would make the link an image
            parts.append(markdown)
            return
        kind, inner = styled
        last = self._last_styled
        between = "".join(parts[last[1] + 1 :]) if last is not None and last[0] is parts else "x"
        if (
            last is not None
            and last[2] == kind
            and not between.strip()
            and (kind != "code" or not between)
        ):
            inner = last[3] + between + inner
            del parts[last[1] + 1 :]
            parts[-1] = _styled_markdown(kind, inner)
        else:
            parts.append(_styled_markdown(kind, inner))
        self._last_styled = (parts, len(parts) - 1, kind, inner)

    def _styled(self, el: etree._Element, tag: str) -> tuple[str, str] | None:
        """("code", its text) or ("em" / "strong", its inner Markdown) for a run in a style
        not already open around it; None for anything else."""
        if tag in _CODE:
            if self.want_anchors:
                self._note_anchor(el)
            return "code", _STRING(el)
        if tag == "math" and (tex := math_text(el)):
            return "code", tex  # MathML's tokens run together ("x 1" for x₁): its TeX reads
        kind = "em" if tag in _EM else "strong" if tag in _STRONG else ""
        if not kind or (self._em if kind == "em" else self._strong):
            return None
        if self.want_anchors:
            self._note_anchor(el)
        if kind == "em":
            self._em += 1
            inner = self._inline_content(el)
            self._em -= 1
        else:
            self._strong += 1
            inner = self._inline_content(el)
            self._strong -= 1
        return (kind, inner) if "\n" not in inner else ("", inner)

    def _inline(self, el: etree._Element, tag: str) -> str:
        if self.want_anchors:
            self._note_anchor(el)
        if tag == "br":
            return "\n"
        if tag == "img":
            return self._image(el)
        if (label := el.get(NOTE_REF)) is not None:
            return f"[^{label}]"
        if tag == "a":
            return self._link(el)
        if tag == "q":
            return "“" + self._inline_content(el) + "”"
        content = self._inline_content(el)
        return f" {content} " if tag in _BLOCKS else content

    def _image(self, el: etree._Element) -> str:
        alt = escape_text(_WS.sub(" ", el.get("alt") or "").strip())
        src = (el.get("src") or el.get("data-src") or "").strip()
        if src.startswith("data:"):
            src = "image"
        elif self.image is not None:
            src = self.image(src)
        elif self.base_url:
            src = urljoin(self.base_url, src)
        return f"![{alt}]({_url(src or 'image')})" if alt or src else ""

    def _link(self, el: etree._Element) -> str:
        content = self._inline_content(el)
        href = (el.get("href") or "").strip()
        if href and self.link is not None:
            target = self.link(href)
        elif not href or href.startswith("#") or href.lower().startswith(("javascript:", "data:")):
            target = None
        else:
            target = urljoin(self.base_url, href) if self.base_url else href or None
        text = content.strip()
        if not target or not text or text.startswith("![") or "\n" in text:
            return content
        lead = content[: len(content) - len(content.lstrip())]
        trail = content[len(content.rstrip()) :]
        return f"{lead}[{text}]({_url(target)}){trail}"


LINE_MOST = 100  # characters: a line of verse or of an address, not a paragraph


def _line_run(children: list[etree._Element], i: int) -> int:
    """How many ``<div>``s from ``children[i]`` on are lines: short, of words alone, with
    nothing but spaces between them (a stanza in a block with a quote in it too)."""
    n = 0
    while i + n < len(children) and _is_line(children[i + n]):
        n += 1
        if (children[i + n - 1].tail or "").strip():
            break
    return n


def _is_line(child: etree._Element) -> bool:
    if _tag(child) != "div" or child.get(NOTE) is not None:
        return False
    if any(_tag(d) in _BLOCKS for d in child.iterdescendants()):
        return False
    return 0 < len(_STRING(child).strip()) <= LINE_MOST


def math_text(math: etree._Element) -> str:
    """The TeX a formula carries for those who cannot see it (its TeX annotation, else its
    ``alttext``), without Wikipedia's and MathJax's ``{\\displaystyle ...}`` around it; else,
    or when the alttext is a placeholder ("Alternative text not available"), the formula
    written out from its MathML."""
    annotation = next(
        (
            a
            for a in math.iter("{*}annotation", "annotation")
            if "tex" in (a.get("encoding") or "").lower()
        ),
        None,
    )
    tex = (annotation.text or "").strip() if annotation is not None else ""
    if not tex:
        alt = " ".join((math.get("alttext") or "").split())
        tex = "" if _PLACEHOLDER.search(alt) else alt
    return bare_tex(tex) or _linear(math).strip()


_PLACEHOLDER = re.compile(r"not available|no alt|alternative text|^image$|^equation$", re.I)
_SCRIPTS = {"msup": "^", "msub": "_", "mover": "^", "munder": "_"}


def _linear(el: etree._Element) -> str:
    """A MathML formula as one line: x^{2}, a_{i}, (a)/(b), √(x)."""
    tag = _tag(el)
    if tag in ("annotation", "annotation-xml"):
        return ""
    kids = [k for k in el if _tag(k) not in ("annotation", "annotation-xml")]
    if tag == "semantics" and kids:
        return _linear(kids[0])
    if not kids:
        text = " ".join("".join(el.itertext()).split())
        return f" {text} " if tag == "mo" and text in _SPACED_OPERATORS else text
    parts = [_linear(k) for k in kids]
    if tag in _SCRIPTS and len(parts) == 2:
        return f"{parts[0]}{_SCRIPTS[tag]}{{{parts[1].strip()}}}"
    if tag in ("msubsup", "munderover") and len(parts) == 3:
        return f"{parts[0]}_{{{parts[1].strip()}}}^{{{parts[2].strip()}}}"
    if tag == "mfrac" and len(parts) == 2:
        return f"({parts[0].strip()})/({parts[1].strip()})"
    if tag == "msqrt":
        return f"√({''.join(parts).strip()})"
    if tag == "mroot" and len(parts) == 2:
        return f"√[{parts[1].strip()}]({parts[0].strip()})"
    return "".join(parts)


_SPACED_OPERATORS = frozenset("= ≠ < > ≤ ≥ ≈ ≡ → ← ⇒ ⇔ ∈ ∉ ⊂ ⊆ + − ±".split())


_DISPLAYSTYLE = re.compile(r"\{\\displaystyle\s*(.*)\}", re.S)


def bare_tex(tex: str) -> str:
    """A formula's TeX without the ``{\\displaystyle ...}`` Wikipedia and MathJax put around it."""
    inner = _DISPLAYSTYLE.fullmatch(tex.strip())
    return inner.group(1).strip() if inner else tex.strip()


def _joined(parts: list[str]) -> str:
    """The parts as one run. A ``!`` that ends one part right before a link's ``[`` is
    escaped: CommonMark would read the two as an image."""
    out: list[str] = []
    for part in parts:
        if not part:
            continue
        last = out[-1] if out else ""
        if part[0] == "[" and last.endswith("!"):
            slashes = len(last[:-1]) - len(last[:-1].rstrip("\\"))
            if slashes % 2 == 0:  # the "!" itself is not escaped
                out[-1] = last[:-1] + "\\!"
        out.append(part)
    return "".join(out)


def _styled_markdown(kind: str, inner: str) -> str:
    if kind == "code":
        return _code_span(inner)
    if kind == "em":
        return _wrap("*", inner)
    if kind == "strong":
        return _wrap("**", inner)
    return inner  # a styled run across a line break: CommonMark cannot hold it, the text stays


def _code_span(code: str) -> str:
    code = _WS.sub(" ", code)
    if not code.strip():
        return code
    longest = max((len(m) for m in re.findall(r"`+", code)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"


_Cell = tuple[str, int, int]  # text, colspan, rowspan


def _title_row(row: etree._Element, spans: list[_Cell], below: list[_Cell]) -> bool:
    """The first row is one cell across the table (a colspan, or, as trafilatura writes
    it, head cells after the first left empty) above a row of several cells."""
    if sum(1 for text, _, _ in below if text) < 2:
        return False
    head, *rest = spans
    if not head[0] or any(text for text, _, _ in rest):
        return False
    cells = [c for c in row if _tag(c) in ("td", "th")]
    # (trafilatura writes a <caption> so, the empty cells as data cells)
    return head[1] > 1 or (bool(rest) and bool(cells) and _tag(cells[0]) == "th")


_MOST_SPAN = 100  # a page's colspan="1000" must not make a thousand empty columns


def _span(cell: etree._Element, name: str) -> int:
    try:
        return min(max(int((cell.get(name) or "1").strip()), 1), _MOST_SPAN)
    except ValueError:
        return 1


def _grid(rows: list[list[_Cell]]) -> list[list[str]]:
    """Rows of (text, colspan, rowspan) as a grid of texts: a spanned cell's text in its
    first slot and nothing in the slots it covers, so later cells keep their columns."""
    grid: list[list[str]] = []
    held: dict[tuple[int, int], bool] = {}  # (row, column) slots a rowspan above covers
    for y, row in enumerate(rows):
        line: list[str] = []
        x = 0
        for text, colspan, rowspan in row:
            while held.pop((y, x), False):
                line.append("")
                x += 1
            line.append(text)
            line.extend([""] * (colspan - 1))
            for dy in range(1, min(rowspan, len(rows) - y)):
                for dx in range(colspan):
                    held[(y + dy, x + dx)] = True
            x += colspan
        while held.pop((y, x), False):
            line.append("")
            x += 1
        grid.append(line)
    kept = [
        x for x in range(max(len(r) for r in grid)) if any(x < len(r) and r[x] for r in grid)
    ]  # a column only spans reach has nothing to show
    return [[r[x] if x < len(r) else "" for x in kept] for r in grid]


def _nearest_table(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and _tag(parent) != "table":
        parent = parent.getparent()
    return parent


def join_blocks(blocks: list[str]) -> str:
    """The Markdown text of ``blocks``: one blank line between blocks."""
    return "\n\n".join(blocks)


def parse_html(text: str) -> etree._Element:
    """An lxml tree of a web page or XHTML document, however broken."""
    text = re.sub(r"\A\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str with a declaration
    try:
        return html.document_fromstring(text)
    except etree.ParserError:  # nothing but spaces or comments: "Document is empty"
        return html.document_fromstring("<html></html>")


def html_to_markdown(source: str | etree._Element, base_url: str = "") -> str:
    """Markdown for HTML text or an lxml tree; links and images resolved against base_url."""
    root = parse_html(source) if isinstance(source, str) else source
    return join_blocks(MarkdownWriter(base_url=base_url).write(root))
