"""Files moved aside as corrupt: the recovery note that remembers them, the message that
explains them, and ``recover``, which restores them from a backup or lets them start afresh.

Until the user decides, the store refuses to open over a file that was moved aside.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from summitreader.annotations.record_checks import is_text_id, shown
from summitreader.errors import StoreCorrupt, StoreError
from summitreader.fsio import atomic_write_bytes
from summitreader.store import backups, set_aside, tag_journal
from summitreader.store.backups import INDEX
from summitreader.store.storage import corrupt_name
from summitreader.store.tag_journal import JOURNAL
from summitreader.text.words import counted

HALF_DONE = (
    "a tag rename may be half done: `summitreader tags` shows every tag, and "
    "`summitreader tags rename OLD NEW` finishes one"
)


def store_paths(path: Path) -> tuple[Path, Path, Path]:
    """(annotation folder, backup folder, recovery note) that belong to the index at ``path``."""
    stem = path.stem if path.suffix else path.name
    return (
        path.with_name(stem + ".annotations"),
        path.with_name(stem + ".backups"),
        path.with_name(path.name + ".recovery.json"),
    )


def is_store_file(relative: object) -> bool:
    """Whether ``relative`` (from the recovery note or the set-aside log, files anyone can
    edit) names one of the store's files, and nothing else."""
    if relative == INDEX:
        return True
    folder, _, name = str(relative).partition("/")
    return folder == "annotations" and name.endswith(".json") and is_text_id(name[:-5])


def store_file(path: Path, relative: str) -> Path:
    if not is_store_file(relative):
        raise StoreError(f"{shown(relative)} is not a file of the store {path}")
    return path if relative == INDEX else store_paths(path)[0] / relative.split("/", 1)[1]


def _note_item(item: object) -> bool:
    return (
        isinstance(item, dict)
        and (item.get("file") == JOURNAL or is_store_file(item.get("file")))
        and isinstance(item.get("moved_to", ""), str)
        and isinstance(item.get("reason", ""), str)
    )


def pending_files(recovery_path: Path) -> list[dict[str, str]]:
    """The files moved aside as corrupt and not yet dealt with (from the recovery note)."""
    try:
        data = json.loads(recovery_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError, RecursionError):
        data = None
    if not isinstance(data, list) or not all(_note_item(i) for i in data):
        return [{"file": INDEX, "moved_to": "", "reason": "the recovery note is unreadable"}]
    return data


def move_aside(index: Path, relative: str, path: Path, problem: StoreError) -> list[dict[str, str]]:
    """Note a damaged file for ``recover``, then move it aside; returns what is pending.
    Call under the store lock.

    The note comes first. A file moved with no note (the disk was full) vanished: its
    highlights counted as 0 with no word, and ``recover`` found nothing to do. If the note
    cannot be written, the file stays where it is, untouched, and StoreCorrupt says so."""
    _, _, note = store_paths(index)
    moved = corrupt_name(path)
    pending = [
        *pending_files(note),
        {"file": relative, "moved_to": str(moved), "reason": str(problem)},
    ]
    try:
        atomic_write_bytes(note, json.dumps(pending, indent=2).encode())
    except OSError as exc:
        raise StoreCorrupt(
            f"{problem}. It was left where it is, untouched: the note that lets `summitreader "
            f"recover` deal with it cannot be written to {note} ({exc.strerror or exc}). Free "
            "some space, then run `summitreader recover`."
        ) from None
    with contextlib.suppress(OSError):  # noted: if it cannot move now, recover moves it
        if path.exists():
            path.rename(moved)
    return pending


def damaged_files(path: Path) -> list[tuple[str, Path, StoreError]]:
    """Every store file that is damaged now: the index, each text's file, the journal."""
    shard_dir = store_paths(path)[0]
    files = [(INDEX, path)]
    if shard_dir.is_dir():
        names = sorted(p.name for p in shard_dir.glob("*.json"))
        files += [
            (f"annotations/{n}", shard_dir / n) for n in names if is_store_file(f"annotations/{n}")
        ]
    found: list[tuple[str, Path, StoreError]] = [
        (rel, file, problem) for rel, file in files if (problem := backups.damage(rel, file))
    ]
    journal = tag_journal.journal_path(path)
    try:
        tag_journal.read(journal)
    except StoreCorrupt as exc:
        found.append((JOURNAL, journal, exc))
    return found


def backup_for(path: Path) -> backups.Backup | None:
    """The newest backup with a good copy of every file awaiting recovery."""
    _, backup_dir, recovery_path = store_paths(Path(path).expanduser())
    wanted = [i["file"] for i in pending_files(recovery_path) if i["file"] != JOURNAL] or [INDEX]
    return next(
        (b for b in backups.backups(backup_dir) if all(b.holds_good(f) for f in wanted)), None
    )


def replace_moved(path: Path, pending: list[dict[str, str]], empty: bool) -> list[str]:
    """Restore each moved-aside file from the newest good backup, or let it start empty."""
    _, _, recovery_path = store_paths(path)
    done: list[str] = []
    good = None if empty else backup_for(path)
    for item in pending:
        if item["file"] == JOURNAL:
            done.append(
                f"the damaged tag rename journal is kept at {item['moved_to']}; {HALF_DONE}"
            )
            continue
        target = store_file(path, item["file"])
        if target.exists() and backups.damage(item["file"], target) is not None:
            moved = corrupt_name(target)  # noted, but it could not be moved then
            target.rename(moved)
            item = {**item, "moved_to": str(moved)}
        if good is not None and not target.exists():
            backups.restore_file(good, item["file"], target)
            done.append(f"restored {target} from the backup of {good.when}")
        else:
            done.append(f"{target} starts empty")
        if item.get("moved_to"):
            done.append(f"the unreadable file is kept at {item['moved_to']}")
    recovery_path.unlink()
    return done


def recovery_problem(pending: list[dict[str, str]]) -> str:
    """What was moved aside, and why."""
    lines = []
    for item in pending:
        moved = f"; it was moved aside to {item['moved_to']}" if item.get("moved_to") else ""
        lines.append(f"{item['reason']}{moved}.")
    return " ".join(lines)


def recovery_message(path: Path, pending: list[dict[str, str]]) -> str:
    """What was moved aside, and what to do: restore the newest good backup, or go on without it."""
    lines = [recovery_problem(pending)]
    if all(item["file"] == JOURNAL for item in pending):
        lines.append(f"Run `summitreader recover` (or open summitreader) to go on: {HALF_DONE}.")
        return " ".join(lines)
    good = backup_for(path)
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


def set_aside_records(path: Path) -> list[str]:
    """The damaged records set aside since the last ``recover``, each with its file and why;
    they stay in the log, and are no longer announced by every command."""
    log = set_aside.log_path(path)
    fresh = set_aside.mark_reported(log)
    if not fresh:
        return []
    n = len(fresh)
    lines = [f"{counted(n, 'damaged record')} set aside, kept whole in {log}:"]
    lines.extend(f"  {set_aside.describe(entry)}" for entry in fresh)
    lines.append("  the rest of their files is in use; these stay in the log, unused")
    return lines
