"""The annotation store: an index file (sources, reading state, tags, schema) and one
TinyDB file of annotations per source.

Identity is never TinyDB's doc_id (TinyDB reuses them): sources are keyed by
the sha256 of their bytes and annotations by a uuid4. Every write holds a file
lock and starts from what is on disk, so several processes neither lose nor
overwrite each other's work. One file per source keeps a write proportional to
that source's highlights rather than to the whole library.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.table import Table

from summitreader import backups, migrations
from summitreader.anchoring import locate, selectors
from summitreader.errors import StoreConflict, StoreCorrupt, StoreError
from summitreader.locking import FileLock, LockTimeout
from summitreader.metadata import Metadata
from summitreader.migrations import SCHEMA_VERSION
from summitreader.reading_position import follow
from summitreader.source import Source
from summitreader.storage import (
    AtomicJSONStorage,
    atomic_write_bytes,
    corrupt_name,
    encode,
    parse_store_file,
    remove_stale_temps,
)
from summitreader.tags import merge_tags, normalise_tag

Record = dict[str, Any]
INDEX = "index.json"  # the index's name inside a backup
__all__ = ["SCHEMA_VERSION", "Record", "Store", "now_iso"]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _tags(raw: Iterable[str]) -> list[str]:
    return merge_tags([], *(normalise_tag(t) for t in raw))


def layout(path: Path) -> tuple[Path, Path, Path]:
    """(annotation folder, backup folder, recovery note) that belong to the index at ``path``."""
    stem = path.stem if path.suffix else path.name
    return (
        path.with_name(stem + ".annotations"),
        path.with_name(stem + ".backups"),
        path.with_name(path.name + ".recovery.json"),
    )


def _file(path: Path, relative: str) -> Path:
    return path if relative == INDEX else layout(path)[0] / relative.split("/", 1)[1]


def pending_files(recovery_path: Path) -> list[dict[str, str]]:
    """The files moved aside as corrupt and not yet dealt with (from the recovery note)."""
    try:
        data = json.loads(recovery_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        data = None
    if not isinstance(data, list) or not all(isinstance(i, dict) and "file" in i for i in data):
        return [{"file": INDEX, "moved_to": "", "reason": "the recovery note is unreadable"}]
    return data


def backup_for(path: Path) -> backups.Backup | None:
    """The newest backup with a good copy of every file awaiting recovery."""
    _, backup_dir, recovery_path = layout(Path(path).expanduser())
    wanted = [item["file"] for item in pending_files(recovery_path)] or [INDEX]
    return next(
        (b for b in backups.backups(backup_dir) if all(b.holds_good(f) for f in wanted)), None
    )


def recover(path: str | Path, *, empty: bool = False) -> list[str]:
    """Deal with files moved aside as corrupt: restore them from the newest backup that has
    good copies of them all, or with ``empty`` let them start afresh. The moved files are
    kept. Returns what was done."""
    path = Path(path).expanduser()
    _, _, recovery_path = layout(path)
    with FileLock(str(path) + ".lock", timeout=10):
        pending = pending_files(recovery_path)
        if not pending:
            return ["nothing to recover: no store file was moved aside"]
        good = None if empty else backup_for(path)
        done = []
        for item in pending:
            target = _file(path, item["file"])
            if good is not None and not target.exists():
                backups.restore_file(good, item["file"], target)
                done.append(f"restored {target} from the backup of {good.when}")
            else:
                done.append(f"{target} starts empty")
            if item.get("moved_to"):
                done.append(f"the unreadable file is kept at {item['moved_to']}")
        recovery_path.unlink()
    return done


def new_record(
    source: Source,
    start: int,
    end: int,
    tags: Iterable[str] = (),
    note: str = "",
    *,
    stamp: str | None = None,
) -> Record:
    """A highlight of source.text[start:end] with both selectors, not yet stored."""
    quote, position = selectors(source.text, start, end)
    stamp = stamp or now_iso()
    return {
        "id": str(uuid.uuid4()),
        "source_id": source.sha256,
        "source_path": str(source.path),
        "quote": quote,
        "position": position,
        "tags": _tags(tags),
        "note": note,
        "created": stamp,
        "modified": stamp,
        "anchor": "anchored",
    }


def document_order(record: Record) -> tuple[bool, int, int, str, str]:
    """Anchored highlights by position; orphans (whose position is stale) after them. Ties
    go by creation, then id, so that any two lists of the same highlights agree."""
    orphan = record.get("anchor") == "orphaned"
    position = record["position"]
    return (orphan, position["start"], position["end"], record.get("created", ""), record["id"])


class _DB(TinyDB):
    def start_from_disk(self) -> None:
        """Check the cached data against the disk and drop each table's remembered next
        document id: another process may have written, and used that id, since."""
        self.storage.verify()  # type: ignore[attr-defined]
        for table in self._tables.values():
            table._next_id = None


class _Storage(AtomicJSONStorage):
    """Hands a corrupt file to the store, which moves it aside before anything can write."""

    def __init__(self, path: str, store: Store, relative: str) -> None:
        super().__init__(path)
        self._store, self._relative = store, relative

    def read(self) -> dict[str, Any] | None:
        try:
            return super().read()
        except StoreCorrupt as exc:
            self._store._quarantine(self._relative, self.path, exc)  # raises unless now fine
            return super().read()


class Store:
    """All reads and writes of annotations go through here."""

    def __init__(
        self, path: str | Path, lock_timeout: float = 10.0, *, backup: str | None = None
    ) -> None:
        self.path = Path(path).expanduser()
        self.shard_dir, self.backup_dir, self.recovery_path = layout(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store folder {self.path.parent}: {exc}") from None
        self._lock = FileLock(str(self.path) + ".lock", timeout=lock_timeout)
        self._shards: dict[str, _DB] = {}
        self._known_tags: set[str] | None = None
        self._paths: tuple[int, dict[str, list[str]]] | None = None
        self.pending_recovery()  # refuse to open over a file that was moved aside
        self._db = _DB(str(self.path), storage=_Storage, store=self, relative=INDEX)
        self.sources = self._db.table("sources", cache_size=0)
        self.state = self._db.table("state", cache_size=0)
        self.meta = self._db.table("meta", cache_size=0)
        self.tags = self._db.table("tags", cache_size=0)
        with self._writing():
            remove_stale_temps(self.path.parent)
            if self.shard_dir.is_dir():
                remove_stale_temps(self.shard_dir)
            backups.clean_partial(self.backup_dir)
            self._upgrade()
            self._finish_journal()
            if backup:
                self.backup(backup)

    # files, locking, schema ----------------------------------------------------

    def _shard_path(self, source_id: str) -> Path:
        return self.shard_dir / f"{source_id}.json"

    def _files(self) -> dict[str, Path]:
        files = {INDEX: self.path}
        if self.shard_dir.is_dir():
            for p in self.shard_dir.glob("*.json"):
                files[f"annotations/{p.name}"] = p
        return files

    def _shard(self, source_id: str) -> Table:
        db = self._shards.get(source_id)
        if db is None:
            db = _DB(
                str(self._shard_path(source_id)),
                storage=_Storage,
                store=self,
                relative=f"annotations/{source_id}.json",
            )
            self._shards[source_id] = db
        return db.table("annotations", cache_size=0)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the lock and start from the disk: another process may have written since."""
        try:
            with self._lock:
                self._db.start_from_disk()
                for db in self._shards.values():
                    db.start_from_disk()
                self._known_tags = None
                yield
        except LockTimeout:
            raise StoreError(
                f"the store {self.path} is locked by another process (waited "
                f"{self._lock.timeout:.0f} s); close other summitreader windows and try again"
            ) from None
        except PermissionError as exc:
            if exc.filename != self._lock.lock_file:
                raise
            raise StoreError(
                f"cannot lock the store: no permission to write {exc.filename}. "
                "Is the store another user's? Use --db to choose your own."
            ) from None

    def _upgrade(self) -> None:
        raw = self._db.storage.read() or {}
        version = migrations.schema_version(raw) if raw else None
        if version is None and raw.get("meta"):
            raise StoreCorrupt(f"the store file {self.path} has no readable schema version")
        if version is None:
            self._db.storage.write(migrations.set_version({**raw, "meta": {}}, SCHEMA_VERSION))
            return
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path} was written by a newer summitreader (schema "
                f"{version}; this one understands up to {SCHEMA_VERSION}). It was left "
                "untouched: upgrade summitreader to open it."
            )
        steps = migrations.pending(version)
        if not steps:
            return
        self.backup(f"before-v{steps[-1].version}")
        for step in steps:
            raw = step.run(raw, self._write_shard_raw)
            raw = migrations.set_version(raw, step.version)
            self._db.storage.write(raw)

    def _write_shard_raw(self, source_id: str, records: list[Record]) -> None:
        """Merge ``records`` into a shard by id (so re-running a migration adds nothing twice)."""
        path = self._shard_path(source_id)
        existing = (parse_store_file(path) or {}).get("annotations", {})
        by_id = {r["id"]: r for r in existing.values()}
        by_id.update({r["id"]: r for r in records})
        table = {str(i): r for i, r in enumerate(by_id.values(), 1)}
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, encode({"annotations": table}))

    @property
    def schema_version(self) -> int:
        return int(self.meta.all()[0]["schema_version"])

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for db in self._shards.values():
            db.close()
        self._shards.clear()
        self._db.close()

    # corruption, backups and recovery -----------------------------------------

    def _quarantine(self, relative: str, path: Path, problem: StoreCorrupt) -> None:
        """Move a corrupt file aside (never overwrite it), remember it, and explain.

        Returns quietly if, under the lock, the file reads fine after all: another
        process had just replaced it.
        """
        with self._lock:
            try:
                if parse_store_file(path) is not None:
                    return  # another process replaced it meanwhile: it is fine now
            except StoreCorrupt:
                pass
            moved = corrupt_name(path)
            if path.exists():
                path.rename(moved)
            pending = pending_files(self.recovery_path)
            pending.append({"file": relative, "moved_to": str(moved), "reason": str(problem)})
            atomic_write_bytes(self.recovery_path, json.dumps(pending, indent=2).encode())
        raise StoreCorrupt(self._recovery_message(pending))

    def _recovery_message(self, pending: list[dict[str, str]]) -> str:
        lines = []
        for item in pending:
            moved = f"; it was moved aside to {item['moved_to']}" if item.get("moved_to") else ""
            lines.append(f"{item['reason']}{moved}.")
        good = backup_for(self.path)
        if good is not None:
            lines.append(
                f"The newest good backup is from {good.when}: open summitreader to restore it, "
                "or run `summitreader recover`."
            )
        else:
            lines.append(
                "There is no good backup of it. Run `summitreader recover --empty` to go on "
                "without it; the moved file is kept."
            )
        return " ".join(lines)

    def pending_recovery(self) -> None:
        """Raise StoreCorrupt while a moved-aside file has not been dealt with."""
        pending = pending_files(self.recovery_path)
        if pending:
            raise StoreCorrupt(self._recovery_message(pending))

    def backup(self, reason: str) -> Path | None:
        with self._lock:
            return backups.snapshot(self._files(), self.backup_dir, reason)

    def backups(self) -> list[backups.Backup]:
        return backups.backups(self.backup_dir)

    # sources ---------------------------------------------------------------

    def remember_source(self, source: Source, meta: Metadata | None = None) -> Record:
        """Record (or refresh) a source by its hash; the path is where it was last seen."""
        with self._writing():
            return self._remember_source(source, meta)

    def _remember_source(self, source: Source, meta: Metadata | None) -> Record:
        q = Query()
        existing = self.sources.get(q.id == source.sha256)
        if meta is None and existing is not None and existing["path"] == str(source.path):
            return dict(existing)
        old = existing or {}
        record: Record = {
            "id": source.sha256,
            "path": str(source.path),
            "title": meta.title if meta else old.get("title"),
            "authors": list(meta.authors) if meta else old.get("authors", []),
            "date": meta.date if meta else old.get("date"),
            "encoding": source.encoding,
            "size": source.size,
            "first_seen": old.get("first_seen") or now_iso(),
        }
        if existing != record:
            self.sources.upsert(record, q.id == source.sha256)
        return record

    def get_source(self, source_id: str) -> Record | None:
        return self.sources.get(Query().id == source_id)

    def all_sources(self) -> list[Record]:
        return [dict(r) for r in self.sources.all()]

    def _ids_by_path(self) -> dict[str, list[str]]:
        """Source ids per last-seen path, rebuilt only when the index was re-read."""
        storage = self._db.storage
        raw = storage.read() or {}
        generation = storage.generation  # type: ignore[attr-defined]
        if self._paths is None or self._paths[0] != generation:
            by_path: dict[str, list[str]] = {}
            for record in raw.get("sources", {}).values():
                by_path.setdefault(record["path"], []).append(record["id"])
            self._paths = (generation, by_path)
        return self._paths[1]

    def _earlier_versions(self, source: Source) -> list[str]:
        """Ids of other texts last seen at this path whose highlights have not followed yet."""
        return [
            sid
            for sid in self._ids_by_path().get(str(source.path), [])
            if sid != source.sha256 and self._has_shard(sid) and self._shard(sid).all()
        ]

    # annotations -------------------------------------------------------------

    def _remember_tags(self, tags: Iterable[str]) -> None:
        """Keep the index's list of tag names in use (for completion) without reading shards."""
        if self._known_tags is None:
            self._known_tags = {r["name"] for r in self.tags.all()}
        new = [t for t in dict.fromkeys(tags) if t not in self._known_tags]
        if new:
            self.tags.insert_multiple({"name": t} for t in new)
            self._known_tags.update(new)

    def add(
        self,
        source: Source,
        start: int,
        end: int,
        tags: Iterable[str] = (),
        note: str = "",
    ) -> Record:
        """Store a highlight of source.text[start:end] with both selectors."""
        record = new_record(source, start, end, tags, note)
        self.insert(record, source)
        return record

    def insert(self, record: Record, source: Source | None = None) -> None:
        """Store a complete record whose id is new."""
        self.insert_many([(record, source)])

    def insert_many(self, items: list[tuple[Record, Source | None]]) -> None:
        """Store complete records under one lock (an import lands whole), remembering each
        text and its path so that its highlights can follow it after an edit."""
        by_shard: dict[str, list[Record]] = {}
        with self._writing():
            for record, source in items:
                if source is not None:
                    self._remember_source(source, None)
                by_shard.setdefault(record["source_id"], []).append(record)
            for sid, records in by_shard.items():
                self._shard(sid).insert_multiple(records)
                self._remember_tags(t for r in records for t in r.get("tags", []))

    def _locate_id(self, annotation_id: str, source_id: str | None) -> str:
        """The shard that holds a highlight: the given one if it does, else a search."""
        q = Query()
        if source_id and self._shard(source_id).contains(q.id == annotation_id):
            return source_id
        candidates = [*self._shards, *(p.stem for p in self.shard_dir.glob("*.json"))]
        for sid in dict.fromkeys(candidates):
            if self._shard(sid).contains(q.id == annotation_id):
                return sid
        raise StoreError(f"no highlight with id {annotation_id}")

    def get(self, annotation_id: str, source_id: str | None = None) -> Record | None:
        try:
            sid = self._locate_id(annotation_id, source_id)
        except StoreError:
            return None
        found = self._shard(sid).get(Query().id == annotation_id)
        return dict(found) if found is not None else None

    def update(
        self,
        annotation_id: str,
        *,
        source_id: str | None = None,
        expect_modified: str | None = None,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        **changes: Any,
    ) -> Record:
        """Change fields of one highlight, applied to what is on disk now.

        Tag additions and removals merge with other windows' changes. Other
        fields, given ``expect_modified``, are refused with StoreConflict if
        someone else changed the highlight since the caller read it.
        """
        q = Query()
        with self._writing():
            sid = self._locate_id(annotation_id, source_id)
            table = self._shard(sid)
            current = table.get(q.id == annotation_id)
            assert current is not None
            if expect_modified is not None and current["modified"] != expect_modified:
                raise StoreConflict(
                    "this highlight was changed in another window meanwhile; "
                    "it has been reloaded, so please make your change again"
                )
            if "tags" in changes:
                changes["tags"] = _tags(changes["tags"])
            drop = set(_tags(remove_tags))
            if add_tags or drop:
                base = changes.get("tags", current.get("tags", []))
                changes["tags"] = [t for t in merge_tags(base, *_tags(add_tags)) if t not in drop]
            changes["modified"] = max(now_iso(), current["modified"])
            table.update(changes, q.id == annotation_id)
            self._remember_tags(changes.get("tags", []))
            found = table.get(q.id == annotation_id)
        assert found is not None
        return dict(found)

    def delete(self, annotation_id: str, source_id: str | None = None) -> Record:
        """Remove a highlight and return it, so the caller can undo."""
        q = Query()
        with self._writing():
            sid = self._locate_id(annotation_id, source_id)
            table = self._shard(sid)
            found = table.get(q.id == annotation_id)
            assert found is not None
            table.remove(q.id == annotation_id)
        return dict(found)

    def replace(
        self, source_id: str, put: Sequence[Record], instead_of: Sequence[Record], verb: str
    ) -> None:
        """In one durable write, make the highlights ``put`` and remove those of
        ``instead_of`` that it does not keep (undo, redo, a merge). Refused if another window
        changed one of ``instead_of`` since; one it deleted cannot be removed again."""
        q = Query()
        keep = {r["id"] for r in put}
        with self._writing():
            table = self._shard(source_id)
            for old in instead_of:
                current = table.get(q.id == old["id"])
                if current is None and old["id"] not in keep:
                    raise StoreError(f"no highlight with id {old['id']}")
                if current is not None and current["modified"] != old["modified"]:
                    raise StoreConflict(
                        f"cannot {verb}: this highlight was changed in another window meanwhile"
                    )
            gone = {r["id"] for r in instead_of} - keep

            def swap(rows: dict[int, Any]) -> None:
                doc_ids = {row["id"]: doc_id for doc_id, row in rows.items()}
                for annotation_id in gone:
                    del rows[doc_ids[annotation_id]]
                for record in put:
                    doc_id = doc_ids.get(record["id"])
                    rows[doc_id if doc_id is not None else table._get_next_id()] = dict(record)

            # TinyDB's own single-write primitive: the whole change lands in one atomic
            # replacement of the file, so a crash leaves the merge done or not done.
            table._update_table(swap)
            self._remember_tags(t for r in put for t in r.get("tags", []))

    def shard_loads(self, source_id: str) -> int:
        """How often the shard was read from the disk: a change means another writer."""
        if not self._has_shard(source_id):
            return 0
        return self._shard(source_id).storage.loads  # type: ignore[attr-defined]

    def annotations(self, source_id: str) -> list[Record]:
        """The highlights stored under one source id, in document order, without re-anchoring."""
        if not self._has_shard(source_id):
            return []
        found = [dict(r) for r in self._shard(source_id).all()]
        return sorted(found, key=document_order)

    def _has_shard(self, source_id: str) -> bool:
        return source_id in self._shards or self._shard_path(source_id).exists()

    def for_source(self, source: Source) -> list[Record]:
        """A source's highlights in document order, matched by hash, then by path.

        A file that moved keeps its highlights, since they are filed under its
        hash. Highlights of an earlier text at the same path are anchored again
        in this one and move over, each with its status; none is dropped.
        """
        earlier = self._earlier_versions(source)
        if earlier:
            self._follow(earlier, source)
        return self.annotations(source.sha256)

    def _follow(self, earlier: list[str], source: Source) -> None:
        with self._writing():
            target = self._shard(source.sha256)
            have = {r["id"] for r in target.all()}
            for old_id in earlier:
                old_table = self._shard(old_id)
                moved = []
                for old in old_table.all():
                    if old["id"] not in have:
                        moved.append(self.reanchored(dict(old), source))
                target.insert_multiple(moved)  # new home first: a crash leaves a copy, not a loss
                have.update(r["id"] for r in moved)
                old_table.truncate()

    @staticmethod
    def reanchored(old: Record, source: Source) -> Record:
        """``old`` anchored again in ``source``: its status, and where it came from if it moved."""
        anchor = locate(source.text, old["quote"], old["position"])
        record = {**old, "source_id": source.sha256, "anchor": anchor.status}
        if anchor.status != "anchored" or old["source_id"] != source.sha256:
            record["previous"] = {
                "source_id": old["source_id"],
                "position": old["position"],
                "exact": old["quote"]["exact"],
            }
        if anchor.status != "orphaned":
            quote, position = selectors(source.text, anchor.start, anchor.end)
            record.update(quote=quote, position=position)
            if anchor.status == "fuzzy":
                record["anchor_score"] = anchor.score
        return record

    def reanchor(self, source: Source) -> list[Record]:
        """Anchor every highlight of this text again, orphans included (``check``)."""
        records = self.for_source(source)
        q = Query()
        with self._writing():
            table = self._shard(source.sha256)
            for record in records:
                if record.get("anchor") == "orphaned":
                    again = self.reanchored(record, source)
                    if again["anchor"] != "orphaned":
                        again["previous"] = record.get("previous", again.get("previous"))
                        table.update(again, q.id == record["id"])
        return self.annotations(source.sha256)

    def all_annotations(self) -> Iterator[Record]:
        if not self.shard_dir.is_dir():
            return
        for path in sorted(self.shard_dir.glob("*.json")):
            yield from (dict(r) for r in self._shard(path.stem).all())

    def count_for(self, source: Source) -> int:
        """Highlights this text shows when opened, including ones that will follow it."""
        ids = [source.sha256, *self._earlier_versions(source)]
        return sum(len(self._shard(i)) for i in ids if self._has_shard(i))

    def all_tags(self) -> list[str]:
        return sorted({r["name"] for r in self.tags.all()})

    def tag_counts(self) -> dict[str, int]:
        """Highlights per tag across every document, from the shards themselves."""
        counts: dict[str, int] = {}
        for record in self.all_annotations():
            for tag in record.get("tags", []):
                counts[tag] = counts.get(tag, 0) + 1
        return dict(sorted(counts.items()))

    # renaming a tag: one journal entry, then every shard --------------------------

    @property
    def _journal(self) -> Path:
        return self.path.with_name(self.path.name + ".journal")

    def rename_tag(self, old: str, new: str) -> int:
        """Rename ``old`` to ``new`` everywhere, merging into ``new`` where a highlight
        has both; returns how many highlights changed.

        The store is a file per document, so no single file write covers them all. The
        rename is first written whole to a journal (atomically): from then on it is
        durable. A crash part-way leaves the journal, and the next open of the store
        finishes the rename (renaming again is harmless) before anything else."""
        old, new = normalise_tag(old), normalise_tag(new)
        if old == new:
            raise StoreError(f"#{old} and #{new} are the same tag")
        with self._writing():
            if old not in self.tag_counts():
                raise StoreError(f"no highlight is tagged #{old}")
            atomic_write_bytes(self._journal, encode({"rename_tag": {"old": old, "new": new}}))
            return self._finish_journal()

    def _finish_journal(self) -> int:
        """Apply a journalled rename (under the lock), then remove the journal."""
        if not self._journal.exists():
            return 0
        entry = parse_store_file(self._journal) or {}
        rename = entry.get("rename_tag", {})
        old, new = rename.get("old"), rename.get("new")
        changed = 0
        if isinstance(old, str) and isinstance(new, str):
            modified = now_iso()

            def rename(record: dict[str, Any]) -> None:
                tags = [new if t == old else t for t in record["tags"]]
                record["tags"] = list(dict.fromkeys(tags))  # merged where it had both
                record["modified"] = max(modified, record["modified"])

            for path in sorted(self.shard_dir.glob("*.json")):
                changed += len(self._shard(path.stem).update(rename, Query().tags.any([old])))
            self.tags.remove(Query().name == old)
            self._known_tags = None
            self._remember_tags([new])
        self._journal.unlink()
        return changed

    # reading state ------------------------------------------------------------

    def reading_state(self, source_id: str) -> tuple[int, tuple[int, int] | None]:
        """(top-of-pane text offset, passage cursor span or None) where the reader left off."""
        found = self.state.get(Query().source_id == source_id)
        if not found:
            return 0, None
        cursor = found.get("cursor")
        return int(found["offset"]), (int(cursor[0]), int(cursor[1])) if cursor else None

    def reading_state_following(self, source: Source) -> tuple[int, tuple[int, int] | None]:
        """Where reading left off in this text. An edited text (same path, a new hash) has
        none of its own yet: the position saved in its earlier version is followed to the
        words it was on, as a highlight is."""
        if self.state.get(Query().source_id == source.sha256):
            return self.reading_state(source.sha256)
        for old_id in self._ids_by_path().get(str(source.path), []):
            old = self.state.get(Query().source_id == old_id)
            if old_id != source.sha256 and old and old.get("mark"):
                return follow(source.text, old["mark"], int(old["offset"])), None
        return 0, None

    def set_reading_state(
        self,
        source_id: str,
        offset: int,
        cursor: tuple[int, int] | None = None,
        mark: dict[str, Any] | None = None,
    ) -> None:
        """``mark``: the words at ``offset`` (``reading_position.mark``), so the position
        survives edits to the text above it."""
        record = {
            "source_id": source_id,
            "offset": int(offset),
            "cursor": list(cursor) if cursor else None,
            "last_opened": now_iso(),
        }
        if mark is not None:
            record["mark"] = mark
        with self._writing():
            self.state.upsert(record, Query().source_id == source_id)
