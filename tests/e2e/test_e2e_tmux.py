"""End to end: the installed command in tmux, a temporary store, real keys, the exported file."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess

import pytest
import yaml

from summitreader.store.store import Store
from tests.support.corpus import EXAMPLES, GOMEZ
from tests.support.terminal import EXE, Terminal, env_for

if shutil.which("tmux") is None:
    if os.environ.get("CI"):
        raise RuntimeError("tmux is required for the end-to-end tests in CI")
    pytest.skip("tmux is not installed", allow_module_level=True)


def status(screen: str) -> str:
    return screen.splitlines()[-2]


def test_tag_note_export_quit_and_reopen(term, tmp_path):
    assert EXE.exists()
    source_hash = hashlib.sha256(GOMEZ.read_bytes()).hexdigest()
    env = env_for(tmp_path)
    term.start(str(GOMEZ), env=env)
    term.wait_for("Highlights (0)")
    for _ in range(20):
        if "¶10/13" in status(term.screen()):
            break
        term.keys("}")
    screen = term.wait_for(lambda s: "¶10/13" in status(s))
    assert "Examples of narrowly-focused demands" in screen

    term.keys("1")
    term.wait_for("#key-point")
    term.keys("t")
    term.wait_for("Tag (Enter")
    term.type("reciprocity")
    term.keys("Enter")
    term.wait_for("#reciprocity")
    term.keys("a")
    term.wait_for("Note (ctrl+s")
    term.type("Offer sanctions relief for a verified freeze.")
    term.keys("C-s")
    term.wait_for("✎ Offer sanctions relief")
    exported = term.export_and_quit()
    md = exported.read_text(encoding="utf-8")
    front = yaml.safe_load(md.split("---\n")[1])
    assert front["title"] == "The Second Trump-Kim Summit: The Devil Is in the Details"
    assert front["author"] == "Eric Gomez" and str(front["date"]) == "2019-01-23"
    assert front["tags"] == ["key-point", "reciprocity"] and front["highlights"] == 1
    quotes = [line[2:] for line in md.splitlines() if line.startswith("> ")]
    assert quotes == [EXAMPLES]
    assert re.search(r"^#key-point #reciprocity · ¶10, line 23$", md, re.M)
    assert re.search(r"\n\n\^[0-9a-f]{8}\n\n#key-point", md)  # the id after the quote
    assert "Offer sanctions relief for a verified freeze." in md
    assert hashlib.sha256(GOMEZ.read_bytes()).hexdigest() == source_hash

    term.close()
    again = Terminal()
    try:
        again.start(str(GOMEZ), env=env)
        screen = again.wait_for("Highlights (1)")
        assert "¶10/13" in status(screen)
        assert "#reciprocity" in screen
    finally:
        again.close()


def test_every_highlight_screen_lists_them_and_answers_a_query(term, tmp_path):
    """``H`` in a real terminal: its list, not a spinner left over it (the screen's own
    ``loading`` flag was Textual's, and a race could leave its indicator up for good)."""
    term.start(str(GOMEZ), env=env_for(tmp_path))
    term.wait_for("Highlights (0)")
    term.keys("}", "}", "1")
    term.wait_for("#key-point")
    term.keys("H")
    screen = term.wait_for(lambda s: "1 highlight in 1 document " in s and "Where" in s)
    assert "●" not in screen
    term.type("#key-point")
    screen = term.wait_for(lambda s: "¶" in s.split("Where", 1)[1])
    assert "key-point" in screen.split("Where", 1)[1]
    term.keys("Escape")  # the query first, as a search field does
    term.wait_for("words, #tags")
    term.keys("Escape")
    term.wait_for("Highlights (1)")


def test_no_arguments_opens_the_bundled_corpus_library(term, tmp_path):
    env = env_for(tmp_path)
    term.start(env=env)
    screen = term.wait_for("Emily B. Landau and Shimon Stein")
    assert "How to Prepare for a Third U.S.-North Korea Summit" in screen
    assert "The Second Trump-Kim Summit: The Devil Is in the Details" in screen
    assert "2019-05-02" in screen and "2019-01-23" in screen
    term.keys("q")
    term.wait_for("EXIT=0")


def test_edited_article_reopens_with_highlights_on_the_right_words(term, tmp_path):
    """The issue's walk-through: annotate, add a paragraph on top, fix a word inside one
    highlight, delete another highlighted sentence; reopen in the real app."""
    env = env_for(tmp_path)
    article = tmp_path / "article.txt"
    shutil.copy(GOMEZ, article)
    quotes = {
        "fixed": "most likely in Vietnam",
        "moved": "The Trump administration should take these concerns to heart.",
        "gone": "It was folly to expect Trump and Kim to reverse course entirely",
    }
    for tag, quote in quotes.items():
        done = subprocess.run(
            [str(EXE), "annotate", str(article), "--quote", quote, "--tag", tag],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
    text = article.read_text(encoding="utf-8")
    text = "An editor's note, added later.\n\n" + text
    text = text.replace("most likely in Vietnam", "most likely in Viet Nam")
    article.write_text(text.replace(quotes["gone"], ""), encoding="utf-8")

    term.start(str(article), env=env)
    screen = term.wait_for("Highlights (3)")
    assert "≈ most likely in Viet Nam" in screen  # fuzzy, on the corrected words
    assert "orphaned It was folly" in screen
    term.keys("q")
    out = subprocess.run(
        [str(EXE), "check", str(article)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    # the one only moved down by the note has the same words around it: anchored
    assert "1 anchored, 0 moved, 1 fuzzy, 1 orphaned" in out.stdout


def test_a_three_megabyte_book_search_highlight_jump_to_the_end_and_back(term, tmp_path):
    """The issue's walk-through on a generated book the size of War and Peace."""
    chapter = GOMEZ.read_text(encoding="utf-8")
    parts = []
    for n in range(1, 601):
        extra = " Here the quiet amber lantern\nburned all night." if n == 300 else ""
        parts.append(f"# Chapter {n}\n\n{chapter}{extra}\n\nThe end of chapter {n}.\n")
    book = tmp_path / "book.txt"
    book.write_text("\n".join(parts), encoding="utf-8")
    assert book.stat().st_size > 3_000_000
    env = env_for(tmp_path)
    term.start(str(book), env=env)
    term.wait_for("Chapter 1", timeout=30)
    # The whole book is measured once the status gives a paragraph count.
    term.wait_for(lambda s: "%" in status(s) and "measuring" not in status(s), timeout=60)
    term.keys("/")
    term.type("quiet amber lantern burned")  # across the hard line break
    screen = term.wait_for(lambda s: "lantern bur" in status(s) and "1/1" in status(s))
    assert "lantern" in screen
    term.keys("Enter", "h")
    term.wait_for("Highlighted")
    term.keys("G")
    term.wait_for("The end of chapter 600.")
    term.keys("]")  # the next highlight, wrapping round to the one we made
    screen = term.wait_for("quiet amber lantern")
    assert "The end of chapter 600." not in screen
    term.keys("Escape", "q", "q")  # escape ends the search; q to the library, q quits
    term.wait_for("EXIT=0")
    store = Store(env["SUMMITREADER_DB"])
    try:
        [record] = store.all_annotations()
    finally:
        store.close()
    assert record["quote"]["exact"] == "quiet amber lantern\nburned"


def test_a_first_run_opening_a_file_gets_the_samples_after_its_first_screen(term, tmp_path):
    """The samples are read and written after the text's first frame, not before it; the
    library still holds them beside the file opened, and a second run adds none again."""
    own = tmp_path / "mine.txt"
    own.write_text("Mine Alone\n\nA paragraph of my own text.\n", encoding="utf-8")
    env = env_for(tmp_path)
    term.start(str(own), env=env)
    term.wait_for("A paragraph of my own text.")
    term.keys("q")  # back: to the library, built now
    # the reader's own status line says "Mine Alone" too: wait for a sample's row
    screen = term.wait_for("The Second Trump-Kim Summit")
    assert "Mine Alone" in screen
    term.keys("C-q")
    listed = subprocess.run(
        [str(EXE), "list"], capture_output=True, text=True, env={**os.environ, **env}
    ).stdout
    assert listed.count("Eric Gomez") == 1 and "Mine Alone" in listed
