"""Each text's title, authors and date, and where its paragraphs start, remembered
between runs beside the store (``<store>.metadata.json``), so that a command over the
whole library does not work them out again from every text.

Guessing the metadata (``metadata.sniff``) took 0.2 s of `summitreader search` and
`export` over 1,000 texts, and splitting them into paragraphs (to say where a highlight
is) 0.07 s. Both depend only on the text (and, for paragraphs, on whether it is read as
Markdown) and on the code, so an entry is found by the SHA-256 of the text itself, and
the whole file is dropped when a module of ``summitreader.text`` changes (their sizes and
times are kept in it). It is only a cache: a missing, damaged or stale one is made again
and rewritten, whole (temp file and rename), never under the store's lock.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from summitreader.fsio import atomic_write_bytes, code_signature, text_sha256
from summitreader.text import metadata, sanitize
from summitreader.text.document import is_markdown
from summitreader.text.metadata import Metadata, sniff

if TYPE_CHECKING:
    from summitreader.text.document import Document

VERSION = 1


def metadata_path(store_path: Path) -> Path:
    stem = store_path.stem if store_path.suffix else store_path.name
    return store_path.with_name(stem + ".metadata.json")


def _code() -> list[Any] | None:
    """What changes when the code that guesses metadata and paragraphs changes."""
    folder = Path(str(metadata.__file__)).parent
    return code_signature(VERSION, [*folder.glob("*.py"), Path(str(sanitize.__file__))])


def _starts_key(doc: Document, key: str) -> str:
    return f"{key} {'markdown' if is_markdown(doc.source) else 'text'}"


def _ints(value: object) -> bool:
    return isinstance(value, list) and all(type(n) is int for n in value)


class MetadataCache:
    def __init__(self, path: Path, *, writable: bool = True) -> None:
        self.path, self.writable = path, writable
        self._code = _code()
        self._entries: dict[str, Any] = {}
        self._starts: dict[str, Any] = {}
        self._docs: list[Document] = []
        self._keys: dict[int, str] = {}
        self._dirty = False
        if self._code:
            self._load()

    def _load(self) -> None:
        try:
            data = orjson.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("code") != self._code:
            return
        texts, starts = data.get("texts"), data.get("paragraphs")
        self._entries = texts if isinstance(texts, dict) else {}
        self._starts = starts if isinstance(starts, dict) else {}

    def meta(self, text: str, key: str | None = None) -> Metadata:
        """The text's metadata: remembered, else guessed (and remembered)."""
        key = key or text_sha256(text)
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
        """Give each document its metadata (``Document.meta``) from here, and where its
        paragraphs start when that is known; keep the new metadata."""
        self._docs = list(docs)
        for doc in self._docs:
            key = text_sha256(doc.source.text)
            self._keys[id(doc)] = key
            if "meta" not in doc.__dict__:
                doc.__dict__["meta"] = self.meta(doc.source.text, key)
            starts = self._starts.get(_starts_key(doc, key))
            if "_passage_starts" not in doc.__dict__ and _ints(starts):
                doc.__dict__["_passage_starts"] = starts
        self.save()

    def keep_paragraphs(self) -> None:
        """Remember where the paragraphs start of each document the command split."""
        for doc in self._docs:
            starts = doc.__dict__.get("_passage_starts")
            key = _starts_key(doc, self._keys[id(doc)])
            if starts is not None and self._code and self._starts.get(key) != starts:
                self._starts[key] = list(starts)
                self._dirty = True
        self.save()

    def save(self) -> None:
        """Best effort: what cannot be kept is guessed again next time."""
        if not self._dirty or not self.writable:
            return
        data = {"code": self._code, "texts": self._entries, "paragraphs": self._starts}
        with contextlib.suppress(OSError):
            atomic_write_bytes(self.path, orjson.dumps(data))
            self._dirty = False
