"""Rotating snapshots of the store, and restoring files from the newest good one.

A snapshot copies each store file, never links it: damage done to a live file
in place (another tool, a disk error) must not reach its backups. Files that
have not changed since the previous snapshot are hard-linked to that
snapshot's copy instead, as ``rsync --link-dest`` does, so a start-up backup of
a large library costs a link per unchanged file, not a copy of it.

Each snapshot notes which of its files were damaged when it was made (``damage.json``;
a linked file keeps its earlier verdict, so only changed files are read). Rotation never
drops the last good snapshot for a copy of a broken state: a start-up that keeps failing
after its backup would otherwise push every good one out.
"""

from __future__ import annotations

import calendar
import os
import shutil
import time
from pathlib import Path
from typing import NamedTuple

import orjson

from summitreader.annotations.record_checks import schema_problem, split_bad
from summitreader.errors import StoreCorrupt, StoreError
from summitreader.fsio import TEMP_PREFIX, atomic_write_bytes
from summitreader.store.storage import parse_store_file

KEEP = 5
INDEX = "index.json"  # the index's name inside a backup
CHECKED = "damage.json"  # in each backup: its files that were damaged, and why
STAMP = "%Y%m%dT%H%M%SZ"  # a backup name's UTC second, before its nanoseconds and reason


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


def _verdict(relative: str, path: Path) -> str | None:
    """Why a copy is not a good one (damaged whole, or holding damaged records), or None."""
    try:
        found = damage(relative, path)
        data = None if found else parse_store_file(path)
    except StoreError as exc:
        return str(exc)
    if found:
        return str(found)
    bad = split_bad(data)[1] if data else []
    return f"{len(bad)} record(s) in the wrong shape" if bad else None


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
            t = time.strptime(stamp, STAMP)
        except ValueError:
            return stamp
        return time.strftime("%Y-%m-%d %H:%M UTC", t)

    def damaged(self) -> dict[str, str]:
        """Its files that were damaged when it was made, with why. A backup made before
        that was noted is checked now."""
        try:
            found = orjson.loads((self.path / CHECKED).read_bytes())["damaged"]
            if isinstance(found, dict) and all(isinstance(v, str) for v in found.values()):
                return found
        except (OSError, ValueError, KeyError, TypeError):
            pass
        files = [INDEX, *(f"annotations/{p.name}" for p in self.path.glob("annotations/*.json"))]
        return {rel: why for rel in files if (why := _verdict(rel, self.path / rel))}

    def is_good(self) -> bool:
        return not self.damaged()

    def holds_good(self, relative: str) -> bool:
        """Whether this backup has a good copy of ``relative``."""
        copy = self.path / relative
        try:
            usable = copy.exists() and damage(relative, copy) is None
        except StoreError:
            return False
        return usable and relative not in self.damaged()


def _same_file(a: Path, b: Path) -> bool:
    try:
        sa, sb = a.stat(), b.stat()
    except OSError:
        return False
    return (sa.st_size, sa.st_mtime_ns) == (sb.st_size, sb.st_mtime_ns)


def _copy_or_reuse(src: Path, dst: Path, previous: Path | None) -> bool:
    """Copy ``src``, or link the previous backup's copy if it is unchanged (True)."""
    if previous is not None and _same_file(src, previous):
        try:
            os.link(previous, dst)
            return True
        except OSError:
            pass
    shutil.copy2(src, dst)  # copy2 keeps mtime, which the next snapshot compares
    return False


def backup_name(now_ns: int, reason: str) -> str:
    """A name that sorts as the backups were made: second and nanosecond from one reading
    of the clock. Read twice, a second could end between the readings, and that backup
    sorted older than it was, so rotation kept the wrong ones."""
    seconds, nanoseconds = divmod(now_ns, 1_000_000_000)
    stamp = time.strftime(STAMP, time.gmtime(seconds))
    return f"{stamp}-{nanoseconds:09d}-{reason}"


def made_ns(name: str) -> int | None:
    """When a backup of this name was made, in nanoseconds (``backup_name`` reversed)."""
    stamp, _, rest = name.partition("-")
    try:
        seconds = calendar.timegm(time.strptime(stamp, STAMP))
        return seconds * 1_000_000_000 + int(rest.partition("-")[0])
    except ValueError:
        return None


def _next_name(last: list[Backup], reason: str) -> str:
    """The clock's name, or one just after the newest backup's if the clock reads earlier
    (set back since, by NTP or by hand): rotation keeps the newest by name."""
    now = time.time_ns()
    if last and (newest := made_ns(last[0].name)) is not None and now <= newest:
        now = newest + 1
    return backup_name(now, reason)


def snapshot(files: dict[str, Path], folder: Path, reason: str, keep: int = KEEP) -> Path | None:
    """Snapshot ``files`` (relative name → path) into a new folder; keep the newest ``keep``.

    Call while holding the store lock, so no write happens half-way through.
    """
    present = {rel: p for rel, p in files.items() if p.exists()}
    if not present:
        return None
    last = backups(folder)
    target = folder / _next_name(last, reason)
    partial = folder / (TEMP_PREFIX + target.name)
    earlier = last[0].damaged() if last else {}
    damaged: dict[str, str] = {}
    try:
        for rel, src in present.items():
            dst = partial / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            linked = _copy_or_reuse(src, dst, last[0].path / rel if last else None)
            if why := earlier.get(rel) if linked else _verdict(rel, dst):
                damaged[rel] = why
        (partial / CHECKED).write_bytes(orjson.dumps({"damaged": damaged}))
        os.replace(partial, target)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise StoreError(f"cannot back up the store into {folder}: {exc.strerror or exc}") from None
    _rotate(folder, keep)
    return target


def _rotate(folder: Path, keep: int) -> None:
    """Keep the newest ``keep`` backups, and the newest good one if none of those is."""
    found = backups(folder)
    kept = found[:keep]
    if not any(b.is_good() for b in kept):
        good = next((b for b in found[keep:] if b.is_good()), None)
        kept += [good] if good else []
    for old in found:
        if old not in kept:
            shutil.rmtree(old.path, ignore_errors=True)


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
