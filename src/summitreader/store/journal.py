"""The journal beside a store file: a header naming the file it follows, then one JSON line
per change. Kept apart from the storage so ``recover`` can read a damaged one line by line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from summitreader.errors import StoreError

LOG_SUFFIX = ".log"


def log_path_of(path: Path) -> Path:
    """The journal beside a store file: ``<name>.json.log``."""
    return path.with_name(path.name + LOG_SUFFIX)


def apply_change(data: dict[str, Any], table: str, puts: dict[str, Any], dels: list[str]) -> None:
    """One journal line applied to a store's data."""
    rows = data.setdefault(table, {})
    for doc_id in dels:
        rows.pop(doc_id, None)
    rows.update(puts)


def names_file(header: bytes, digest: bytes) -> bool:
    """Whether a journal's first line names the file with ``digest``."""
    if not header.endswith(b"\n"):
        return False
    try:
        value = orjson.loads(header)
    except ValueError:
        return False
    return isinstance(value, dict) and value.get("base") == digest.hex()


def read_changes(raw: bytes, start: int, path: Path) -> tuple[list[tuple[str, dict, list]], int]:
    """The operations of the whole lines of a journal from ``start`` on, and where the last
    whole line ends (a line without its newline was cut short, never acknowledged)."""
    ops = []
    at = start
    while (end := raw.find(b"\n", at)) >= 0:
        try:
            op = orjson.loads(raw[at:end])
            table, puts, dels = op["t"], op["put"], op["del"]
            if not (
                isinstance(table, str)
                and isinstance(puts, dict)
                and all(isinstance(v, dict) for v in puts.values())
                and isinstance(dels, list)
                and all(isinstance(d, str) for d in dels)
            ):
                raise ValueError("not a journal line")
        except (ValueError, KeyError, TypeError):
            raise JournalDamaged(path, at) from None
        ops.append((table, puts, dels))
        at = end + 1
    return ops, at


class JournalDamaged(StoreError):
    """A whole line of a journal that is not a change: the store will not guess past it;
    ``summitreader recover`` keeps every line that reads as a change (``repair_journal``)."""

    def __init__(self, path: Path, at: int) -> None:
        super().__init__(
            f"the store file {path} is damaged at byte {at} (a whole line that is not a "
            "change). Nothing was written. Run summitreader recover: it keeps every change "
            "that can be read and sets the journal aside, its bytes kept."
        )
        self.at = at
