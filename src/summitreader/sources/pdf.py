"""PDF to Markdown through pypdfium2: the text of each page, read as paragraphs.

A PDF holds positioned lines, not paragraphs. They are rebuilt from the layout: a wider
gap, an indented first line or a short line ending a sentence starts a new paragraph;
a word hyphenated across a line end is joined again; running headers and footers that
repeat on most pages are dropped. ``pages`` keeps where each page starts in the
Markdown, so a highlight can say "p. 12".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from itertools import pairwise
from statistics import median
from typing import TYPE_CHECKING

from summitreader.sources.converted import ConversionError, Converted, front_matter, one_line
from summitreader.sources.html_markdown import escape_text

if TYPE_CHECKING:
    import pypdfium2

VERSION = "3"  # of the rules below: bump it when the text they make changes
EXTRACTOR = "pypdfium2"
EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be furniture
COMMON_LEFT = 0.15  # a left edge this share of the lines start at is one the body may have
MAX_INDENT = 3.0  # ems: a first line indented further is a quotation or another column
LINE_PARAGRAPH_LINES = 8  # fewer lines than this say nothing of how paragraphs are set
_DIGITS = re.compile(r"\d+")
# a numeral as written, not any run of its letters ("civil", "mid" and a rule of x's are not)
_ROMAN = re.compile(r"^(?=.)m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;…][\"'”’)\]]*$")
_SOFT_HYPHENS = ("\x02", "\u00ad")
_PDFIUM_HYPHEN = "\ufffe"
_LETTER_HYPHEN = re.compile(r"[^\W\d_]-$")


class PdfError(ConversionError):
    """A PDF that cannot be read: encrypted, damaged, or without a text layer."""


@dataclass(frozen=True, slots=True)
class PdfLine:
    text: str
    left: float
    right: float
    bottom: float  # of its first character
    last_bottom: float  # of its last (pdfium makes one line of two joined by a hyphen)
    size: float  # font size of its first character


@cache
def _version() -> str:
    return f"{version('pypdfium2')}+sr{VERSION}"


def _open(data: bytes, name: str) -> pypdfium2.PdfDocument:
    import pypdfium2 as pdfium

    where = f"{name}: " if name else ""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium.raw.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise PdfError(f"{where}encrypted PDF: it needs a password to open") from None
        if code == pdfium.raw.FPDF_ERR_SECURITY:
            raise PdfError(f"{where}PDF protected by an unsupported security handler") from None
        why = str(exc)
        why = "" if why.endswith("Success") else f" ({why})"  # PDFium had no reason to give
        raise PdfError(f"{where}not a PDF, or a damaged one{why}") from None


def _lines_of_page(pdf: pypdfium2.PdfDocument, index: int) -> list[PdfLine] | None:
    """A page's lines; None for a page PDFium cannot load (a page count that says more
    pages than there are, a page tree that points at itself): the others are still read."""
    import pypdfium2 as pdfium

    try:
        return _page_lines(pdf[index])
    except pdfium.PdfiumError:
        return None


def _page_lines(page: pypdfium2.PdfPage) -> list[PdfLine]:
    """The text lines of a page in reading order, with where each starts and ends."""
    import pypdfium2 as pdfium

    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return []
        text = textpage.get_text_range(0, count)
        lines: list[PdfLine] = []
        pos = 0
        for raw in re.split(r"\r\n|\r|\n", text):
            start, pos = pos, pos + len(raw) + (2 if text.startswith("\r\n", pos + len(raw)) else 1)
            stripped = raw.strip()
            if not stripped:
                continue
            first = start + (len(raw) - len(raw.lstrip()))
            last = start + len(raw.rstrip()) - 1
            if last >= count:
                last = count - 1
            try:
                left, bottom, _r, _t = textpage.get_charbox(first)
                _l, last_bottom, right, _t2 = textpage.get_charbox(last)
            except pdfium.PdfiumError:
                left = bottom = right = last_bottom = 0.0
            size = pdfium.raw.FPDFText_GetFontSize(textpage.raw, first)
            lines.append(PdfLine(stripped, left, right, bottom, last_bottom, size))
        return lines
    finally:
        textpage.close()


def _furniture_key(text: str) -> str:
    """A running header or footer's text with its page number made generic."""
    return _DIGITS.sub("#", text.lower()).strip()


def _is_page_number(text: str) -> bool:
    bare = text.strip(" -–—.[]()")
    return (
        bare.isdigit()
        or bool(_ROMAN.match(bare))
        or bool(re.fullmatch(r"(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?", bare, re.I))
    )


def _drop_furniture(pages: list[list[PdfLine]]) -> list[list[PdfLine]]:
    """Without the lines at a page's top or bottom that repeat (modulo page numbers) on
    most pages, and without bare page numbers there."""
    with_text = [p for p in pages if p]
    counts: Counter[str] = Counter()
    for lines in with_text:
        counts.update({_furniture_key(ln.text) for ln in _edges(lines)})
    least = max(2, (len(with_text) + 1) // 2) if len(with_text) >= 2 else 2  # 2 of 2 pages
    repeated = {key for key, n in counts.items() if n >= least}
    result = []
    for lines in pages:
        edges = {id(ln) for ln in _edges(lines)}
        result.append(
            [
                ln
                for ln in lines
                if id(ln) not in edges
                or not (_furniture_key(ln.text) in repeated or _is_page_number(ln.text))
            ]
        )
    return result


def _edges(lines: list[PdfLine]) -> list[PdfLine]:
    if len(lines) <= 2 * EDGE_LINES:
        return lines
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


@dataclass
class _Layout:
    """What an ordinary body line looks like in this document."""

    left: float
    right: float
    leading: float
    size: float
    full: float = 0.0  # where the longest lines end: the column's right edge
    line_paragraphs: bool = False  # most lines end a sentence: a paragraph a line

    @classmethod
    def of(cls, pages: list[list[PdfLine]]) -> _Layout:
        lines = [ln for p in pages for ln in p]
        if not lines:
            return cls(0.0, 0.0, 12.0, 10.0)
        lefts = Counter(round(ln.left) for ln in lines)
        gaps = [
            round(a.last_bottom - b.bottom, 1)
            for p in pages
            for a, b in pairwise(p)
            if 0 < a.last_bottom - b.bottom < 3 * max(a.size, 1)
        ]
        rights = sorted(ln.right for ln in lines)
        # the body's left edge: the leftmost of the edges many lines share (where short
        # paragraphs are many, their indented first lines can outnumber the others)
        common = [x for x, n in lefts.items() if n >= COMMON_LEFT * len(lines)]
        ends = sum(1 for ln in lines if _SENTENCE_END.search(ln.text))
        return cls(
            left=float(min(common) if common else lefts.most_common(1)[0][0]),
            right=rights[int(len(rights) * 0.9)],
            leading=median(gaps) if gaps else 12.0,
            size=_body_size(lines),
            full=rights[int(len(rights) * 0.98)],
            # in wrapped prose a line ends a sentence by chance, about one in six
            line_paragraphs=len(lines) >= LINE_PARAGRAPH_LINES and ends >= 0.6 * len(lines),
        )


def _body_size(lines: list[PdfLine]) -> float:
    """The type size most of the text is set in (by characters, not by lines)."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[round(ln.size, 1)] += len(ln.text)
    return sizes.most_common(1)[0][0]


def _starts_paragraph(prev: PdfLine, line: PdfLine, lay: _Layout) -> bool:
    gap = prev.last_bottom - line.bottom
    if gap > 1.6 * lay.leading or gap < -lay.leading:  # a blank line, or a new column
        return True
    if _indented_start(prev, line, lay):
        return True
    if abs(line.size - prev.size) > 1.0:
        return True  # a heading, or a caption
    return _ends_paragraph(prev, line, lay)


def _ends_paragraph(prev: PdfLine, line: PdfLine, lay: _Layout) -> bool:
    """A line that ends a sentence ends its paragraph when it is short; when the next
    line's first word would have fitted after it (wrapping would have put it there); or
    in a document set a paragraph a line, without indents or gaps."""
    if not _SENTENCE_END.search(prev.text):
        return False
    if prev.right < lay.right - 4 * lay.size or lay.line_paragraphs:
        return True
    word = line.text.split(" ", 1)[0]
    if not word[:1].isupper() and not word[:1].isdigit():
        return False  # a new paragraph starts as a sentence does
    per_char = (line.right - line.left) / max(len(line.text), 1)
    return prev.right + (len(word) + 2) * per_char < lay.full


def _indented_start(prev: PdfLine, line: PdfLine, lay: _Layout) -> bool:
    """An indented first line: after a line of the body; or, indented as a paragraph is
    (not as far as a quotation or another column), after a line as indented that ended a
    sentence: a paragraph of one full line (a short one ends a paragraph anyway)."""
    if line.left <= lay.left + lay.size:
        return False
    if prev.left <= lay.left + lay.size / 2:
        return True
    return (
        line.left <= lay.left + MAX_INDENT * lay.size
        and abs(prev.left - line.left) < 1.0
        and bool(_SENTENCE_END.search(prev.text))
    )


def _heading(lines: list[PdfLine], lay: _Layout) -> str:
    """ "# " or "## " for a short paragraph in a larger type than the body's, else ""."""
    if len(lines) > 2 or sum(len(ln.text) for ln in lines) > 120:
        return ""
    size = lines[0].size
    if size >= 1.6 * lay.size:
        return "# "
    if size >= 1.2 * lay.size:
        return "## "
    return ""


def _keeps_hyphen(stem: str, rest: str, vocabulary: set[str]) -> bool:
    """Whether a hyphen at a line end between ``stem`` and ``rest`` is part of the word.
    It is dropped ("exam-" + "ple"), unless the next line starts with a capital or a digit
    ("Franco-" + "German", "pre-" + "1990") or the document spells the word with its
    hyphen elsewhere ("well-" + "known") and never without."""
    if not stem or not rest[:1].isalpha() or not rest[:1].islower():
        return True
    head = re.search(r"\w+$", stem)
    tail = re.match(r"\w+", rest)
    a, b = (head.group(0) if head else ""), (tail.group(0) if tail else "")
    return f"{a}-{b}".lower() in vocabulary and f"{a}{b}".lower() not in vocabulary


def _line_hyphens(text: str, vocabulary: set[str]) -> str:
    """pdfium joins a line that ends in a hyphen to the next itself, marking the hyphen
    U+FFFE: the same rule decides whether it stays."""
    if _PDFIUM_HYPHEN not in text:
        return text
    parts = text.split(_PDFIUM_HYPHEN)
    out = parts[0]
    for part in parts[1:]:
        out += ("-" if _keeps_hyphen(out, part, vocabulary) else "") + part
    return out


def _join(pieces: list[str], vocabulary: set[str]) -> tuple[str, list[int]]:
    """Lines of one paragraph as one string, and where each line starts in it; a hyphen at
    a line end after a letter goes or stays as ``_keeps_hyphen`` says."""
    pieces = [_line_hyphens(p, vocabulary) for p in pieces]
    out = pieces[0]
    starts = [0]
    for nxt in pieces[1:]:
        if out.endswith(_SOFT_HYPHENS):
            out = out[:-1]
        elif _LETTER_HYPHEN.search(out):
            if not _keeps_hyphen(out[:-1], nxt, vocabulary):
                out = out[:-1]
        else:
            out += " "
        starts.append(len(out))
        out += nxt
    return out, starts


def _vocabulary(pages: list[list[PdfLine]]) -> set[str]:
    """Every word and hyphenated compound the document uses within a line."""
    words: set[str] = set()
    for p in pages:
        for ln in p:
            words.update(w.lower() for w in re.findall(r"\w+(?:-\w+)*", ln.text))
    return words


@dataclass(frozen=True, slots=True)
class _Paragraph:
    page: int  # index of the page it starts on
    marker: str  # "", "# " or "## "
    text: str
    breaks: tuple[tuple[int, int], ...]  # (page index, offset in text) of pages begun inside


def _paragraphs(
    pages: list[list[PdfLine]], lay: _Layout, vocabulary: set[str]
) -> Iterator[_Paragraph]:
    """The paragraphs of the document in order. One that runs on over a page break stays
    one paragraph, and says where in its text the next page begins."""
    lines: list[PdfLine] = []
    line_pages: list[int] = []
    prev: PdfLine | None = None

    def emit() -> _Paragraph:
        text, starts = _join([ln.text for ln in lines], vocabulary)
        breaks = tuple(
            (line_pages[k], starts[k])
            for k in range(1, len(lines))
            if line_pages[k] != line_pages[k - 1]
        )
        return _Paragraph(line_pages[0], _heading(lines, lay), text, breaks)

    for index, page in enumerate(pages):
        for n, line in enumerate(page):
            if prev is not None and lines:
                same_page = n > 0
                if (
                    _starts_paragraph(prev, line, lay)
                    if same_page
                    else _starts_page_paragraph(prev, line, lay)
                ):
                    yield emit()
                    lines, line_pages = [], []
            lines.append(line)
            line_pages.append(index)
            prev = line
    if lines:
        yield emit()


def _starts_page_paragraph(prev: PdfLine, line: PdfLine, lay: _Layout) -> bool:
    """Across a page break only indentation, type size and a finished sentence tell."""
    if _indented_start(prev, line, lay):
        return True
    if abs(line.size - prev.size) > 1.0:
        return True
    return _ends_paragraph(prev, line, lay)


def _pdf_date(value: str) -> str:
    m = re.match(r"(?:D:)?(\d{4})(\d\d)?(\d\d)?", value or "")
    if not m:
        return ""
    return "-".join(g for g in m.groups() if g)


def convert_pdf(data: bytes, *, name: str = "", max_pages: int | None = None) -> Converted:
    """A PDF's text as Markdown, with ``pages`` (the offset where each page starts).
    ``max_pages`` reads only the first pages (a quick first screen of a long PDF)."""
    pdf = _open(data, name)
    where = f"{name}: " if name else ""
    try:
        total = len(pdf)
        if total == 0:
            raise PdfError(f"{where}the PDF has no pages")
        count = total if max_pages is None else min(total, max_pages)
        raw_pages = [_lines_of_page(pdf, i) for i in range(count)]
        if all(page is None for page in raw_pages):
            raise PdfError(f"{where}a damaged PDF: not one of its pages can be read")
        raw_pages = [page or [] for page in raw_pages]  # a page that cannot be read: blank
        meta = pdf.get_metadata_dict(skip_empty=True)
    finally:
        pdf.close()
    if not any(raw_pages):
        raise PdfError(
            f"{where}no text in this PDF: it looks like scanned images "
            "(summitreader does not do OCR)"
        )
    pages = _drop_furniture(raw_pages)
    lay = _Layout.of(pages)
    title = one_line(meta.get("Title", ""))
    authors = tuple(
        a.strip()
        for a in re.split(r";|\band\b|,(?=\s*\S+\s+\S)", meta.get("Author", ""))
        if a.strip()
    )
    date = _pdf_date(meta.get("CreationDate", ""))
    head = front_matter(title, authors, date)
    blocks: list[str] = []
    pos = len(head)
    page_starts: list[int | None] = [None] * count
    for para in _paragraphs(pages, lay, _vocabulary(pages)):
        pos += 2 if blocks else 0
        block = para.marker + escape_text(para.text, line_start=not para.marker)
        if page_starts[para.page] is None:
            page_starts[para.page] = pos
        for page, at in para.breaks:
            prefix = escape_text(para.text[:at], line_start=not para.marker)
            page_starts[page] = pos + len(para.marker) + len(prefix)
        blocks.append(block)
        pos += len(block)
    # a page with no text starts where the next text does (or at the end)
    for index in range(count - 1, -1, -1):
        if page_starts[index] is None:
            page_starts[index] = page_starts[index + 1] if index + 1 < count else pos
    return Converted(
        markdown=head + "\n\n".join(blocks) + "\n",
        title=title,
        authors=authors,
        date=date,
        site="",
        extractor=EXTRACTOR,
        extractor_version=_version(),
        pages=tuple(p or 0 for p in page_starts),
    )
