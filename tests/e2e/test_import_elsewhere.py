"""``summitreader import`` of highlights made elsewhere, as a user runs it: a Hypothesis
export and a Kindle's My Clippings.txt into a library, what was placed seen in an export,
what was not listed with why, and a second import that adds nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from summitreader.store.store import Store
from tests.support.cli import EXE, run
from tests.support.corpus import CORPUS, GOMEZ
from tests.support.foreign import (
    CLIPPINGS,
    ESSAY_PAGE,
    ESSAY_URL,
    HYPOTHESIS_EXPORT,
    HYPOTHESIS_JSONLD,
)


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A library holding the sample articles and the essay, read from its page."""
    path = tmp_path / "library" / "store.json"
    assert run("add", str(CORPUS), "--db", str(path)).returncode == 0
    with ESSAY_PAGE.open("rb") as page:
        added = subprocess.run(
            [str(EXE), "add", "-", "--url", ESSAY_URL, "--db", str(path)],
            stdin=page,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert added.returncode == 0, added.stderr
    return path


def test_a_hypothesis_export_is_placed_reported_and_not_added_twice(db):
    out = run("import", str(HYPOTHESIS_EXPORT), "--db", str(db))
    assert out.returncode == 0, out.stderr
    assert f"{HYPOTHESIS_EXPORT}: 4 added, 0 skipped (already there), 4 not placed" in out.stdout
    listed = out.stdout.split("not placed:\n", 1)[1].splitlines()
    assert len(listed) == 4
    assert any("“Read this again in the spring.” — a page note" in line for line in listed)
    assert any(
        line.startswith("  https://news.example.com/2024/03/another-story/ — “This story")
        and line.endswith(
            "the page is not in your library: add it with "
            "`summitreader add https://news.example.com/2024/03/another-story/`"
        )
        for line in listed
    )
    assert "'to read!' has characters a #hashtag cannot hold" in out.stderr
    assert "Traceback" not in out.stderr
    exported = run("export", "--db", str(db))
    assert "> is a promise to return" in exported.stdout
    assert "#slow-reading #attention" in exported.stdout
    again = run("import", str(HYPOTHESIS_EXPORT), "--db", str(db))
    assert "0 added, 4 skipped (already there), 4 not placed" in again.stdout
    assert run("export", "--db", str(db)).stdout == exported.stdout


def test_json_ld_is_told_from_content_and_placed(db):
    out = run("import", str(HYPOTHESIS_JSONLD), "--db", str(db))
    assert out.returncode == 0 and "1 added, 0 skipped (already there), 0 not placed" in out.stdout
    assert "not placed:" not in out.stdout


def test_kindle_clippings_are_placed_by_title_and_the_rest_is_reported(db):
    out = run("import", str(CLIPPINGS), "--db", str(db))
    assert out.returncode == 0, out.stderr
    assert (
        f"{CLIPPINGS}: 7 added, 0 skipped (already there), 5 not placed, "
        "1 left out (bookmarks), 1 merged (a highlight extended later)"
    ) in out.stdout
    listed = out.stdout.split("not placed:\n", 1)[1]
    assert (
        "  Dune (Herbert, Frank) — “I must not fear. Fear is the mind-killer.” — "
        "no document in the library is titled 'Dune'\n"
    ) in listed
    assert "“Check the Cato follow-up.” — a note at location 400, where no highlight is" in listed
    exported = run("export", str(GOMEZ), "--db", str(db)).stdout
    assert "> Trump's primary goal for the second summit" in exported
    assert "Small steps, as in the inter-Korean talks." in exported
    again = run("import", str(CLIPPINGS), "--db", str(db))
    assert "0 added, 7 skipped (already there), 5 not placed" in again.stdout


def test_a_named_book_not_yet_in_the_library_receives_its_clippings_and_joins_it(tmp_path):
    book = tmp_path / "oak.md"
    book.write_text("# The Oak\n\nEvery ring is a year the tree survived.\n", encoding="utf-8")
    clippings = tmp_path / "My Clippings.txt"
    clippings.write_text(
        "The Oak (Ana Wood)\r\n- Your Highlight on Location 3-4 | Added on Monday, 1 January "
        "2024 12:00:00\r\n\r\na year the tree survived\r\n==========\r\n",
        encoding="utf-8",
    )
    db = tmp_path / "db" / "store.json"
    out = run("import", str(clippings), str(book), "--db", str(db))
    assert "1 added" in out.stdout, out.stdout + out.stderr
    listed = run("list", "--db", str(db)).stdout
    assert "The Oak" in listed and "1 highlight" in listed


def test_the_format_can_be_named_and_a_wrong_one_imports_nothing(db):
    before = files_of(db.parent)
    out = run("import", str(HYPOTHESIS_EXPORT), "--format", "kindle", "--db", str(db))
    assert out.returncode == 1 and out.stderr.count("\n") == 1
    assert "entry 1 (line 2)" in out.stderr and "nothing was imported" in out.stderr
    assert files_of(db.parent) == before
    forced = run("import", str(HYPOTHESIS_JSONLD), "--format", "hypothesis", "--db", str(db))
    assert "1 added" in forced.stdout


def test_our_own_export_named_as_hypothesis_is_placed_by_its_hash(db, tmp_path):
    run("annotate", str(GOMEZ), "--quote", "Kim's charm offensive is working.", "--db", str(db))
    own = tmp_path / "own.json"
    own.write_text(run("export", "--format", "w3c", "--db", str(db)).stdout, encoding="utf-8")
    fresh = tmp_path / "fresh" / "store.json"
    run("add", str(CORPUS), "--db", str(fresh))
    out = run("import", str(own), "--format", "hypothesis", "--db", str(fresh))
    assert "1 added, 0 skipped (already there), 0 not placed" in out.stdout, out.stderr
    again = run("import", str(own), "--db", str(fresh))  # auto: our own W3C, same highlight
    assert "0 added, 1 skipped" in again.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Just some prose.\n", "neither annotation JSON nor a Kindle My Clippings.txt"),
        ("Book (A)\nno header here\n\nwords\n==========\n", "entry 1 (line 2)"),
        ('{"annotations": [{"uri": "https://x"}]}', "annotation 1 has no target"),
        ("", "the file is empty"),
    ],
)
def test_a_bad_file_is_one_line_exit_1_and_nothing_written(db, tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_text(content, encoding="utf-8")
    before = files_of(db.parent)
    out = run("import", str(bad), "--db", str(db))
    assert out.returncode == 1 and message in out.stderr and "nothing was imported" in out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert files_of(db.parent) == before


def test_the_usage_says_what_import_takes():
    usage = run("--help").stdout
    assert "summitreader import FILE [PATH ...]" in usage
    own = run("import", "--help").stdout
    assert "--format {auto,w3c,hypothesis,kindle}" in own and "My Clippings.txt" in own


def test_nothing_is_stored_for_a_page_the_library_does_not_hold(tmp_path):
    db = tmp_path / "empty" / "store.json"
    page = {
        "uri": ESSAY_URL,
        "target": [
            {
                "source": ESSAY_URL,
                "selector": [{"type": "TextQuoteSelector", "exact": "A pencil"}],
            }
        ],
    }
    file = tmp_path / "one.json"
    file.write_text(json.dumps(page), encoding="utf-8")
    out = run("import", str(file), "--db", str(db))
    assert out.returncode == 0 and "0 added, 0 skipped (already there), 1 not placed" in out.stdout
    assert list(Store(db).all_annotations()) == []
