"""Long texts made on the spot, so no test needs a real book beside the checkout."""

from __future__ import annotations

from pathlib import Path


def long_book(tmp_path: Path, paragraphs: int = 3000) -> Path:
    """``book.txt``: a title line, then ``paragraphs`` numbered paragraphs, each one long
    enough to wrap on an 80-column measure and ending in its own number."""
    path = tmp_path / "book.txt"
    body = "\n\n".join(
        f"Paragraph {n} of the book, with words enough to wrap at least once on a reading "
        f"measure of eighty columns, and an ending that says {n}."
        for n in range(1, paragraphs + 1)
    )
    path.write_text("A Long Book\n\n" + body + "\n", encoding="utf-8")
    return path
