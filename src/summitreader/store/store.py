"""The annotation store's data model: sources, highlights, tags and reading state, on the
files that ``store_files`` keeps (an index, and one TinyDB file of annotations per source).

Identity is never TinyDB's doc_id (TinyDB reuses them): sources are keyed by
the sha256 of their bytes and annotations by a uuid4. Every write holds a file
lock and starts from what is on disk, so several processes neither lose nor
overwrite each other's work. One file per source keeps a write proportional to
that source's highlights rather than to the whole library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from tinydb import Query

from summitreader import compat
from summitreader.annotations.model import (
    Record,
    clean_tags,
    document_order,
    new_record,
    reanchored,
    stamp_after,
    tag_counts,
)
from summitreader.annotations.record_checks import annotation_problem, is_text_id, shown
from summitreader.annotations.tags import is_under, merge_tags, normalise_tag
from summitreader.errors import HighlightGone, StoreConflict, StoreCorrupt, StoreError
from summitreader.sources.text import Source
from summitreader.store import tag_journal
from summitreader.store.library_records import LibraryRecords
from summitreader.store.migrations import SCHEMA_VERSION
from summitreader.store.recovery import backup_for, store_paths
from summitreader.store.storage import AtomicJSONStorage, shard_signature

if TYPE_CHECKING:  # the anchoring is imported to anchor again: not to open a text
    from summitreader.annotations.anchoring import OldToNew

__all__ = ["SCHEMA_VERSION", "Store", "backup_for", "store_paths"]


def _unheld(records: list[Record], text: str) -> set[int]:
    """Where in ``records`` a highlight's span in ``text`` is not its quote, as anchoring
    left it (orphans aside): one loop, as an export asks it of 100,000."""
    length, startswith, found = len(text), text.startswith, set()
    for k, r in enumerate(records):
        position, exact = r["position"], r["quote"]["exact"]
        start, end = position["start"], position["end"]
        held = end - start == len(exact) and end <= length and startswith(exact, start)
        if not held and r.get("anchor") != "orphaned":
            found.add(k)
    return found


class Store(LibraryRecords):
    """All reads and writes of annotations go through here."""

    # annotations -------------------------------------------------------------

    def add(
        self,
        source: Source,
        start: int,
        end: int,
        tags: Iterable[str] = (),
        note: str = "",
    ) -> Record:
        """Store a highlight of source.text[start:end] with both selectors."""
        record = new_record(source, start, end, tags, note)
        self.insert(record, source)
        return record

    def insert(self, record: Record, source: Source | None = None) -> None:
        """Store a complete record whose id is new."""
        self.insert_many([(record, source)])

    def insert_many(self, items: list[tuple[Record, Source | None]]) -> None:
        """Store complete records under one lock (an import lands whole), remembering each
        text and its path so that its highlights can follow it after an edit."""
        for record, _ in items:  # every record is checked before the first write
            if problem := annotation_problem(record):
                raise StoreError(f"highlight {shown(record.get('id'))} cannot be stored: {problem}")
        sources = {s.sha256: s for _, s in items if s is not None}
        if sources:  # first: a crash between leaves a text in the library, never a lost one
            self.remember_sources([(s, None, None, None) for s in sources.values()])
        by_shard: dict[str, list[Record]] = {}
        with self._writing():
            for record, _ in items:
                by_shard.setdefault(record["source_id"], []).append(record)
            for sid, records in by_shard.items():
                table = self._shard(sid)
                puts = {str(compat.next_doc_id(table)): dict(r) for r in records}
                self._storage(sid).append("annotations", puts, [])
                self._remember_tags(t for r in records for t in r.get("tags", []))

    def _storage(self, source_id: str) -> AtomicJSONStorage:
        self._shard(source_id)
        return self._shards[source_id].storage  # type: ignore[return-value]

    def _ids(self, source_id: str) -> dict[str, str]:
        """Highlight id -> TinyDB doc id in a text's file (a map, not a query per call:
        four queries over 10,000 highlights took 20 ms of every edit)."""
        return self._storage(source_id).record_ids("annotations")

    def _row(self, source_id: str, annotation_id: str) -> tuple[str, Record] | None:
        """(doc id, the stored record itself: not to be changed) of a highlight."""
        doc_id = self._ids(source_id).get(annotation_id)
        if doc_id is None:
            return None
        data = self._storage(source_id).read() or {}
        return doc_id, data["annotations"][doc_id]

    def _locate_id(self, annotation_id: str, source_id: str | None) -> str:
        """The shard that holds a highlight: the given one if it does, else a search."""
        if source_id and annotation_id in self._ids(source_id):
            return source_id
        candidates = [*self._shards, *self._shard_ids()]
        for sid in dict.fromkeys(candidates):
            if annotation_id in self._ids(sid):
                return sid
        raise HighlightGone("that highlight is no longer there: it was deleted in another window")

    def get(self, annotation_id: str, source_id: str | None = None) -> Record | None:
        try:
            sid = self._locate_id(annotation_id, source_id)
        except StoreError:
            return None
        found = self._row(sid, annotation_id)
        return dict(found[1]) if found is not None else None

    def update(
        self,
        annotation_id: str,
        *,
        source_id: str | None = None,
        expect_modified: str | None = None,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
        **changes: Any,
    ) -> Record:
        """Change fields of one highlight, applied to what is on disk now.

        Tag additions and removals merge with other windows' changes. Other
        fields, given ``expect_modified``, are refused with StoreConflict if
        someone else changed the highlight since the caller read it.
        """
        with self._writing():
            sid = self._locate_id(annotation_id, source_id)
            found = self._row(sid, annotation_id)
            assert found is not None
            doc_id, current = found
            if expect_modified is not None and current["modified"] != expect_modified:
                raise StoreConflict(
                    "this highlight was changed in another window meanwhile; "
                    "it has been reloaded, so please make your change again"
                )
            if "tags" in changes:
                changes["tags"] = clean_tags(changes["tags"])
            drop = set(clean_tags(remove_tags))
            if add_tags or drop:
                base = changes.get("tags", current.get("tags", []))
                changes["tags"] = [
                    t for t in merge_tags(base, *clean_tags(add_tags)) if t not in drop
                ]
            changes["modified"] = stamp_after(current["modified"])
            updated = {**current, **changes}
            self._storage(sid).append("annotations", {doc_id: updated}, [])
            self._remember_tags(changes.get("tags", []))
        return dict(updated)

    def delete(self, annotation_id: str, source_id: str | None = None) -> Record:
        """Remove a highlight and return it, so the caller can undo."""
        with self._writing():
            sid = self._locate_id(annotation_id, source_id)
            found = self._row(sid, annotation_id)
            assert found is not None
            self._storage(sid).append("annotations", {}, [found[0]])
        return dict(found[1])

    def replace(
        self, source_id: str, put: Sequence[Record], instead_of: Sequence[Record], verb: str
    ) -> None:
        """In one durable write, make the highlights ``put`` and remove those of
        ``instead_of`` that it does not keep (undo, redo, a merge). Refused if another window
        changed one of ``instead_of`` since; one it deleted cannot be removed again."""
        keep = {r["id"] for r in put}
        with self._writing():
            table = self._shard(source_id)
            ids = self._ids(source_id)
            rows = (self._storage(source_id).read() or {}).get("annotations", {})
            for old in instead_of:
                doc_id = ids.get(old["id"])
                current = rows.get(doc_id) if doc_id is not None else None
                if current is None and old["id"] not in keep:
                    raise StoreError(f"no highlight with id {old['id']}")
                if current is not None and current["modified"] != old["modified"]:
                    raise StoreConflict(
                        f"cannot {verb}: this highlight was changed in another window meanwhile"
                    )
            gone = {r["id"] for r in instead_of} - keep
            puts = {}
            for record in put:
                doc_id = ids.get(record["id"])
                puts[doc_id if doc_id is not None else str(compat.next_doc_id(table))] = dict(
                    record
                )
            # one journal line: the merge, the undo, is done or not done
            self._storage(source_id).append("annotations", puts, [ids[a] for a in gone])
            self._remember_tags(t for r in put for t in r.get("tags", []))

    def shard_loads(self, source_id: str) -> int:
        """How often the shard was read from the disk: a change means another writer."""
        if not self._has_shard(source_id):
            return 0
        return self._shard(source_id).storage.loads  # type: ignore[attr-defined]

    def annotations(
        self, source_id: str, keep: Callable[[Record], bool] | None = None, *, copy: bool = True
    ) -> list[Record]:
        """The highlights stored under one source id, in document order, without re-anchoring;
        with ``keep``, only those it keeps (asked of each stored record before it is
        copied: it must not change them). ``copy=False``: the stored records themselves,
        for a caller that only reads them before the next ``release``."""
        if not self._has_shard(source_id):
            return []
        rows = compat.table_rows(self._shard(source_id))
        if copy:
            found = [dict(r) for r in rows if keep is None or keep(r)]
        else:
            found = [r for r in rows if keep is None or keep(r)]
        return sorted(found, key=document_order)

    def for_source(
        self, source: Source, keep: Callable[[Record], bool] | None = None, *, copy: bool = True
    ) -> list[Record]:
        """A source's highlights in document order, matched by hash, then by path.

        A file that moved keeps its highlights, since they are filed under its
        hash. Highlights of an earlier text at the same path are anchored again
        in this one and move over, each with its status; none is dropped.
        """
        earlier = self._earlier_versions(source)
        if earlier and self.read_only:  # anchored again in memory: they cannot move over
            have = self.annotations(source.sha256)
            ids = {r["id"] for r in have}
            found = (r for sid in earlier for r in self.annotations(sid) if r["id"] not in ids)
            every = [*have, *(self.reanchored(r, source) for r in found)]
            records = sorted([r for r in every if keep is None or keep(r)], key=document_order)
        else:
            if earlier:
                self._follow(earlier, source)
            records = self.annotations(source.sha256, keep, copy=copy)
        unheld = _unheld(records, source.text)
        if not unheld:
            return records
        # a record edited by hand, or by another program: its span does not hold its quote
        again = [
            self.reanchored(dict(r), source) if k in unheld else r for k, r in enumerate(records)
        ]
        return sorted(again, key=document_order)

    def highlights_signature(self, source: Source) -> tuple[int, ...] | bool | None:
        """The signatures (``shard_signature``) of the file of this text's highlights and
        of its journal, for a cache of what was made of them: None when it has no file,
        False when ``for_source`` would bring it highlights from earlier versions (so
        what it gives is not that file's alone)."""
        if self._earlier_versions(source):
            return False
        return self.highlights_file_signature(source.sha256)

    def highlights_file_signature(self, source_id: str) -> tuple[int, ...] | None:
        """The signatures of the file of a text's highlights and of its journal alone: after
        reading it, whether it changed meanwhile (without reading the index again)."""
        return shard_signature(self._shard_path(source_id))

    def _follow(self, earlier: list[str], source: Source) -> None:
        with self._writing():
            target = self._shard(source.sha256)
            have = {r["id"] for r in target.all()}
            for old_id in earlier:
                old_table = self._shard(old_id)
                moved = []
                diff = None  # the old text's diff with the new, built once, if it was kept
                for old in old_table.all():
                    if old["id"] not in have:
                        if diff is None:
                            diff = self._old_to_new(old_id, source) or False
                        moved.append(self.reanchored(dict(old), source, diff or None))
                target.insert_multiple(moved)  # new home first: a crash leaves a copy, not a loss
                have.update(r["id"] for r in moved)
                old_table.truncate()

    reanchored = staticmethod(reanchored)

    def _old_to_new(self, old_id: str, source: Source) -> OldToNew | None:
        """The diff of the library's copy of an earlier text and ``source``; None if no copy
        was kept (added before copies were), or it cannot be read."""
        from summitreader.annotations.anchoring import old_to_new

        old_text = self.snapshot_text(old_id) if is_text_id(old_id) else None
        return None if old_text is None else old_to_new(old_text, source.text)

    def reanchor(self, source: Source) -> list[Record]:
        """Anchor every highlight of this text again, orphans included (``check``)."""
        records = self.for_source(source)
        q = Query()
        with self._writing():
            table = self._shard(source.sha256)
            diffs: dict[str, OldToNew | None] = {}
            for record in records:
                if record.get("anchor") == "orphaned":
                    was = str((record.get("previous") or {}).get("source_id") or "")
                    if was and was != source.sha256 and was not in diffs:
                        diffs[was] = self._old_to_new(was, source)
                    again = self.reanchored(record, source, diffs.get(was))
                    if again["anchor"] != "orphaned":
                        again["previous"] = record.get("previous", again.get("previous"))
                        table.update(again, q.id == record["id"])
        return self.annotations(source.sha256)

    def all_annotations(self) -> Iterator[Record]:
        for sid in self._shard_ids():
            yield from (dict(r) for r in compat.table_rows(self._shard(sid)))

    def count_for(self, source: Source) -> int:
        """Highlights this text shows when opened, including ones that will follow it."""
        ids = [source.sha256, *self._earlier_versions(source)]
        return sum(len(self._shard(i)) for i in ids if self._has_shard(i))

    def texts_with_highlights(self) -> list[str]:
        """The id of every text that has a file of highlights, listed in the library or not."""
        return self._shard_ids()

    def remember_tags(self, tags: Iterable[str]) -> None:
        """Add tags to the list the tag dialog offers (those of highlights it has not seen)."""
        with self._writing():
            self._remember_tags(tags)

    def all_tags(self) -> list[str]:
        return sorted({r["name"] for r in self.tags.all()})

    def tag_counts(self) -> dict[str, int]:
        """Highlights per tag across every document, from the shards themselves."""
        return tag_counts(self.all_annotations())

    # renaming a tag: one journal entry, then every shard --------------------------

    def rename_tag(self, old: str, new: str) -> int:
        """Rename ``old`` to ``new`` everywhere, with the tags nested under it, merging
        where a highlight has both; returns how many highlights changed.

        The store is a file per document, so no single file write covers them all. The
        rename is first written whole to a journal (atomically): from then on it is
        durable. A crash part-way leaves the journal, and the next open of the store
        finishes the rename (renaming again is harmless) before anything else."""
        old, new = normalise_tag(old), normalise_tag(new)
        if old == new:
            raise StoreError(f"#{old} and #{new} are the same tag")
        with self._writing():
            if not any(is_under(tag, old) for tag in self.tag_counts()):
                raise StoreError(f"no highlight is tagged #{old}")
            try:
                tag_journal.write(self._journal, tag_journal.Rename(old, new))
            except OSError as exc:
                raise StoreError(
                    f"cannot write the tag rename journal {self._journal} "
                    f"({exc.strerror or exc}); nothing was renamed"
                ) from None
            try:
                return self._finish_journal()
            except StoreCorrupt:
                raise
            except StoreError as exc:
                self.unfinished_rename = self._rename_pending(str(exc))
                raise StoreError(self.unfinished_rename) from None
