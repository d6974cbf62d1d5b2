"""The document pane's keys: scrolling, paragraphs and sentences, a selection grown by
word, sentence or paragraph (``v``), and search matches. The passage cursor always
stays on screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from summitreader.text import selection as keysel
from summitreader.text.find import match_at_or_after
from summitreader.tui.mixins import ScrollViewMixin

if TYPE_CHECKING:
    from summitreader.layout.rows import RowMap
    from summitreader.text.document import Document
    from summitreader.text.passages import Passage


class DocumentKeys(ScrollViewMixin):
    """Mixed into DocumentView."""

    if TYPE_CHECKING:
        document: Document
        rows: RowMap | None
        cursor: Passage | None
        selection: tuple[int, int] | None
        matches: list[tuple[int, int]]
        current_match: int | None
        _key_selection: keysel.KeySelection | None
        jumped: bool

        @property
        def ready(self) -> bool: ...
        @property
        def top_offset(self) -> int: ...
        def once_ready(self, fn: Callable[[], None]) -> None: ...
        def set_cursor(self, passage: Passage | None, *, scroll: bool = True) -> None: ...
        def set_matches(self, matches: list[tuple[int, int]], current: int | None) -> None: ...
        def clear_selection(self) -> None: ...
        def _set_selection(self, span: tuple[int, int] | None) -> None: ...
        def _show_span(self, start: int, end: int) -> None: ...
        def _scroll_to_row(self, row: int) -> None: ...
        def _text_left(self, block: int) -> int: ...

    def action_scroll_lines(self, n: int) -> None:
        if not self._at_edge(n):
            self.scroll_to(y=self.scroll_y + n, animate=False)

    def action_page(self, n: int) -> None:
        if not self._at_edge(n):
            step = max(1, self.scrollable_content_region.height - 2)
            self.scroll_to(y=self.scroll_y + n * step, animate=False)

    def _at_edge(self, step: int) -> bool:
        """k or b at the top, j or space at the end: nothing can move, so the status line
        says why, and the cursor goes to the first or last paragraph (paging back to the
        end left it a few paragraphs short, on the page's first). Every key answers on
        screen; a silent one looked like a lost key."""
        if not self.ready:
            return False  # the end is still being measured
        if step < 0 and self.scroll_y <= 0:
            self.post_message(self.Hint("At the top."))
        elif step > 0 and self.scroll_y >= self.max_scroll_y:
            self.post_message(self.Hint("At the end."))
        else:
            return False
        paragraphs = self.document.passages.paragraphs
        if paragraphs:
            self.set_cursor(paragraphs[0 if step < 0 else -1], scroll=False)
        return True

    def action_top(self) -> None:
        """To the top, the cursor with it: g then h highlights the first passage."""
        self.once_ready(lambda: self._jump_to_end(first=True))

    def action_bottom(self) -> None:
        self.once_ready(lambda: self._jump_to_end(first=False))

    def _jump_to_end(self, *, first: bool) -> None:
        self.jumped = True
        self._scroll_to_row(0 if first else self.rows.total if self.rows else 0)
        paragraphs = self.document.passages.paragraphs
        if paragraphs:
            self.set_cursor(paragraphs[0 if first else -1], scroll=False)

    def _extend_selection(self, unit: str, step: int) -> bool:
        """In visual mode a motion moves the selection's head; returns True if it did."""
        if self._key_selection is None:
            return False
        self._key_selection = keysel.extend(self._key_selection, self.document.passages, unit, step)
        self._set_selection(self._key_selection.span)
        if self.selection:
            head = self._key_selection.head
            self._show_span(max(self.selection[0], head - 1), head)
        return True

    def action_paragraph(self, step: int) -> None:
        if not self.ready:
            self.once_ready(lambda: self.action_paragraph(step))
            return
        if self._extend_selection("paragraph", step):
            return
        passages = self.document.passages
        start = self.cursor.start if self.cursor else self.top_offset
        target = passages.next_paragraph(start, step)
        if self.cursor is None and target is not None and step > 0:
            target = passages.paragraph_at(start)
        self.set_cursor(target)

    def action_sentence(self, step: int) -> None:
        if not self.ready:
            self.once_ready(lambda: self.action_sentence(step))
            return
        if self._extend_selection("sentence", step):
            return
        passages = self.document.passages
        current = self.cursor or passages.paragraph_at(self.top_offset)
        if current is None:
            return
        self.set_cursor(passages.next_sentence(current, step))

    def action_word(self, step: int) -> None:
        if not self.ready:
            return
        if not self._extend_selection("word", step):
            self.post_message(
                self.Hint("Press v to start a selection; w and W then grow and shrink it.")
            )

    def action_visual(self) -> None:
        """Start a selection at the cursor, or drop the one being made."""
        if not self.ready:
            return
        if self._key_selection is not None or self.selection is not None:
            self.clear_selection()
            return
        # at the cursor, or where the screen starts when the cursor's passage began above
        # it (a text of one long line: v after G started at its first word)
        start = max(self.cursor.start, self.top_offset) if self.cursor else self.top_offset
        self._key_selection = keysel.begin(self.document.source.text, start)
        self._set_selection(self._key_selection.span)

    def action_next_match(self, step: int) -> None:
        if not self.matches:
            self.app.bell()
            return
        if self.current_match is None:
            here = self.cursor.start if self.cursor else self.top_offset
            index = match_at_or_after(self.matches, here + (1 if step > 0 else 0))
            assert index is not None
            if step < 0:
                index = (index - 1) % len(self.matches)
        else:
            index = (self.current_match + step) % len(self.matches)
        self.set_matches(self.matches, index)
        self.post_message(self.SelectionChanged(self))
