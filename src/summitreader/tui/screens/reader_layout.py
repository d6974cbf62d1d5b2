"""The reader's width and its sidebar: how much of the screen the text takes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.events import Resize
from textual.message import Message

from summitreader.settings.preferences import MAX_WIDTH, MIN_WIDTH
from summitreader.tui.mixins import ScreenMixin

if TYPE_CHECKING:
    from summitreader.tui.widgets.document_view import DocumentView
    from summitreader.tui.widgets.sidebar import Sidebar

SIDEBAR_MIN_WIDTH = 100


class LayoutActions(ScreenMixin):
    """Mixed into ReaderScreen."""

    if TYPE_CHECKING:
        _sidebar_choice: bool | None

        @property
        def view(self) -> DocumentView: ...
        @property
        def sidebar(self) -> Sidebar: ...
        def say(self, message: str, *, warning: bool = False, seconds: float = ...) -> None: ...

        WidthChosen: Callable[[int], Message]

    def action_width(self, step: int) -> None:
        view = self.view
        width = min(MAX_WIDTH, max(MIN_WIDTH, view.reading_width + step))
        if width == view.reading_width:
            self.say(f"The text is already {width} columns at most.", warning=True)
            return
        view.set_reading_width(width)
        self.say(f"Text up to {width} columns wide.")
        self.post_message(self.WidthChosen(width))

    def action_toggle_sidebar(self) -> None:
        sidebar = self.sidebar
        sidebar.display = self._sidebar_choice = not sidebar.display

    def on_resize(self, event: Resize) -> None:
        self._fit_sidebar(event.size.width)

    def _fit_sidebar(self, width: int) -> None:
        """Below SIDEBAR_MIN_WIDTH columns the text gets the whole width, unless the reader
        asked for the sidebar with ``\\``: 42 columns of sidebar would leave it a strip."""
        if self._sidebar_choice is None:
            self.sidebar.display = width >= SIDEBAR_MIN_WIDTH
