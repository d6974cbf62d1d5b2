"""Baseline for the outline: the smallest Textual app that opens a list of a book's
chapters on ``O`` (the titles are read from a file, one a line)."""

import sys

from textual.app import App, ComposeResult
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static


class Chapters(ModalScreen[None]):
    BINDINGS = [("escape", "dismiss", "Close")]

    def __init__(self, titles: list[str]) -> None:
        super().__init__()
        self.titles = titles

    def compose(self) -> ComposeResult:
        yield OptionList(*self.titles)


class Minimal(App[None]):
    BINDINGS = [("O", "outline", "Outline")]

    def compose(self) -> ComposeResult:
        yield Static("Press O for the chapters")

    def action_outline(self) -> None:
        with open(sys.argv[1], encoding="utf-8") as fh:
            self.push_screen(Chapters(fh.read().splitlines()))


if __name__ == "__main__":
    Minimal().run()
