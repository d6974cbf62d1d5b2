"""The journal of a tag rename: ``store.json.journal`` holds one rename while it is applied
to every file of highlights, so that a crash part-way is finished by the next open.

A journal that cannot be read (truncated, or values of the wrong type) cannot say which
rename it held: it is moved aside like a corrupt store file, never guessed at. A rename
that cannot be finished for lack of room is reported with the room it needs, and reads go
on meanwhile.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

from summitreader.annotations.record_checks import shown
from summitreader.annotations.tags import normalise_tag
from summitreader.errors import StoreCorrupt, SummitError
from summitreader.fsio import atomic_write_bytes
from summitreader.store.storage import encode, parse_store_file

JOURNAL = "journal"  # the journal's name in the recovery note


class Rename(NamedTuple):
    old: str
    new: str


def journal_path(index: Path) -> Path:
    return index.with_name(index.name + ".journal")


def write(path: Path, rename: Rename) -> None:
    """Make the rename durable before any file of highlights changes."""
    atomic_write_bytes(path, encode({"rename_tag": {"old": rename.old, "new": rename.new}}))


def _is_tag(value: object) -> bool:
    try:
        return isinstance(value, str) and normalise_tag(value) == value
    except SummitError:
        return False


def read(path: Path) -> Rename | None:
    """The rename waiting in the journal, or None; StoreCorrupt if the journal is damaged."""
    data = parse_store_file(path)  # StoreCorrupt if truncated or not JSON tables
    if data is None:
        return None
    entry = data.get("rename_tag", {})
    old, new = entry.get("old"), entry.get("new")
    if not (_is_tag(old) and _is_tag(new)) or old == new:
        raise StoreCorrupt(
            f"the tag rename journal {path} does not say which tag to rename into which "
            f"({shown(data, 80)})"
        )
    return Rename(old, new)  # type: ignore[arg-type]


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} bytes"
    scale, unit = next(
        (s, u) for s, u in ((1e3, "KB"), (1e6, "MB"), (1e9, "GB")) if n < s * 1e3 or u == "GB"
    )
    return f"{n / scale:.1f} {unit}"


def unfinished(path: Path, rename: Rename, left: list[Path], problem: str) -> str:
    """Why the rename is still pending, and how much room finishing it needs: each file of
    highlights is rewritten whole, one at a time, so the largest one left must fit."""
    sizes = [p.stat().st_size for p in left if p.exists()]
    folder = left[0].parent if left else path.parent
    free = shutil.disk_usage(folder).free
    n = len(left)
    return (
        f"renaming #{rename.old} to #{rename.new} is not finished ({problem}; journal {path}): "
        f"{n} file{'s' if n != 1 else ''} of highlights still {'hold' if n != 1 else 'holds'} "
        f"#{rename.old}. Finishing "
        f"needs about {_size(max(sizes, default=0))} free at once in {folder}, the largest of "
        f"them; {_size(free)} is free now. Highlights read as they are meanwhile. Free some "
        "space, then run `summitreader recover` (any command that opens the store also "
        "finishes it)."
    )
