"""How many highlights each text's file holds, and whether its records passed their
checks, remembered between runs beside the store (``<store>.counts.json``), so that
listing the library does not parse every file, and reading it does not check again
what was checked.

Listing 1,000 texts with 100,000 highlights parsed and checked 51 MB of JSON: 1.1 s of
`summitreader list`. A count is kept with the signatures (inode, size, mtime) of the
file and its journal, and
used only while the file still has it; so is the mark that the records of the file as it
is now passed every check (``record_checks.split_bad``: 0.2 s of every command that reads
the whole library). The store's own files remain the truth, and this
one is only a cache: a missing, damaged or stale one is counted again and rewritten. It
is written whole (temp file and rename) and never under the store's lock: two processes
that both write it leave one whole file, and each entry still checks its own signature.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import orjson

from summitreader.fsio import atomic_write_bytes

Signature = tuple[int, ...]  # the file's and its journal's: storage.shard_signature
VERSION = 2
Entry = tuple[Signature, int, bool]  # signatures, highlights, every record checked and fine


def counts_path(store_path: Path) -> Path:
    stem = store_path.stem if store_path.suffix else store_path.name
    return store_path.with_name(stem + ".counts.json")


class CountCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, Entry] | None = None
        self._dirty = False

    def _load(self) -> dict[str, Entry]:
        if self._entries is None:
            self._entries = {}
            try:
                data = orjson.loads(self.path.read_bytes())
            except (OSError, ValueError):
                return self._entries
            if isinstance(data, dict) and data.get("version") == VERSION:
                for sid, entry in (data.get("counts") or {}).items():
                    if (
                        isinstance(entry, list)
                        and len(entry) > 2
                        and all(type(n) is int for n in entry[:-1])
                        and entry[-1] in (0, 1)
                    ):
                        self._entries[sid] = (tuple(entry[:-2]), entry[-2], entry[-1] == 1)
        return self._entries

    def get(self, source_id: str, signature: Signature) -> int | None:
        found = self._load().get(source_id)
        return found[1] if found is not None and found[0] == signature else None

    def recorded(self, source_id: str) -> int:
        """The highlights last counted in the text's file, whatever the file is now."""
        found = self._load().get(source_id)
        return found[1] if found is not None else 0

    def checked(self, source_id: str, signature: Signature) -> bool:
        """Whether the file, with this signature, was read and every record passed."""
        found = self._load().get(source_id)
        return found is not None and found[0] == signature and found[2]

    def put(
        self, source_id: str, signature: Signature, count: int, checked: bool | None = None
    ) -> None:
        """``checked``: every record passed (None: as known for this signature, else not)."""
        entries = self._load()
        was = entries.get(source_id)
        if checked is None:
            checked = was is not None and was[0] == signature and was[2]
        if was != (signature, count, checked):
            entries[source_id] = (signature, count, checked)
            self._dirty = True

    def save(self) -> None:
        """Best effort: a count that cannot be kept is counted again next time."""
        if not self._dirty or self._entries is None:  # (never dirty on a read-only store)
            return
        data = {
            "version": VERSION,
            "counts": {
                sid: [*sig, n, int(ok)] for sid, (sig, n, ok) in sorted(self._entries.items())
            },
        }
        with contextlib.suppress(OSError):
            atomic_write_bytes(self.path, orjson.dumps(data))
            self._dirty = False
