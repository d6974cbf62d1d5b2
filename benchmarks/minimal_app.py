"""Baseline: the smallest Textual app that shows the same text (the first 4 KB of a file)."""

import sys

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        with open(sys.argv[1], encoding="utf-8") as fh:
            yield Static(Text(fh.read(4096)))


if __name__ == "__main__":
    Minimal().run()
