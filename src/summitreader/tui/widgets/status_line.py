"""The reader's status line: where the reader is, and a word about the last key.

A key is acknowledged here, as vi and less do. A toast per key would stack up over the
text, and costs a widget each (Textual keeps the last 1,024 widgets' render caches).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from summitreader.tui.widgets.inert import plain

MESSAGE_SECONDS = 3.0  # how long an acknowledgement stays
WORDS_PER_MINUTE = 238


def time_left(words: int) -> str:
    minutes = round(words / WORDS_PER_MINUTE)
    if minutes < 1:
        return "under a minute left"
    hours, minutes = divmod(minutes, 60)
    return (f"{hours} h {minutes} min" if hours else f"{minutes} min") + " left"


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $text;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: Sequence[str] = ()
        self._message: tuple[str, bool] | None = None  # (text, warning)
        self._timer: Timer | None = None

    def say(self, message: str, *, warning: bool = False, seconds: float = MESSAGE_SECONDS) -> None:
        self._message = (message, warning)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(seconds, self._end_message)
        self._draw()

    def _end_message(self) -> None:
        self._message = self._timer = None
        self._draw()

    def show(self, parts: Sequence[str]) -> None:
        self._parts = parts
        self._draw()

    def _draw(self) -> None:
        status = plain(" " + "  ·  ".join(self._parts))
        if self._message is not None:
            text, warning = self._message
            said = plain(f" {text} ").stylize("bold $warning" if warning else "bold $success")
            status = Content.assemble(said, "│", status)
        # One row, as wide as the screen, whatever it says: no layout needed. With one (the
        # default), every key laid the whole screen out again and redrew every widget.
        self.update(status, layout=False)
