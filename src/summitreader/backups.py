"""Rotating snapshots of the store, and restoring files from the newest good one.

A snapshot copies each store file, never links it: damage done to a live file
in place (another tool, a disk error) must not reach its backups. Files that
have not changed since the previous snapshot are hard-linked to that
snapshot's copy instead, as ``rsync --link-dest`` does, so a start-up backup of
a large library costs a link per unchanged file, not a copy of it.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import NamedTuple

from summitreader.errors import StoreCorrupt, StoreError
from summitreader.record_checks import schema_problem
from summitreader.storage import TEMP_PREFIX, atomic_write_bytes, parse_store_file

KEEP = 5
INDEX = "index.json"  # the index's name inside a backup


def damage(relative: str, path: Path) -> StoreCorrupt | None:
    """Why the store file ``relative`` (at ``path``) cannot be used at all, or None if it can
    (or is not there): not JSON, not TinyDB tables, or an index whose schema version is not
    a whole number, so that nothing can tell which layout it has. A file that cannot be read
    (permissions) is not damaged: StoreError says so."""
    try:
        data = parse_store_file(path)
    except StoreCorrupt as exc:
        return exc
    if data is not None and relative == INDEX and (problem := schema_problem(data)):
        return StoreCorrupt(f"the store file {path}: {problem}")
    return None


class Backup(NamedTuple):
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def when(self) -> str:
        """The UTC time the backup was made, as people write it."""
        stamp = self.path.name.split("-")[0]
        try:
            t = time.strptime(stamp, "%Y%m%dT%H%M%SZ")
        except ValueError:
            return stamp
        return time.strftime("%Y-%m-%d %H:%M UTC", t)

    def holds_good(self, relative: str) -> bool:
        """Whether this backup has a usable copy of ``relative``."""
        copy = self.path / relative
        try:
            return copy.exists() and damage(relative, copy) is None
        except StoreError:
            return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        sa, sb = a.stat(), b.stat()
    except OSError:
        return False
    return (sa.st_size, sa.st_mtime_ns) == (sb.st_size, sb.st_mtime_ns)


def _copy_or_reuse(src: Path, dst: Path, previous: Path | None) -> None:
    if previous is not None and _same_file(src, previous):
        try:
            os.link(previous, dst)
            return
        except OSError:
            pass
    shutil.copy2(src, dst)  # copy2 keeps mtime, which the next snapshot compares


def snapshot(files: dict[str, Path], folder: Path, reason: str, keep: int = KEEP) -> Path | None:
    """Snapshot ``files`` (relative name → path) into a new folder; keep the newest ``keep``.

    Call while holding the store lock, so no write happens half-way through.
    """
    present = {rel: p for rel, p in files.items() if p.exists()}
    if not present:
        return None
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = folder / f"{stamp}-{time.time_ns() % 1_000_000_000:09d}-{reason}"
    partial = folder / (TEMP_PREFIX + target.name)
    last = backups(folder)
    try:
        for rel, src in present.items():
            dst = partial / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            _copy_or_reuse(src, dst, last[0].path / rel if last else None)
        os.replace(partial, target)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise StoreError(f"cannot back up the store into {folder}: {exc.strerror or exc}") from None
    for old in backups(folder)[keep:]:
        shutil.rmtree(old.path, ignore_errors=True)
    return target


def backups(folder: Path) -> list[Backup]:
    """Finished backups, newest first."""
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(TEMP_PREFIX)]
    return [Backup(p) for p in sorted(found, key=lambda p: p.name, reverse=True)]


def clean_partial(folder: Path) -> None:
    """Remove snapshots a killed process left half made. Call while holding the store lock."""
    if folder.is_dir():
        for p in folder.glob(TEMP_PREFIX + "*"):
            shutil.rmtree(p, ignore_errors=True)


def restore_file(backup: Backup, relative: str, target: Path) -> None:
    """Put the backup's copy of ``relative`` at ``target``, atomically."""
    data = (backup.path / relative).read_bytes()
    if target.exists():
        raise StoreError(f"refusing to overwrite {target} while restoring a backup")
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data)
