"""The library in the store's index: every text opened or added, the paths it was seen
at, its metadata, when it was added and last opened, how far it has been read, its
highlight count and its state; and the snapshot of its bytes.

Identity is the SHA-256 of a text's bytes: two copies of one file are one document, and
an edited file is a new version whose highlights follow it (``superseded_by`` marks the
version it replaced). A source record only ever grows: a path seen once stays listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tinydb import Query

from summitreader import compat
from summitreader.annotations.model import Record, now_iso
from summitreader.annotations.reading_position import follow, mark
from summitreader.errors import NotTextError, StoreError
from summitreader.fsio import resolved
from summitreader.sources.text import Source, source_from_bytes
from summitreader.store.files import StoreFiles
from summitreader.store.snapshots import Snapshots
from summitreader.store.storage import shard_signature
from summitreader.text.metadata import Metadata
from summitreader.text.words import count_words

STATUSES = ("new", "reading", "finished", "archived")
FINISHED_AT = 0.98  # read this far, a text counts as finished
SourceRecord = dict[str, Any]
# (the text, its metadata, the bytes it came from, where a converted text came from)
Remembered = tuple[Source, Metadata | None, bytes | None, dict[str, Any] | None]


# what an edited file's new version takes from the earlier one: how far it was read
_FOLLOWING = ("status", "first_seen")


class LibraryRecords(StoreFiles):
    @property
    def snapshots(self) -> Snapshots:
        stem = self.path.stem if self.path.suffix else self.path.name
        return Snapshots(self.path.with_name(stem + ".snapshots"))

    def remember_source(
        self,
        source: Source,
        meta: Metadata | None = None,
        *,
        raw: bytes | None = None,
        provenance: dict[str, Any] | None = None,
    ) -> SourceRecord:
        """Record (or refresh) a source by its hash: the path it was seen at, its metadata,
        and a snapshot of its bytes (``raw``, else read again from the file and kept only
        if they are still the text's); for a converted text, where it came from
        (``provenance``). A read-only store only says what it would record."""
        return self.remember_sources([(source, meta, raw, provenance)])[0]

    def prepare_source(self, source: Source, words: Callable[[], int] | None = None) -> None:
        """The slow part of ``remember_source`` for a long text, safe in a thread because it
        touches no table: the copy of its bytes kept (read again from the file), then its
        words counted (by ``words`` if given). ``remember_source`` then only writes the
        record. Raises StoreError as ``remember_source`` would."""
        if not self.read_only:
            self._keep_snapshot(source, None)  # reading, hashing, writing: other threads run
        self._prepared[source.sha256] = count_words(source.text) if words is None else words()

    def remember_sources(
        self,
        items: list[Remembered],
    ) -> list[SourceRecord]:
        """Many at once, as ``add`` of a folder does: one write of the index for them all
        (5,000 writes of a growing index would take minutes)."""
        pending: dict[str, SourceRecord] = {}  # two copies of one file in one batch: one record
        self._stamp = now_iso()  # one batch, one time: they keep the order they were given
        if self.read_only:
            return [self._library_record(s, m, p, pending) for s, m, _, p in items]
        for source, _, raw, _ in items:
            if raw is not None or source.sha256 not in self._prepared:
                self._keep_snapshot(source, raw)
        with self._writing():
            records = [self._library_record(s, m, p, pending) for s, m, _, p in items]
            changed = {sid: r for sid, r in pending.items() if r.get("_changed")}
            if changed:
                newer = {r["path"]: r["id"] for r in changed.values()}
                compat.update_table(self.sources, lambda rows: _upsert(rows, changed, newer))
                compat.forget_next_ids(self._db)  # ids were given here, not by TinyDB
        for source, *_ in items:
            self._prepared.pop(source.sha256, None)
        return [{k: v for k, v in r.items() if k != "_changed"} for r in records]

    def _keep_snapshot(self, source: Source, raw: bytes | None) -> None:
        snapshots = self.snapshots
        if source.original:  # converted: the Markdown is the text, and its bytes are kept too
            try:
                snapshots.keep(source.text.encode("utf-8"), source.sha256)
                if raw is not None:
                    snapshots.keep(raw, source.original)
            except OSError as exc:
                raise StoreError(f"cannot keep a copy of {source.where}: {exc.strerror}") from None
            return
        if snapshots.has(source.sha256):
            return
        if raw is None:
            try:
                raw = source.path.read_bytes()
            except OSError:
                return  # gone already: the text may be added from a copy another time
        try:
            snapshots.keep(raw, source.sha256)
        except StoreError:
            pass  # changed meanwhile: the next open keeps the version it reads
        except OSError as exc:
            raise StoreError(f"cannot keep a copy of {source.path}: {exc.strerror}") from None

    def _library_record(
        self,
        source: Source,
        meta: Metadata | None,
        provenance: dict[str, Any] | None,
        pending: dict[str, SourceRecord],
    ) -> SourceRecord:
        """The source's record as it should now be; ``_changed`` if it must be written."""
        existing = pending.get(source.sha256) or self.get_source(source.sha256)
        path = source.where
        if meta is None and existing is not None and existing["path"] == path:
            return dict(existing)
        old = {k: v for k, v in (existing or {}).items() if k != "_changed"}
        if existing is None:  # an edited file: how far it was read, and since when, follow
            old = {k: v for k, v in self._earlier_record(path).items() if k in _FOLLOWING}
        paths = list(old.get("paths") or ([old["path"]] if old.get("path") else []))
        if path not in paths:
            paths.append(path)
        record: SourceRecord = {
            **old,
            "id": source.sha256,
            "path": path,
            "paths": paths,
            "title": meta.title if meta else old.get("title"),
            "authors": list(meta.authors) if meta else old.get("authors", []),
            "date": meta.date if meta else old.get("date"),
            "encoding": source.encoding,
            "size": source.size,
            "length": len(source.text),
            "words": old.get("words")
            or self._prepared.pop(source.sha256, None)
            or count_words(source.text),
            "kind": old.get("kind", source.kind),
            **(provenance or {}),
            "status": old.get("status", "new"),
            "first_seen": old.get("first_seen") or self._stamp,
        }
        record.pop("superseded_by", None)
        if existing != record or (existing or {}).get("_changed"):
            record["_changed"] = True
        pending[source.sha256] = record
        return record

    def _earlier_record(self, path: str) -> SourceRecord:
        """The latest earlier version's record of the text at ``path`` ({} if none)."""
        by_id = self._source_maps()[1]
        earlier = [by_id[sid] for sid in self._ids_by_path().get(path, []) if sid in by_id]
        newest = [r for r in earlier if not r.get("superseded_by")] or earlier
        return dict(newest[-1]) if newest else {}

    def converted_from(self, original: str) -> SourceRecord | None:
        """The text the library made from these bytes before (a web page, an EPUB, a PDF)."""
        for record in self.sources.all():
            if record.get("original") == original:
                return dict(record)
        return None

    def get_source(self, source_id: str) -> SourceRecord | None:
        found = self._source_maps()[1].get(source_id)
        return dict(found) if found is not None else None

    def all_sources(self) -> list[SourceRecord]:
        return [dict(r) for r in self.sources.all()]

    def _source_maps(self) -> tuple[dict[str, list[str]], dict[str, SourceRecord]]:
        """Source ids per last-seen path, and records by id, rebuilt only when the index was
        re-read or written: a query per text scanned every source (a second for 1,000)."""
        storage = self._db.storage
        raw = storage.read() or {}
        generation = storage.generation  # type: ignore[attr-defined]
        if self._paths is None or self._paths[0] != generation:
            by_path: dict[str, list[str]] = {}
            by_id: dict[str, SourceRecord] = {}
            for record in raw.get("sources", {}).values():
                by_path.setdefault(record["path"], []).append(record["id"])
                by_id.setdefault(record["id"], record)
            self._paths = (generation, by_path, by_id)
        return self._paths[1], self._paths[2]

    def _ids_by_path(self) -> dict[str, list[str]]:
        """Source ids per last-seen path, rebuilt only when the index was re-read."""
        return self._source_maps()[0]

    def _earlier_versions(self, source: Source) -> list[str]:
        """Ids of other texts last seen at this path whose highlights have not followed yet."""
        return [
            sid
            for sid in self._ids_by_path().get(source.where, [])
            if sid != source.sha256 and self._has_shard(sid) and self._shard(sid).all()
        ]

    # the library ------------------------------------------------------------------------

    def library(self) -> list[SourceRecord]:
        """Every document of the library, newest version of each, with where its reading
        is (``offset``, ``furthest``, ``last_opened``) and its highlight count."""
        states = {r["source_id"]: r for r in self.state.all()}
        found = []
        for record in self.sources.all():
            if record.get("superseded_by"):
                continue
            state = states.get(record["id"]) or self._earlier_state(record, states)
            found.append(
                {
                    **record,
                    "offset": state.get("offset", 0),
                    "furthest": state.get("furthest", state.get("offset", 0)),
                    "last_opened": state.get("last_opened"),
                    "highlights": self.highlight_count(record["id"]),
                }
            )
        self._count_cache.save()
        return found

    def highlight_count(self, source_id: str) -> int:
        """From the text's file, read again only when the file changed since it was counted
        (kept in memory per store, and between runs in ``counts.py``'s cache: 5,000 texts
        must not mean 5,000 parses per listing)."""
        path = self._shard_path(source_id)
        signature = shard_signature(path)
        if signature is None:
            return 0
        cached = self._counts.get(source_id)
        if cached is not None and cached[0] == signature:
            return cached[1]
        count = self._count_cache.get(source_id, signature)
        if count is None:
            count = len(self._shard(source_id))
            signature = shard_signature(path) or signature  # vetting may have rewritten it
            if not self.read_only:
                self._count_cache.put(source_id, signature, count)
        self._counts[source_id] = (signature, count)
        return count

    def set_status(self, source_id: str, status: str) -> None:
        if status not in STATUSES:
            raise StoreError(f"a document's state is one of {', '.join(STATUSES)}, not {status!r}")
        with self._writing():
            if not self.sources.update({"status": status}, Query().id == source_id):
                raise StoreError("that document is not in the library")

    def forget_source(self, source_id: str, *, delete_highlights: bool = False) -> SourceRecord:
        """Take a document out of the library. Its highlights stay in the store unless
        ``delete_highlights`` (then they are gone; the caller asks first)."""
        q = Query()
        with self._writing():
            record = self.sources.get(q.id == source_id)
            if record is None:
                raise StoreError("that document is not in the library")
            versions = [source_id, *self._ids_by_path().get(record["path"], [])]
            for sid in dict.fromkeys(versions):
                self.sources.remove(q.id == sid)
                self.state.remove(q.source_id == sid)
                if delete_highlights and self._has_shard(sid):
                    self._shard(sid).truncate()
        return dict(record)

    def seeded(self) -> bool:
        """True once the sample articles were put in a new library: removing them later
        does not bring them back."""
        return any(r.get("seeded") for r in self.meta.all())

    def mark_seeded(self) -> None:
        with self._writing():
            self.meta.update({"seeded": True})

    def find_ids(self, key: str) -> Iterator[str]:
        """Ids of the documents a PATH or an id (or its first characters) names."""
        if "://" in key:
            wanted: str | None = key
        else:
            wanted = str(resolved(Path(key).expanduser())) if not _looks_like_id(key) else None
        for record in self.sources.all():
            if (wanted is not None and wanted in [*record.get("paths", []), record["path"]]) or (
                wanted is None and record["id"].startswith(key.lower())
            ):
                yield record["id"]

    def _earlier_state(self, record: SourceRecord, states: dict[str, Any]) -> dict[str, Any]:
        """An edited text not opened since: where its earlier version was left (the reader
        follows that to the same words when it opens)."""
        ids = self._ids_by_path().get(record["path"], [])
        earlier = [states[sid] for sid in ids if sid in states]
        return max(earlier, key=lambda s: s.get("last_opened") or "", default={})

    # reading state ------------------------------------------------------------------------

    def reading_state(self, source_id: str) -> tuple[int, tuple[int, int] | None]:
        """(top-of-pane text offset, passage cursor span or None) where the reader left off."""
        found = self.state.get(Query().source_id == source_id)
        if not found:
            return 0, None
        cursor = found.get("cursor")
        return int(found["offset"]), (int(cursor[0]), int(cursor[1])) if cursor else None

    def reading_state_following(self, source: Source) -> tuple[int, tuple[int, int] | None]:
        """Where reading left off in this text. An edited text (same path, a new hash) has
        none of its own yet: the position saved in its earlier version is followed to the
        words it was on, as a highlight is."""
        if self.state.get(Query().source_id == source.sha256):
            return self.reading_state(source.sha256)
        for old_id in self._ids_by_path().get(source.where, []):
            old = self.state.get(Query().source_id == old_id)
            if old_id == source.sha256 or not old:
                continue
            earlier = self.snapshot_text(old_id)
            offset = int(old["offset"])
            marked = old.get("mark")
            if marked is None and earlier is not None:  # saved before marks were kept
                marked = mark(earlier, offset)
            if marked is None:
                continue
            return follow(source.text, marked, offset, old_text=earlier), _cursor_in(
                source.text, earlier, old.get("cursor")
            )
        return 0, None

    def snapshot_text(self, source_id: str) -> str | None:
        """The text the library kept for this id, as the reader read it; None without a copy
        (added before copies were kept), or one that cannot be read as text."""
        try:
            data = self.snapshots.read(source_id)
        except StoreError:
            return None
        if data is None:
            return None
        record = self.get_source(source_id) or {}
        try:
            if record.get("original"):  # converted: the copy is the Markdown made of it
                return data.decode("utf-8")
            return source_from_bytes(data, Path(record.get("path") or source_id), source_id).text
        except (NotTextError, UnicodeDecodeError):
            return None

    def set_reading_state(
        self,
        source_id: str,
        offset: int,
        cursor: tuple[int, int] | None = None,
        mark: dict[str, Any] | None = None,
        *,
        seen: int | None = None,
        length: int | None = None,
    ) -> None:
        """``mark``: the words at ``offset`` (``reading_position.mark``), so the position
        survives edits to the text above it. ``seen``: the furthest offset on screen, kept
        as how far the text has been read; with ``length``, a text read to its end becomes
        finished, and a new one reading."""
        if self.read_only:
            return  # the app says once that nothing is saved; a position is not worth more
        q = Query()
        with self._writing():
            old = self.state.get(q.source_id == source_id) or {}
            record: Record = {
                "source_id": source_id,
                "offset": int(offset),
                # seen 0 (nothing read yet) is not "not given": a jump's place is not read
                "furthest": max(int(offset if seen is None else seen), int(old.get("furthest", 0))),
                "cursor": list(cursor) if cursor else None,
                "last_opened": now_iso(),
            }
            if mark is not None:
                record["mark"] = mark
            self.state.upsert(record, q.source_id == source_id)
            self._advance_status(source_id, record["furthest"], length)

    def _advance_status(self, source_id: str, furthest: int, length: int | None) -> None:
        source = self.sources.get(Query().id == source_id)
        if source is None:
            return
        status = source.get("status", "new")
        done = bool(length) and furthest >= FINISHED_AT * (length or 1)
        if status == "new" or (status == "reading" and done):
            self.sources.update(
                {"status": "finished" if done else "reading"}, Query().id == source_id
            )


def _cursor_in(text: str, earlier: str | None, cursor: object) -> tuple[int, int] | None:
    """The passage cursor of an earlier version, followed to the same words in ``text``."""
    if earlier is None or not isinstance(cursor, list) or len(cursor) != 2:
        return None
    start, end = int(cursor[0]), int(cursor[1])
    if not 0 <= start < end <= len(earlier):
        return None
    from summitreader.annotations.anchoring import locate, selectors  # for a changed text

    quote, position = selectors(earlier, start, end)
    found = locate(text, quote, position, old_text=earlier)
    return None if found.status == "orphaned" else (found.start, found.end)


def _upsert(rows: dict[int, Any], changed: dict[str, SourceRecord], newer: dict[str, str]) -> None:
    """In TinyDB's rows: put the changed records, and mark each earlier version of a file
    (same path, another id) as replaced by the text now there."""
    by_id = {row["id"]: doc_id for doc_id, row in rows.items()}
    next_id = max(rows, default=0) + 1
    for sid, record in changed.items():
        clean = {k: v for k, v in record.items() if k != "_changed"}
        if sid in by_id:
            rows[by_id[sid]] = clean
        else:
            rows[next_id] = clean
            next_id += 1
    for row in rows.values():
        if row.get("path") in newer and row["id"] != newer[row["path"]]:
            row["superseded_by"] = newer[row["path"]]


def _looks_like_id(key: str) -> bool:
    return 8 <= len(key) <= 64 and all(c in "0123456789abcdef" for c in key.lower())
