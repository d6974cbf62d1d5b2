"""What a command made of each text's file of highlights, remembered between runs beside
the store (``<store>.<name>.json``) under the signatures of that file and its journal
(``storage.shard_signature``), so that a command over the whole library reads again only
the files that changed since.

`summitreader search` over 100,000 highlights parsed 51 MB of JSON, built every record
and folded each one's quote, note and tags: 0.6 s of work, for a tenth of them shown.
What it keeps here is a few fields per highlight, and the folded text a query looks in.

An entry is used only under the very signatures the caller read before reading the file,
and only when both files had been left alone for a while (``storage.settled``): another
process's write changes the signature, and the file is read again. The whole cache is
dropped when the code that made it changes (the caller's ``code``). It is only a cache: a
missing, damaged or stale one is made again; it is written whole (temp file and rename),
never under the store's lock.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Any

import orjson

from summitreader.fsio import atomic_write_bytes
from summitreader.store.storage import settled

Signature = tuple[int, ...]


def digests_path(store_path: Path, name: str) -> Path:
    stem = store_path.stem if store_path.suffix else store_path.name
    return store_path.with_name(f"{stem}.{name}.json")


class ShardDigests:
    """The file: a line of JSON naming each text's entry (its signatures, and where its
    digest lies after that line), then the digests, each a JSON document of its own, so
    a command parses only the one of the text it is at (100,000 highlights' fields,
    parsed at once, would be 100 MB of Python objects)."""

    def __init__(self, path: Path, code: object, *, writable: bool = True) -> None:
        """``code``: what changes when the code that makes an entry changes (JSON);
        None: nothing is remembered."""
        self.path, self.writable, self._code = path, writable and code is not None, code
        # per text: its file's signatures, and the digest's JSON
        self._entries: dict[str, tuple[Any, ...]] = {}
        self._used: set[str] = set()
        self._dirty = False
        if code is not None:
            with contextlib.suppress(OSError, ValueError, TypeError):
                self._load(path.read_bytes())

    def _load(self, raw: bytes) -> None:
        end = raw.find(b"\n") + 1
        head = orjson.loads(raw[:end]) if end else None
        if not isinstance(head, dict) or head.get("code") != self._code:
            return
        body = memoryview(raw)[end:]
        for sid, (signature, at, size, check) in head["texts"].items():
            if type(at) is int and type(size) is int and 0 <= at <= at + size <= len(body):
                self._entries[sid] = (signature, body[at : at + size], check)

    @staticmethod
    def trusted(signature: Signature | bool | None, now: float) -> bool:
        """Whether an entry may be kept or used under this signature: a text whose own file
        holds all it shows (``Store.highlights_signature`` is not False), left alone."""
        return signature is not False and settled(signature or None, now)  # type: ignore[arg-type]

    def get(self, source_id: str, signature: Signature | None) -> Any | None:
        """What was kept for the text's file with this signature (None: no file); None if
        nothing was, or it cannot be read."""
        found = self._entries.get(source_id)
        if found is None or found[0] != (list(signature) if signature else None):
            return None
        if len(found) == 3:  # read from the file: the bytes ``put`` was given, or nothing
            if _check(found[1]) != found[2]:
                return None
            self._entries[source_id] = found = found[:2]
        try:
            digest = orjson.loads(found[1])
        except ValueError:
            return None
        self._used.add(source_id)
        return digest

    def put(self, source_id: str, signature: Signature | None, digest: Any) -> None:
        self._entries[source_id] = (list(signature) if signature else None, orjson.dumps(digest))
        self._used.add(source_id)
        self._dirty = True

    def save(self, *, prune: bool = False) -> None:
        """Best effort. ``prune``: the texts asked for were all the library's, so the others
        are let go (the file does not grow with every text ever read)."""
        if not self._dirty or not self.writable:
            return
        entries = self._entries
        if prune and len(entries) > len(self._used):
            entries = {k: v for k, v in entries.items() if k in self._used}
        texts, at = {}, 0
        for sid, (signature, blob, *check) in entries.items():
            texts[sid] = [signature, at, len(blob), check[0] if check else _check(blob)]
            at += len(blob)
        head = orjson.dumps({"code": self._code, "texts": texts}) + b"\n"
        blobs = (entry[1] for entry in entries.values())
        with contextlib.suppress(OSError):
            atomic_write_bytes(self.path, b"".join([head, *blobs]))
            self._dirty = False


def _check(blob: bytes | memoryview) -> str:
    """A digest's checksum: what is given back is what was kept, whatever happened to the
    file meanwhile, without checking the type of each of its 100,000 values."""
    return hashlib.sha256(blob).hexdigest()[:32]  # SHA-NI: 4 times blake2b's speed
