"""A W3C file of highlights on an EPUB, imported on another machine with the book named:
the book is made text as opening it makes it, and the highlights are placed on it."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import run
from tests.support.epub_maker import Chapter, make_epub

WORDS = "Distances were measured in paces along the old road to the river."


def test_an_import_names_an_epub_and_places_its_highlights_on_it(tmp_path: Path) -> None:
    """Before: "book.epub: not a text file: binary file", and the highlight waited for its
    text until the book was added by hand."""
    book = tmp_path / "book.epub"
    book.write_bytes(
        make_epub(
            [
                Chapter("The Start", ["It began in the valley.", WORDS]),
                Chapter("The End", ["Done."]),
            ],
            title="The Heron Valley",
        )
    )
    first, second = str(tmp_path / "a" / "store.json"), str(tmp_path / "b" / "store.json")
    made = run(
        "annotate", str(book), "--quote", "measured in paces", "--tag", "alpha", "--db", first
    )
    assert made.returncode == 0, made.stderr
    shared = tmp_path / "shared.json"
    out = run("export", "--format", "w3c", "-o", str(shared), "--db", first)
    assert out.returncode == 0, out.stderr

    out = run("import", str(shared), str(book), "--db", second)
    assert out.returncode == 0, out.stderr
    assert "1 added" in out.stdout and "waiting" not in out.stdout, out.stdout
    assert "Traceback" not in out.stderr and "not a text file" not in out.stderr
    found = run("search", "#alpha", "--db", second)
    assert found.returncode == 0 and "measured in paces" in found.stdout, found.stdout
    listed = run("list", "--db", second)
    assert "The Heron Valley" in listed.stdout, listed.stdout
