"""``search --text``: the full text of every document of the library, not only its
highlights. Each text is read from the library's copy (or its file), folded the way the
reader's own search folds it, and searched with one compiled pattern."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from summitreader.library.catalog import Entry, entries
from summitreader.sources.text import source_from_bytes
from summitreader.store.store import Store
from summitreader.text.find import compile_query, fold

PER_DOCUMENT = 5  # matches shown per document; the count says how many there are


class TextHits(NamedTuple):
    entry: Entry
    text: str
    spans: list[tuple[int, int]]  # the first PER_DOCUMENT matches
    count: int


def _text(store: Store, entry: Entry) -> str | None:
    data = store.snapshots.read(entry.id)
    if data is None:
        try:
            data = Path(entry.path).read_bytes()
        except OSError:
            return None
    try:
        return source_from_bytes(data, Path(entry.path), entry.id).text
    except Exception:  # a text that no longer decodes is simply not searched
        return None


def search_texts(store: Store, query: str) -> Iterator[TextHits]:
    pattern = compile_query(query)
    if pattern is None:
        return
    for entry in entries(store):
        text = _text(store, entry)
        if text is None:
            continue
        folded = fold(text)
        first = pattern.search(folded)
        if first is None:
            continue
        spans = []
        count = 0
        for m in pattern.finditer(folded):
            count += 1
            if len(spans) < PER_DOCUMENT:
                spans.append(m.span())
        yield TextHits(entry, text, spans, count)
