"""100,000 highlights over 1,000 texts: the all-highlights screen (`H`) and the commands
that read the whole library (`list`, `search`, `export` as Markdown and W3C).

The library is made through the real store (``scale_data.py``). Baselines, in the same run:
- the commands: ``python -c pass`` (starting Python), and a bare TinyDB (its own
  JSONStorage, json) reading every file of the same store and counting the highlights:
  what reading the data costs before anything is done with it;
- the screen: a bare Textual screen with an Input over a ``LineTable`` of the same
  number of ready-made rows, filtered per key by a list comprehension.

A command is timed as a subprocess (median of ``--runs``; the first run makes the caches
beside the store, so the max is the run without them; the library is first left alone
for the caches' ``SETTLED`` seconds, as a library at rest is), and the Markdown export
once more with its cache removed before each run (a first export), with summitreader's modules
compiled first, as an installed package has them, and its peak memory taken from
the kernel (``wait4``'s ru_maxrss). Goals (issue 22): `H` opens in at most 500 ms and
answers each query key in at most 100 ms; each command in at most 1 s; the W3C export's
memory stays under 200 MB.

    python benchmarks/scale.py [--texts 1000] [--highlights 100000] [--runs 3] [--dir DIR]

With ``--dir`` the library is made there once and reused by later runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.scale_data import build, env_for  # noqa: E402
from summitreader.store.storage import SETTLED  # noqa: E402

COLD_EXPORT = "export (Markdown), no cache"

EXE = Path(sys.executable).with_name("summitreader")
QUERY = "#t3"  # typed key by key on the screen; about a tenth of the highlights match
WORDS = "detente envoy"  # a second query: words, folded (détente)

BARE_TINYDB = """
import sys
from pathlib import Path
from tinydb import TinyDB
from tinydb.storages import JSONStorage
folder = Path(sys.argv[1])
total = 0
for path in sorted(folder.glob("*.json")):
    db = TinyDB(path, storage=JSONStorage, access_mode="r")
    total += len(db.table("annotations").all())
    db.close()
print(total)
"""


def run_command(argv: list[str], env: dict[str, str]) -> float:
    """Seconds for one run, its output read and thrown away."""
    began = time.perf_counter()
    proc = subprocess.run(argv, env={**os.environ, **env}, capture_output=True)
    took = time.perf_counter() - began
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{argv} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return took


PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_mb(argv: list[str], env: dict[str, str]) -> float:
    """The peak resident memory of one run, as the kernel counts it for a child of a small
    process of its own (this one is large: a child forked from it would start counted
    at this one's size)."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *argv],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout) / 1024


def compile_modules() -> None:
    """Write summitreader's bytecode first, as installing it does (pip compiles every
    module): with PYTHONDONTWRITEBYTECODE set, each run would compile every module it
    imports again (about 80 ms of each command)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src")],
        check=True,
        capture_output=True,
    )


def time_commands(work: Path, runs: int) -> dict[str, dict[str, float]]:
    compile_modules()
    env = env_for(work)
    out = work / "out"
    out.mkdir(exist_ok=True)
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "bare TinyDB read of every file": [
            sys.executable,
            "-c",
            BARE_TINYDB,
            str(work / "store.annotations"),
        ],
        "list": [str(EXE), "list"],
        f"search {QUERY}": [str(EXE), "search", QUERY],
        f"search {WORDS}": [str(EXE), "search", WORDS],
        "export (Markdown)": [str(EXE), "export", "-o", str(out / "all.md")],
        "export --format w3c": [str(EXE), "export", "--format", "w3c", "-o", str(out / "a.json")],
    }
    commands[COLD_EXPORT] = commands["export (Markdown)"]
    cache = work / "store.export-cache.json"
    # A library at rest: the caches beside the store trust only files left alone for
    # SETTLED seconds, and the library was written a moment ago.
    time.sleep(SETTLED + 0.5)
    results: dict[str, dict[str, float]] = {}
    for name, argv in commands.items():
        times = []
        for _ in range(runs):
            if name == COLD_EXPORT:  # every document rendered again: a first export
                cache.unlink(missing_ok=True)
            times.append(run_command(argv, env))
        results[name] = {"median": statistics.median(times), "max": max(times)}
        results[name]["peak_mb"] = peak_mb(argv, env)
    return results


# the all-highlights screen ------------------------------------------------------------


async def time_screen(work: Path, query: str) -> dict[str, Any]:
    from textual.widgets import Input

    from summitreader.settings.config import load_config
    from summitreader.store.store import Store
    from summitreader.tui.app import SummitApp
    from summitreader.tui.screens.search import SearchScreen
    from summitreader.tui.widgets.line_table import LineTable

    app = SummitApp([], Store(work / "store.json"), load_config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        began = time.perf_counter()
        app.action_all_highlights()
        while True:
            await asyncio.sleep(0)
            screen = app.screen
            if isinstance(screen, SearchScreen) and screen.is_mounted and len(screen.shown):
                break
        table = screen.query_one(LineTable)
        for y in range(table.size.height):
            table.render_line(y)
        opened = time.perf_counter() - began
        during = await type_keys(screen, table, query)  # while the rest is read
        while screen.loading:
            await asyncio.sleep(0.01)
        loaded = time.perf_counter() - began
        screen.query_one(Input).value = ""
        await pilot.pause()
        after = await type_keys(screen, table, query)
        words = await type_keys(screen, table, WORDS)
        count = len(screen.index)
        shown = len(screen.shown)
    return {
        "opened": opened,
        "loaded": loaded,
        "keys_while_reading": during,
        "keys": after,
        "word_keys": words,
        "highlights": count,
        "words_shown": shown,
    }


async def type_keys(screen, table, query: str) -> list[float]:
    """Per key: the screen's work for the key, and drawing the table's lines on screen
    (Pilot's own waits are ~80 ms a key even for a bare Input, so a key is timed from its
    handler to the table's drawn lines, as benchmarks/library.py does). ``screen`` is
    whatever handles the Input's changes: the `H` screen, or the bare baseline app."""
    from textual.widgets import Input

    field = screen.query_one(Input)
    per_key, typed = [], ""
    for key in query:
        typed += key
        began = time.perf_counter()
        screen.on_input_changed(Input.Changed(field, typed))
        for y in range(table.size.height):
            table.render_line(y)
        per_key.append(time.perf_counter() - began)
        await asyncio.sleep(0.02)
    return per_key


async def time_bare_screen(count: int, query: str) -> dict[str, Any]:
    """The baseline: a LineTable of ``count`` ready-made rows, filtered by rebuilding."""
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    from summitreader.tui.widgets.line_table import Column, LineTable

    rows = [
        (f"Article {i // 100}", f"¶{i % 12}, line {i % 40}", f"#t{i % 20} #t{(i * 7) % 20}", "x")
        for i in range(count)
    ]

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="query")
            yield LineTable([Column("D", 32), Column("W", 16), Column("T", 24), Column("H", 0)])

        def on_input_changed(self, event: Input.Changed) -> None:
            text = event.value
            self.query_one(LineTable).set_rows([r for r in rows if text in r[2]])

    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        began = time.perf_counter()
        table = app.query_one(LineTable)
        table.set_rows(rows)
        await pilot.pause()
        opened = time.perf_counter() - began
        per_key = await type_keys(app, table, query)
    return {"opened": opened, "keys": per_key}


# the run ------------------------------------------------------------------------------------


def ms(values: list[float]) -> str:
    return " ".join(f"{v * 1000:.0f}" for v in values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--highlights", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, help="make the library here once, and reuse it")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="summitreader-scale-"))
    if not (work / "store.json").exists():
        work.mkdir(parents=True, exist_ok=True)
        took = build(work, args.texts, args.highlights)
        print(f"made {args.highlights:,} highlights over {args.texts:,} texts in {took:.1f} s")
    os.environ.update(env_for(work))
    print(f"library in {work}")

    screen = asyncio.run(time_screen(work, QUERY))
    bare = asyncio.run(time_bare_screen(int(screen["highlights"]), QUERY))
    print(f"\nH, the all-highlights screen ({screen['highlights']:,} highlights)")
    print(f"  opens (first rows drawn)      {screen['opened'] * 1000:7.0f} ms")
    print(f"  every highlight read          {screen['loaded'] * 1000:7.0f} ms")
    print(f"  keys {QUERY!r} while reading    {ms(screen['keys_while_reading'])} ms")
    print(f"  keys {QUERY!r} after            {ms(screen['keys'])} ms")
    print(f"  keys {WORDS!r}       {ms(screen['word_keys'])} ms")
    print(f"  baseline, bare LineTable: opens {bare['opened'] * 1000:.0f} ms", end="")
    print(f", keys {ms(bare['keys'])} ms")

    commands = time_commands(work, args.runs)
    print(f"\ncommands over the whole library (median of {args.runs}; peak memory)")
    floor = commands["bare TinyDB read of every file"]["median"]
    for name, figures in commands.items():
        print(
            f"  {name:34} {figures['median'] * 1000:7.0f} ms (max {figures['max'] * 1000:5.0f})"
            f"  {figures['median'] / floor:5.2f}x bare TinyDB  {figures['peak_mb']:6.0f} MB"
        )

    every_key = [
        *screen["keys_while_reading"],
        *screen["keys"],
        *screen["word_keys"],
    ]
    goals = [
        ("H opens in <= 500 ms", screen["opened"] <= 0.5),
        ("H answers each query key in <= 100 ms", max(every_key) <= 0.1),
    ]
    for name in ("list", f"search {QUERY}", f"search {WORDS}", "export (Markdown)", COLD_EXPORT):
        goals.append((f"{name} in <= 1 s", commands[name]["median"] <= 1.0))
    w3c = commands["export --format w3c"]
    goals.append(("export --format w3c in <= 1 s", w3c["median"] <= 1.0))
    goals.append(("export --format w3c under 200 MB", w3c["peak_mb"] < 200))
    print()
    for name, ok in goals:
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(ok for _, ok in goals) else 1


if __name__ == "__main__":
    raise SystemExit(main())
