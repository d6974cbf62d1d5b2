"""How a highlight's quote reads in a list or a dialog: as the reader showed it, with
Markdown's marks and link addresses hidden and hard-wrapped lines joined."""

from __future__ import annotations

from summitreader.annotations.model import Record
from summitreader.text.document import Document


def shown_words(document: Document, start: int, end: int) -> str:
    """The words of [start, end) as the reader shows them (its source where none show)."""
    return document.view.shown_text(start, end) or document.source.text[start:end]


def shown_quote(document: Document, record: Record) -> str:
    """A highlight's words as the reader shows them; an orphan's as they were."""
    if record.get("anchor") == "orphaned":
        return record["quote"]["exact"]
    return shown_words(document, record["position"]["start"], record["position"]["end"])
