"""A TinyDB Storage that is on disk before it returns, and shared safely between processes.

TinyDB's JSONStorage rewrites its file in place, so a killed writer can leave
it unreadable. Here every write goes to a temp file in the same directory, is
fsynced, then renamed over the store, and the directory is fsynced. Reads are
served from memory and re-read only when the file changed on disk.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from summitreader.errors import StoreError

TEMP_PREFIX = ".summitreader-tmp-"


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never half."""
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


class AtomicJSONStorage(Storage):
    """JSON storage with atomic, durable writes and an in-memory read cache."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._data: dict[str, Any] | None = None
        self._sig: tuple[int, int, int] | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._remove_stale_temps()

    def _remove_stale_temps(self) -> None:
        for tmp in self.path.parent.glob(TEMP_PREFIX + "*"):
            with contextlib.suppress(OSError):
                tmp.unlink()

    def read(self) -> dict[str, Any] | None:
        sig = _signature(self.path)
        if self._data is not None and sig == self._sig:
            return self._data
        if sig is None:
            self._data, self._sig = None, None
            return None
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise StoreError(f"cannot read the store {self.path}: {exc.strerror or exc}") from None
        if not raw.strip():
            raise StoreError(f"the store {self.path} is empty (0 bytes of JSON)")
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise StoreError(f"the store {self.path} is not valid JSON ({exc})") from None
        if not isinstance(data, dict):
            raise StoreError(f"the store {self.path} does not hold a JSON object")
        self._data, self._sig = data, sig
        return data

    def write(self, data: dict[str, Any]) -> None:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            atomic_write_bytes(self.path, payload)
        except OSError as exc:
            self._data = None  # memory may be ahead of disk: re-read next time
            raise StoreError(f"cannot write the store {self.path}: {exc.strerror or exc}") from None
        self._data, self._sig = data, _signature(self.path)

    def close(self) -> None:
        self._data = None
