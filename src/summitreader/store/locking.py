"""An exclusive lock between processes, held on a lock file beside the store.

The kernel drops the lock when its process dies (flock on POSIX, msvcrt on Windows), so a
killed writer never leaves the store locked. This is what the filelock package does for
us too, but importing it took 14 ms of the 90 ms a book waits before its first screen.
"""

from __future__ import annotations

import errno
import os
import time
from types import TracebackType

from summitreader.errors import StoreError

try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]


POLL = 0.01


class LockTimeout(Exception):
    """Another process held the lock for longer than the timeout."""


class LockFileError(StoreError):
    """The lock file cannot be opened: what it is instead, and what to do."""

    def __init__(self, lock_file: str, error: OSError) -> None:
        self.error = error
        super().__init__(_why(lock_file, error))


def _why(lock_file: str, error: OSError) -> str:
    if error.errno == errno.ELOOP:  # O_NOFOLLOW met a link: never create or lock its target
        try:
            target = f" (to {os.readlink(lock_file)!r})"
        except OSError:
            target = ""
        return (
            f"the lock file {lock_file} is a symbolic link{target}; summitreader never "
            f"follows a link beside its store, so nothing was written through it. Remove the "
            f"link (rm '{lock_file}') and try again."
        )
    if error.errno == errno.EISDIR:
        return (
            f"the lock file {lock_file} is a folder; summitreader needs a plain file there. "
            f"If nothing of yours is in it, remove it (rmdir '{lock_file}') and try again."
        )
    if error.errno in (errno.EACCES, errno.EPERM):
        return (
            f"cannot lock the store: no permission to write {lock_file}. "
            "Is the store another user's? Use --db to choose your own."
        )
    if error.errno == errno.EROFS:
        return (
            f"cannot lock the store: {lock_file} is on a read-only file system, so nothing "
            "there can be changed. Make it writable, or use --db with a copy."
        )
    return f"cannot open the lock file {lock_file}: {error.strerror or error}"


class FileLock:
    """A re-entrant lock: nested ``with`` blocks in one process take it once.

    One Store uses it from one thread, so the depth count needs no lock of its own.
    """

    def __init__(self, lock_file: str, timeout: float) -> None:
        self.lock_file = lock_file
        self.timeout = timeout
        self._fd: int | None = None
        self._depth = 0

    @property
    def is_locked(self) -> bool:
        return self._depth > 0

    def acquire(self) -> None:
        if self._depth:
            self._depth += 1
            return
        flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self.lock_file, flags, 0o644)
        except OSError as exc:
            raise LockFileError(self.lock_file, exc) from None
        deadline = time.monotonic() + self.timeout
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise LockTimeout(self.lock_file)
                time.sleep(POLL)
        except BaseException:
            os.close(fd)
            raise
        self._fd, self._depth = fd, 1

    def release(self) -> None:
        if self._depth == 0:
            raise RuntimeError(f"{self.lock_file} is not locked")
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                _unlock(fd)
            finally:
                os.close(fd)

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
