"""Which files a PATH names: a file as given, or the readable texts in a folder."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from summitreader.fsio import resolved
from summitreader.sources.kinds import HTML_SUFFIXES, TEXT_SUFFIXES

DOCUMENT_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".epub", ".pdf"}


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and the documents inside folders (sorted), without duplicates."""
    result: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw).expanduser()
        found = (
            sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in DOCUMENT_SUFFIXES)
            if p.is_dir()
            else [p]
        )
        for f in found:
            key = resolved(f)
            if key not in seen:
                seen.add(key)
                result.append(f)
    return result
