"""Records set aside as damaged: valid JSON in the wrong shape (a highlight without a
position, ``"tags": null``, a source that is a number, a reading offset of ``"top"``).

Each one is kept, whole, in ``store.json.set-aside.json`` with the file it came from and
why, before the store takes it out of that file; the rest of the file is used as usual, so
one bad record never blocks the others. Every command reports them until ``summitreader
recover`` has listed them.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import orjson

from summitreader.annotations.record_checks import BadRecord
from summitreader.errors import StoreError
from summitreader.fsio import atomic_write_bytes
from summitreader.store.storage import corrupt_name, parse_store_file
from summitreader.text.words import counted

Entry = dict[str, Any]


def log_path(index: Path) -> Path:
    return index.with_name(index.name + ".set-aside.json")


def read_log(path: Path) -> list[Entry]:
    """Every record set aside so far. A damaged log is reported as one entry, never guessed."""
    try:
        data = parse_store_file(path)
    except StoreError as exc:
        return [{"damaged": True, "reason": str(exc), "reported": False}]
    entries = (data or {}).get("set_aside", {})
    return [e for _, e in sorted(entries.items(), key=lambda kv: int(kv[0]))]


def _write(path: Path, entries: list[Entry]) -> None:
    table = {str(i): e for i, e in enumerate(entries, 1)}
    atomic_write_bytes(path, orjson.dumps({"set_aside": table}, option=orjson.OPT_INDENT_2))


def keep(path: Path, relative: str, bad: list[BadRecord], found: str) -> None:
    """Add ``bad`` (taken from the store file ``relative``) to the log, durably, once each.
    Call under the store lock, before the records leave their file."""
    entries = read_log(path) if path.exists() else []
    if entries and entries[0].get("damaged"):  # the log itself is damaged: keep it aside
        with contextlib.suppress(OSError):
            path.rename(corrupt_name(path))
        entries = []
    seen = {(e["file"], e["table"], e["key"], orjson.dumps(e["record"])) for e in entries}
    for item in bad:
        key = (relative, item.table, item.key, orjson.dumps(item.record))
        if key not in seen:
            seen.add(key)
            entries.append(
                {
                    "file": relative,
                    "table": item.table,
                    "key": item.key,
                    "reason": item.reason,
                    "record": item.record,
                    "found": found,
                    "reported": False,
                }
            )
    _write(path, entries)


def describe(entry: Entry) -> str:
    if entry.get("damaged"):
        return str(entry["reason"])
    return f"{entry['file']}, {entry['table']} record {entry['key']}: {entry['reason']}"


def notice(path: Path, entries: list[Entry]) -> str:
    """One line for every command: how many, where they are kept, the first, what to do."""
    n = len(entries)
    records = counted(n, "damaged record")
    return (
        f"{records} {'were' if n != 1 else 'was'} set aside and kept in {path} (the first: "
        f"{describe(entries[0])}); `summitreader recover` lists them"
    )


def unreported(path: Path) -> list[Entry]:
    if not path.exists():
        return []
    return [e for e in read_log(path) if not e.get("reported")]


def mark_reported(path: Path) -> list[Entry]:
    """The entries not reported before, now marked reported (they stay in the log)."""
    entries = read_log(path) if path.exists() else []
    fresh = [e for e in entries if not e.get("reported")]
    if fresh and not entries[0].get("damaged"):
        for e in fresh:
            e["reported"] = True
        _write(path, entries)
    return fresh
