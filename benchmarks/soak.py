"""Soak: a scripted session of 20,000 keys (reading, tagging, noting, searching, exporting)
against a store of 10,000 highlights on War and Peace (benchmarks/data), on a
pseudo-terminal of 120x40.

It prints, for each kind of key, the time from writing the key to the end of the frame
that shows it (median, 99th percentile, slowest), the slowest keys of the session, and the
app's resident memory every 1,000 keys, with the growth over the second half. The baseline,
measured the same way in the same run, is a minimal Textual app that redraws on each key.

The edit keys are kinds of their own: ``tag`` (a digit), ``highlight`` (h), ``note``
(a, then ctrl+s in the note dialog), ``undo`` (u); the ``}`` that moves to the paragraph
first is a reading key. Goals (issue 22): each edit kind at most 20 ms median and 60 ms
at the 99th percentile, and at most 2 MB of growth over the second half (``--max-growth``).
Reading keys are printed beside the minimal app; their goals wait for the new renderer.

``--json FILE`` writes the figures (with the run's settings and commit) for comparison;
``--compare FILE`` prints this run beside an earlier one.

Usage: python benchmarks/soak.py [--keys N] [--highlights N] [--book PATH] [--seed N]
                                 [--json FILE] [--compare FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.book import war_and_peace_file  # noqa: E402
from benchmarks.first_screen import bench_env  # noqa: E402
from benchmarks.terminals import EXE, PtyApp  # noqa: E402
from summitreader.annotations.model import new_record  # noqa: E402
from summitreader.sources.text import load_source  # noqa: E402
from summitreader.store.store import Store  # noqa: E402
from summitreader.text.document import Document  # noqa: E402

TAGS = ["key-point", "evidence", "question", "method"]
WORDS = ["Natásha", "Moscow", "battle", "Pierre", "snow", "Emperor", "the war", "Borodinó"]
NO_FRAME = 1.0  # seconds: a key with no frame by then changed nothing on screen
SETTLE = 0.03  # seconds of no output before the next key: a frame after that is the next's


def build_store(db: Path, book: Path, count: int) -> int:
    """``count`` highlights, one per paragraph from the start, through the real store."""
    document = Document(load_source(book))
    paragraphs = document.passages.paragraphs[:count]
    records = [
        new_record(document.source, p.start, p.end, [TAGS[i % 4]], "a note" if i % 5 else "")
        for i, p in enumerate(paragraphs)
    ]
    with Store(str(db)) as store:
        store.insert_many([(r, document.source if i == 0 else None) for i, r in enumerate(records)])
    return len(records)


EDIT_KINDS = ("tag", "highlight", "note", "undo")


def script(
    count: int, rng: random.Random, words: list[str] = WORDS, export_every: int = 1000
) -> list[tuple[str, str]]:
    """(kind, key) pairs: mostly reading, with tagging, highlighting, a note now and then,
    searching for ``words``, jumping between highlights and the help, and an export now
    and then. Every edit is undone, so the store ends as it began."""
    moves: list[tuple[float, list[tuple[str, str]]]] = [
        (50, [("read", "j")]),
        (8, [("read", "k")]),
        (10, [("read", "}")]),
        (3, [("read", "{")]),
        (6, [("read", "space")]),
        (2, [("read", "b")]),
        # Each edit starts from a whole paragraph (}): after a search the cursor is a
        # sentence, and a sentence inside a highlighted paragraph would ask to merge.
        (6, [("read", "}"), ("tag", "1"), ("undo", "u")]),
        (3, [("read", "}"), ("tag", "2"), ("tag", "3"), ("undo", "u"), ("undo", "u")]),
        (3, [("read", "}"), ("highlight", "h"), ("undo", "u")]),
        (
            1,
            [
                ("read", "}"),
                ("note", "a"),
                *(("typing", c) for c in "seen"),
                ("note", "ctrl+s"),
                ("undo", "u"),
            ],
        ),
        (5, [("next highlight", "]")]),
        (2, [("next highlight", "[")]),
        # Ends at the last highlight (85% in), not at the top: there a run of k changes
        # nothing, and the next frame that came (a status line expiring, 0.9 s later)
        # was counted as the key's.
        (1, [("jump", "g"), ("jump", "G"), ("jump", "b"), ("jump", "[")]),
        (1, [("help", "?"), ("help", "?")]),
        (3, []),  # a search
    ]
    weights = [m[0] for m in moves]
    keys: list[tuple[str, str]] = []
    while len(keys) < count:
        chosen = rng.choices(moves, weights)[0][1]
        if not chosen:
            word = rng.choice(words)
            chosen = [("search", k) for k in ["/", *word, "enter", "n", "n", "N", "escape"]]
        before = len(keys)
        keys.extend(chosen)
        if before // export_every != len(keys) // export_every:
            keys.append(("export", "e"))
    return keys[:count]


@dataclass
class Session:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    no_frame: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    slowest: list[tuple[float, int, str, str]] = field(default_factory=list)
    memory: list[tuple[int, float]] = field(default_factory=list)
    exit_code: int | None = None
    traceback: bool = False
    seconds: float = 0.0
    died_at: int | None = None  # the key after which the app was gone, if it went early
    last_output: str = ""  # what it wrote last, when it went early


def run(
    argv: list[str],
    env: dict[str, str],
    keys: list[tuple[str, str]],
    ready: bytes,
    sample_every: int = 1000,
    quit_keys: tuple[str, ...] = ("escape", "escape", "q", "q", "q"),
) -> Session:
    """Press ``keys`` one after another, each once the previous one's output has settled."""
    session = Session()
    app = PtyApp(argv, env)
    began = time.perf_counter()
    try:
        app.wait_for(ready, timeout=120)
        app.quiet(gap=1.5, timeout=60)  # the layout thread and the sidebar are done
        session.memory.append((0, app.rss_mb()))
        for i, (kind, key) in enumerate(keys, 1):
            took = app.press(key, timeout=NO_FRAME)
            if took is None and app.exit_code(timeout=0.2) is not None:
                session.died_at = i
                break
            if took is None:
                session.no_frame[kind] += 1
            else:
                session.times[kind].append(took)
                session.slowest.append((took, i, kind, key))
            # Let the key's work finish before the next one. After Escape, Textual waits
            # 100 ms for the rest of a sequence: a key sooner would make it Alt+key.
            app.quiet(gap=0.2 if key == "escape" else SETTLE, timeout=10)
            if i % sample_every == 0:
                session.memory.append((i, app.rss_mb()))
        session.seconds = time.perf_counter() - began
        for key in quit_keys:
            if app.exit_code(timeout=0.3) is not None:
                break
            app.press(key, timeout=0.5)
        session.exit_code = app.exit_code(timeout=10)
        session.traceback = b"Traceback" in app.output
        if session.died_at is not None:
            session.last_output = bytes(app.output[-20_000:]).decode("utf-8", "replace")
    finally:
        app.close()
    session.slowest = sorted(session.slowest, reverse=True)[:8]
    return session


def growth(memory: list[tuple[int, float]]) -> float:
    """MB gained over the second half of the session (the first half is warm-up)."""
    half = memory[-1][0] / 2
    start = min((m for m in memory if m[0] >= half), key=lambda m: m[0])
    return memory[-1][1] - start[1]


def figures(values: list[float]) -> dict[str, float]:
    """Median, 99th percentile and slowest, in ms, and how many."""
    ordered = sorted(v * 1000 for v in values)
    if not ordered:
        return {"keys": 0, "median": 0.0, "p99": 0.0, "slowest": 0.0}
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return {
        "keys": len(ordered),
        "median": round(statistics.median(ordered), 2),
        "p99": round(p99, 2),
        "slowest": round(ordered[-1], 2),
    }


def ms(values: list[float]) -> str:
    f = figures(values)
    return f"{f['median']:7.1f} {f['p99']:7.1f} {f['slowest']:8.1f}"


def report(name: str, session: Session) -> None:
    every = [t for ts in session.times.values() for t in ts]
    print(
        f"\n{name}: {sum(map(len, session.times.values()))} keys drawn in {session.seconds:.0f} s"
    )
    print(f"  {'kind':<16}{'keys':>6}{'median':>9}{'p99':>8}{'slowest':>9}  no frame in 1 s")
    for kind in sorted(session.times, key=lambda k: -len(session.times[k])):
        times = session.times[kind]
        print(f"  {kind:<16}{len(times):>6} {ms(times)}  {session.no_frame.get(kind, 0)}")
    print(f"  {'all':<16}{len(every):>6} {ms(every)}  {sum(session.no_frame.values())}")
    print(
        "  slowest keys: "
        + ", ".join(
            f"#{i} {k!r} ({kind}) {t * 1000:.0f} ms" for t, i, kind, k in session.slowest[:5]
        )
    )
    if len(session.memory) > 2:
        marks = "  ".join(f"{i}:{mb:.1f}" for i, mb in session.memory)
        print(f"  RSS MB by keys pressed: {marks}")
        print(f"  growth over the second half: {growth(session.memory):+.1f} MB")
    print(f"  exit code {session.exit_code}, traceback written: {session.traceback}")
    if session.died_at is not None:
        print(f"  FAIL: the app was gone after key #{session.died_at}; it wrote last:")
        print(session.last_output[-4000:].encode("unicode_escape").decode()[-4000:])


def summary(session: Session) -> dict[str, object]:
    every = [t for ts in session.times.values() for t in ts]
    return {
        "kinds": {kind: figures(times) for kind, times in sorted(session.times.items())},
        "all": figures(every),
        "no_frame": dict(session.no_frame),
        "slowest": [
            {"key_number": i, "kind": kind, "key": k, "ms": round(t * 1000, 1)}
            for t, i, kind, k in session.slowest
        ],
        "rss_mb": [[i, round(mb, 2)] for i, mb in session.memory],
        "growth_mb": round(growth(session.memory), 2) if len(session.memory) > 1 else None,
        "seconds": round(session.seconds, 1),
        "exit_code": session.exit_code,
        "traceback": session.traceback,
        "died_at": session.died_at,
    }


def goals(session: Session, max_growth: float) -> list[tuple[str, bool]]:
    """The issue's goals for the edit keys and memory, each PASS or FAIL."""
    found = []
    for kind in EDIT_KINDS:
        f = figures(session.times.get(kind, []))
        if f["keys"]:
            found.append((f"{kind} keys: median {f['median']:.1f} <= 20 ms", f["median"] <= 20))
            found.append((f"{kind} keys: p99 {f['p99']:.1f} <= 60 ms", f["p99"] <= 60))
    if len(session.memory) > 2:
        grew = growth(session.memory)
        found.append((f"second half grew {grew:+.1f} <= {max_growth} MB", grew <= max_growth))
    return found


def compare(old: dict, new: dict) -> None:
    """This run's medians and 99th percentiles beside an earlier run's."""
    print(f"\nagainst {old.get('when', '?')} ({old.get('commit', '?')[:10]}):")
    print(f"  {'kind':<16}{'then median/p99':>18}{'now median/p99':>18}")
    kinds = sorted(set(old["summitreader"]["kinds"]) | set(new["summitreader"]["kinds"]))
    for kind in kinds:
        cells = []
        for run in (old, new):
            f = run["summitreader"]["kinds"].get(kind)
            cells.append(f"{f['median']:.1f} / {f['p99']:.1f}" if f else "-")
        print(f"  {kind:<16}{cells[0]:>18}{cells[1]:>18}")
    for label, run in (("then", old), ("now", new)):
        base = run["baseline"]["all"]
        grew = run["summitreader"]["growth_mb"]
        print(
            f"  {label}: minimal app {base['median']:.1f} / {base['p99']:.1f} ms, "
            f"growth {grew if grew is not None else '-'} MB"
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=20_000)
    parser.add_argument("--highlights", type=int, default=10_000)
    parser.add_argument("--book", type=Path, help="default: War and Peace, benchmarks/data")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline-keys", type=int, default=1000)
    parser.add_argument("--max-growth", type=float, default=2.0)
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--compare", type=Path, help="an earlier run's --json, to compare")
    args = parser.parse_args()
    if args.book is None:
        with war_and_peace_file() as book:
            return soak(args, book)
    return soak(args, args.book)


def _commit() -> str:
    done = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True
    )
    return done.stdout.strip()


def soak(args: argparse.Namespace, book: Path) -> int:
    commit = _commit()  # the code under test: the checkout may move on during a long run
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(tmp)
        minimal = [sys.executable, str(ROOT / "benchmarks" / "minimal_keys.py")]
        plain = [("key", "j")] * args.baseline_keys
        baseline = run(minimal, env, plain, b"no key yet", quit_keys=("q",))
        report("minimal Textual app, redrawing a counter on each key", baseline)

        began = time.perf_counter()
        stored = build_store(Path(env["SUMMITREADER_DB"]), book, args.highlights)
        print(f"\nstore: {stored} highlights written in {time.perf_counter() - began:.1f} s")
        keys = script(args.keys, random.Random(args.seed))
        first = book.read_text(encoding="utf-8").split()[0].encode()
        session = run([str(EXE), str(book)], env, keys, first)
        report(f"summitreader, {book.name}, {stored} highlights", session)

    ok = session.exit_code == 0 and not session.traceback and session.died_at is None
    checks = goals(session, args.max_growth)
    print()
    for name, passed in checks:
        print(f"{'PASS' if passed else 'FAIL'}  {name}")
    results = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "commit": commit,
        "settings": {
            "keys": args.keys,
            "highlights": stored,
            "book": book.name,
            "seed": args.seed,
            "baseline_keys": args.baseline_keys,
        },
        "baseline": summary(baseline),
        "summitreader": summary(session),
        "goals": {name: passed for name, passed in checks},
    }
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    if args.compare:
        compare(json.loads(args.compare.read_text(encoding="utf-8")), results)
    return 0 if ok and all(passed for _, passed in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
