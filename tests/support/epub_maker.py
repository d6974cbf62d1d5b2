"""EPUB files built by the tests with zipfile: EPUB 3 (nav.xhtml) or EPUB 2 (toc.ncx),
with images, sections linked from the table of contents, a DRM'd or a broken variant."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from html import escape

XHTML = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>{title}</title><link rel="stylesheet" href="../css/book.css"/></head>
<body>{body}</body></html>
"""
# A 1x1 PNG: the image's bytes do not matter, only that it is there.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@dataclass
class Chapter:
    """One spine document. ``own_heading`` puts the title in an <h1>; without it the
    converter must take the label from the table of contents. ``sections`` are (id, title,
    paragraphs) reached from the table of contents by fragment. ``depth`` 2 puts the
    chapter's entry inside the entry before it (a part's), as a book's contents nest."""

    title: str
    paragraphs: list[str]
    own_heading: bool = True
    sections: list[tuple[str, str, list[str]]] = field(default_factory=list)
    extra_html: str = ""
    in_toc: bool = True
    linear: bool = True
    depth: int = 1
    heading_tag: str = "h1"


def chapter_html(ch: Chapter) -> str:
    tag = ch.heading_tag
    parts = [f"<{tag}>{escape(ch.title)}</{tag}>"] if ch.own_heading else []
    parts += [f"<p>{escape(p)}</p>" for p in ch.paragraphs]
    parts.append(ch.extra_html)
    for sid, stitle, paras in ch.sections:
        parts.append(f'<h2 id="{sid}">{escape(stitle)}</h2>')
        parts += [f"<p>{escape(p)}</p>" for p in paras]
    return XHTML.format(title=escape(ch.title), body="\n".join(parts))


def make_epub(
    chapters: list[Chapter],
    *,
    title: str = "A Book of Summits",
    authors: tuple[str, ...] = ("Ada Byron", "Grace Hopper"),
    date: str = "2020-05-17T00:00:00Z",
    language: str = "en",
    epub3: bool = True,
    ncx: bool = True,
    images: dict[str, bytes] | None = None,
    encryption: str | None = None,
    omit: frozenset[str] = frozenset(),
    compress: bool = True,
    nav_in_spine: str = "",
) -> bytes:
    """The bytes of an EPUB. ``encryption`` is the Algorithm of an encryption.xml entry over
    the first chapter (an obfuscation URI for a font instead, when it names one); ``omit``
    leaves files out (``container``, ``opf``) to make a broken book; ``nav_in_spine``
    "first" or "aside" puts the contents page in the spine, first or as ``linear="no"``."""
    buf = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")  # stored, first
        if "container" not in omit:
            z.writestr(
                "META-INF/container.xml",
                '<?xml version="1.0"?><container version="1.0" '
                'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                '<rootfile full-path="OEBPS/content.opf" '
                'media-type="application/oebps-package+xml"/></rootfiles></container>',
            )
        names = [f"text/ch{i + 1:03d}.xhtml" for i in range(len(chapters))]
        for name, ch in zip(names, chapters, strict=True):
            z.writestr(f"OEBPS/{name}", chapter_html(ch))
        for img, data in (images or {}).items():
            z.writestr(f"OEBPS/{img}", data)
        z.writestr("OEBPS/css/book.css", "p { text-indent: 1em }")
        if encryption:
            target = "OEBPS/fonts/f.otf" if "embedding" in encryption else f"OEBPS/{names[0]}"
            z.writestr(
                "META-INF/encryption.xml",
                '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
                f'<enc:EncryptionMethod Algorithm="{encryption}"/><enc:CipherData>'
                f'<enc:CipherReference URI="{target}"/></enc:CipherData></enc:EncryptedData>'
                "</encryption>",
            )
        toc = [(n, c) for n, c in zip(names, chapters, strict=True) if c.in_toc]
        if epub3:
            z.writestr("OEBPS/nav.xhtml", _nav(toc))
        if ncx:
            z.writestr("OEBPS/toc.ncx", _ncx(toc, title))
        if "opf" not in omit:
            z.writestr(
                "OEBPS/content.opf",
                _opf(
                    names,
                    chapters,
                    title,
                    authors,
                    date,
                    language,
                    epub3,
                    ncx,
                    images or {},
                    nav_in_spine,
                ),
            )
    return buf.getvalue()


def _opf(names, chapters, title, authors, date, language, epub3, ncx, images, nav_in_spine) -> str:
    creators = "".join(
        f'<dc:creator id="c{i}">{escape(a)}</dc:creator>'
        f'<meta refines="#c{i}" property="role" scheme="marc:relators">aut</meta>'
        for i, a in enumerate(authors)
    )
    items = "".join(
        f'<item id="ch{i}" href="{n}" media-type="application/xhtml+xml"/>'
        for i, n in enumerate(names)
    )
    items += "".join(
        f'<item id="img{i}" href="{p}" media-type="image/png"/>' for i, p in enumerate(images)
    )
    if epub3:
        items += (
            '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        )
    if ncx:
        items += '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
    no = ' linear="no"'
    spine = "".join(
        f'<itemref idref="ch{i}"{"" if c.linear else no}/>' for i, c in enumerate(chapters)
    )
    if nav_in_spine == "first":
        spine = '<itemref idref="nav"/>' + spine
    elif nav_in_spine == "aside":
        spine += '<itemref idref="nav" linear="no"/>'
    toc_attr = ' toc="ncx"' if ncx else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="{"3.0" if epub3 else "2.0"}"
 unique-identifier="uid"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:uuid:12345678-1234-1234-1234-123456789abc</dc:identifier>
<dc:title>{escape(title)}</dc:title>{creators}<dc:date>{date}</dc:date>
<dc:language>{language}</dc:language></metadata>
<manifest>{items}<item id="css" href="css/book.css" media-type="text/css"/></manifest>
<spine{toc_attr}>{spine}</spine></package>"""


Node = tuple[str, str, list["Node"]]  # (href, label, the entries inside it)


def _tree(toc: list[tuple[str, Chapter]]) -> list[Node]:
    """The contents as nested entries: each chapter's sections inside it, and a chapter of
    ``depth`` 2 inside the chapter before it."""
    top: list[Node] = []
    for name, ch in toc:
        node = (name, ch.title, [(f"{name}#{sid}", stitle, []) for sid, stitle, _ in ch.sections])
        (top[-1][2] if ch.depth > 1 and top else top).append(node)
    return top


def _nav(toc: list[tuple[str, Chapter]]) -> str:
    def ol(nodes: list[Node]) -> str:
        lis = (
            f'<li><a href="{h}">{escape(t)}</a>{ol(sub) if sub else ""}</li>' for h, t, sub in nodes
        )
        return f"<ol>{''.join(lis)}</ol>"

    body = f'<nav epub:type="toc" id="toc"><h1>Contents</h1>{ol(_tree(toc))}</nav>'
    return XHTML.format(title="Contents", body=body)


def _ncx(toc: list[tuple[str, Chapter]], title: str) -> str:
    n = 0

    def points(nodes: list[Node]) -> str:
        nonlocal n
        out = []
        for href, label, sub in nodes:
            n += 1
            out.append(
                f'<navPoint id="p{n}" playOrder="{n}"><navLabel><text>{escape(label)}</text>'
                f'</navLabel><content src="{href}"/>{points(sub)}</navPoint>'
            )
        return "".join(out)

    nav_map = points(_tree(toc))
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
        f"<head/><docTitle><text>{escape(title)}</text></docTitle>"
        f"<navMap>{nav_map}</navMap></ncx>"
    )
