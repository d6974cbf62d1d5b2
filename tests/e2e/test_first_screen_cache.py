"""A long Markdown text opened again draws its first screen from the blocks kept beside the
store; after an edit on disk, the installed command in tmux shows the new text, not the
kept one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from summitreader.text.reading_view import QUOTE_BAR
from tests.support.terminal import Terminal, env_for

if shutil.which("tmux") is None:
    pytest.skip("tmux is not installed", allow_module_level=True)

SECTION = """## Section {n}

A paragraph of ordinary words about section {n}, long enough to wrap on a narrow screen.

```python
value_{n} = {n}
```

"""


def book(first: str) -> str:
    """Over 100 KB, so the first screen is drawn from the first chunk alone."""
    return f"# {first}\n\nThe opening paragraph.\n\n" + "".join(
        SECTION.format(n=n) for n in range(1500)
    )


def open_and_quit(term: Terminal, path: Path, env: dict[str, str], shown: str) -> str:
    term.start(str(path), env=env)
    screen = term.wait_for(shown)
    term.keys("C-q")
    term.wait_for("EXIT=0")
    return screen


def test_an_edited_first_screen_is_not_drawn_from_the_kept_blocks(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    text = tmp_path / "long.md"
    text.write_text(book("Alpha heading"), encoding="utf-8")
    kept = tmp_path / "store.first-screens"

    first = Terminal()
    try:
        open_and_quit(first, text, env, "Alpha heading")
    finally:
        first.close()
    assert len(list(kept.glob("*.blocks"))) == 1

    again = Terminal()
    try:
        open_and_quit(again, text, env, "Alpha heading")  # drawn from the kept blocks
    finally:
        again.close()
    assert len(list(kept.glob("*.blocks"))) == 1

    # The same length, the same first chunk's end: only its characters changed.
    text.write_text(book("Omega heading").replace("# Omega", "> Omega", 1), encoding="utf-8")
    edited = Terminal()
    try:
        screen = open_and_quit(edited, text, env, "Omega heading")
    finally:
        edited.close()
    assert "Alpha" not in screen
    assert f"{QUOTE_BAR}Omega heading" in screen  # now a quote
    assert len(list(kept.glob("*.blocks"))) == 2
