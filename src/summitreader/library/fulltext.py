"""``search --text``: the full text of every document of the library, not only its
highlights. Each text is read from the library's copy (or its file), folded the way the
reader's own search folds it, and searched with one compiled pattern. A match is shown
in its words as the reader shows them: no Markdown marks, footnote labels or addresses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from summitreader.annotations.quotes import shown_words
from summitreader.library.catalog import Entry, entries
from summitreader.sources.text import source_from_bytes
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.text.find import compile_query, fold

PER_DOCUMENT = 5  # matches shown per document; the count says how many there are
CONTEXT = 40  # characters shown on each side of a match


class TextHits(NamedTuple):
    entry: Entry
    document: Document
    spans: list[tuple[int, int]]  # the first PER_DOCUMENT matches
    count: int

    def shown(self, start: int, end: int) -> tuple[str, str, str]:
        """(before, match, after) as the reader shows them, CONTEXT characters a side
        (read from three times as much source: marks and addresses take room there)."""
        document, reach = self.document, 3 * CONTEXT
        before = document.view.shown_text(max(0, start - reach), start)[-CONTEXT:]
        after = document.view.shown_text(end, end + reach)[:CONTEXT]
        return before, shown_words(document, start, end), after


def _document(store: Store, entry: Entry) -> Document | None:
    data = store.snapshots.read(entry.id)
    if data is None:
        try:
            data = Path(entry.path).read_bytes()
        except OSError:
            return None
    try:
        return Document(source_from_bytes(data, Path(entry.path), entry.id))
    except Exception:  # a text that no longer decodes is simply not searched
        return None


def search_texts(store: Store, query: str, only: set[str] | None = None) -> Iterator[TextHits]:
    """The library's texts that hold the query; ``only``: the texts at these paths."""
    pattern = compile_query(query)
    if pattern is None:
        return
    for entry in entries(store):
        if only is not None and not only & {entry.path, *entry.paths}:
            continue
        document = _document(store, entry)
        if document is None:
            continue
        folded = fold(document.source.text)
        shown = document.shown_only([m.span() for m in pattern.finditer(folded)])
        if shown:
            yield TextHits(entry, document, shown[:PER_DOCUMENT], len(shown))
