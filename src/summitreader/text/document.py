"""A document: a loaded source with its metadata, reading view and passages."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from functools import cached_property
from typing import TYPE_CHECKING

from summitreader.sources.text import Source
from summitreader.text.find import fold, lower
from summitreader.text.metadata import Metadata, sniff
from summitreader.text.passages import Passages
from summitreader.text.reading_view import ReadingView
from summitreader.text.sanitize import visible

if TYPE_CHECKING:
    from summitreader.text.outline import Entry

FOLD_AHEAD = 8_000_000  # characters: longer texts are folded for search at their first search
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn"})


def is_markdown(source: Source) -> bool:
    """Markdown: a converted source (a web page, an EPUB, a PDF) or a Markdown file. A
    ``.txt`` file is plain text: its hard-wrapped lines reflow, and a few marks are hidden."""
    if source.kind != "text":
        return True
    path = source.path
    return path is not None and path.suffix.lower() in MARKDOWN_SUFFIXES


class Document:
    """A source and what is made from it once, when first asked for. Not a dataclass, which
    took 0.2 ms of every start to make; equal as one was, by its source."""

    def __init__(self, source: Source) -> None:
        self.source = source

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self.source == other.source  # type: ignore[attr-defined]

    __hash__ = None  # type: ignore[assignment] - as the dataclass was

    def __repr__(self) -> str:
        return f"Document(source={self.source!r})"

    @cached_property
    def meta(self) -> Metadata:
        return sniff(self.source.text)

    @cached_property
    def view(self) -> ReadingView:
        if is_markdown(self.source):
            from summitreader.text.markdown_view import MarkdownView

            return MarkdownView(self.source.text)
        return ReadingView(self.source.text)

    @cached_property
    def passages(self) -> Passages:
        return Passages(self.view)

    @cached_property
    def searchable(self) -> str:
        """The text as search sees it (accents and typographic marks folded), once."""
        return fold(self.source.text)

    @cached_property
    def searchable_lower(self) -> str:
        """That, lower-cased: what a query that ignores case is searched in."""
        return lower(self.searchable)

    @cached_property
    def word_count(self) -> int:
        return self.passages.word_count()

    def shown_only(
        self, spans: list[tuple[int, int]], most: int | None = None
    ) -> list[tuple[int, int]]:
        """The spans that show at least a character: in Markdown, words only its syntax
        holds (a link's address, a reference's URL) are not in the text read. Past
        ``most`` spans (a common word in a long book) they are all kept: each look may
        render a block, and a few hidden among hundreds shown change little."""
        if not is_markdown(self.source) or (most is not None and len(spans) > most):
            return spans
        view = self.view
        return [span for span in spans if view.visible_length(*span)[0]]

    def make_ahead(self) -> None:
        """Made in the layout's thread, before a key asks: the word count, and the text as
        search sees it (War and Peace's first search letter waited 300 ms for it). A text
        longer than FOLD_AHEAD waits for its first search: the copy would be memory that a
        reader who never searches it pays for."""
        self.word_count  # noqa: B018
        if len(self.source.text) <= FOLD_AHEAD:
            self.searchable_lower  # noqa: B018 - and the folded text it is made from

    @cached_property
    def title_block(self) -> int | None:
        """The block that is the title when it is a plain first line rather than a heading."""
        view = self.view
        for index, block in view.iter_from(0):
            if block.is_passage:  # only the first passage may be a plain-line title
                title = view.rendered(index).text.strip()
                return index if block.kind == "paragraph" and title == self.meta.title else None
        return None

    @property
    def title(self) -> str:
        return self.meta.title or visible(self.source.path.stem)

    @cached_property
    def _passage_starts(self) -> array[int]:
        starts = self.view.blocks.starts
        return array(starts.typecode, (starts[i] for i in self.view.passage_blocks))

    @cached_property
    def _line_starts(self) -> array[int]:
        text = self.source.text
        starts, i = array("q", [0]), text.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        return starts

    def paragraph_number(self, offset: int) -> int:
        """The reader's paragraph number of a text offset (from block boundaries alone, so
        an export need not render every paragraph to say where a highlight is)."""
        starts = self._passage_starts
        return max(1, bisect_right(starts, offset)) if starts else 0

    def location(self, offset: int) -> tuple[int, int]:
        """(paragraph number, 1-based line in the source) of a text offset."""
        return self.paragraph_number(offset), bisect_right(self._line_starts, offset)

    @cached_property
    def outline(self) -> list[Entry]:
        """What ``O`` lists (the headings; an EPUB's chapters), made once."""
        from summitreader.text.outline import outline

        return outline(self)
