"""Budgets for a long Markdown text, in a real terminal (tmux 120x40), against a minimal
Textual app showing the same file's first 4 KB.

A 1 MB Markdown file full of code blocks, tables, nested lists and quotes is generated
(the same bytes every run). It prints:
  - time to first text, interleaved with the minimal app (budget: at most 1.25 times the
    minimal app's median), for a first open (nothing kept beside the store) and for the
    text opened again (its first screen's blocks kept);
  - `G` to the last line on screen once the whole text is laid out (budget: 150 ms), and
    `G` pressed the moment the first text shows;
  - a resize (120 to 90 columns): time until the text shows at its new width (budget:
    150 ms), and until the whole text is laid out again;
  - in the process itself: the block parse and the layout of the whole text.

Usage: python benchmarks/markdown_view.py [--runs N] [--size BYTES]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.first_screen import bench_env, first_text_ratio, report  # noqa: E402
from benchmarks.terminals import EXE, Tmux  # noqa: E402

FIRST = "Benchmark"
LAST = "Finis"
SECTION = """## Section {n}: parsing and layout

Some *emphasis*, **strong words**, `inline code` and a [link](https://example.org/{n}) in a
paragraph of ordinary length, hard-wrapped as people write Markdown, with a footnote mark
and a few more words so that it wraps across two or three rows of the reading column.

```python
def section_{n}(values: list[int]) -> int:
    total = 0
    for value in values:
        if value % 2 == 0:
            total += value * {n}
    return total  # a comment long enough that a narrow terminal has to wrap this line
```

| Column | Kind | Value |
|:-------|:----:|------:|
| alpha {n} | table cell | 1 |
| beta | a longer cell that wraps when narrow | 22 |
| gamma | `code` | 333 |

- First item of a list
- Second item, with a nested list:
  - nested item {n}
  - another nested item
- [ ] a task
- [x] a task done

> A quote about section {n}, with *emphasis*.
> > And a quote inside it.

"""


def markdown_book(size: int) -> str:
    parts = ["# Benchmark of a long Markdown text\n\n"]
    n = 0
    while sum(map(len, parts)) < size:
        n += 1
        parts.append(SECTION.format(n=n))
    parts.append(f"{LAST}.\n")
    return "".join(parts)


def settle(term: Tmux) -> None:
    """Until the status line stops saying "measuring" (the whole text has rows)."""
    term.until(lambda s: "measuring" not in s and "% " in s, timeout=120)


def jump(path: Path, env: dict[str, str], *, wait: bool) -> float:
    term = Tmux([str(EXE), str(path)], env)
    try:
        term.until(lambda s: FIRST in s, timeout=60)
        if wait:
            settle(term)
        pressed = time.perf_counter()
        term.press("G")
        term.until(lambda s: LAST in s, timeout=60)
        return time.perf_counter() - pressed
    finally:
        term.close()


def at_90_columns(screen: str) -> bool:
    """The text drawn again for 90 columns: tmux's first capture after the resize is the
    old frame cut at column 90, the sidebar's border still in it; the new one has no
    sidebar at all."""
    return FIRST in screen and "▏" not in screen


def resize(path: Path, env: dict[str, str]) -> tuple[float, float]:
    """(to the first screen at the new width, to the whole text laid out again)."""
    term = Tmux([str(EXE), str(path)], env)
    try:
        term.until(lambda s: FIRST in s, timeout=60)
        settle(term)
        start = time.perf_counter()
        term.tmux("resize-window", "-t", "0", "-x", "90", "-y", "40")
        term.until(at_90_columns, timeout=60)
        shown = time.perf_counter() - start
        settle(term)
        return shown, time.perf_counter() - start
    finally:
        term.close()


def in_process(text: str) -> None:
    """The core's own figures: the block parse, and rows for the whole text."""
    from summitreader.layout.rows import build_rows
    from summitreader.text.markdown_view import MarkdownView

    start = time.perf_counter()
    view = MarkdownView(text)
    blocks = len(view.blocks)
    parsed = time.perf_counter() - start
    start = time.perf_counter()
    build_rows(view, 80)
    laid = time.perf_counter() - start
    start = time.perf_counter()
    first = MarkdownView(text)
    build_rows(first, 80, first=0, until=12_000)
    window = time.perf_counter() - start
    print(
        f"in process: {blocks} blocks parsed in {parsed * 1000:.0f} ms, all rows in "
        f"{laid * 1000:.0f} ms; the first window (12 KB) in {window * 1000:.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(tmp)
        book = Path(tmp) / "long.md"
        text = markdown_book(args.size)
        book.write_text(text, encoding="utf-8")
        for again in (False, True):
            ratio = first_text_ratio(book, FIRST, env, args.runs, again=again)
            if ratio > 1.25:
                kind = "opened again" if again else "first open"
                failures.append(f"first text ({kind}) {ratio:.2f}x the minimal app")
        print("G to the last line:")
        g = report(
            "after the layout thread finished",
            [jump(book, env, wait=True) for _ in range(args.runs)],
        )
        report(
            "pressed as the first text shows",
            [jump(book, env, wait=False) for _ in range(args.runs)],
        )
        if g > 0.150:
            failures.append(f"G took {g * 1000:.0f} ms")
        print("resize 120 -> 90 columns:")
        found = [resize(book, env) for _ in range(args.runs)]
        shown = report("the text at its new width", [f[0] for f in found])
        report("the whole text laid out again", [f[1] for f in found])
        if shown > 0.150:
            failures.append(f"re-layout took {shown * 1000:.0f} ms")
        in_process(text)
    print("budgets met" if not failures else "OVER BUDGET: " + "; ".join(failures))
    return 0 if not failures else 1


if __name__ == "__main__":
    raise SystemExit(main())
