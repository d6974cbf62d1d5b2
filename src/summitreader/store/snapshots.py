"""The library's copies of its texts: each file's bytes, named by their SHA-256, kept in
the data directory. Highlights never depend on the original file still being there: when
it moves, changes or goes, the text it had is read from here.

A snapshot is written once (atomically) and never changed; two copies of one file are
one snapshot. Names are checked to be 64 hex digits before they become paths.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from summitreader.annotations.record_checks import is_text_id
from summitreader.errors import StoreError
from summitreader.fsio import atomic_write_bytes


class Snapshots:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, sha256: str) -> Path:
        if not is_text_id(sha256):
            raise StoreError(f"not a text id: {sha256[:80]!r}")
        return self.folder / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def keep(self, data: bytes, sha256: str | None = None) -> str:
        """Keep ``data``; returns its name. Given ``sha256``, it is checked first: a file that
        changed between being read and being kept is not kept under the wrong name."""
        digest = hashlib.sha256(data).hexdigest()
        if sha256 is not None and digest != sha256:
            raise StoreError("the file changed while it was being copied into the library")
        target = self.path(digest)
        if not target.is_file():
            self.folder.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, data, 0o444)
        return digest

    def read(self, sha256: str) -> bytes | None:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read the library's copy {sha256[:12]}…: {exc}") from None
