"""Which converter reads a file: its first bytes decide, its name's suffix helps.

Magic numbers win over suffixes (a PDF called ``notes.txt`` is still a PDF); a text
suffix wins over HTML-looking content, so Markdown that starts with ``<html>`` stays text.
"""

from __future__ import annotations

import codecs
import re
import struct
from pathlib import PurePath

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml", ".xht"})
TEXT_SUFFIXES = frozenset(
    {".txt", ".md", ".markdown", ".text", ".mdown", ".mkd", ".rst", ".org", ".adoc", ".csv"}
)
KINDS = ("html", "epub", "pdf", "text", "unsupported")
HEAD_BYTES = 4096  # how much of a file sniff_kind needs

# Compiled when a file without a known suffix is sniffed (``re`` keeps it): not to open a
# .md or a .txt, at 0.1 ms of every start.
_HTML_START = rb"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body)\b"
_ZIP = b"PK\x03\x04"
_EPUB_MIME = b"application/epub+zip"
# Magic numbers of what people try to open, so the refusal can name it.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "a program (ELF)"),
    (b"{\\rtf", "an RTF document"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg file"),
    (b"fLaC", "a FLAC file"),
)
_ZIP_TYPES = (
    (b"word/", "a Word document (.docx)"),
    (b"xl/", "an Excel workbook (.xlsx)"),
    (b"ppt/", "a PowerPoint file (.pptx)"),
    (b"application/vnd.oasis.opendocument", "an OpenDocument file"),
)


def _first_zip_entry(head: bytes) -> tuple[bytes, bytes]:
    """(name, start of data) of a zip's first local entry, as far as ``head`` holds it."""
    if len(head) < 30:
        return b"", b""
    name_len, extra_len = struct.unpack_from("<HH", head, 26)
    name = head[30 : 30 + name_len]
    start = 30 + name_len + extra_len
    return name, head[start : start + 64]


def _is_epub(head: bytes) -> bool:
    name, data = _first_zip_entry(head)
    return name == b"mimetype" and data.startswith(_EPUB_MIME)


def _decodable(head: bytes) -> bool:
    """Text as sources/text.py decodes it: a byte order mark, or no NUL byte (what is not
    UTF-8 decodes as Windows-1252 or Latin-1)."""
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return b"\x00" not in head


def sniff_kind(name: str, head: bytes) -> str:
    """One of "html", "epub", "pdf", "text" or "unsupported" for a file called ``name``
    whose first bytes are ``head`` (HEAD_BYTES of them is enough)."""
    suffix = PurePath(name).suffix.lower()
    if head.startswith(b"%PDF-") or head[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_ZIP):
        return "epub" if _is_epub(head) or suffix == ".epub" else "unsupported"
    if suffix in (".epub", ".pdf"):  # a book named so but not one: its reader says why
        return suffix[1:]
    if not _decodable(head):
        return "unsupported"
    if any(head.startswith(magic) for magic, _ in _MAGIC):
        return "unsupported"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    body = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        body = head.decode("utf-16", errors="ignore").encode("utf-8")
    return "html" if re.match(_HTML_START, body[:1024], re.I | re.S) else "text"


def describe(name: str, head: bytes) -> str:
    """What an unsupported file is, for the one-line refusal: "a PNG image", …"""
    if head.startswith(_ZIP):
        window = head[:HEAD_BYTES]
        for marker, what in _ZIP_TYPES:
            if marker in window:
                return what
        return "a ZIP archive"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    suffix = PurePath(name).suffix.lower()
    return f"binary data ({suffix} file)" if suffix else "binary data"
