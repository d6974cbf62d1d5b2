"""What comes into the library: a file, a web page fetched from a URL, or bytes on
standard input, each made into the text its highlights anchor to.

The snapshot is the source. A web page, an EPUB or a PDF is converted once: the library
keeps its bytes and the Markdown made from them, each named by its SHA-256, with where
they came from and the converter's name and version. Opened again, the same bytes give
the Markdown kept then, never a new conversion in place: a newer converter, or fetching
again, makes a new version, and re-anchoring carries the highlights over.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

from summitreader.annotations.model import now_iso
from summitreader.errors import SummitError
from summitreader.fsio import resolved
from summitreader.sources.convert import CONVERTED, kind_of, source_of
from summitreader.sources.text import Source, read_named
from summitreader.store.store import Store
from summitreader.text.document import Document

if TYPE_CHECKING:  # made by a conversion, which imports it: a text file is not one
    from summitreader.sources.converted import Converted

MAX_BYTES = 500_000_000  # a file larger than this is not read whole
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)  # any scheme: fetch says which it reads


def is_url(value: str | Path) -> bool:
    return isinstance(value, str) and bool(_URL.match(value))


class Intake(NamedTuple):
    source: Source
    raw: bytes | None  # the bytes it came from, for the library's copy
    provenance: dict[str, Any]  # kind, original, url, final_url, fetched, extractor…

    @property
    def document(self) -> Document:
        return Document(self.source)


def _provenance(converted: Converted | None, source: Source, **more: Any) -> dict[str, Any]:
    if converted is None:
        return {k: v for k, v in more.items() if v}
    found = {
        "kind": source.kind,
        "original": source.original,
        "extractor": converted.extractor,
        "extractor_version": converted.extractor_version,
        "converted": now_iso(),
        "pages": list(converted.pages) or None,
        **more,
    }
    return {k: v for k, v in found.items() if v}


def _kept(store: Store | None, original: str, path: Path, origin: str | None) -> Source | None:
    """The text the library made from these very bytes before, if it did."""
    if store is None:
        return None
    record = store.converted_from(original)
    if record is None:
        return None
    data = store.snapshots.read(record["id"])
    if data is None:
        return None
    text = data.decode("utf-8")
    return Source(
        path=path,
        sha256=record["id"],
        text=text,
        encoding="utf-8",
        size=len(data),
        origin=origin,
        kind=record.get("kind", "html"),
        original=original,
        pages=tuple(record.get("pages") or ()),
    )


def from_bytes(
    data: bytes,
    path: Path,
    store: Store | None,
    *,
    url: str = "",
    content_type: str = "",
    name: str = "",
    **provenance: Any,
) -> Intake:
    """``data`` as read from ``path`` (or fetched from ``url``); a problem names ``name``,
    else the URL, else the path."""
    origin = url or None
    if kind_of(url or path.name, data) in CONVERTED:
        original = hashlib.sha256(data).hexdigest()
        kept = _kept(store, original, path, origin)
        if kept is not None:
            return Intake(kept, data, {})
    source, converted = source_of(
        data, path, url=url, origin=origin, content_type=content_type, name=name
    )
    return Intake(source, data, _provenance(converted, source, url=url, **provenance))


def from_path(path: Path, store: Store | None) -> Intake:
    """A file: read once (a regular file only: a named pipe would wait for ever)."""
    return from_bytes(read_named(path, MAX_BYTES), resolved(path), store)


def from_url(url: str, store: Store) -> Intake:
    """A web page (or a PDF or EPUB on the web), fetched now."""
    from summitreader.sources.web import fetch

    got = fetch(url)
    return from_fetched(
        got.data,
        store,
        url=without_credentials(url),  # a password in the URL is used, never kept
        final_url=without_credentials(got.final_url),
        fetched=got.fetched_at,
        content_type=got.content_type,
    )


def from_fetched(
    data: bytes,
    store: Store,
    *,
    url: str,
    final_url: str = "",
    fetched: str = "",
    content_type: str = "",
    name: str = "",
) -> Intake:
    """Bytes from the web (or standard input, with the URL they came from, if known):
    the text's file is the library's own copy of it."""
    placeholder = store.snapshots.folder / "pending"
    intake = from_bytes(
        data,
        placeholder,
        store,
        url=url,
        content_type=content_type,
        name=name,
        final_url=final_url if final_url != url else "",
        fetched=fetched,
    )
    source = intake.source._replace(path=store.snapshots.path(intake.source.sha256))
    return intake._replace(source=source)


def without_credentials(url: str) -> str:
    """``url`` without a user name and password (``https://user:secret@host/…``)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


STDIN = "standard input"


def from_stdin(data: bytes, store: Store, url: str = "") -> Intake:
    """A page piped in (``summitreader -``), with the address it came from if known. An
    empty pipe is refused: the command before the ``|`` (curl, say) most likely failed."""
    if not data.strip():
        raise SummitError(f"{STDIN}: nothing was piped in (did the command before | fail?)")
    return from_fetched(data, store, url=url, name=STDIN)


def remember(store: Store, intake: Intake) -> None:
    store.remember_source(
        intake.source, intake.document.meta, raw=intake.raw, provenance=intake.provenance
    )
