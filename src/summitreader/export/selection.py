"""What an export holds: each document with its highlights, filtered by tag and put in
the chosen order. The Markdown writer, templates and the directory export all start here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol

from summitreader.annotations.model import Record, document_order
from summitreader.text.document import Document


class DocumentHighlights(NamedTuple):
    document: Document
    annotations: Sequence[Record]


class Renders(Protocol):
    """A user's template (``export.template``): it writes the chosen highlights itself."""

    def render(
        self, items: Sequence[DocumentHighlights], group_by: str, sort: str, flavor: str
    ) -> str: ...


FLAVORS = ("obsidian", "logseq", "commonmark")
DELETED_STYLES = ("remove", "strike")


class ExportOptions(NamedTuple):
    """What the command line's --group-by, --sort, --tag and --flavor choose."""

    group_by: str = "doc"  # "doc": the document's order; "tag": a section per tag
    sort: str = "position"  # or "created"
    tags: tuple[str, ...] = ()  # keep highlights with any of these (or a child: a/b of a)
    template: Renders | None = None  # --template FILE instead of the built-in format
    flavor: str = "obsidian"  # or "logseq", "commonmark": block ids, tags and properties
    deleted: str = "remove"  # or "strike": a deleted highlight's block is kept, struck through
    full_text: bool = False  # the whole text, its highlights marked in place


DEFAULTS = ExportOptions()

UNTAGGED = "Untagged"


def _created_order(record: Record) -> tuple[str, str]:
    return record["created"], record["id"]


def select(items: Sequence[DocumentHighlights], options: ExportOptions) -> list[DocumentHighlights]:
    """Each document's highlights filtered by tag and put in the chosen order."""
    key = _created_order if options.sort == "created" else document_order

    def wanted(record: Record) -> bool:
        tags = record.get("tags", [])
        return not options.tags or any(
            t == w or t.startswith(w + "/") for w in options.tags for t in tags
        )

    return [
        DocumentHighlights(i.document, sorted(filter(wanted, i.annotations), key=key))
        for i in items
    ]


def to_export(
    items: Sequence[DocumentHighlights], options: ExportOptions
) -> list[DocumentHighlights]:
    """What an export of several documents writes: each one's chosen highlights, and only
    the documents that have some (the first stays when none has, so the file says so)."""
    chosen = select(items, options)
    return [i for i in chosen if i.annotations] or chosen[:1]


def by_tag(annotations: Sequence[Record]) -> list[tuple[str, list[Record]]]:
    """A section per tag, by name, untagged last; a highlight with two tags is in both."""
    groups: dict[str, list[Record]] = {}
    for record in annotations:
        for tag in record.get("tags", []) or [UNTAGGED]:
            groups.setdefault(tag, []).append(record)
    return sorted(groups.items(), key=lambda kv: (kv[0] == UNTAGGED, kv[0]))
