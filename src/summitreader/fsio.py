"""Files on disk: writes that are whole or absent (temp file, fsync, rename, fsync of the
folder), and what a file is now. The store and exports both write this way."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

TEMP_PREFIX = ".summitreader-tmp-"


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(
    path: Path, data: bytes, mode: int | None = None, *, durable: bool = True
) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never half.
    The file is private (0600, mkstemp's) unless ``mode`` is given. ``durable=False`` skips
    the fsyncs, for a cache: a file a crash left short is made again."""
    atomic_write_chunks(path, [data], mode, durable=durable)


def atomic_write_chunks(
    path: Path, chunks: Iterable[bytes], mode: int | None = None, *, durable: bool = True
) -> None:
    """``atomic_write_bytes`` of the bytes ``chunks`` gives, never all held at once."""
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        fsync_dir(path.parent)


def shared_mode(path: Path) -> int:
    """The mode a file the user shares (an export) should have: the one it has, else what
    their umask gives a new file, as any editor would write it."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
        os.umask(umask)
        return 0o666 & ~umask


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is rewritten (inode, size, mtime), or None if it is gone;
    cheap enough to look at every few seconds."""
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns


def file_sha256(path: Path) -> str | None:
    """The file's identity now, or None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def text_sha256(text: str) -> str:
    """The key a cache keeps a text's derived facts by (lone surrogates kept, not refused)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def code_signature(version: int, paths: Iterable[Path]) -> list[Any] | None:
    """What changes when any of these modules changes (name, size, time): a cache of what
    the code computed is kept only under the same signature. None if one cannot be read
    (nothing can then be trusted)."""
    found: list[Any] = [version]
    for path in sorted(paths):
        try:
            st = path.stat()
        except OSError:
            return None
        found += [path.name, st.st_size, st.st_mtime_ns]
    return found
