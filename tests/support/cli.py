"""The installed summitreader command: run as a real subprocess, or its ``main`` in a forked
child that has given up root."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXE = Path(sys.executable).with_name("summitreader")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    assert EXE.exists(), f"summitreader is not installed next to {sys.executable}"
    return subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, timeout=60, cwd=cwd, env=os.environ
    )


def run_forked_as_nobody(argv: list[str]) -> tuple[int, str]:
    """Run the command line in a forked child; as root, the child first becomes 'nobody',
    because root can read any file and the test needs a real permission error."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 70
        try:
            sys.stderr = os.fdopen(write_end, "w")  # pytest has replaced sys.stderr
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            from summitreader.cli import main

            code = main(argv)
        finally:
            sys.stderr.flush()
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8", errors="replace") as fh:
        err = fh.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), err
