"""Export files: stable names from titles that cannot leave their folder, written whole
or not at all, and left alone when their bytes would not change."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from summitreader.errors import SummitError
from summitreader.export.markdown import render_markdown
from summitreader.export.selection import DEFAULTS, DocumentHighlights, ExportOptions
from summitreader.fsio import atomic_write_bytes, shared_mode

_SLUG_DROP = re.compile(r"[^\w-]+")


def slug(title: str, fallback: str) -> str:
    """A file name from a title that cannot leave its directory."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    name = _SLUG_DROP.sub("-", text.lower()).strip("-_.")[:80].strip("-")
    return name or fallback


def write_export(path: Path, content: str) -> Path:
    """Write atomically; on failure nothing half-written is left behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, content.encode("utf-8"), shared_mode(path))
    except OSError as exc:
        raise SummitError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def file_names(items: Sequence[DocumentHighlights]) -> list[str]:
    """A stable name per document from its title; two titles that make the same name are
    told apart by their texts' hashes, so neither overwrites the other."""
    names = [slug(i.document.title, i.document.source.sha256[:12]) for i in items]
    return [
        f"{name}-{i.document.source.sha256[:8]}.md" if names.count(name) > 1 else f"{name}.md"
        for name, i in zip(names, items, strict=True)
    ]


def export_document(
    item: DocumentHighlights, directory: Path, options: ExportOptions = DEFAULTS
) -> Path:
    """Export one document to ``directory``/<slug>.md and return the path."""
    [name] = file_names([item])
    return write_export(directory / name, render_markdown([item], options))


class DirectoryExport(NamedTuple):
    files: list[Path]  # one per document, in the order given
    unchanged: int  # of those, how many already held these bytes and were left alone


def export_to_directory(
    items: Sequence[DocumentHighlights], directory: Path, options: ExportOptions = DEFAULTS
) -> DirectoryExport:
    """One file per document with highlights; a file whose bytes would not change is not
    written again, so a re-export leaves nothing for version control to see."""
    files, unchanged = [], 0
    for item, name in zip(items, file_names(items), strict=True):
        content = render_markdown([item], options)
        path = directory / name
        try:
            same = path.read_bytes() == content.encode("utf-8")
        except OSError:
            same = False
        unchanged += same
        files.append(path if same else write_export(path, content))
    return DirectoryExport(files, unchanged)
