"""Real small and read-only file systems for tests: a tmpfs of a few megabytes is a disk
that fills up, and a read-only bind mount is a read-only file system. Both need root (CI
runs as root); elsewhere the tests that use them are skipped, saying why."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a file system needs root and mount(8)")
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mount {' '.join(args)} is not permitted here: {done.stderr.strip()}")


def _unmount(point: Path) -> None:
    subprocess.run(["umount", "-l", str(point)], check=True)


@contextmanager
def small_disk(point: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` (such as "2m") mounted at ``point``."""
    point.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(point))
    try:
        yield point
    finally:
        _unmount(point)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of ``folder`` until ``leave`` bytes (or fewer) are free."""
    filler = folder / "filler"
    with open(filler, "wb") as fh:
        while (free := shutil.disk_usage(folder).free) > leave:
            try:
                fh.write(b"\0" * min(free - leave, 1 << 20))
                fh.flush()
            except OSError:
                break
    return filler


@contextmanager
def read_only_view(folder: Path) -> Iterator[Path]:
    """``folder`` seen through a read-only bind mount beside it: writes there fail EROFS."""
    point = folder.with_name(folder.name + "-read-only")
    point.mkdir()
    _mount("--bind", str(folder), str(point))
    try:
        _mount("-o", "remount,ro,bind", str(point))
    except BaseException:
        _unmount(point)
        raise
    try:
        yield point
    finally:
        _unmount(point)
