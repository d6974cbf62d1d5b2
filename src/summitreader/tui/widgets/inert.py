"""Content is data: wrap user and document text so Textual never parses it as markup."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from summitreader.text.sanitize import visible


def plain(text: str) -> Content:
    """Text for Label, Static and OptionList, which would otherwise parse markup."""
    return Content(visible(text))


def cell(text: str) -> Text:
    """Text for DataTable cells, which parse ``str`` as markup."""
    return Text(visible(text), no_wrap=True, overflow="ellipsis")


def entry(title: str, detail: str) -> Text:
    """A two-line DataTable cell: a bold title over a dim detail line."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(visible(title), style="bold")
    text.append("\n")
    text.append(visible(detail), style="dim")
    return text
