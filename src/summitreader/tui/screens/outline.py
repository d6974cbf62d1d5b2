"""The outline screen: the headings of a text (an EPUB's chapters), to jump to one.

Imported when ``O`` is first pressed (see outline_actions.py), not with the reader."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.widget import Widget

from summitreader.text.outline import Entry
from summitreader.tui.screens.dialog_base import Dialog
from summitreader.tui.widgets.line_table import Column, LineTable

INDENT = "  "  # per heading level below the top one
CHROME_ROWS = 5  # the list's header, the keys and the space above them, the border


class OutlineScreen(Dialog[int]):
    """The headings in a list; Enter answers the text offset of the one chosen."""

    DEFAULT_CSS = """
    OutlineScreen > .dialog {
        width: 80;
        max-height: 80%;
    }
    OutlineScreen .dialog-body {
        height: 1fr;
        max-height: 100%;
    }
    """
    FIELD_KEYS: ClassVar[tuple[tuple[str, str], ...]] = (("enter", "Go there"),)

    def __init__(self, entries: list[Entry], current: int) -> None:
        super().__init__()
        self.entries = entries
        self.current = current

    def body(self) -> Iterable[Widget]:
        top = min((e.level for e in self.entries), default=1)
        table = LineTable([Column("Outline", 0), Column("¶", 6, right=True)], id="outline")
        table.set_rows(
            [(INDENT * (e.level - top) + e.title, str(e.paragraph)) for e in self.entries]
        )
        table.cursor = self.current
        yield table

    def on_mount(self) -> None:
        # As tall as its entries (a header, the keys and the border), at most 80%.
        self.query_one(".dialog").styles.height = len(self.entries) + CHROME_ROWS
        self.query_one(LineTable).focus()

    def on_line_table_chosen(self, event: LineTable.Chosen) -> None:
        self.answer(self.entries[event.index].offset)
