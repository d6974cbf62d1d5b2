"""Opening documents: every PATH loaded, and each file that cannot be read reported while
the others still open."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from summitreader.errors import SummitError
from summitreader.library.catalog import Loaded, entries, load
from summitreader.sources.files import expand_paths
from summitreader.sources.text import load_source
from summitreader.store.store import Store
from summitreader.text.document import Document


def open_documents(
    paths: Iterable[str | Path], store: Store | None = None
) -> tuple[list[Document], list[str]]:
    """Load every path; a file that cannot be read is reported, the others still open.
    With the ``store``, a file that is gone opens from the library's copy of it, and the
    problems say so."""
    docs: list[Document] = []
    problems: list[str] = []
    for path in expand_paths(paths):
        try:
            docs.append(Document(load_source(path)))
        except SummitError as exc:
            kept = _from_library(store, path) if store is not None else None
            if kept is None:
                problems.append(str(exc))
            else:
                docs.append(kept.document)
                problems.append(kept.notice or str(exc))
    return docs, problems


def _from_library(store: Store, path: Path) -> Loaded | None:
    if path.exists():
        return None  # there, but unreadable: that is the problem to report
    ids = set(store.find_ids(str(path)))
    entry = next((e for e in entries(store) if e.id in ids), None)
    if entry is None:
        return None
    try:
        return load(store, entry)
    except SummitError:
        return None
