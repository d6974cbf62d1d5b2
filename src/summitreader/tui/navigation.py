"""Where a screen asks to go: it posts one of these, and the app moves between screens.
No screen reaches up into the app to navigate."""

from __future__ import annotations

from textual.message import Message

from summitreader.annotations.model import Record
from summitreader.text.document import Document


class OpenDocument(Message):
    """Read ``document``; with ``at`` (a highlight's id), at that highlight. With
    ``reattach`` (a highlight, and the offset where its words were), to choose the words
    it should be on now."""

    def __init__(
        self,
        document: Document,
        at: str | None = None,
        *,
        reattach: tuple[Record, int] | None = None,
    ) -> None:
        super().__init__()
        self.document = document
        self.at = at
        self.reattach = reattach


class OpenEntry(Message):
    """Read the library's document with this id (loaded from its file, or its copy)."""

    def __init__(self, entry_id: str) -> None:
        super().__init__()
        self.entry_id = entry_id


class CloseDocument(Message):
    """Back from the reader to the library."""


class LibraryChanged(Message):
    """A text was recorded after its library was shown (its record is written once its
    first screen is up): a library on screen lists it now."""
