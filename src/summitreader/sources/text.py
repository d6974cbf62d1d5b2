"""Loading a source file: bytes in, the text and its identity out.

Sources are immutable: this module only ever opens them for reading.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
from pathlib import Path
from typing import NamedTuple

from summitreader.errors import NotTextError, SummitError
from summitreader.fsio import read_regular_file, resolved


class Source(NamedTuple):
    """A decoded source. ``text`` is what every offset in the store indexes, and
    ``sha256`` is its identity: of the file's bytes for a text file; of the Markdown for
    a converted one (a web page, an EPUB, a PDF), whose own bytes are ``original``."""

    path: Path
    sha256: str
    text: str
    encoding: str
    size: int
    notice: str | None = None
    origin: str | None = None  # a URL the text was fetched from (``path`` is then its copy)
    kind: str = "text"  # text, html, epub or pdf
    original: str = ""  # sha256 of the bytes a converted text was made from
    pages: tuple[int, ...] = ()  # a PDF's: the offset where each page starts

    @property
    def where(self) -> str:
        """Where the text was found, as the library and exports name it."""
        return self.origin or str(self.path)

    @property
    def file_sha256(self) -> str:
        """What the file at ``path`` hashes to while it still holds this text."""
        return self.original or self.sha256

    @property
    def is_empty(self) -> bool:
        return not self.text or self.text.isspace()  # isspace stops at the first word


def decode(data: bytes) -> tuple[str, str, str | None]:
    """Decode raw bytes; return (text, encoding, notice for the user or None)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        return text, "utf-16", "decoded as UTF-16 (byte order mark found)"
    if b"\x00" in data:
        raise NotTextError("binary file (it contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    mostly = data.decode("utf-8", errors="replace")
    replaced = mostly.count("\ufffd")
    bad = replaced - data.count("\ufffd".encode())
    if len(mostly) - len(mostly.encode("ascii", "ignore")) - replaced > bad:
        # UTF-8 with a stray byte or two (a bad copy, a cut file): decoded as UTF-8, each
        # bad byte shown as �; as Windows-1252 every "é" of it would read "Ã©"
        shown = "a byte" if bad == 1 else f"{bad} bytes"
        return mostly, "utf-8", f"not all valid UTF-8: {shown} shown as �"
    try:
        text = data.decode("cp1252")
        return text, "cp1252", "not valid UTF-8; decoded as Windows-1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        return text, "latin-1", "not valid UTF-8; decoded as Latin-1"


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets do not depend on the platform."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_source(path: str | Path, *, limit: int | None = None) -> Source:
    """Read and decode ``path``; raise SummitError with a message naming it. With ``limit``
    only a regular file of at most that many bytes is read (see read_regular_file)."""
    p = Path(path)
    return source_from_bytes(read_named(p, limit), resolved(p))


def read_named(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes, or a SummitError that names it and says why it cannot be read.
    With ``limit``, only a regular file of at most that many bytes (see read_regular_file)."""
    try:
        return path.read_bytes() if limit is None else read_regular_file(path, limit)
    except FileNotFoundError:
        raise SummitError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SummitError(f"{path}: is a directory") from None
    except PermissionError:
        raise SummitError(f"{path}: permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SummitError(f"{path}: a link that leads round in a loop, to no file") from None
        raise SummitError(f"{path}: cannot read ({exc.strerror or exc})") from None


def source_from_bytes(data: bytes, path: Path, sha256: str | None = None) -> Source:
    """The text of ``data`` (a file's bytes, or the library's copy of them), as read from
    ``path``; ``sha256`` when it is known already."""
    try:
        text, encoding, notice = decode(data)
    except NotTextError as exc:
        raise NotTextError(f"{path}: not a text file: {exc}") from None
    return Source(
        path=path,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        text=normalise_newlines(text),
        encoding=encoding,
        size=len(data),
        notice=notice,
    )
