"""Each text's title, authors and date, remembered between runs beside the store
(``<store>.metadata.json``), so that a command over the whole library does not guess them
again from every text.

Guessing them (``metadata.sniff``) took 0.2 s of `summitreader search` and `export` over
1,000 texts. What it gives depends only on the text and on the code that guesses, so an
entry is found by the SHA-256 of the text itself, and the whole file is dropped when the
modules that guess change (their sizes and times are kept in it). It is only a cache: a
missing, damaged or stale one is guessed again and rewritten, whole (temp file and
rename), never under the store's lock.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from summitreader.fsio import atomic_write_bytes
from summitreader.text import metadata, sanitize
from summitreader.text.metadata import Metadata, sniff

if TYPE_CHECKING:
    from summitreader.text.document import Document

VERSION = 1


def metadata_path(store_path: Path) -> Path:
    stem = store_path.stem if store_path.suffix else store_path.name
    return store_path.with_name(stem + ".metadata.json")


def _code() -> list[int]:
    """What changes when the code that guesses changes: its modules' sizes and times."""
    found: list[int] = [VERSION]
    for module in (metadata, sanitize):
        try:
            st = Path(str(module.__file__)).stat()
        except (OSError, TypeError):
            return []  # unknown: nothing is kept
        found += [st.st_size, st.st_mtime_ns]
    return found


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class MetadataCache:
    def __init__(self, path: Path, *, writable: bool = True) -> None:
        self.path, self.writable = path, writable
        self._code = _code()
        self._entries: dict[str, Any] = self._load() if self._code else {}
        self._dirty = False

    def _load(self) -> dict[str, Any]:
        try:
            data = orjson.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("code") != self._code:
            return {}
        entries = data.get("texts")
        return entries if isinstance(entries, dict) else {}

    def meta(self, text: str) -> Metadata:
        """The text's metadata: remembered, else guessed (and remembered)."""
        key = text_key(text)
        found = self._entries.get(key)
        if (
            isinstance(found, list)
            and len(found) == 3
            and isinstance(found[0], str)
            and isinstance(found[1], list)
            and all(isinstance(a, str) for a in found[1])
            and isinstance(found[2], str)
        ):
            return Metadata(found[0], tuple(found[1]), found[2])
        meta = sniff(text)
        if self._code:
            self._entries[key] = [meta.title, list(meta.authors), meta.date]
            self._dirty = True
        return meta

    def fill(self, docs: Iterable[Document]) -> None:
        """Give each document its metadata (``Document.meta``) from here, then keep what
        was new."""
        for doc in docs:
            if "meta" not in doc.__dict__:
                doc.__dict__["meta"] = self.meta(doc.source.text)
        self.save()

    def save(self) -> None:
        """Best effort: what cannot be kept is guessed again next time."""
        if not self._dirty or not self.writable:
            return
        data = {"code": self._code, "texts": self._entries}
        with contextlib.suppress(OSError):
            atomic_write_bytes(self.path, orjson.dumps(data))
            self._dirty = False
