"""``summitreader recover``: after damage, put the store right, from the newest good backup
or empty, and finish what was left half done. It opens a Store, so it sits above it."""

from __future__ import annotations

from pathlib import Path

from summitreader.errors import StoreCorrupt
from summitreader.store import tag_journal
from summitreader.store.locking import FileLock
from summitreader.store.recovery import (
    damaged_files,
    move_aside,
    pending_files,
    replace_moved,
    set_aside_records,
    store_paths,
)
from summitreader.store.storage import repair_journal
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
