"""The files behind the annotation store: the index file (sources, reading state, tags,
schema), one TinyDB file of annotations per text, the lock between processes, schema
upgrades, backups, and what happens when one of them is damaged.

Every write holds the file lock and starts from what is on disk, so several processes
neither lose nor overwrite each other's work.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, Self

from tinydb import TinyDB
from tinydb.table import Table

from summitreader import compat
from summitreader.annotations.model import Record, now_iso
from summitreader.annotations.record_checks import (
    BadRecord,
    is_text_id,
    schema_problem,
    shown,
    split_bad,
)
from summitreader.errors import StoreCorrupt, StoreError
from summitreader.store import backups, migrations, set_aside, tag_journal
from summitreader.store.counts import CountCache, counts_path
from summitreader.store.journal import log_path_of
from summitreader.store.locking import FileLock, LockTimeout
from summitreader.store.migrations import SCHEMA_VERSION
from summitreader.store.recovery import (
    INDEX,
    move_aside,
    pending_files,
    recovery_message,
    recovery_problem,
    store_paths,
)
from summitreader.store.rename_at_open import RenameAtOpen
from summitreader.store.storage import (
    AtomicJSONStorage,
    atomic_write_bytes,
    encode,
    parse_store_file,
    remove_stale_temps,
)
from summitreader.text.words import counted


def _on_read_only_file_system(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        return False


def _must_read(folder: Path) -> None:
    """A folder of the store we cannot list or enter is said so, with the fix; otherwise
    every text in it would look like it had no highlights (or fail on the first)."""
    if folder.exists() and not folder.is_dir():
        raise StoreError(
            f"{folder} should be the store's folder of highlights, but it is a file. Nothing "
            "was changed; move it elsewhere, and put the folder back if you have it"
        )
    if folder.is_dir() and not os.access(folder, os.R_OK | os.X_OK):
        raise StoreError(
            f"cannot read the folder {folder}: permission denied. Nothing was changed; fix "
            f"it with: chmod u+rwx '{folder}'"
        )


class _DB(TinyDB):
    def start_from_disk(self) -> None:
        """Check the cached data against the disk and drop each table's remembered next
        document id: another process may have written, and used that id, since."""
        self.storage.verify()  # type: ignore[attr-defined]
        compat.forget_next_ids(self)


class _Storage(AtomicJSONStorage):
    """Hands a corrupt file to the store, which moves it aside before anything can write,
    and fresh data to the store's checks, which set damaged records aside."""

    def __init__(self, path: str, store: StoreFiles, relative: str) -> None:
        super().__init__(path)
        self._store, self.relative = store, relative

    def read(self) -> dict[str, Any] | None:
        try:
            data = super().read()
        except StoreCorrupt as exc:
            self._store._quarantine(self.relative, self.path, exc)  # raises unless now fine
            data = super().read()
        if data is None:  # gone: perhaps another process has just moved it aside
            self._store.pending_recovery()
            if self.relative.startswith("annotations/"):
                self._store._missing_shard(Path(self.relative).stem, self.path)
        return data

    def vetted(self, data: dict[str, Any]) -> dict[str, Any]:
        return self._store._vet(self, data)


class StoreFiles(RenameAtOpen):
    """The files behind the store: the index, a file per text, the lock, the schema, backups
    and damage. ``Store`` builds the data model on top."""

    def __init__(
        self, path: str | Path, lock_timeout: float = 10.0, *, backup: str | None = None
    ) -> None:
        self.path = Path(path).expanduser()
        self.shard_dir, self.backup_dir, self.recovery_path = store_paths(self.path)
        self.set_aside_path = set_aside.log_path(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store folder {self.path.parent}: {exc}") from None
        self.read_only = _on_read_only_file_system(self.path.parent)
        self._lock = FileLock(str(self.path) + ".lock", timeout=lock_timeout)
        self._shards: dict[str, _DB] = {}
        self._known_tags: set[str] | None = None
        # (index generation, source ids by path, source records by id)
        self._paths: tuple[int, dict[str, list[str]], dict[str, dict[str, Any]]] | None = None
        self._counts: dict[str, tuple[tuple[int, ...], int]] = {}  # highlight counts
        self._prepared: dict[str, int] = {}  # word counts of texts prepare_source copied
        self._count_cache = CountCache(counts_path(self.path))  # the same, between runs
        self._stamp = ""  # the time of the batch of texts being remembered
        self._left_out: list[tuple[str, BadRecord]] = []  # damaged, but read-only: not moved
        self.unfinished_rename: str | None = None
        self.pending_recovery()  # refuse to open over a file that was moved aside
        _must_read(self.shard_dir)
        self._db = _DB(str(self.path), storage=_Storage, store=self, relative=INDEX)
        self.sources = self._db.table("sources", cache_size=0)
        self.state = self._db.table("state", cache_size=0)
        self.meta = self._db.table("meta", cache_size=0)
        self.tags = self._db.table("tags", cache_size=0)
        if self.read_only:
            self._open_read_only()
            return
        with self._writing():
            remove_stale_temps(self.path.parent)
            if self.shard_dir.is_dir():
                remove_stale_temps(self.shard_dir)
            backups.clean_partial(self.backup_dir)
            self._upgrade()
            self.unfinished_rename = self._try_journal()
            if backup:
                self.backup(backup)

    def _open_read_only(self) -> None:
        """On a read-only file system the store can still be read: nothing is cleaned,
        migrated or finished, and every write is refused with a message that says why."""
        raw = self._db.storage.read() or {}
        version = migrations.schema_version(raw) if raw else SCHEMA_VERSION
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path} has schema {version} and this summitreader reads "
                f"{SCHEMA_VERSION}; changing it needs writing, and it is on a read-only file "
                "system. Make it writable once, or use a summitreader of its version."
            )
        if self._journal.exists():
            try:
                tag_journal.read(self._journal)
            except StoreCorrupt as exc:
                raise StoreCorrupt(f"{exc}. {self._kept_in_place()}") from None
            self.unfinished_rename = self._rename_pending("the store is read-only")

    def _read_only_refusal(self) -> StoreError:
        return StoreError(
            f"the store {self.path} is on a read-only file system: nothing can be changed "
            "(highlights, tags, notes, reading positions). Reading and exporting work; to "
            "change it, make it writable, or use --db with a copy."
        )

    def _kept_in_place(self) -> str:
        return (
            "The store is on a read-only file system, so the file was left where it is: make "
            "it writable, then run `summitreader recover`."
        )

    # files, locking, schema ----------------------------------------------------

    def _shard_path(self, source_id: str) -> Path:
        """The file of a text's highlights. Only a text id (64 hex digits) names one: an id
        from an import or a damaged file could otherwise point anywhere (``../../x``)."""
        if not is_text_id(source_id):
            raise StoreError(
                f"{shown(source_id)} is not a text id (64 hex digits): nothing was read or written"
            )
        return self.shard_dir / f"{source_id}.json"

    def _shard_ids(self) -> list[str]:
        """The texts that have a file of highlights; other files in the folder are not ours."""
        if not self.shard_dir.is_dir():
            return []
        return sorted(p.stem for p in self.shard_dir.glob("*.json") if is_text_id(p.stem))

    def _files(self) -> dict[str, Path]:
        files = {INDEX: self.path}
        for sid in self._shard_ids():
            files[f"annotations/{sid}.json"] = self._shard_path(sid)
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
        if self.read_only:
            raise self._read_only_refusal()
        with self._locked():
            self.pending_recovery()  # never write over a file another process moved aside
            self._db.start_from_disk()
            for db in self._shards.values():
                db.start_from_disk()
            self._known_tags = None
            yield

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the lock between processes; say what to do if it cannot be had."""
        try:
            with self._lock:
                yield
        except LockTimeout:
            raise StoreError(
                f"the store {self.path} is locked by another process (waited "
                f"{self._lock.timeout:.0f} s); close other summitreader windows and try again"
            ) from None

    def _upgrade(self) -> None:
        raw = self._db.storage.read() or {}
        version = migrations.schema_version(raw) if raw else None
        if version is None:  # a new store (reading moved aside one whose version is not a number)
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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.release()
        self._count_cache.save()
        self._db.close()

    def held_texts(self) -> set[str]:
        """The texts whose highlights are held in memory now."""
        return set(self._shards)

    def release(self, keep: Iterable[str] = ()) -> None:
        """Let go of the highlights held in memory, but those of the texts in ``keep``: a
        command that goes through the library a text at a time then holds one text's,
        not 100,000 highlights."""
        kept = set(keep)
        going = {sid: db for sid, db in self._shards.items() if sid not in kept}
        if not self.read_only:  # the counts of the files read or written: the next list's
            with contextlib.suppress(OSError):
                for sid, db in going.items():
                    held = db.storage.held()  # type: ignore[attr-defined]
                    if held is not None:
                        self._count_cache.put(sid, held[0], len(held[1].get("annotations", {})))
        for sid, db in going.items():
            db.close()
            del self._shards[sid]

    # corruption, backups and recovery -----------------------------------------

    def _quarantine(self, relative: str, path: Path, problem: StoreCorrupt) -> None:
        """Move a corrupt file aside (never overwrite it), remember it, and explain.

        Returns quietly if, under the lock, the file reads fine after all: another
        process had just replaced it.
        """
        if self.read_only:
            raise StoreCorrupt(f"{problem}. {self._kept_in_place()}")
        with self._lock:
            if path.exists() and backups.damage(relative, path) is None:
                return  # another process replaced it meanwhile: it is fine now
            self._move_aside(relative, path, problem)

    def _move_aside(self, relative: str, path: Path, problem: StoreError) -> NoReturn:
        """Move a damaged file aside, note it for ``recover``, and raise StoreCorrupt."""
        with self._lock:
            pending = move_aside(self.path, relative, path, problem)
        raise StoreCorrupt(recovery_message(self.path, pending), recovery_problem(pending))

    def _vet(self, storage: _Storage, data: dict[str, Any]) -> dict[str, Any]:
        """``data`` fresh from a store file, without the records that fail their checks.

        Those are kept in the set-aside log first, then taken out of the file, under the
        lock and starting again from the disk (another process may have written since)."""
        if storage.relative == INDEX and (problem := schema_problem(data)):
            raise StoreCorrupt(f"the store file {storage.path}: {problem}")  # moved aside
        sid = storage.path.stem if storage.relative != INDEX else None
        signature = storage.read_signature
        if sid is not None and signature and self._count_cache.checked(sid, signature):
            return data  # these very bytes passed every check before (counts.py)
        clean, bad = split_bad(data)
        if not bad:
            if sid is not None and signature and not self.read_only:
                self._count_cache.put(sid, signature, len(data.get("annotations", {})), True)
            return data
        if self.read_only:  # used without them; they stay in their file
            self._left_out += [
                (storage.relative, b) for b in bad if (storage.relative, b) not in self._left_out
            ]
            return clean
        with self._locked():
            found = storage.from_disk()  # the file and its journal
            if found is None:
                return clean
            clean, bad = split_bad(found[0])
            raw = found[1]
            if bad:
                try:
                    set_aside.keep(self.set_aside_path, storage.relative, bad, now_iso())
                except OSError as exc:
                    raise StoreError(
                        f"{storage.path} holds {len(bad)} damaged record(s) that could not be "
                        f"set aside: cannot write {self.set_aside_path} ({exc.strerror or exc}). "
                        "Nothing was changed; free some space and try again."
                    ) from None
                raw = encode(clean)
                try:
                    atomic_write_bytes(storage.path, raw)  # its journal is stale from now on
                except OSError:
                    return clean  # they are kept in the log; the file drops them at its next write
                with contextlib.suppress(OSError):
                    storage.log_path.unlink(missing_ok=True)
            storage.remember(clean, raw)
            return clean

    def notices(self) -> list[str]:
        """What every command should tell the user about the store, one line each."""
        found = set_aside.unreported(self.set_aside_path)
        lines = [set_aside.notice(self.set_aside_path, found)] if found else []
        if self._left_out:
            (relative, first), n = self._left_out[0], len(self._left_out)
            lines.append(
                f"{n} damaged record{'s were' if n != 1 else ' was'} left out (the first: "
                f"{relative}, {first.table} record {first.key}: {first.reason}); the store is "
                "read-only, so they stay in their files"
            )
        if self.unfinished_rename:
            lines.append(self.unfinished_rename)
        if self.read_only:
            lines.append(
                f"the store {self.path} is on a read-only file system: it is opened read-only, "
                "and nothing you change (highlights, tags, notes, reading positions) is saved"
            )
        return lines

    def _missing_shard(self, source_id: str, path: Path) -> None:
        """Raise StoreError when a text's file of highlights, which the store never deletes,
        is gone though it was counted with highlights in it: read as empty, an export would
        strike them from the reader's notes, and the next write would make the loss final."""
        held = self._count_cache.recorded(source_id)
        if held:
            raise StoreError(
                f"the file of {counted(held, 'highlight')} is missing: {path} (a text's "
                "highlights, which summitreader never deletes). Nothing was changed. Put it "
                f"back from your own copy or from a backup in {self.backup_dir}; to go on "
                f"without those highlights, delete {self._count_cache.path}"
            )

    def pending_recovery(self) -> None:
        """Raise StoreCorrupt while a moved-aside file has not been dealt with."""
        pending = pending_files(self.recovery_path)
        if pending:
            raise StoreCorrupt(recovery_message(self.path, pending), recovery_problem(pending))

    def backup(self, reason: str) -> Path | None:
        if self.read_only:
            return None  # nothing can change while it is read-only, and nowhere to write
        with self._writing():
            self._compact_journals()  # a backup copies the files, whole: no journal beside
            return backups.snapshot(self._files(), self.backup_dir, reason)

    def _compact_journals(self) -> None:
        """Write each text's file whole with its journal applied, and drop the journal.
        Call while holding the lock."""
        for sid in self._shard_ids():
            if log_path_of(self._shard_path(sid)).exists():
                self._shard(sid)
                self._shards[sid].storage.compact()  # type: ignore[attr-defined]

    def backups(self) -> list[backups.Backup]:
        return backups.backups(self.backup_dir)

    def _has_shard(self, source_id: str) -> bool:
        if source_id in self._shards:
            return True
        path = self._shard_path(source_id)
        if path.exists():
            return True
        self._missing_shard(source_id, path)
        return False

    def _remember_tags(self, tags: Iterable[str]) -> None:
        """Keep the index's list of tag names in use (for completion) without reading shards."""
        if self._known_tags is None:
            self._known_tags = {r["name"] for r in self.tags.all()}
        new = [t for t in dict.fromkeys(tags) if t not in self._known_tags]
        if new:
            self.tags.insert_multiple({"name": t} for t in new)
            self._known_tags.update(new)
