"""``summitreader recover``: after damage, put the store right, from the newest good backup
or empty, and finish what was left half done. It opens a Store, so it sits above it."""

from __future__ import annotations

import os
import time
from pathlib import Path

from summitreader.errors import StoreCorrupt
from summitreader.fsio import atomic_write_bytes
from summitreader.store import tag_journal
from summitreader.store.counts import counts_path
from summitreader.store.journal import JournalDamaged, apply_change, log_path_of, read_changes
from summitreader.store.locking import FileLock
from summitreader.store.recovery import (
    damaged_files,
    move_aside,
    pending_files,
    replace_moved,
    set_aside_records,
    store_paths,
)
from summitreader.store.storage import encode, parse_store_file
from summitreader.store.store import Store


def recover(path: str | Path, *, empty: bool = False) -> list[str]:
    """Deal with files moved aside as corrupt: restore them from the newest backup that has
    good copies of them all, or with ``empty`` let them start afresh. The moved files are
    kept. Returns what was done."""
    path = Path(path).expanduser()
    _, _, recovery_path = store_paths(path)
    with FileLock(str(path) + ".lock", timeout=10):
        repaired = _repair_journals(path)
        noted = {item["file"] for item in pending_files(recovery_path)}
        for relative, file, problem in damaged_files(path):
            if relative not in noted:  # found damaged when its note could not be written
                move_aside(path, relative, file, problem)
        pending = pending_files(recovery_path)
        done = set_aside_records(path)
        if pending:
            done.extend(replace_moved(path, pending, empty))
            # the counts of files now restored or emptied: no longer a sign of a file gone
            counts_path(path).unlink(missing_ok=True)
        done[:0] = repaired
    if tag_journal.journal_path(path).exists():
        done.extend(_finish_rename(path))
    return done or ["nothing to recover: no store file was moved aside"]


def _repair_journals(path: Path) -> list[str]:
    """Each store file whose journal is damaged keeps the changes before the damage."""
    annotations_dir = store_paths(path)[0]
    texts = sorted(annotations_dir.glob("*.json")) if annotations_dir.is_dir() else []
    return [note for file in [path, *texts] if (note := repair_journal(file))]


def _finish_rename(path: Path) -> list[str]:
    """Open the store, which finishes a journalled tag rename if there is room now."""
    try:
        rename = tag_journal.read(tag_journal.journal_path(path))
    except StoreCorrupt:
        rename = None  # opening the store moves it aside, and says so
    with Store(path) as store:
        if store.unfinished_rename:
            return [store.unfinished_rename]
    return [f"finished renaming #{rename.old} to #{rename.new}"] if rename else []


def repair_journal(path: Path) -> str | None:
    """Keep every change of a damaged journal that reads as one in the file it belongs to
    (written whole), and move the journal aside (``….damaged-<time>``): the store opens
    again and loses nothing that could be read. None if there is nothing to do."""
    log = log_path_of(path)
    try:
        raw = log.read_bytes()
    except OSError:
        return None
    end = raw.find(b"\n") + 1
    if end == 0:
        return None
    try:
        read_changes(raw, end, log)
        return None  # whole: the store applies it itself
    except JournalDamaged as exc:
        damaged_at = exc.at
    data = parse_store_file(path) or {}
    kept = lost = 0
    at = end
    while (stop := raw.find(b"\n", at)) >= 0:  # every line that reads as a change, in order
        try:
            [op], _ = read_changes(raw[at : stop + 1], 0, log)
        except JournalDamaged:
            lost += 1
        else:
            apply_change(data, *op)
            kept += 1
        at = stop + 1
    aside = log.with_name(f"{log.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
    atomic_write_bytes(path, encode(data))
    os.replace(log, aside)
    return (
        f"{path.name}: its journal was damaged at byte {damaged_at}; {kept} changes that "
        f"could be read are kept in the file, {lost} that could not are lost, and the "
        f"journal is set aside as {aside}"
    )
