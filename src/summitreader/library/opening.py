"""Opening documents: every PATH loaded, and each file that cannot be read reported while
the others still open."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from summitreader.errors import SummitError
from summitreader.sources.files import expand_paths
from summitreader.sources.text import load_source
from summitreader.text.document import Document


def open_documents(paths: Iterable[str | Path]) -> tuple[list[Document], list[str]]:
    """Load every path; a file that cannot be read is reported, the others still open."""
    docs: list[Document] = []
    problems: list[str] = []
    for path in expand_paths(paths):
        try:
            docs.append(Document(load_source(path)))
        except SummitError as exc:
            problems.append(str(exc))
    return docs, problems
