"""Small valid PDFs written by hand: Helvetica text drawn line by line with ``Tj``.

Enough of the format to test a converter with: pages of lines at chosen positions,
running headers and footers, an image-only page (a "scan"), document info, and an
/Encrypt dictionary whose password is unknown.
"""

from __future__ import annotations

import textwrap
import zlib
from dataclasses import dataclass

TOP = 740.0
LEADING = 14.0
LEFT = 72.0
INDENT = 90.0
WIDTH = 612
HEIGHT = 792


@dataclass(frozen=True)
class Line:
    text: str
    x: float
    y: float
    size: float = 11.0


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    out = bytearray(b"(")
    for b in raw:
        if b in b"()\\":
            out += b"\\" + bytes([b])
        elif b < 32 or b > 126:
            out += b"\\%03o" % b
        else:
            out.append(b)
    return bytes(out + b")")


def page_lines(
    paragraphs: list[str],
    *,
    header: str = "",
    footer: str = "",
    width: int = 80,
    indent_first: bool = True,
    gap: bool = False,
    hyphenate: dict[str, tuple[str, str]] | None = None,
) -> list[Line]:
    """Lines of a page: paragraphs wrapped at ``width`` characters (or where a paragraph
    holds newlines, at those), each first line indented
    (or a blank line between paragraphs with ``gap``). ``hyphenate`` splits a word across a
    line end: ``{"example": ("exam-", "ple")}`` ends a line with "exam-" and starts the next
    with "ple"."""
    lines: list[Line] = []
    y = TOP
    if header:
        lines.append(Line(header, LEFT, 770.0, 9.0))
    for para in paragraphs:
        wrapped = para.split("\n") if "\n" in para else textwrap.wrap(para, width)
        for word, (first, second) in (hyphenate or {}).items():
            for i, ln in enumerate(wrapped[:-1]):
                if ln.endswith(" " + word) or ln == word:
                    wrapped[i] = ln[: len(ln) - len(word)] + first
                    wrapped[i + 1] = second + " " + wrapped[i + 1]
        for i, ln in enumerate(wrapped):
            x = INDENT if (i == 0 and indent_first and not gap) else LEFT
            lines.append(Line(ln, x, y))
            y -= LEADING
        if gap:
            y -= LEADING
    if footer:
        lines.append(Line(footer, 290.0, 40.0, 9.0))
    return lines


def make_pdf(
    pages: list[list[Line] | None],
    *,
    title: str = "",
    author: str = "",
    date: str = "",
    encrypted: bool = False,
    compress: bool = False,
) -> bytes:
    """A PDF with one page per entry; None makes an image-only page (a scan, no text)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    image = add(
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x10\x80\x80\xf0\nendstream"
    )
    kids = []
    for lines in pages:
        if lines is None:
            content = b"q 468 0 0 648 72 72 cm /Im1 Do Q"
        else:
            content = b"\n".join(
                b"BT /F1 %g Tf %g %g Td %s Tj ET" % (ln.size, ln.x, ln.y, _pdf_string(ln.text))
                for ln in lines
            )
        if compress:
            data = zlib.compress(content)
            stream = add(
                b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data)
            )
        else:
            stream = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                % (pages_obj, WIDTH, HEIGHT, stream, font, image)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info_fields = [(b"Title", title), (b"Author", author)]
    info_body = b" ".join(b"/%s %s" % (k, _pdf_string(v)) for k, v in info_fields if v)
    if date:
        info_body += b" /CreationDate (D:%s000000Z)" % date.replace("-", "").encode()
    info = add(b"<< %s /Producer (tests/support/pdf_maker.py) >>" % info_body)
    trailer_extra = b""
    if encrypted:  # the standard handler, with /O and /U no empty password matches
        enc = add(
            b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <%s> /U <%s> >>"
            % (b"ab" * 32, b"cd" * 32)
        )
        trailer_extra = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (enc, b"01" * 16, b"01" * 16)

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        trailer_extra,
        xref,
    )
    return bytes(out)
