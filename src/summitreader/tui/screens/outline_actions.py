"""Jumps within a text, mixed into the reader: the outline (``O``), links (``o``) and
footnotes (``f``), and the section the reader is in, for the status line.

The outline screen itself is imported when ``O`` is first pressed: a text's first screen
does not wait for it (nor for the dialog and list widgets it is built from)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from summitreader.text.outline import footnote_label, section_title
from summitreader.text.sanitize import excerpt
from summitreader.tui.mixins import ScreenMixin

if TYPE_CHECKING:
    from summitreader.text.document import Document
    from summitreader.text.passages import Passage
    from summitreader.tui.widgets.document_view import DocumentView


class OutlineActions(ScreenMixin):
    """Mixed into the reader: ``O`` opens the outline, ``o`` a link (or an image), ``f``
    follows a footnote mark."""

    if TYPE_CHECKING:
        document: Document
        _footnote_origin: Passage | None

        @property
        def view(self) -> DocumentView: ...
        def say(self, message: str, *, warning: bool = False, seconds: float = ...) -> None: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``f`` only where there are footnotes to follow (the help lists live keys only)."""
        if action == "footnote":
            return bool(getattr(self.document.view, "notes", None))
        return super().check_action(action, parameters)

    def section(self) -> str:
        """The title of the section the cursor (else the top of the pane) is in; blank in
        the title's own section."""
        view = self.view
        if not view.ready:
            return ""
        here = view.cursor.start if view.cursor is not None else view.top_offset
        title = section_title(self.document, here)
        return "" if title == self.document.title else title

    def action_outline(self) -> None:
        self.view.once_ready(self._open_outline)

    def _open_outline(self) -> None:
        entries = self.document.outline
        if not entries:
            self.say("This text has no headings to list.", warning=True)
            return
        here = self.view.top_offset
        current = max((k for k, e in enumerate(entries) if e.offset <= here), default=0)

        def go(offset: int | None) -> None:
            if offset is not None:
                self.view.set_cursor(self.document.passages.paragraph_at(offset))
                self.view.scroll_to_offset(offset)

        from summitreader.tui.screens.outline import OutlineScreen

        self.app.push_screen(OutlineScreen(entries, current), go)

    def action_open_link(self) -> None:
        url = self.view.link_at_cursor()
        if url is None:
            self.say("No link in this passage.", warning=True)
            return
        self.app.open_url(url)
        self.say(f"Opening {excerpt(url, 60)}")

    def action_footnote(self) -> None:
        self.view.once_ready(self._follow_footnote)

    def _follow_footnote(self) -> None:
        """From a mark to its note; from the note back to where the reader came from."""
        view, passages = self.view, self.document.passages
        cursor = view.cursor
        if cursor is None:
            return
        target = footnote_label(self.document, cursor.start, cursor.end)
        if target is None:
            self.say("No footnote mark in this passage.", warning=True)
            return
        kind, offset = target
        origin = self._footnote_origin
        # each jump says where it went: a warning from a passage before goes with it; and
        # is a jump, to look: a note at the end is not the text read to its end
        view.jumped = True
        if kind == "back" and origin is not None and origin.end <= len(self.document.source.text):
            self._footnote_origin = None
            view.set_cursor(origin)
            self.say("Back where you were")
            return
        if kind == "note":
            self._footnote_origin = cursor
        view.set_cursor(passages.paragraph_at(offset))
        self.say("The note: f goes back" if kind == "note" else "Its mark in the text")
