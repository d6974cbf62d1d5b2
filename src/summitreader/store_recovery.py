"""Files moved aside as corrupt: the recovery note that remembers them, the message that
explains them, and ``recover``, which restores them from a backup or lets them start afresh.

Until the user decides, the store refuses to open over a file that was moved aside.
"""

from __future__ import annotations

import json
from pathlib import Path

from summitreader import backups
from summitreader.locking import FileLock

INDEX = "index.json"  # the index's name inside a backup


def layout(path: Path) -> tuple[Path, Path, Path]:
    """(annotation folder, backup folder, recovery note) that belong to the index at ``path``."""
    stem = path.stem if path.suffix else path.name
    return (
        path.with_name(stem + ".annotations"),
        path.with_name(stem + ".backups"),
        path.with_name(path.name + ".recovery.json"),
    )


def store_file(path: Path, relative: str) -> Path:
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
            target = store_file(path, item["file"])
            if good is not None and not target.exists():
                backups.restore_file(good, item["file"], target)
                done.append(f"restored {target} from the backup of {good.when}")
            else:
                done.append(f"{target} starts empty")
            if item.get("moved_to"):
                done.append(f"the unreadable file is kept at {item['moved_to']}")
        recovery_path.unlink()
    return done


def recovery_message(path: Path, pending: list[dict[str, str]]) -> str:
    """What was moved aside, and what to do: restore the newest good backup, or go on without it."""
    lines = []
    for item in pending:
        moved = f"; it was moved aside to {item['moved_to']}" if item.get("moved_to") else ""
        lines.append(f"{item['reason']}{moved}.")
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
