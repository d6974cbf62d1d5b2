"""The reader's marks: a colour per highlight from its tags, and the marks of the page
kept by highlight id, changed edit by edit as the annotator reports them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from summitreader.layout.row_paint import Mark
from summitreader.settings.config import DEFAULT_HIGHLIGHT

if TYPE_CHECKING:
    from summitreader.annotations.model import Record
    from summitreader.library.editing import Annotator
    from summitreader.settings.config import Config


class HighlightMarks(Screen[None]):
    """Mixed into ReaderScreen."""

    if TYPE_CHECKING:
        config: Config
        annotator: Annotator
        _mark_of: dict[str, Mark]
        _marks_revision: int
        _marks_for: Annotator | None
        _tag_colors: dict[tuple[str, ...], str]

    def _color(self, record: Record) -> str:
        for tag in record.get("tags", []):
            if color := self.config.color_of(tag):
                return color
        return DEFAULT_HIGHLIGHT

    def _marks(self) -> list[Mark]:
        """A mark per highlight on the page, kept by id and changed edit by edit as the
        annotator reports them: with 10,000 highlights, making every mark again per key
        took longer than the edit itself. (The pane sorts them.)"""
        annotator = self.annotator
        changes = annotator.changes_since(self._marks_revision)
        if changes is None or self._marks_for is not annotator:
            self._marks_for = annotator
            self._mark_of = {}
            changes = (annotator.records, set())
        put, dropped = changes
        for gone in dropped:
            self._mark_of.pop(gone, None)
        colors = self._tag_colors
        for r in put:
            if r.get("anchor") == "orphaned":
                self._mark_of.pop(r["id"], None)
                continue
            tags = tuple(r.get("tags", ()))
            if (color := colors.get(tags)) is None:
                color = colors[tags] = self._color(r)
            self._mark_of[r["id"]] = Mark(r["position"]["start"], r["position"]["end"], color)
        self._marks_revision = annotator.revision
        return list(self._mark_of.values())
