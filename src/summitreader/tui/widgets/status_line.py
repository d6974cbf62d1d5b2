"""The reader's status line: where the reader is, and a word about the last key.

A key is acknowledged here, as vi and less do. A toast per key would stack up over the
text, and costs a widget each (Textual keeps the last 1,024 widgets' render caches).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.geometry import Region
from textual.timer import Timer
from textual.widget import Widget
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


def _cells(text: str) -> list[str]:
    """What each cell of ``text`` shows: a wide character's second cell is empty, and a
    combining mark stays with the cell before it."""
    cells: list[str] = []
    for ch in text:
        width = cell_len(ch)
        if width == 0 and cells:
            cells[-1] += ch
        else:
            cells.append(ch)
            cells.extend([""] * (width - 1))
    return cells


def changed_cells(old: str, new: str) -> tuple[int, int] | None:
    """The cells [start, end) in which ``new`` differs from ``old`` drawn in their place,
    or None when they look the same."""
    before, after = _cells(old), _cells(new)
    width = max(len(before), len(after))
    before += [" "] * (width - len(before))
    after += [" "] * (width - len(after))
    differ = [x for x in range(width) if before[x] != after[x]]
    return (differ[0], differ[-1] + 1) if differ else None


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
        self._shown: tuple[str, bool | None] | None = None  # (text, the message's warning)
        self._span: tuple[int, int] | None = None  # the cells the next refresh repaints

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
        # Only the cells that changed are repainted. Textual redraws the box around all
        # that changed on screen: a whole line's width with the text's 38 rows was the
        # whole screen, the sidebar too, for a reading key that moved "¶12" to "¶13".
        shown = (status.plain, None if self._message is None else self._message[1])
        before, self._shown = self._shown, shown
        if before is not None and before[1] == shown[1]:
            span = changed_cells(before[0], shown[0])
            if span is None:
                return  # it looks the same
            self._span = span
        # One row, as wide as the screen, whatever it says: no layout needed. With one (the
        # default), every key laid the whole screen out again and redrew every widget.
        self.update(status, layout=False)

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Widget:
        span, self._span = self._span, None
        if span is not None and not (regions or layout or recompose):
            regions = (Region(span[0], 0, span[1] - span[0], 1),)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
