"""Typing at full speed into every field of the app: whatever was typed before the key
that saves it is what the store holds. Keys go through tmux to the app's pty with no
pause between the key that opens a field, the text, and the key that saves it."""

from __future__ import annotations

import os
import random
import shutil
import string
import time
from pathlib import Path

import pytest

from summitreader.sources.text import load_source
from summitreader.store.store import Store
from tests.support.terminal import Terminal, env_for

if shutil.which("tmux") is None:
    if os.environ.get("CI"):
        raise RuntimeError("tmux is required for the end-to-end tests in CI")
    pytest.skip("tmux is not installed", allow_module_level=True)

NOTES = 200
TAGS = 60
# What people put in notes: words, numbers, links with _ and ?, accents, punctuation.
ALPHABET = string.ascii_letters + string.digits + " .,;:!?'\"()-_/&=%#@éüñ"


def article(tmp: Path, paragraphs: int) -> Path:
    path = tmp / "many.txt"
    body = "\n\n".join(
        f"Paragraph {n} says one plain thing about topic {n}, and then stops."
        for n in range(1, 1 + paragraphs)
    )
    path.write_text("# Many paragraphs\n\n" + body + "\n", encoding="utf-8")
    return path


def note_text(rng: random.Random) -> str:
    words = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(20, 70))).strip()
    return f"{words} and https://example.com/a_b?q={rng.randint(0, 999)}&x=1"


def records(db: str, path: Path) -> list[dict]:
    store = Store(db)
    try:
        found = store.for_source(load_source(path))
    finally:
        store.close()
    return sorted(found, key=lambda r: r["position"]["start"])


def wait_for_count(db: str, path: Path, field: str, count: int, timeout: float = 60.0) -> list:
    """The highlights once ``count`` of them have their ``field`` written: a highlight made
    by its tag or note is stored first, then given it (two writes)."""
    deadline = time.monotonic() + timeout
    while True:
        found = records(db, path)
        if sum(1 for r in found if r[field]) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_every_note_typed_at_full_speed_is_saved_whole(tmp_path):
    path = article(tmp_path, NOTES + 5)
    env = env_for(tmp_path)
    rng = random.Random(20261130)
    typed = [note_text(rng) for _ in range(NOTES)]
    term = Terminal()
    try:
        term.start(str(path), env=env)
        term.wait_for("Highlights (0)")
        term.keys("}", delay=0.3)  # the cursor on the title's paragraph, then the first
        for text in typed:
            term.send([("}", False), ("a", False), (text, True), ("C-s", False)])
        found = wait_for_count(env["SUMMITREADER_DB"], path, "note", NOTES)
    finally:
        term.close()
    notes = [r["note"] for r in found if r["note"]]
    wrong = next((i for i, (a, b) in enumerate(zip(notes, typed, strict=False)) if a != b), None)
    assert wrong is None and len(notes) == NOTES, (
        f"{len(notes)} notes saved of {NOTES}; the first that differs, #{wrong}: "
        f"{notes[wrong] if wrong is not None else ''!r} was typed as "
        f"{typed[wrong] if wrong is not None else ''!r}"
    )


def test_every_tag_typed_at_full_speed_is_applied_whole(tmp_path):
    path = article(tmp_path, TAGS + 5)
    env = env_for(tmp_path)
    rng = random.Random(7)
    typed = [
        "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 14)))
        + f"/part-{n}"
        for n in range(TAGS)
    ]
    term = Terminal()
    try:
        term.start(str(path), env=env)
        term.wait_for("Highlights (0)")
        term.keys("}", delay=0.3)
        for tag in typed:
            term.send([("}", False), ("t", False), (tag, True), ("Enter", False)])
        found = wait_for_count(env["SUMMITREADER_DB"], path, "tags", TAGS)
        # and the search field: the query the status line shows is the one typed
        query = "topic 3"
        term.send([("/", False), (query, True), ("Enter", False)])
        screen = term.wait_for(lambda s: "/topic" in s.splitlines()[-2])
    finally:
        term.close()
    assert [r["tags"] for r in found] == [[t] for t in typed]
    assert f"/{query} " in screen.splitlines()[-2]
