"""Drive the installed summitreader in a real terminal (tmux) as a person would."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from tests.support.cli import EXE


def env_for(tmp: Path) -> dict[str, str]:
    """A HOME, store, config and documents folder of the test's own, for the app in tmux."""
    return {
        "HOME": str(tmp / "home"),
        "XDG_DATA_HOME": str(tmp / "home" / "data"),
        "XDG_CONFIG_HOME": str(tmp / "home" / "config"),
        "XDG_DOCUMENTS_DIR": str(tmp / "docs"),
        "SUMMITREADER_DB": str(tmp / "store.json"),
        "SUMMITREADER_CONFIG": str(tmp / "config.toml"),
        "TERM": "xterm-256color",
    }


class Terminal:
    """One tmux server on its own socket, so tests never touch a user's sessions."""

    def __init__(self, width: int = 120, height: int = 40) -> None:
        self.socket = f"summit-test-{uuid.uuid4().hex[:8]}"
        self.size = (width, height)
        self.env: dict[str, str] = {}

    def _tmux(self, *args: str) -> str:
        out = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        return out.stdout

    def start(self, *args: str, env: dict[str, str], record: Path | None = None) -> None:
        """Run the installed summitreader with ``args``; the pane stays to show the exit code."""
        self.start_command([str(EXE), *args], env=env, record=record)

    def start_command(
        self, argv: list[str], env: dict[str, str], *, record: Path | None = None
    ) -> None:
        """Run ``argv`` in the pane. With ``record``, every byte the pane receives is also
        written there (tmux pipe-pane), from before the program's first byte."""
        self.env = env
        assigns = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = f"env {assigns} {shlex.join(argv)}; echo EXIT=$?; sleep 60"
        gate = None
        if record is not None:
            gate = record.with_suffix(".go")
            command = f"until [ -e {shlex.quote(str(gate))} ]; do sleep 0.02; done; {command}"
        width, height = self.size
        subprocess.run(
            [
                "tmux",
                "-L",
                self.socket,
                "new-session",
                "-d",
                "-x",
                str(width),
                "-y",
                str(height),
                command,
            ],
            check=True,
            timeout=30,
            env={**os.environ, **env},
        )
        if record is not None and gate is not None:
            self._tmux("pipe-pane", "-t", "0", "-o", f"cat > {shlex.quote(str(record))}")
            gate.touch()

    def keys(self, *keys: str, delay: float = 0.15) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", "0", key)
            time.sleep(delay)

    def send(self, keys: list[tuple[str, bool]]) -> None:
        """Send (key, literal) pairs with no pause: tmux writes them to the pty at once.

        After an Escape it waits a moment, as a person does: a terminal cannot tell an
        Escape followed at once by ``t`` from alt+t, and reads them as one key.
        """
        args: list[str] = []

        def flush() -> None:
            if args:
                self._tmux("send-keys", "-t", "0", *args)
                args.clear()

        for key, literal in keys:
            if literal:
                flush()
                self._tmux("send-keys", "-t", "0", "-l", "--", key)
            else:
                args.append(key)
                if key == "Escape":
                    flush()
                    time.sleep(0.1)
        flush()

    def export_and_quit(self) -> Path:
        """``e``, then ``q`` to the library and ``q`` out: the exported file, read from the
        environment's documents folder once the app has exited cleanly."""
        self.keys("e")
        self.wait_for("Exported")
        self.keys("q")
        self.wait_for("Library")
        self.keys("q")
        self.wait_for("EXIT=0")
        [exported] = (Path(self.env["XDG_DOCUMENTS_DIR"]) / "summitreader").glob("*.md")
        return exported

    def resize(self, width: int, height: int) -> None:
        self._tmux("resize-window", "-t", "0", "-x", str(width), "-y", str(height))

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", "0", "-l", "--", text)
        time.sleep(0.2)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "0")

    def wait_for(self, check: str | Callable[[str], bool], timeout: float = 15.0) -> str:
        test = (lambda s: check in s) if isinstance(check, str) else check
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if test(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {check!r}; screen was:\n{screen}")
            time.sleep(0.1)

    def app_pid(self, name: str = "summitreader") -> int | None:
        """The pid of the process under the pane whose command line mentions ``name``."""
        pending = [int(self._tmux("display", "-p", "-t", "0", "#{pane_pid}").strip() or 0)]
        while pending:
            pid = pending.pop()
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                continue
            program = cmdline.split(b" ")[0]
            if name.encode() in cmdline and b"python" in program:  # not the shell around it
                return pid
            pending.extend(int(c) for c in children)
        return None

    def close(self) -> None:
        self._tmux("kill-server")
