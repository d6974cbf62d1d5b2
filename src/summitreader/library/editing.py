"""Editing one document's highlights, with an undo stack. The TUI calls this; so can tests."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import Any, NamedTuple

from summitreader.annotations.model import Record, document_order, new_record
from summitreader.annotations.tags import normalise_tag
from summitreader.errors import HighlightGone, StoreConflict
from summitreader.store.store import Store
from summitreader.text.document import Document


class _Step(NamedTuple):
    """One edit, as the highlights it touched were before and after it (a merge touches
    several; a new highlight has no before). Undo puts ``before`` back in place of
    ``after`` and redo the reverse, each refused if another window has changed one of
    them since (its stamp is no longer the one this step left)."""

    label: str
    before: tuple[Record, ...]
    after: tuple[Record, ...]


CHANGES_KEPT = 256  # edits remembered for changes_since; a view further behind starts again
GONE_ELSEWHERE = "That highlight was deleted in another window; it is made again."


def _tag_words(part: str) -> list[str]:
    """One tag of words, or several when each is written as a #tag (its # left off)."""
    words = part.split()
    if len(words) > 1 and all(w.startswith("#") for w in words):
        return [w[1:] for w in words]
    return [part.strip().removeprefix("#")] if words else []


def _span(record: Record) -> tuple[int, int]:
    return record["position"]["start"], record["position"]["end"]


class Annotator:
    """The open document's highlights, kept in document order."""

    def __init__(self, store: Store, document: Document) -> None:
        self.store = store
        self.document = document
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self.records: list[Record] = []
        self._loads = -1
        # What changed in ``records``, for views that follow it one edit at a time:
        # (revision, records put, ids dropped); a reload starts again from ``_reloaded``.
        self.revision = 0
        self._reloaded = 0
        self._changes: list[tuple[int, tuple[Record, ...], tuple[str, ...]]] = []
        self._tag_counts: Counter[str] = Counter()
        self._by_id: dict[str, Record] = {}  # each record in ``records``, to find it there
        self.notice: str | None = None
        self.reload()

    def reload(self) -> None:
        self.records = self.store.for_source(self.document.source)
        self._by_id = {r["id"]: r for r in self.records}
        self._loads = self.store.shard_loads(self._sid)
        self._seen = self.store.highlights_file_signature(self._sid)
        self.revision += 1
        self._reloaded, self._changes = self.revision, []
        self._tag_counts = Counter(chain.from_iterable(r.get("tags", ()) for r in self.records))

    def changed_elsewhere(self) -> bool:
        """Whether another window or command wrote this text's highlights since this list
        was read or last written here (a look at two files' signatures, no read)."""
        return self.store.highlights_file_signature(self._sid) != self._seen

    def changes_since(self, revision: int) -> tuple[list[Record], set[str]] | None:
        """The records put and the ids dropped since ``revision`` (a record put again
        replaces the one with its id), or None when the list was read again since: then
        anything may differ. With 10,000 highlights, making the page's marks again from
        every record cost more than the edit itself."""
        if revision < self._reloaded:
            return None
        put: dict[str, Record] = {}
        dropped: set[str] = set()
        for number, records, ids in self._changes:
            if number <= revision:
                continue
            for gone in ids:
                put.pop(gone, None)
                dropped.add(gone)
            for record in records:
                dropped.discard(record["id"])
                put[record["id"]] = record
        return list(put.values()), dropped

    @contextmanager
    def _reload_on_error(self) -> Iterator[None]:
        """A refused or failed write leaves our list unsure: read it back from the disk."""
        try:
            yield
        except BaseException:
            self.reload()
            raise

    def _sync(self, put: Sequence[Record] = (), drop: Sequence[str] = ()) -> None:
        """Bring ``records`` up to date after our own edit. Unless another writer touched
        the file meanwhile, that is done in place: reading 10,000 highlights back after
        each keystroke cost 90 ms and left the collector 50,000 objects to scan."""
        if self.store.shard_loads(self._sid) != self._loads:
            self.reload()
            return
        gone = {*drop, *(r["id"] for r in put)}
        if gone:
            kept = self.records[:]  # a new list: a view may still hold the old one
            places = [at for at in map(self._index, gone) if at is not None]
            for at in sorted(places, reverse=True):
                self._tag_counts.subtract(kept[at].get("tags", ()))
                del kept[at]
            for record_id in gone:
                self._by_id.pop(record_id, None)
            self.records = kept
        made = tuple(dict(record) for record in put)
        for record in made:
            insort(self.records, record, key=document_order)
            self._tag_counts.update(record.get("tags", ()))
            self._by_id[record["id"]] = record
        self.revision += 1
        self._seen = self.store.highlights_file_signature(self._sid)
        self._changes.append((self.revision, made, tuple(drop)))
        if len(self._changes) > CHANGES_KEPT:  # a view older than the first kept starts again
            self._reloaded = self._changes[-CHANGES_KEPT - 1][0]
            del self._changes[:-CHANGES_KEPT]

    def _index(self, record_id: str) -> int | None:
        """Where the record with this id is in ``records``: found by its place in document
        order (a pass over 10,000 records per edit took 2 ms), else looked for."""
        record = self._by_id.get(record_id)
        if record is None:
            return None
        records = self.records
        at = bisect_left(records, document_order(record), key=document_order)
        if at < len(records) and records[at]["id"] == record_id:
            return at
        return next((i for i, r in enumerate(records) if r["id"] == record_id), None)

    def exact(self, start: int, end: int) -> Record | None:
        """The highlight with exactly this span."""
        return next((r for r in self.records if _span(r) == (start, end)), None)

    def overlapping(self, start: int, end: int) -> list[Record]:
        """The highlights that share text with [start, end) without having exactly that span:
        an edit there must merge with them or knowingly keep both."""
        return [r for r in self._touching(start, end) if _span(r) != (start, end)]

    def at(self, start: int, end: int) -> Record | None:
        """The highlight under the cursor: exactly this span, else one that overlaps its
        start (what x deletes and y copies)."""
        if (found := self.exact(start, end)) is not None:
            return found
        for r in self.records:
            if (
                r.get("anchor") != "orphaned"
                and r["position"]["start"] <= start < r["position"]["end"]
            ):
                return r
        return None

    def _ensure(self, start: int, end: int) -> tuple[Record, bool]:
        found = self.exact(start, end)
        if found is not None:
            return found, False
        record = self.store.add(self.document.source, start, end)
        self._done(_Step("highlight", (), (record,)))
        self._sync(put=[record])
        return record, True

    def merge(self, start: int, end: int) -> Record:
        """One highlight over [start, end) and every highlight it overlaps (and those the
        grown span then overlaps), in one write. The oldest keeps its id and creation;
        tags are joined, notes kept one after another in document order. One undo step
        brings them all back."""
        lo, hi, parts = start, end, []
        while True:
            touching = self._touching(lo, hi)
            if len(touching) == len(parts):
                break
            parts = touching
            lo = min(lo, *(r["position"]["start"] for r in parts))
            hi = max(hi, *(r["position"]["end"] for r in parts))
        if not parts:
            return self._ensure(start, end)[0]  # nothing to merge with
        if len(parts) == 1 and _span(parts[0]) == (lo, hi):
            return parts[0]  # it already covers the span
        parts.sort(key=document_order)
        oldest = min(parts, key=lambda r: (r.get("created", ""), r["id"]))
        notes = dict.fromkeys(r["note"] for r in parts if r.get("note"))
        merged = new_record(
            self.document.source,
            lo,
            hi,
            [t for r in parts for t in r.get("tags", [])],
            "\n\n".join(notes),
        )
        merged.update(id=oldest["id"], created=oldest["created"])
        self._swap((merged,), tuple(parts), "merge")
        self._done(_Step("merge", tuple(parts), (merged,)))
        return merged

    def _touching(self, start: int, end: int) -> list[Record]:
        """Anchored highlights that share text with [start, end)."""
        return [
            r
            for r in self.records
            if r.get("anchor") != "orphaned"
            and r["position"]["start"] < end
            and start < r["position"]["end"]
        ]

    def _change(self, record: Record, label: str, created: bool, **changes: Any) -> Record:
        """Apply changes on top of what is on disk; a conflicting edit elsewhere reloads first.

        On a highlight this same keystroke ``created``, undo has one step for both: it
        removes the highlight, as the user made it with one key. A highlight another window
        deleted meanwhile is made again for a change that adds (a note, a tag): what the
        reader typed is not lost."""
        try:
            with self._reload_on_error():
                updated = self.store.update(record["id"], source_id=self._sid, **changes)
        except HighlightGone:
            if not (changes.get("note") or changes.get("add_tags")):
                raise
            record, created = self._ensure(*_span(record))
            changes.pop("expect_modified", None)
            updated = self.store.update(record["id"], source_id=self._sid, **changes)
            self.notice = GONE_ELSEWHERE
        self._sync(put=[updated])
        if created:
            self._undo[-1] = _Step(label, (), (updated,))
        else:
            self._done(_Step(label, (dict(record),), (updated,)))
        return updated

    def take_notice(self) -> str | None:
        """What the last edit did beyond what was asked, for the reader; once."""
        notice, self.notice = self.notice, None
        return notice

    def _done(self, step: _Step) -> None:
        self._undo.append(step)
        self._redo.clear()  # a new edit starts a new branch: what was undone is gone

    @property
    def _sid(self) -> str:
        return self.document.source.sha256

    def highlight(self, start: int, end: int) -> tuple[Record, bool]:
        """Highlight a span; returns (record, created)."""
        return self._ensure(start, end)

    def toggle_tag(self, start: int, end: int, tag: str) -> tuple[Record, bool]:
        """Add ``tag`` (creating the highlight if needed) or remove it; returns (record, added)."""
        tag = normalise_tag(tag)
        record, created = self._ensure(start, end)
        if tag in record.get("tags", []) and not created:
            return self._change(record, f"#{tag}", False, remove_tags=[tag]), False
        return self._change(record, f"#{tag}", created, add_tags=[tag]), True

    def add_tags(self, start: int, end: int, raw: str) -> Record:
        """Add comma-separated tags, as the dialog says: "Style Notes" is #style-notes (as
        ``tags rename`` makes it), and "#a #b" two tags. SummitError for an invalid one."""
        names = [normalise_tag(t) for part in raw.split(",") for t in _tag_words(part)]
        record, created = self._ensure(start, end)
        return self._change(record, "tags", created, add_tags=names)

    def set_note(self, start: int, end: int, note: str, seen: Record | None = None) -> Record:
        """Write a note. If another window changed this highlight's note since it was read,
        both are kept, theirs first, rather than one overwriting the other. ``seen``: the
        highlight as the note's dialog showed it; the list may have been read again while
        the note was typed, and the changes made elsewhere meanwhile still count."""
        note = note.strip("\n")
        record, created = self._ensure(start, end)
        if created and seen is not None:
            self.notice = GONE_ELSEWHERE
        basis = record if created or seen is None else seen
        try:
            return self._change(
                record, "note", created, note=note, expect_modified=basis["modified"]
            )
        except StoreConflict:
            current = self.exact(start, end)  # read again from the disk
            if current is None:
                raise
        theirs = current.get("note", "")
        if theirs not in ("", basis.get("note", ""), note):
            note = f"{theirs}\n\n{note}" if note else theirs
            self.notice = "The note was changed in another window meanwhile; both are kept."
        return self._change(current, "note", False, note=note, expect_modified=current["modified"])

    def delete(self, annotation_id: str) -> Record:
        with self._reload_on_error():
            record = self.store.delete(annotation_id, self._sid)
        self._done(_Step("delete", (record,), ()))
        self._sync(drop=[annotation_id])
        return record

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> str | None:
        """Reverse the last edit; returns what was undone, or None when there is nothing."""
        return self._walk(self._undo, self._redo, forward=False)

    def redo(self) -> str | None:
        """Make the last undone edit again; returns what was redone, or None."""
        return self._walk(self._redo, self._undo, forward=True)

    def _walk(self, source: list[_Step], target: list[_Step], *, forward: bool) -> str | None:
        if not source:
            return None
        step = source.pop()
        if forward:
            self._swap(step.after, step.before, "redo")
        else:
            self._swap(step.before, step.after, "undo")
        target.append(step)
        return step.label

    def _swap(self, put: tuple[Record, ...], instead_of: tuple[Record, ...], verb: str) -> None:
        """Make the highlights ``put`` (ids kept) and remove the rest of ``instead_of``."""
        keep = {r["id"] for r in put}
        with self._reload_on_error():
            self.store.replace(self._sid, put, instead_of, verb)
            self._sync(put=put, drop=[r["id"] for r in instead_of if r["id"] not in keep])

    def tag_counts(self) -> list[tuple[str, int]]:
        """Tags and how many highlights have each, most used first (kept up to date edit
        by edit, not counted again from every record)."""
        counts = [(t, n) for t, n in self._tag_counts.items() if n > 0]
        return sorted(counts, key=lambda kv: (-kv[1], kv[0]))
