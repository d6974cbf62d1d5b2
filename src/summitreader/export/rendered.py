"""What the Markdown export of each document came to, remembered between runs beside the
store (``<store>.export-cache.json``), so that exporting a library of 100,000 highlights
again renders only the documents that changed (rendering them all took 1.5 s).

An entry is a document's blocks (``markdown.document_blocks``), its count of highlights
and its tags, found by everything they were made from: the document (its text's id,
path, title, byline, kind and pages), the export's options, and the signatures (inode,
size, modification time) of its file of highlights and that file's journal, as the
caller read them before reading the file (and trusted only for a file left alone for a
while: the store's ``storage.settled``). The whole cache is dropped when any module of
summitreader changes (their sizes and times are kept in it).

It also remembers which merges of an export over its earlier file changed nothing
(``unchanged``), by the SHA-256 of both texts: laying 100,000 blocks over the same
100,000 blocks is a pure function of the two texts and took a second.

It is only a cache: a missing, damaged or stale one is made again; it is written whole
(temp file and rename), never under the store's lock.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from summitreader.fsio import atomic_write_bytes, code_signature, text_sha256

VERSION = 1
PACKAGE = Path(__file__).resolve().parents[1]


class Rendered(NamedTuple):
    count: int  # highlights exported
    tags: list[str]  # their tags, sorted
    blocks: list[str]  # document_blocks' blocks; none when count is 0


def cache_path(store_path: Path) -> Path:
    stem = store_path.stem if store_path.suffix else store_path.name
    return store_path.with_name(stem + ".export-cache.json")


class RenderCache:
    def __init__(self, path: Path, *, writable: bool = True) -> None:
        self.path, self.writable = path, writable
        # every module of summitreader: any of them can change what an export writes
        self._code = orjson.dumps(code_signature(VERSION, PACKAGE.rglob("*.py"))).decode()
        self._docs: dict[str, Any] = {}
        self._merges: dict[str, Any] = {}
        self._used: set[str] = set()
        self._dirty = False
        try:
            data = orjson.loads(path.read_bytes())
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("code") == self._code:
            docs, merges = data.get("documents"), data.get("merges")
            self._docs = docs if isinstance(docs, dict) else {}
            self._merges = merges if isinstance(merges, dict) else {}

    def get(self, document_id: str, key: str) -> Rendered | None:
        found = self._docs.get(document_id)
        if not (isinstance(found, list) and len(found) == 4 and found[0] == key):
            return None
        _, count, tags, blocks = found
        if not (  # the types of 100,000 blocks, in C: a generator per block took 7 ms
            type(count) is int
            and isinstance(tags, list)
            and isinstance(blocks, list)
            and {*map(type, tags), *map(type, blocks)} <= {str}
        ):
            return None
        self._used.add(document_id)
        return Rendered(count, tags, blocks)

    def put(self, document_id: str, key: str, rendered: Rendered) -> None:
        self._docs[document_id] = [key, rendered.count, rendered.tags, rendered.blocks]
        self._used.add(document_id)
        self._dirty = True

    def unchanged(self, old: str, new: str, options: str) -> list[Any] | None:
        """What the merge of ``new`` over ``old`` reported when it changed nothing
        (added, changed, removed, kept), if it was remembered."""
        found = self._merges.get(f"{text_sha256(old)} {text_sha256(new)} {options}")
        return found if isinstance(found, list) and len(found) == 4 else None

    def remember_unchanged(self, old: str, new: str, options: str, report: list[Any]) -> None:
        # the newest only
        self._merges = {f"{text_sha256(old)} {text_sha256(new)} {options}": report}
        self._dirty = True

    def save(self) -> None:
        """Best effort. Documents not exported this time are kept while they are fewer
        than those that were, so the file does not grow with every text ever exported."""
        if not self._dirty or not self.writable:
            return
        docs = self._docs
        if len(docs) > 2 * len(self._used) + 100:
            docs = {k: v for k, v in docs.items() if k in self._used}
        data = {"code": self._code, "documents": docs, "merges": self._merges}
        with contextlib.suppress(OSError):
            atomic_write_bytes(self.path, orjson.dumps(data))
            self._dirty = False


def now() -> float:
    return time.time()
