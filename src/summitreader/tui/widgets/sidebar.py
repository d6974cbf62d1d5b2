"""The reader's sidebar: the open document's highlights, then its tags with counts.

Its lists are mounted after the text's first frame (``build``): their styles and widgets
cost a third of the time to first text, and a reader looks at the text first. Their
modules are imported then too (the list and Textual's Label: ~0.6 ms of every start).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from summitreader.annotations.model import Record
from summitreader.settings.config import DEFAULT_HIGHLIGHT
from summitreader.tui.widgets.inert import plain

if TYPE_CHECKING:
    from summitreader.tui.widgets.highlight_list import HighlightList


class Sidebar(Vertical):
    DEFAULT_CSS = """
    Sidebar {
        width: 42;
        height: 1fr;
        border-left: vkey $panel;
        padding: 0 0 0 1;
    }
    Sidebar .sidebar-title {
        width: 1fr;  /* as wide as the sidebar: a new count needs no layout (_retitle) */
        text-style: bold;
        color: $text-accent;
        padding: 0 1;
    }
    Sidebar #highlights {
        height: 2fr;
        border: none;
    }
    Sidebar #tags {
        height: 1fr;
        border: none;
    }
    """

    class TagChosen(Message):
        """A tag was chosen in the tags list: show only its highlights (again: all)."""

        def __init__(self, tag: str) -> None:
            super().__init__()
            self.tag = tag

    def __init__(
        self,
        paragraph_of: Callable[[int], int],
        color_of: Callable[[str], str | None],
        *,
        quote_of: Callable[[Record], str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.paragraph_of = paragraph_of
        self.color_of = color_of
        self.quote_of = quote_of
        self.built = False
        self._title = ""  # the highlights' title as shown
        self._tag_counts: list[tuple[str, int]] = []  # the tags list as shown
        self._newest_first = False

    async def build(self) -> None:
        from textual.widgets import Label

        from summitreader.tui.widgets.highlight_list import HighlightList

        await self.mount_all(
            [
                Label(plain("Highlights"), id="highlights-title", classes="sidebar-title"),
                HighlightList(
                    self.paragraph_of, self.color_of, quote_of=self.quote_of, id="highlights"
                ),
                Label(plain("Tags"), id="tags-title", classes="sidebar-title"),
                OptionList(id="tags"),
            ]
        )
        self.built = True

    @property
    def picked(self) -> Record | None:
        """The highlight chosen in the list, while the list has the focus."""
        if not self.built:
            return None
        listing = self._listing()
        if listing.has_focus and listing.highlighted is not None:
            return listing.highlighted_record
        return None

    def show(
        self,
        records: Sequence[Record],
        *,
        tag_filter: str | None,
        newest_first: bool,
        tag_counts: Sequence[tuple[str, int]],
        changed: Sequence[Record] | None = None,
    ) -> None:
        """``changed``: the only records that may differ from those shown before (None:
        any); the list measures only them again."""
        shown = [r for r in records if tag_filter is None or tag_filter in r["tags"]]
        self._newest_first = newest_first
        if newest_first:
            shown.sort(key=lambda r: (r.get("created", ""), r["id"]), reverse=True)
        listing = self._listing()
        listing.empty = (
            (f"None tagged #{tag_filter}:", "choose the tag again for all.")
            if tag_filter
            else listing.EMPTY
        )
        listing.set_records(shown, changed)
        title = (
            f"Highlights ({len(shown)}"
            + (f" of {len(records)}, #{tag_filter}" if tag_filter else "")
            + (", newest first)" if newest_first else ")")
        )
        self._retitle(title)
        self._show_tags(list(tag_counts))

    def follow(self, offset: int) -> None:
        """The list keeps the highlights near the reader's place in sight, in text order."""
        if self.built and not self._newest_first:
            self._listing().follow(offset)

    def _listing(self) -> HighlightList:
        from summitreader.tui.widgets.highlight_list import HighlightList  # built by now

        return self.query_one("#highlights", HighlightList)

    def _retitle(self, title: str) -> None:
        """A changed title; the screen is laid out again only if it may need two lines:
        a layout redraws every widget, the book's pane too."""
        from textual.widgets import Label  # imported by build()

        label = self.query_one("#highlights-title", Label)
        if title == self._title:
            return
        fits = max(len(title), len(self._title)) < label.size.width
        self._title = title
        label.update(plain(title), layout=not fits)

    def _show_tags(self, tag_counts: list[tuple[str, int]]) -> None:
        """The tags and their counts, set in one go: clearing the list, then filling it,
        resized it twice, and each resize laid the whole screen out again."""
        if tag_counts == self._tag_counts:
            return
        tags = self.query_one("#tags", OptionList)
        if not tag_counts:
            tags.clear_options()
        tags.set_options(
            [
                Option(
                    Content.assemble(
                        ("● ", self.color_of(tag) or DEFAULT_HIGHLIGHT),
                        f"#{tag} ",
                        (str(count), "dim"),
                    ),
                    id=tag,
                )
                for tag, count in tag_counts
            ]
        )
        self._tag_counts = tag_counts

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "tags" and event.option.id:
            event.stop()
            self.post_message(self.TagChosen(event.option.id))
