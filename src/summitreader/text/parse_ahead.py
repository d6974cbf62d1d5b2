"""A Markdown text's first chunk, parsed by a second process while this one starts.

Opened for the first time, a Markdown text's first screen waits for markdown-it to be
imported (about 17 ms) and its first chunk parsed (about 9 ms), after Textual's own
imports. With a second core, the command line starts a child process that does both
meanwhile and hands the blocks over a pipe, in the form ``markdown_first`` keeps them.
They are used only if they are the text's own (a digest of every character they come
from); otherwise, or if the child fails or has not answered when they are needed, the
text is parsed here, as without it.

This module imports nothing of summitreader's at its top: the command line calls
``start`` before its own imports.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time

MARKDOWN = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn")  # as text.document
WAIT = 0.05  # seconds: a child that has not answered by then is stopped, and we parse
HEAD = 1 << 20  # bytes the child reads: a first chunk is a few kilobytes
CHILD = "summitreader.text.parse_ahead_child"
_pending: tuple[int, int] | None = None  # the child's pid, and the pipe's end to read


def start(argv: list[str]) -> None:
    """``summitreader FILE.md``: start the child (once, and only with a second core)."""
    global _pending
    if (
        _pending is not None
        or len(argv) != 1
        or not sys.executable
        or not hasattr(os, "posix_spawn")
    ):
        return
    path = argv[0]
    if path.startswith("-") or not path.lower().endswith(MARKDOWN) or not os.path.isfile(path):
        return
    if len(os.sched_getaffinity(0)) >= 2:  # with one core it would only take turns with us
        spawn(path)


def spawn(path: str) -> None:
    """Start the child on ``path`` (an answer not yet taken is dropped)."""
    global _pending
    discard()
    read, write = os.pipe()
    try:
        pid = os.posix_spawn(
            sys.executable,
            [sys.executable, "-I", "-m", CHILD, path],  # -I: nothing from the cwd
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_DUP2, write, 1),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_CLOSE, read),
            ],
        )
    except OSError:
        os.close(read)
        return
    finally:
        os.close(write)
    _pending = pid, read


def pending() -> bool:
    return _pending is not None


def answered(timeout: float) -> bool:
    """Wait until the child has answered (or ended), for at most ``timeout`` seconds."""
    return _pending is not None and bool(select.select([_pending[1]], [], [], timeout)[0])


def result(wait: float = WAIT) -> tuple[int, bytes] | None:
    """(where the first chunk's key ends, the kept entry) from the child, once; None if
    there is no child, or it failed, or has not answered within ``wait`` seconds."""
    global _pending
    if _pending is None:
        return None
    pid, fd = _pending
    _pending = None
    data = bytearray()
    deadline = time.monotonic() + wait
    try:
        while select.select([fd], [], [], max(0.0, deadline - time.monotonic()))[0]:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            data += chunk
        else:
            _stop(pid)
            return None
    finally:
        os.close(fd)
    if _reaped(pid) != 0 or len(data) < 8:
        return None
    return int.from_bytes(data[:8], "little"), bytes(data[8:])


def discard() -> None:
    """The child's answer is not wanted (the command is ending): stop it if it runs."""
    global _pending
    if _pending is not None:
        pid, fd = _pending
        _pending = None
        os.close(fd)
        _stop(pid)


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        return
    _reaped(pid)


def _reaped(pid: int) -> int:
    """The child's exit status (-1 if it cannot be had)."""
    try:
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    except (OSError, ValueError):
        return -1
