"""Which files a PATH names: a file as given, or the readable texts in a folder."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".mdown", ".rst"})


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and text files inside folders (sorted), without duplicates."""
    result: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw).expanduser()
        found = (
            sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
            if p.is_dir()
            else [p]
        )
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                result.append(f)
    return result
