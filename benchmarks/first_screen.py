"""Time to first text on screen, in a real terminal (tmux 120x40), against a minimal Textual app.

Runs are interleaved so both see the same machine load. Usage:
    python benchmarks/first_screen.py [FILE] [--runs N] [--marker TEXT]
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.terminals import EXE, Tmux  # noqa: E402


def time_to_text(command: list[str], marker: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    term = Tmux(command, env)
    try:
        term.until(lambda screen: marker in screen, timeout=30)
        return time.perf_counter() - start
    finally:
        term.close()


def installed_bytecode() -> None:
    """Compile summitreader's modules, as installing the package does.

    The minimal app's Textual comes with its bytecode (pip compiles a wheel as it installs
    it); summitreader installed in editable mode has none when PYTHONDONTWRITEBYTECODE is
    set, as it is here, and compiling its ~150 modules at each start costs it ~80 ms that no
    installed copy pays. Stale files are rewritten; unchanged ones are left."""
    import summitreader

    package = Path(summitreader.__file__).parent
    if not compileall.compile_dir(str(package), quiet=1):
        raise SystemExit(f"could not compile {package}")


def bench_env(tmp: str) -> dict[str, str]:
    """A store, config and HOME of the run's own, so no user file is touched (and the
    package's bytecode in place, as installed)."""
    installed_bytecode()
    return {
        "SUMMITREADER_DB": f"{tmp}/store.json",
        "SUMMITREADER_CONFIG": f"{tmp}/c.toml",
        "HOME": tmp,
        "TERM": "xterm-256color",
    }


def commands(path: str) -> tuple[list[str], list[str]]:
    """summitreader on ``path``, and the minimal Textual app on the same file."""
    return [str(EXE), path], [sys.executable, str(ROOT / "benchmarks" / "minimal_app.py"), path]


def report(name: str, values: list[float], unit: str = "ms", scale: float = 1000) -> float:
    """Print the median, min and max of ``values``; return the median."""
    med = statistics.median(values)
    print(
        f"  {name:34s} median {med * scale:8.1f} {unit}  min {min(values) * scale:8.1f}"
        f"  max {max(values) * scale:8.1f}"
    )
    return med


def forget_store(env: dict[str, str]) -> None:
    """Remove the run's store and everything kept beside it (backups, snapshots, caches of
    first screens): the next open is a text's first ever."""
    db = Path(env["SUMMITREADER_DB"])
    for path in db.parent.glob(db.stem + ".*"):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def first_text_ratio(
    book: Path, marker: str, env: dict[str, str], runs: int, *, again: bool = False
) -> float:
    """Time to first text of ``book`` against the minimal app showing it, interleaved;
    prints both, returns the ratio. Each run is a first open (the store and all beside it
    removed), or with ``again`` the text opened again (after one open not counted)."""
    ours, baseline = commands(str(book))
    mine: list[float] = []
    base: list[float] = []
    forget_store(env)
    if again:
        time_to_text(ours, marker, env)
    for _ in range(runs):
        base.append(time_to_text(baseline, marker, env))
        mine.append(time_to_text(ours, marker, env))
        if not again:
            forget_store(env)
    kind = "opened again" if again else "first open"
    print(f"{book.name} ({book.stat().st_size / 1e6:.1f} MB), tmux 120x40, {runs} runs, {kind}")
    print("time to first text, interleaved:")
    ratio = report("summitreader", mine) / report("minimal Textual app (first 4 KB)", base)
    print(f"  ratio {ratio:.2f}")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "file", nargs="?", default=str(ROOT / "sample_corpus" / "gomez-second-summit.txt")
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--marker", default="President Donald Trump")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(tmp)
        ours, baseline = commands(args.file)
        subprocess.run(
            [*ours[:1], "--version"], check=True, capture_output=True, env={**os.environ, **env}
        )
        times: dict[str, list[float]] = {"summitreader": [], "minimal Textual app": []}
        for _ in range(args.runs):
            times["minimal Textual app"].append(time_to_text(baseline, args.marker, env))
            times["summitreader"].append(time_to_text(ours, args.marker, env))
    base = statistics.median(times["minimal Textual app"])
    print(f"time to first text, {Path(args.file).name}, tmux 120x40, {args.runs} interleaved runs")
    for name, values in times.items():
        med = statistics.median(values)
        print(
            f"  {name:22s} median {med * 1000:7.1f} ms  min {min(values) * 1000:7.1f} ms"
            f"  max {max(values) * 1000:7.1f} ms  ratio {med / base:4.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
