"""Re-attaching a highlight from the review: the reader opens on where its words were,
and Enter puts it on the selection or the passage under the cursor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from summitreader.errors import SummitError
from summitreader.text.sanitize import excerpt
from summitreader.tui.mixins import ScreenMixin

if TYPE_CHECKING:
    from summitreader.annotations.model import Record
    from summitreader.store.store import Store
    from summitreader.text.document import Document
    from summitreader.text.passages import Passage


class ReattachActions(ScreenMixin):
    """Mixed into ReaderScreen."""

    if TYPE_CHECKING:
        document: Document
        store: Store
        _reattach: tuple[Record, int] | None

        def _target(self) -> Passage | None: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter attaches only while re-attaching a highlight; otherwise it is not listed."""
        if action == "attach":
            return self._reattach is not None or None
        return super().check_action(action, parameters)

    def action_attach(self) -> None:
        """Put the highlight being re-attached on the selection, else the passage cursor,
        keeping its id, tags and note; then back to the review."""
        if self._reattach is None or not self.is_active:
            return
        from summitreader.library import review

        target = self._target()
        if target is None:
            return
        record = self._reattach[0]
        try:
            review.reattach(self.store, self.document, record, target.start, target.end)
        except SummitError as exc:
            self.notify(str(exc), title="Not re-attached", severity="error", timeout=10)
            return
        quote = excerpt(self.document.source.text[target.start : target.end], 60)
        self.notify(f"Re-attached to “{quote}”", title="Review", timeout=6)
        self.dismiss()
