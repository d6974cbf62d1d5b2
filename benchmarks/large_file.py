"""Budgets for long texts, in a real terminal (tmux 120x40), against a minimal Textual app.

For War and Peace (3.2 MB, benchmarks/data/war-and-peace.txt.gz) it prints:
  - time to first text, interleaved with the minimal app showing the same first 4 KB
    (budget: at most 1.25 times the minimal app's median);
  - `G` to the last line on screen, once the book is laid out (budget: 150 ms),
    and `G` pressed the moment the first text shows;
  - resident memory after the jump (budget: 120 MB).
Then the same figures, without budgets, for a 50 MB file and a 1 MB single-line file
generated from the book.

Usage: python benchmarks/large_file.py [--runs N] [--book PATH]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.book import war_and_peace_file  # noqa: E402
from benchmarks.first_screen import bench_env, first_text_ratio, report  # noqa: E402
from benchmarks.terminals import EXE, Tmux  # noqa: E402


def rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident set size of ``pid`` in MB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def jump_to_end(
    path: Path, first: str, last: str, env: dict[str, str], *, settle: bool
) -> tuple[float, float, float, float]:
    """Open ``path``, press G, and time until ``last`` shows. Returns (open, G, rss, peak)."""
    start = time.perf_counter()
    term = Tmux([str(EXE), str(path)], env)
    try:
        term.until(lambda s: first in s, timeout=120)
        opened = time.perf_counter() - start
        if settle:  # the layout thread is done when the status stops saying "measuring"
            term.until(lambda s: "measuring" not in s and "% " in s, timeout=120)
        pressed = time.perf_counter()
        term.press("G")
        term.until(lambda s: last in s, timeout=60)
        jumped = time.perf_counter() - pressed
        pid = term.app_pid()
        rss, peak = rss_mb(pid) if pid else (float("nan"), float("nan"))
        return opened, jumped, rss, peak
    finally:
        term.close()


def last_words(text: str) -> str:
    return text.rstrip().split()[-1]  # one word: a wrap cannot split it


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--book", type=Path, help="a long text (default: War and Peace, benchmarks/data)"
    )
    args = parser.parse_args()
    if args.book is None:
        with war_and_peace_file() as book:
            return budgets(book, args.runs)
    return budgets(args.book, args.runs)


def budgets(book: Path, runs: int) -> int:
    text = book.read_text(encoding="utf-8")
    first, last = "Genoa and Lucca", last_words(text)
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(tmp)
        ratio = first_text_ratio(book, first, env, runs)
        if ratio > 1.25:
            failures.append(f"first text {ratio:.2f}x the minimal app")

        settled = [jump_to_end(book, first, last, env, settle=True) for _ in range(runs)]
        eager = [jump_to_end(book, first, last, env, settle=False) for _ in range(runs)]
        print("G to the last line:")
        g = report("after the layout thread finished", [s[1] for s in settled])
        report("pressed as the first text shows", [s[1] for s in eager])
        if g > 0.150:
            failures.append(f"G took {g * 1000:.0f} ms")
        rss = max(s[2] for s in settled)
        peak = max(s[3] for s in settled)
        print(f"memory after G: RSS {rss:.0f} MB, peak {peak:.0f} MB (budget 120 MB)")
        if rss > 120:
            failures.append(f"RSS {rss:.0f} MB")

        big = Path(tmp) / "fifty-megabytes.txt"
        with big.open("w", encoding="utf-8") as fh:
            while fh.tell() < 50_000_000:
                fh.write(text)
        single = Path(tmp) / "one-line.txt"
        single.write_text(" ".join(text.split())[:1_000_000] + "\n", encoding="utf-8")
        for path, tail in ((big, last), (single, last_words(single.read_text()))):
            opened, jumped, rss, peak = jump_to_end(path, first, tail, env, settle=True)
            size = path.stat().st_size / 1e6
            print(
                f"{path.name} ({size:.0f} MB): first text {opened * 1000:.0f} ms, "
                f"G {jumped * 1000:.0f} ms after layout, RSS {rss:.0f} MB (peak {peak:.0f} MB)"
            )
    print("budgets met" if not failures else "OVER BUDGET: " + "; ".join(failures))
    return 0 if not failures else 1


if __name__ == "__main__":
    raise SystemExit(main())
