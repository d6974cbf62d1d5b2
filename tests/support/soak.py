"""A soak session on a pseudo-terminal: a store of many highlights, a script of reading,
tagging, searching and exporting keys, and what the app did with each key.

``benchmarks/soak.py`` runs the same kind of session, longer and timed; the two do not
import each other (tests/unit/test_test_suite_hygiene.py), so this is the tests' own copy
of the parts the short soak needs."""

from __future__ import annotations

import random
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from summitreader.annotations.model import new_record
from summitreader.sources.text import load_source
from summitreader.store.store import Store
from summitreader.text.document import Document
from tests.support.pty_app import PtyApp

TAGS = ["key-point", "evidence", "question", "method"]
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
    count: int, rng: random.Random, words: list[str], export_every: int
) -> list[tuple[str, str]]:
    """(kind, key) pairs: mostly reading, with tagging, highlighting, a note now and then,
    searching for ``words``, jumping between highlights and the help, and an export now
    and then. Every edit is undone, so the store ends as it began. The ``}`` before an
    edit is a reading key; the edit keys are kinds of their own."""
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
        # ends at the last highlight, not at the top, where a run of k changes nothing
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


def results(session: Session) -> dict[str, object]:
    """The session as JSON can hold it (benchmarks/soak.py writes the same shape)."""
    return {
        "kinds": {kind: figures(times) for kind, times in sorted(session.times.items())},
        "no_frame": dict(session.no_frame),
        "rss_mb": [[i, round(mb, 2)] for i, mb in session.memory],
        "exit_code": session.exit_code,
        "traceback": session.traceback,
        "died_at": session.died_at,
    }


@dataclass
class Session:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    no_frame: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    memory: list[tuple[int, float]] = field(default_factory=list)  # (keys pressed, RSS MB)
    exit_code: int | None = None
    traceback: bool = False
    died_at: int | None = None  # the key after which the app was gone, if it went early


def run_session(
    argv: list[str],
    env: dict[str, str],
    keys: list[tuple[str, str]],
    ready: bytes,
    sample_every: int,
) -> Session:
    """Press ``keys`` one after another, each once the previous one's output has settled;
    then quit, and note how the app ended."""
    session = Session()
    app = PtyApp(argv, env)
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
            # Let the key's work finish before the next one. After Escape, Textual waits
            # 100 ms for the rest of a sequence: a key sooner would make it Alt+key.
            app.quiet(gap=0.2 if key == "escape" else SETTLE, timeout=10)
            if i % sample_every == 0:
                session.memory.append((i, app.rss_mb()))
        for key in ("escape", "escape", "q", "q", "q"):
            if app.exit_code(timeout=0.3) is not None:
                break
            app.press(key, timeout=0.5)
        session.exit_code = app.exit_code(timeout=10)
        session.traceback = b"Traceback" in app.output
    finally:
        app.close()
    return session
