"""sources/kinds.py: which converter a file goes to, from its first bytes and its name."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from summitreader.sources.kinds import HEAD_BYTES, describe, sniff_kind
from tests.support.epub_maker import Chapter, make_epub
from tests.support.pdf_maker import make_pdf, page_lines
from tests.support.web_pages import article_page


def _zip(first: str, content: bytes = b"x") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(first, content)
        z.writestr("other.txt", "y")
    return buf.getvalue()


EPUB = make_epub([Chapter("One", ["Text."])])
PDF = make_pdf([page_lines(["Text on a page."])])


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("page.html", b"anything at all", "html"),
        ("page.HTM", b"", "html"),
        ("page.xhtml", b"<?xml version='1.0'?><html/>", "html"),
        ("saved", article_page().encode(), "html"),
        ("saved", b"  <!-- saved -->\n<!DOCTYPE HTML PUBLIC '-//W3C//DTD HTML 4.01//EN'>", "html"),
        ("saved", b"<HTML><BODY>hi</BODY></HTML>", "html"),
        ("saved", b"<head><title>t</title></head>", "html"),
        ("saved", b"<body>only a body</body>", "html"),
        ("saved", codecs.BOM_UTF8 + b"<!doctype html><p>x", "html"),
        ("saved", "<!doctype html><p>x".encode("utf-16"), "html"),
        ("book.epub", EPUB, "epub"),
        ("book.zip", EPUB, "epub"),  # the mimetype entry decides, whatever the name
        ("sloppy.epub", _zip("META-INF/container.xml"), "epub"),  # the suffix vouches
        ("paper.pdf", PDF, "pdf"),
        ("paper.txt", PDF, "pdf"),  # magic wins over a wrong suffix
        # a book's suffix on a file that is not one: its reader refuses it, saying why (it
        # was read as a text called "x")
        ("notazip.epub", b"x\n", "epub"),
        ("notapdf.pdf", b"x\n", "pdf"),
        ("notes.md", b"# Notes\n\nSome *text*.", "text"),
        ("notes.md", b"<html> in a Markdown file stays text", "text"),
        ("README", b"Plain words.", "text"),
        ("latin1", "café".encode("latin-1"), "text"),
        ("empty.txt", b"", "text"),
        ("utf16.txt", "wide text".encode("utf-16"), "text"),
    ],
)
def test_sniff_kind(name: str, head: bytes, kind: str) -> None:
    assert sniff_kind(name, head[:HEAD_BYTES]) == kind


UNSUPPORTED = [
    ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    ("photo", b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
    ("report.docx", _zip("word/document.xml"), "a Word document (.docx)"),
    ("archive.zip", _zip("a.txt"), "a ZIP archive"),
    ("x.gz", b"\x1f\x8b\x08\x00", "a gzip archive"),
    ("a.out", b"\x7fELF\x02\x01\x01", "a program (ELF)"),
    ("data.bin", b"abc\x00def", "binary data (.bin file)"),
]


@pytest.mark.parametrize(("name", "head", "what"), UNSUPPORTED)
def test_an_unsupported_file_is_refused_and_named(name: str, head: bytes, what: str) -> None:
    assert sniff_kind(name, head) == "unsupported"
    assert describe(name, head) == what
