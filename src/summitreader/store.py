"""The annotation store: TinyDB tables for sources, annotations, reading state and meta.

Identity is never TinyDB's doc_id (TinyDB reuses them): sources are keyed by
the sha256 of their bytes and annotations by a uuid4. Every write holds a file
lock across read-modify-write, so several processes do not lose each other's work.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import Query, TinyDB
from tinydb.table import Table

from summitreader.anchoring import locate, selectors
from summitreader.errors import StoreError
from summitreader.metadata import Metadata
from summitreader.source import Source
from summitreader.storage import AtomicJSONStorage
from summitreader.tags import merge_tags, normalise_tag

SCHEMA_VERSION = 1
Record = dict[str, Any]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Store:
    """All reads and writes of annotations go through here."""

    def __init__(self, path: str | Path, lock_timeout: float = 10.0) -> None:
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store folder {self.path.parent}: {exc}") from None
        self._lock = FileLock(str(self.path) + ".lock", timeout=lock_timeout)
        self._db = TinyDB(self.path, storage=AtomicJSONStorage)
        self.sources = self._table("sources")
        self.annotations = self._table("annotations")
        self.state = self._table("state")
        self.meta = self._table("meta")
        self._check_schema()

    def _table(self, name: str) -> Table:
        # No query cache: another process may have changed the file since.
        return self._db.table(name, cache_size=0)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            with self._lock:
                yield
        except Timeout:
            raise StoreError(f"the store {self.path} is locked by another process") from None

    def _check_schema(self) -> None:
        records = self.meta.all()
        if not records:
            with self._writing():
                if not self.meta.all():
                    self.meta.insert({"schema_version": SCHEMA_VERSION})
            return
        version = records[0].get("schema_version")
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path} has schema version {version!r}; this summitreader "
                f"understands up to {SCHEMA_VERSION}. Upgrade summitreader to open it."
            )

    @property
    def schema_version(self) -> int:
        return int(self.meta.all()[0]["schema_version"])

    def close(self) -> None:
        self._db.close()

    # sources ---------------------------------------------------------------

    def remember_source(self, source: Source, meta: Metadata) -> Record:
        """Record (or refresh) a source by its hash; the path is where it was last seen."""
        q = Query()
        with self._writing():
            existing = self.sources.get(q.id == source.sha256)
            record: Record = {
                "id": source.sha256,
                "path": str(source.path),
                "title": meta.title,
                "authors": list(meta.authors),
                "date": meta.date,
                "encoding": source.encoding,
                "size": source.size,
                "first_seen": existing["first_seen"] if existing else now_iso(),
            }
            if existing != record:
                self.sources.upsert(record, q.id == source.sha256)
        return record

    def get_source(self, source_id: str) -> Record | None:
        return self.sources.get(Query().id == source_id)

    # annotations -------------------------------------------------------------

    def add(
        self,
        source: Source,
        start: int,
        end: int,
        tags: Iterable[str] = (),
        note: str = "",
    ) -> Record:
        """Store a highlight of source.text[start:end] with both selectors."""
        quote, position = selectors(source.text, start, end)
        stamp = now_iso()
        record: Record = {
            "id": str(uuid.uuid4()),
            "source_id": source.sha256,
            "source_path": str(source.path),
            "quote": quote,
            "position": position,
            "tags": merge_tags([], *(normalise_tag(t) for t in tags)),
            "note": note,
            "created": stamp,
            "modified": stamp,
            "anchor": "anchored",
        }
        with self._writing():
            self.annotations.insert(record)
        return record

    def get(self, annotation_id: str) -> Record | None:
        found = self.annotations.get(Query().id == annotation_id)
        return dict(found) if found is not None else None

    def update(self, annotation_id: str, **changes: Any) -> Record:
        """Change fields of one highlight; ``modified`` is set here."""
        if "tags" in changes:
            changes["tags"] = merge_tags([], *(normalise_tag(t) for t in changes["tags"]))
        changes["modified"] = now_iso()
        q = Query()
        with self._writing():
            if not self.annotations.update(changes, q.id == annotation_id):
                raise StoreError(f"no highlight with id {annotation_id}")
            found = self.annotations.get(q.id == annotation_id)
        assert found is not None
        return dict(found)

    def delete(self, annotation_id: str) -> Record:
        """Remove a highlight and return it, so the caller can undo."""
        q = Query()
        with self._writing():
            found = self.annotations.get(q.id == annotation_id)
            if found is None:
                raise StoreError(f"no highlight with id {annotation_id}")
            self.annotations.remove(q.id == annotation_id)
        return dict(found)

    def restore(self, record: Record) -> None:
        """Put back a deleted highlight with its id (undo)."""
        with self._writing():
            self.annotations.upsert(dict(record), Query().id == record["id"])

    def for_source(self, source: Source) -> list[Record]:
        """A source's highlights in document order, matched by hash, else by path.

        A path match with a different hash means the text changed: those
        highlights are anchored again and their status recorded.
        """
        q = Query()
        found = [dict(r) for r in self.annotations.search(q.source_id == source.sha256)]
        if not found:
            found = self._reanchor(
                self.annotations.search(q.source_path == str(source.path)), source
            )
        return sorted(found, key=lambda r: (r["position"]["start"], r["position"]["end"]))

    def _reanchor(self, records: list[Record], source: Source) -> list[Record]:
        if not records:
            return []
        result: list[Record] = []
        q = Query()
        with self._writing():
            for old in records:
                anchor = locate(source.text, old["quote"], old["position"])
                changes: Record = {"source_id": source.sha256, "anchor": anchor.status}
                if anchor.status != "orphaned":
                    quote, position = selectors(source.text, anchor.start, anchor.end)
                    changes.update(quote=quote, position=position)
                self.annotations.update(changes, q.id == old["id"])
                result.append({**old, **changes})
        return result

    def count_by_source(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in self.annotations.all():
            counts[r["source_id"]] = counts.get(r["source_id"], 0) + 1
        return counts

    def all_tags(self) -> list[str]:
        tags: set[str] = set()
        for r in self.annotations.all():
            tags.update(r.get("tags", []))
        return sorted(tags)

    # reading state ------------------------------------------------------------

    def reading_state(self, source_id: str) -> tuple[int, tuple[int, int] | None]:
        """(top-of-pane text offset, passage cursor span or None) where the reader left off."""
        found = self.state.get(Query().source_id == source_id)
        if not found:
            return 0, None
        cursor = found.get("cursor")
        return int(found["offset"]), (int(cursor[0]), int(cursor[1])) if cursor else None

    def set_reading_state(
        self, source_id: str, offset: int, cursor: tuple[int, int] | None = None
    ) -> None:
        record = {
            "source_id": source_id,
            "offset": int(offset),
            "cursor": list(cursor) if cursor else None,
            "last_opened": now_iso(),
        }
        with self._writing():
            self.state.upsert(record, Query().source_id == source_id)
