"""A small document and its highlights, built in memory, for the tests of exports updated
in place: each step of a test changes the highlights or the file, then exports again."""

from __future__ import annotations

import hashlib
from pathlib import Path

from summitreader.annotations.anchoring import selectors
from summitreader.export.selection import DocumentHighlights
from summitreader.sources.text import Source
from summitreader.text.document import Document

PARAGRAPHS = [f"Paragraph {n} says something worth keeping, number {n}." for n in range(12)]


def document(title: str = "Meeting notes", name: str = "doc.txt", body: str = "") -> Document:
    """A text with a title line, a byline and twelve paragraphs (or ``body``)."""
    text = f"{title}\n\nby Ada Writer\n\n" + (body or "\n\n".join(PARAGRAPHS)) + "\n"
    sha = hashlib.sha256(text.encode()).hexdigest()
    return Document(Source(Path(f"/notes/{name}"), sha, text, "utf-8", len(text)))


def highlight(doc: Document, n: int, tags: list[str] | None = None, note: str = "") -> dict:
    """A highlight of paragraph ``n`` with an id of its own (so its block key is stable)."""
    exact = PARAGRAPHS[n]
    start = doc.source.text.index(exact)
    quote, position = selectors(doc.source.text, start, start + len(exact))
    return {
        "id": f"{n:08x}-0000-4000-8000-{n:012x}",
        "source_id": doc.source.sha256,
        "quote": quote,
        "position": position,
        "tags": list(tags or []),
        "note": note,
        "created": f"2026-01-01T00:00:{n:02d}.000Z",
        "modified": f"2026-01-01T00:00:{n:02d}.000Z",
        "anchor": "anchored",
    }


def item(doc: Document, records: dict[int, dict]) -> DocumentHighlights:
    return DocumentHighlights(doc, [records[n] for n in sorted(records)])
