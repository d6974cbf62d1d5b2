"""The installed summitreader in a terminal, for timing: in tmux, read with capture-pane
(what is on screen), or on a pseudo-terminal read byte by byte (when it got there).

The tests have their own drivers (tests/support/terminal.py and pty_app.py): benchmarks
and tests do not import each other, so the pty driver is kept in both places; a change to
how frames are found belongs in both.

On the pseudo-terminal the app is told the terminal has synchronised output (mode 2026), so
each frame arrives between ``ESC[?2026h`` and ``ESC[?2026l``: a key's time to screen is
from writing its bytes to the end of the first frame that starts after them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import shlex
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

EXE = Path(sys.executable).with_name("summitreader")
SYNC_START, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"
SYNC_QUERY, SYNC_REPLY = b"\x1b[?2026$p", b"\x1b[?2026;2$y"
KEYS = {
    "enter": "\r",
    "escape": "\x1b",
    "space": " ",
    "tab": "\t",
    "backspace": "\x7f",
    "ctrl+s": "\x13",
}


class Tmux:
    """``argv`` in a 120x40 pane of a tmux server on its own socket (no user session is
    touched); the pane stays when the program ends."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.socket = f"summit-bench-{uuid.uuid4().hex[:8]}"
        assigns = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = f"env {assigns} {shlex.join(argv)}; sleep 60"
        self.tmux("new-session", "-d", "-x", "120", "-y", "40", command)

    def tmux(self, *args: str) -> str:
        argv = ["tmux", "-L", self.socket, *args]
        return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "0")

    def press(self, key: str) -> None:
        self.tmux("send-keys", "-t", "0", key)

    def until(self, shown: Callable[[str], bool], timeout: float) -> None:
        """Poll the screen every 2 ms until ``shown`` holds for it."""
        deadline = time.perf_counter() + timeout
        while not shown(self.screen()):
            if time.perf_counter() > deadline:
                raise RuntimeError(f"timed out; the screen was:\n{self.screen()}")
            time.sleep(0.002)

    def app_pid(self) -> int | None:
        """The pid of the Python process under the pane (not the shell around it)."""
        pending = [int(self.tmux("display", "-p", "-t", "0", "#{pane_pid}").strip() or 0)]
        while pending:
            pid = pending.pop()
            try:
                program = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
                pending += map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
            except OSError:
                continue
            if b"python" in program:
                return pid
        return None

    def close(self) -> None:
        self.tmux("kill-server")


class PtyApp:
    """One process on its own pseudo-terminal, with its output read by a thread."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int] = (120, 40)):
        width, height = size
        pid, fd = pty.fork()
        if pid == 0:  # the child: size its terminal, then become the app
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
            os.execve(argv[0], argv, {**os.environ, **env, "TERM": "xterm-256color"})
        self.pid, self.fd = pid, fd
        self.output = bytearray()
        self.frames: list[tuple[float, float]] = []  # (start, end) read times of each frame
        self._frame_start: float | None = None
        self._scanned = 0
        self._changed = threading.Condition()
        self._last_read = time.perf_counter()
        self.fd_closed = False
        self.returncode: int | None = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                chunk = b""
            now = time.perf_counter()
            with self._changed:
                if not chunk:
                    self.fd_closed = True
                    self._changed.notify_all()
                    return
                self.output += chunk
                self._last_read = now
                self._scan(now)
                self._changed.notify_all()

    def _scan(self, now: float) -> None:
        """Find frame marks and the sync query in what arrived since the last scan."""
        data = self.output
        if SYNC_QUERY in data[max(0, self._scanned - len(SYNC_QUERY)) :]:
            os.write(self.fd, SYNC_REPLY)
        position = max(0, self._scanned - len(SYNC_END))
        while True:
            start = data.find(SYNC_START, position) if self._frame_start is None else -1
            if start >= 0:
                self._frame_start, position = now, start + len(SYNC_START)
                continue
            if self._frame_start is None:
                break
            end = data.find(SYNC_END, position)
            if end < 0:
                break
            self.frames.append((self._frame_start, now))
            self._frame_start, position = None, end + len(SYNC_END)
        self._scanned = len(data)

    def wait_for(self, text: bytes, timeout: float = 30.0) -> None:
        """Until ``text`` has been written (it may be split by styles: pass a plain word)."""
        deadline = time.perf_counter() + timeout
        with self._changed:
            while text not in self.output:
                left = deadline - time.perf_counter()
                if left <= 0 or self.fd_closed:
                    raise AssertionError(f"the app never wrote {text!r}")
                self._changed.wait(left)

    def quiet(self, gap: float = 0.02, timeout: float = 2.0) -> None:
        """Until nothing has been written for ``gap`` seconds (or ``timeout`` passes)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self._changed:
                idle = time.perf_counter() - self._last_read
            if idle >= gap:
                return
            time.sleep(gap - idle)

    def press(self, key: str, timeout: float = 2.0) -> float | None:
        """Write one key; seconds until the end of the first frame begun after it, or None
        if no frame came within ``timeout`` (the key changed nothing on screen)."""
        with self._changed:
            seen = len(self.frames)
            sent = time.perf_counter()
            os.write(self.fd, KEYS.get(key, key).encode())
            deadline = sent + timeout
            while True:
                later = [f for f in self.frames[seen:] if f[0] >= sent]
                if later:
                    return later[0][1] - sent
                left = deadline - time.perf_counter()
                if left <= 0 or self.fd_closed:
                    return None
                self._changed.wait(left)

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def exit_code(self, timeout: float = 10.0) -> int | None:
        """The exit status once the app has quit, or None if it is still running."""
        deadline = time.perf_counter() + timeout
        while self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._reader.join(timeout=2)
                self.returncode = os.waitstatus_to_exitcode(status)
            elif time.perf_counter() > deadline:
                break
            else:
                time.sleep(0.02)
        return self.returncode

    def close(self) -> None:
        if self.returncode is not None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        with contextlib.suppress(OSError):
            os.close(self.fd)
