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

from summitreader.errors import SummitError

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


def file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    For paths the user did not type (an import's ``via``, a path from the store): a device
    such as /dev/zero would fill memory and a named pipe would wait for ever. The pipe is
    opened without blocking, so that it can be refused."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise SummitError(f"{path}: {file_kind(st.st_mode)}, not a text file; it was not read")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise SummitError(f"{path}: larger than {limit // 1_000_000} MB; it was not read")
    return data


def check_target(path: Path) -> bool:
    """Whether ``path`` exists; a SummitError, which --force does not overrule, when it is
    there but is no file to write over: a folder, a device (/dev/null, /dev/full), a named
    pipe (reading it would wait for ever; a rename would put a file in its place)."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        raise SummitError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise SummitError(f"cannot write {path}: it is a folder")
    if not stat.S_ISREG(mode):
        raise SummitError(
            f"cannot write {path}: it is {file_kind(mode)}, not a file; write to a file, "
            "or leave out -o to write to standard output"
        )
    return True


def resolved(path: Path) -> Path:
    """``path`` made absolute with its links followed; as it is (absolute) when a link
    leads round in a loop, which Python 3.11 raises as RuntimeError: reading it then says
    what it is, instead of an unexpected error."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return path.absolute()
