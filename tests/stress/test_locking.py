"""The store's inter-process lock, with real processes holding and dying."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from summitreader.store.locking import FileLock, LockTimeout

HOLD = (
    "import sys, time; from summitreader.store.locking import FileLock;"
    " FileLock(sys.argv[1], timeout=5).acquire(); print('held', flush=True); time.sleep(60)"
)


def _holder(lock_file: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, lock_file], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_nested_use_takes_the_lock_once_and_frees_it_at_the_outermost_exit(tmp_path):
    path = str(tmp_path / "s.lock")
    lock = FileLock(path, timeout=0.2)
    with lock:
        with lock:
            assert lock.is_locked
        assert lock.is_locked  # the inner exit must not free it
        with pytest.raises(LockTimeout):
            FileLock(path, timeout=0.05).acquire()  # another holder in this process waits too
    assert not lock.is_locked
    with FileLock(path, timeout=0.05):
        pass


def test_a_holder_in_another_process_makes_us_wait_until_the_timeout(tmp_path):
    path = str(tmp_path / "s.lock")
    proc = _holder(path)
    try:
        began = time.monotonic()
        with pytest.raises(LockTimeout):
            FileLock(path, timeout=0.3).acquire()
        assert time.monotonic() - began >= 0.3
    finally:
        proc.kill()
        proc.wait()


def test_a_killed_holder_frees_the_lock_and_a_waiter_gets_it(tmp_path):
    path = str(tmp_path / "s.lock")
    proc = _holder(path)
    lock = FileLock(path, timeout=10)
    proc.send_signal(signal.SIGKILL)  # no chance to release: the kernel must
    began = time.monotonic()
    lock.acquire()
    assert lock.is_locked and time.monotonic() - began < 5
    proc.wait()
    lock.release()


def test_release_without_acquire_is_an_error(tmp_path):
    with pytest.raises(RuntimeError, match="not locked"):
        FileLock(str(tmp_path / "s.lock"), timeout=1).release()


def test_a_lock_file_we_may_not_open_raises_permission_error_naming_it(tmp_path):
    path = tmp_path / "s.lock"
    path.write_text("")
    path.chmod(0o400)
    lock = FileLock(str(path), timeout=0.1)
    if os.geteuid() == 0:
        pytest.skip("root may open any file")
    with pytest.raises(PermissionError) as info:
        lock.acquire()
    assert info.value.filename == str(path)
