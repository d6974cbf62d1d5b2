"""A short soak, end to end: the installed summitreader on a pseudo-terminal, 1,000 keys of
reading, tagging, searching and exporting against 2,000 highlights. Memory levels off, the
app quits cleanly, and nothing is lost. ``benchmarks/soak.py`` is the long version, with
the timings; speed is not asserted here."""

from __future__ import annotations

import random
from pathlib import Path

from summitreader.store.store import Store
from tests.support.books import long_book
from tests.support.cli import EXE
from tests.support.soak import build_store, run_session, script

HIGHLIGHTS = 2000
KEYS = 1000
SAMPLE = 100


def test_a_thousand_keys_against_two_thousand_highlights(tmp_path: Path) -> None:
    book = long_book(tmp_path, paragraphs=3000)
    db = tmp_path / "soak-store.json"
    assert build_store(db, book, HIGHLIGHTS) == HIGHLIGHTS
    env = {
        "SUMMITREADER_DB": str(db),
        "SUMMITREADER_CONFIG": str(tmp_path / "none.toml"),
        "HOME": str(tmp_path / "home"),
    }
    keys = script(
        KEYS, random.Random(3), words=["Paragraph 12", "ending", "wrap"], export_every=400
    )
    session = run_session([str(EXE), str(book)], env, keys, b"Long", sample_every=SAMPLE)

    assert session.exit_code == 0 and not session.traceback
    drawn = sum(len(t) for t in session.times.values())
    assert drawn >= KEYS * 0.95, dict(session.no_frame)  # the keys reached the screen
    # Memory levels off: the caches fill in the first half, and the second half (as many
    # keys of the same mix) may add little. A leak of a reader, or of a list of every
    # highlight per edit, adds tens of MB here.
    rss = dict(session.memory)
    assert rss[KEYS] - rss[KEYS // 2] < 4.0, " ".join(f"{i}:{mb:.1f}" for i, mb in session.memory)

    with Store(str(db)) as store:  # every edit was undone: the store is as it began
        records = list(store.all_annotations())
    assert len(records) == HIGHLIGHTS
    assert all(r["tags"] and len(r["tags"]) == 1 for r in records)
    [export] = (tmp_path / "home").rglob("*.md")
    assert export.read_text(encoding="utf-8").count("\n> ") >= HIGHLIGHTS
