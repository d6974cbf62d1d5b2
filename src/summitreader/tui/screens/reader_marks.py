"""The reader's marks: a colour per highlight from its tags, and the marks of the page
kept by highlight id, changed edit by edit as the annotator reports them. The pane and
the minimap are told only the marks that changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from summitreader.layout.row_paint import Mark
from summitreader.settings.config import DEFAULT_HIGHLIGHT
from summitreader.tui.mixins import ScreenMixin
from summitreader.tui.widgets.minimap import Minimap

if TYPE_CHECKING:
    from summitreader.annotations.model import Record
    from summitreader.library.editing import Annotator
    from summitreader.settings.config import Config
    from summitreader.text.document import Document
    from summitreader.tui.widgets.document_view import DocumentView


class HighlightMarks(ScreenMixin):
    """Mixed into ReaderScreen."""

    if TYPE_CHECKING:
        config: Config
        annotator: Annotator
        document: Document
        _mark_of: dict[str, Mark]
        _marks_revision: int
        _marks_for: Annotator | None
        _tag_colors: dict[tuple[str, ...], str]

        @property
        def view(self) -> DocumentView: ...

    def _color(self, record: Record) -> str:
        for tag in record.get("tags", []):
            if color := self.config.color_of(tag):
                return color
        return DEFAULT_HIGHLIGHT

    def _show_marks(self) -> None:
        """The pane and the minimap show the annotator's highlights: all of them anew when
        the text or its highlights were read again, else only those an edit changed."""
        changes = self._mark_changes()
        minimap = self.query_one(Minimap)
        if changes is None:
            marks = list(self._mark_of.values())
            self.view.set_marks(marks)
            minimap.set_marks(marks, len(self.document.source.text))
        elif changes[0] or changes[1]:
            self.view.change_marks(*changes)
            minimap.change_marks(*changes)

    def _mark_changes(self) -> tuple[list[Mark], list[Mark]] | None:
        """The marks (removed, added) since those shown, kept by id and changed edit by
        edit as the annotator reports them; None when they are all made again (a new
        annotator, or one that was reloaded). With 10,000 highlights, making and sorting
        every mark again per key took longer than the edit itself."""
        annotator = self.annotator
        changes = annotator.changes_since(self._marks_revision)
        self._marks_revision = annotator.revision
        if changes is None or self._marks_for is not annotator:
            self._marks_for = annotator
            self._mark_of = {}
            for r in annotator.records:
                if (mark := self._mark(r)) is not None:
                    self._mark_of[r["id"]] = mark
            return None
        put, dropped = changes
        removed, added = [], []
        for gone in dropped:
            if (old := self._mark_of.pop(gone, None)) is not None:
                removed.append(old)
        for r in put:
            old, new = self._mark_of.pop(r["id"], None), self._mark(r)
            if new is not None:
                self._mark_of[r["id"]] = new
            if old != new:
                removed += [old] if old is not None else []
                added += [new] if new is not None else []
        return removed, added

    def _mark(self, record: Record) -> Mark | None:
        """The mark a highlight paints; None for an orphan, whose words are gone."""
        if record.get("anchor") == "orphaned":
            return None
        tags = tuple(record.get("tags", ()))
        if (color := self._tag_colors.get(tags)) is None:
            color = self._tag_colors[tags] = self._color(record)
        position = record["position"]
        return Mark(position["start"], position["end"], color)
