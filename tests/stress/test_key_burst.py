"""Key bursts on a real terminal: thousands of keys, sent as fast as the pty takes them,
with resizes in between. After each burst a probe asks three things: does the app answer
within a second, is no dialog left that ignores Escape, and does the reader show the
highlights the store holds?"""

from __future__ import annotations

import os
import random
import re
import shutil
import time
from pathlib import Path

import pytest

from summitreader.sources.text import load_source
from summitreader.store.store import Store
from tests.support.corpus import GOMEZ
from tests.support.terminal import Terminal, env_for

if shutil.which("tmux") is None:
    if os.environ.get("CI"):
        raise RuntimeError("tmux is required for the end-to-end tests in CI")
    pytest.skip("tmux is not installed", allow_module_level=True)

# Reading, moving, selecting and every edit key; `\` hides and shows the sidebar.
SINGLE = [
    *"jk}{)(h1235ux][bgGwvWS\\mnNy",
    *("C-r", "Space", "Home", "End"),
]
# Keys that open a field, each followed by what a person types into it and how they leave.
# The words use only letters the reader leaves alone, so text that lands on the reader
# (when the key found no passage to act on) cannot leave it; Escape is the probe's.
TYPED = [
    ("t", "crimp", "Enter"),
    ("a", "fir drip cliff", "C-s"),
    ("/", "Korea", "Enter"),
    ("t", "lid/fizz", "Enter"),
]
SIZES = [(120, 40), (80, 24), (61, 30), (150, 45), (100, 20), (44, 16)]
DIALOGS = ("This passage overlaps", "Tag (Enter", "Note (ctrl+s", "Export to Markdown")
HIGHLIGHTS = re.compile(r"(\d+) highlights?\b")


def burst(rng: random.Random, size: int) -> list[tuple[str, bool]]:
    """``size`` keys, as (key, literal) pairs for tmux send-keys."""
    keys: list[tuple[str, bool]] = []
    while len(keys) < size:
        if rng.random() < 0.06:
            opener, text, close = rng.choice(TYPED)
            keys += [(opener, False), (text, True), (close, False)]
        else:
            keys.append((rng.choice(SINGLE), False))
    return keys


def stored_count(db: str, article: Path) -> int:
    store = Store(db)
    try:
        return len(store.for_source(load_source(article)))
    finally:
        store.close()


def settle(term: Terminal, gap: float = 0.6, timeout: float = 20.0) -> str:
    """The screen once it has stopped changing for ``gap`` seconds."""
    deadline = time.monotonic() + timeout
    last, since = term.screen(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = term.screen()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= gap:
            return now
    raise AssertionError(f"the screen never settled; last:\n{last}")


def answers(term: Terminal, key: str, check, within: float = 1.0) -> str:
    """Press ``key``; the screen must pass ``check`` within ``within`` seconds."""
    term.keys(key, delay=0)
    deadline = time.monotonic() + within
    while True:
        screen = term.screen()
        if check(screen):
            return screen
        if time.monotonic() > deadline:
            raise AssertionError(f"no answer to {key!r} within {within} s; screen:\n{screen}")
        time.sleep(0.03)


def probe(term: Terminal, db: str, article: Path, label: str) -> int:
    screen = settle(term)
    for _ in range(4):  # an open dialog must close on Escape, at once
        if not any(d in screen for d in DIALOGS):
            break
        shown = next(d for d in DIALOGS if d in screen)
        screen = answers(term, "Escape", lambda s, d=shown: d not in s)
        screen = settle(term, gap=0.3)
    assert not any(d in screen for d in DIALOGS), f"{label}: a dialog is stuck\n{screen}"
    assert "Library" not in screen.splitlines()[1], f"{label}: the reader was left\n{screen}"
    # The app answers: S flips the sidebar's order and says so on the status line.
    screen = answers(term, "S", lambda s: "Sidebar: " in s)
    if "Highlights (" not in screen:  # hidden with \\ (or under a toast): bring it back
        term.keys("\\", delay=0)
    held = stored_count(db, article)
    # Toasts (a refused tag, say) may cover the sidebar and the status line's end for a
    # few seconds; the counts must be there, and right, once they are gone.
    screen = term.wait_for(
        lambda s: "Highlights (" in s and HIGHLIGHTS.search(s.splitlines()[-2]), timeout=20
    )
    sidebar = re.search(r"Highlights \((\d+)", screen)
    status = HIGHLIGHTS.search(screen.splitlines()[-2])
    assert sidebar is not None and status is not None
    assert int(sidebar.group(1)) == held, f"{label}: sidebar {sidebar.group(1)}, store {held}"
    assert int(status.group(1)) == held, f"{label}: status {status.group(1)}, store {held}"
    return held


@pytest.mark.parametrize("seed", [14, 2026])
def test_key_bursts_never_trap_the_reader_or_lose_count(tmp_path, seed):
    article = tmp_path / "gomez.txt"
    shutil.copy(GOMEZ, article)
    env = env_for(tmp_path)
    rng = random.Random(seed)
    term = Terminal()
    try:
        term.start(str(article), env=env)
        term.wait_for("Highlights (0)")
        sent = 0
        for n in range(12):
            width, height = SIZES[n % len(SIZES)]
            keys = burst(rng, 180)
            half = len(keys) // 2
            term.send(keys[:half])
            term.resize(width, height)
            term.send(keys[half:])
            sent += len(keys)
            term.resize(120, 40)  # the probe reads the sidebar and the whole status line
            probe(term, env["SUMMITREADER_DB"], article, f"seed {seed}, burst {n}")
        assert sent >= 2000
        assert stored_count(env["SUMMITREADER_DB"], article) > 0  # the bursts did edit
    finally:
        term.close()
