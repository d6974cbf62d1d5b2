"""An exclusive lock between processes, held on a lock file beside the store.

The kernel drops the lock when its process dies (flock on POSIX, msvcrt on Windows), so a
killed writer never leaves the store locked. This is what the filelock package does for
us too, but importing it took 14 ms of the 90 ms a book waits before its first screen.
"""

from __future__ import annotations

import os
import time
from types import TracebackType

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
        # PermissionError from here names the lock file, so callers can say whose it is.
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
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
