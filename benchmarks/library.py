"""A library of 5,000 documents (20 MB of text): adding them, opening the library screen,
filtering it key by key, and searching every text with ``search --text``.

Baselines, measured in the same run:
- the screen: a bare Textual DataTable holding the same 5,000 rows (opened, and filtered
  by clearing it and adding the matching rows, as a DataTable must);
- the full-text search: reading the 5,000 files alone.

Goals (issue 17): the screen opens in at most 1 s, each filter key answers in at most
50 ms, and search --text over 20 MB answers in at most 1 s.

    python benchmarks/library.py [--documents 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Input

WORDS = (
    "summit treaty sanctions reactor missile talks envoy border trade pledge accord verify "
    "freeze inspection dialogue pressure alliance deterrence economy reform history budget"
).split()
NAMES = ["Ada Byron", "Grace Hopper", "Alan Turing", "Emmy Noether", "Kurt Gödel", "Ida Wells"]


def make_library(folder: Path, count: int, rng: random.Random) -> int:
    """``count`` articles of about 4 KB, each with a title, a byline and a date."""
    total = 0
    for n in range(count):
        title = " ".join(rng.choice(WORDS).title() for _ in range(5)) + f" {n}"
        body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(60)) + "." for _ in range(8))
        if n == count // 2:
            body += "\n\nThe zephyrous quarrel ended here."
        text = f"# {title}\n\nBy {rng.choice(NAMES)}\n\n2024-03-{1 + n % 28:02d}\n\n{body}\n"
        path = folder / f"{n // 100:03d}" / f"article-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total += len(text.encode())
    return total


class BareTable(App[None]):
    """The baseline: a DataTable of the same rows, filtered by rebuilding it."""

    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Input(id="filter")
        yield DataTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Title", "Author", "Date", "Read", "Hl", "State", "Opened")
        table.add_rows(self.rows)

    def on_input_changed(self, event: Input.Changed) -> None:
        table = self.query_one(DataTable)
        table.clear()
        words = event.value.lower().split()
        table.add_rows([r for r in self.rows if all(w in " ".join(r).lower() for w in words)])


async def time_app(make_app, keys: str, table_id: str) -> tuple[float, list[float]]:
    """Seconds to the first frame with the rows; and per filter key, the work of the key
    and of drawing the table's rows on screen (Pilot's own waits are ~80 ms a key even
    for a bare Input, so a key is timed from its handler to the table's drawn lines)."""
    start = time.perf_counter()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        opened = time.perf_counter() - start
        screen = app.screen
        field = screen.query_one(Input)
        table = screen.query_one(f"#{table_id}")
        per_key = []
        typed = ""
        for key in keys:
            typed += key
            t = time.perf_counter()
            handler = getattr(screen, "on_input_changed", None) or app.on_input_changed
            handler(Input.Changed(field, typed))
            for y in range(table.size.height):
                table.render_line(y)
            per_key.append(time.perf_counter() - t)
            await pilot.pause()
    return opened, per_key


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=5000)
    args = parser.parse_args()
    rng = random.Random(17)
    work = Path(tempfile.mkdtemp(prefix="summit-library-"))
    os.environ["SUMMITREADER_DB"] = str(work / "store.json")
    os.environ["SUMMITREADER_CONFIG"] = str(work / "config.toml")
    os.environ["HOME"] = str(work / "home")
    os.environ["XDG_STATE_HOME"] = str(work / "state")
    folder = work / "articles"
    size = make_library(folder, args.documents, rng)
    print(f"{args.documents} documents, {size / 1e6:.1f} MB, in {folder}")

    from summitreader.library import catalog
    from summitreader.library.shelf import Shelf
    from summitreader.settings.config import load_config
    from summitreader.store.store import Store
    from summitreader.tui.app import SummitApp

    store = Store(work / "store.json")
    store.mark_seeded()  # no samples: exactly the documents made here
    t = time.perf_counter()
    report = catalog.add(store, [folder])
    added = time.perf_counter() - t
    print(f"add: {report.summary()} in {added:.1f} s")
    rows = Shelf(catalog.entries(store)).rows
    store.close()

    keys = "zephyr"
    ours_open, ours_keys = asyncio.run(
        time_app(lambda: SummitApp([], Store(work / "store.json"), load_config()), keys, "library")
    )
    bare_open, bare_keys = asyncio.run(time_app(lambda: BareTable(rows), keys, "table"))
    print()
    print("| | opens (s) | filter key median / worst (ms) |")
    print("|---|---|---|")
    print(
        f"| summitreader's library | {ours_open:.2f} | "
        f"{statistics.median(ours_keys) * 1e3:.1f} / {max(ours_keys) * 1e3:.1f} |"
    )
    print(
        f"| bare DataTable, same rows | {bare_open:.2f} | "
        f"{statistics.median(bare_keys) * 1e3:.1f} / {max(bare_keys) * 1e3:.1f} |"
    )

    files = sorted(folder.rglob("*.md"))
    t = time.perf_counter()
    for path in files:
        path.read_bytes()
    read_alone = time.perf_counter() - t
    exe = Path(sys.executable).with_name("summitreader")
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        done = subprocess.run(
            [str(exe), "search", "--text", "zephyrous quarrel"],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        runs.append(time.perf_counter() - t)
        assert "1 match in 1 document" in done.stdout, done.stdout + done.stderr
    print()
    print(
        f"search --text over {size / 1e6:.1f} MB: median {statistics.median(runs):.2f} s "
        f"(reading the {len(files)} files alone: {read_alone:.2f} s)"
    )
    goals = [
        ("library opens in <= 1 s", ours_open <= 1.0),
        ("each filter key <= 50 ms", max(ours_keys) <= 0.05),
        ("search --text <= 1 s", statistics.median(runs) <= 1.0),
    ]
    print()
    for name, ok in goals:
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(ok for _, ok in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
