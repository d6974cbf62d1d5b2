"""Paragraphs of unclosed or endless markup (minified JSON, a pasted log, 20,000 ``*``),
each about 100 KB on one line: the time to render it in the reading view, against
markdown-it-py parsing the same text in the same run (the baseline: a CommonMark parser
that is linear on these). Before the closers were found in one pass, "a *b " 20,000 times
took 190 s and "[a](b " 3,000 times 96 s; the budget is 10x the parser's time.

Usage: python benchmarks/hostile_markdown.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from markdown_it import MarkdownIt  # noqa: E402

from summitreader.text.markdown_view import MarkdownView  # noqa: E402

CASES = {
    "json": "[[1,2],",
    "stars": "a *b _c ",
    "links": "[a](b ",
    "images": "![a](b ",
    "brackets": "[[[[[[[[]",
    "ticks": "`a ",
    "mixed": "[*a*](b `c` ",
}
BUDGET = 10.0  # times the parser's median


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    md = MarkdownIt("commonmark")
    failed = 0
    print(f"{'case':10} {'view ms':>9} {'parser ms':>10} {'ratio':>7}")
    for name, unit in CASES.items():
        text = unit * (100_000 // len(unit)) + "\n"
        view = _median(lambda t=text: MarkdownView(t).rendered(0), args.repeat)
        base = _median(lambda t=text: md.parse(t), args.repeat)
        ratio = view / base
        failed += ratio > BUDGET
        mark = "" if ratio <= BUDGET else f"  OVER {BUDGET:.0f}x"
        print(f"{name:10} {view * 1000:9.1f} {base * 1000:10.1f} {ratio:7.2f}{mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
