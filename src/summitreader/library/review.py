"""Review what moved: across the library, the highlights whose text changed under them
(moved, fuzzy, orphaned), each with a diff of the old and new text around it; and the
three answers a reader gives: accept, re-attach to other words, delete.

The old text comes from the library's snapshot of the version the highlight was made
or last anchored on, so the diff is of the exact texts, whatever became of the file.
Both clients use this: ``summitreader check --review`` and the app's review screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from summitreader.annotations.model import Record, document_order, now_iso
from summitreader.annotations.review import Diff, diff, needs_review, reattached, settled, windows
from summitreader.errors import SummitError
from summitreader.library import catalog
from summitreader.store.store import Store
from summitreader.text.document import Document


class Item(NamedTuple):
    """One highlight to review, in the text it belongs to now."""

    document: Document
    record: Record
    diff: Diff | None  # None: the library kept no copy of the earlier text
    place: int  # where in the text it is now; for an orphan, where its words were

    @property
    def status(self) -> str:
        return self.record.get("anchor", "anchored")


def current_documents(store: Store) -> tuple[list[Document], list[str]]:
    """Every document of the library that has highlights, as its file is now (a changed
    file is its newest version), and what could not be read. A text without highlights
    has nothing to review: it is not read at all."""
    docs: list[Document] = []
    problems: list[str] = []
    chosen = [e for e in catalog.entries(store) if e.highlights]
    for entry in sorted(chosen, key=lambda e: (e.added, e.path)):  # as load_all orders them
        try:
            docs.append(catalog.load(store, entry).document)
        except SummitError as exc:
            problems.append(str(exc))
    return docs, problems


def anchored_again(store: Store, document: Document) -> list[Record]:
    """The document's highlights, those of its earlier versions brought over and anchored
    again, and its orphans tried once more (as ``check`` does)."""
    if store.read_only:
        return store.for_source(document.source)
    store.remember_source(document.source, document.meta)
    return store.reanchor(document.source)


def collect(store: Store, documents: Iterable[Document]) -> list[Item]:
    """What needs review in these documents, in library then document order."""
    old_texts: dict[str, str | None] = {}
    items: list[Item] = []
    seen: set[str] = set()  # two files that came to hold the same text share its highlights
    for document in documents:
        for record in sorted(anchored_again(store, document), key=document_order):
            if needs_review(record) and record["id"] not in seen:
                seen.add(record["id"])
                found, place = _diff(store, document, record, old_texts)
                items.append(Item(document, record, found, place))
    return items


def _diff(
    store: Store, document: Document, record: Record, old_texts: dict[str, str | None]
) -> tuple[Diff | None, int]:
    """The diff around the highlight, and where in the new text a reader should look."""
    new = document.source.text
    here = record["position"]
    orphan = record.get("anchor") == "orphaned"
    place = min(here["start"], len(new))
    new_span = None if orphan else (here["start"], here["end"])
    previous = record.get("previous")
    if not previous:
        return None, place
    sid = previous["source_id"]
    if sid not in old_texts:
        old_texts[sid] = store.snapshot_text(sid)
    old = old_texts[sid]
    if old is None:
        return None, place
    exact = previous["exact"]
    start, end = previous["position"]["start"], previous["position"]["end"]
    if old[start:end] != exact:  # a position from another reading of it: find its words
        start = old.find(exact)
        if start < 0 or not exact:
            return None, place
        end = start + len(exact)
    w = windows(old, (start, end), new, new_span)
    if orphan and w.gap is not None:
        place = w.gap
    return diff(old, new, w), place


def accept(store: Store, record: Record) -> Record:
    """Settle a highlight where it is: it leaves the review until its text changes again."""
    mark = settled(record)["settled"]  # type: ignore[typeddict-item]
    return store.update(record["id"], source_id=record["source_id"], settled=mark)


def reattach(store: Store, document: Document, record: Record, start: int, end: int) -> Record:
    """Put a highlight on document.text[start:end], keeping its id, tags, note and creation.
    Refused if another window changed it meanwhile."""
    if not 0 <= start < end <= len(document.source.text):
        raise SummitError("select the words to attach the highlight to first")
    again = reattached(record, document.source.text, start, end)
    again["source_id"] = document.source.sha256
    again["modified"] = max(now_iso(), record["modified"])
    store.replace(document.source.sha256, [again], [record], "re-attach")
    return again


def delete(store: Store, record: Record) -> Record:
    return store.delete(record["id"], record["source_id"])


def find(items: list[Item], key: str) -> Item:
    """The item whose highlight id is ``key`` or starts with it (as ``check`` prints it)."""
    key = key.strip().lower()
    found = [i for i in items if key and i.record["id"].lower().startswith(key)]
    if not found:
        raise SummitError(f"no highlight to review has the id {key!r}")
    if len(found) > 1:
        raise SummitError(f"{len(found)} highlights to review have ids starting {key!r}: give more")
    return found[0]
