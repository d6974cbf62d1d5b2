"""Bringing Web Annotation JSON into the store: resolve each text, anchor, skip duplicates."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from summitreader.annotations.model import Record, now_iso
from summitreader.annotations.record_checks import annotation_problem, shown
from summitreader.annotations.tags import merge_tags, normalise_tag
from summitreader.errors import SummitError
from summitreader.export.w3c import ImportFileError, Incoming
from summitreader.sources.text import Source, load_source
from summitreader.store.store import Store


@dataclass
class ImportReport:
    added: int = 0
    skipped: int = 0
    orphaned: int = 0
    waiting: int = 0  # kept under a text we could not find; they attach when it is opened
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.skipped} skipped (already there)"]
        parts.append(f"{self.orphaned} orphaned")
        if self.waiting:
            parts.append(f"{self.waiting} waiting for their text")
        return ", ".join(parts)


TEXT_LIMIT = 100_000_000  # bytes: an import reads no larger text


def _resolved(path: str | Path) -> Path | None:
    try:
        return Path(path).expanduser().resolve()
    except (OSError, ValueError):  # a NUL byte, a loop of links
        return None


class _Texts:
    """The texts an import may read: those the user named and those already in the library.

    A shared file's ``via`` is only a hint. Read as given, ``file:///etc/shadow`` put 32
    characters of that file into the stored prefix and suffix (and so into the next export),
    and /dev/zero or a named pipe never returned. Here it is read only if it is one of those
    texts, and only as a regular file of at most TEXT_LIMIT bytes."""

    def __init__(self, store: Store, named: Iterable[Path], report: ImportReport) -> None:
        self.store, self.report = store, report
        self._loaded: dict[Path, Source | None] = {}
        self._noted: set[str] = set()
        self.by_id: dict[str, Source] = {}
        for path in named:
            if (source := self._load(path, note=True)) is not None:
                self.by_id.setdefault(source.sha256, source)
        library = (_resolved(r["path"]) for r in store.all_sources())
        self.allowed = {*self._loaded, *library} - {None}

    def _note(self, line: str) -> None:
        if line not in self._noted:
            self._noted.add(line)
            self.report.notes.append(line)

    def _load(self, path: Path, *, note: bool) -> Source | None:
        key = _resolved(path)
        if key is None:
            return None
        if key not in self._loaded:
            try:
                self._loaded[key] = load_source(key, limit=TEXT_LIMIT)
            except (OSError, ValueError, SummitError) as exc:
                self._loaded[key] = None
                if note:
                    self._note(str(exc))
        return self._loaded[key]

    def find(self, source_id: str, via: str | None) -> Source | None:
        """The text an annotation belongs to: by hash among the named texts, else the library's
        path for that hash, else ``via`` if it is a named or library text."""
        if source_id in self.by_id:
            return self.by_id[source_id]
        known = self.store.get_source(source_id)
        if known and (text := self._load(Path(known["path"]), note=False)) is not None:
            return text
        if not via:
            return None
        if _resolved(via) not in self.allowed:
            self._note(
                f"{shown(via, 200)}: not read: it is neither a text in the library nor one "
                "named after the import file (summitreader import FILE.json PATH ...)"
            )
            return None
        return self._load(Path(via), note=True)


def _key(source_id: str, exact: str, tags: list[str], note: str) -> tuple[str, str, tuple, str]:
    return (source_id, exact, tuple(sorted(tags)), note.strip())


def import_annotations(
    store: Store, incoming: list[Incoming], named: Iterable[Path] = ()
) -> ImportReport:
    """Add what is new. Every record is built and checked before anything is written: one
    that cannot be stored refuses the whole import (ImportFileError naming it)."""
    report = ImportReport()
    found = _Texts(store, named, report)
    texts: dict[str, Source | None] = {}
    for item in incoming:
        if item.source_id not in texts:
            texts[item.source_id] = found.find(item.source_id, item.path)
    existing: set[tuple[str, str, tuple, str]] = set()
    seen_ids: set[str] = set()
    for sid in {t.sha256 for t in texts.values() if t} | set(texts):
        for r in store.annotations(sid):
            existing.add(_key(r["source_id"], r["quote"]["exact"], r["tags"], r["note"]))
            seen_ids.add(r["id"])
    new: list[tuple[Record, Source | None]] = []
    for item in incoming:
        tags = merge_tags([], *(normalise_tag(t) for t in item.tags))
        text = texts[item.source_id]
        sid = text.sha256 if text else item.source_id
        key = _key(sid, item.quote["exact"], tags, item.note)
        if key in existing or (item.id and (item.id in seen_ids or store.get(item.id))):
            report.skipped += 1
            continue
        existing.add(key)
        stamp = now_iso()
        record: Record = {
            "id": item.id or str(uuid.uuid4()),
            "source_id": sid,
            "source_path": str(text.path) if text else (item.path or ""),
            "quote": dict(item.quote),
            "position": item.position or {"start": 0, "end": len(item.quote["exact"])},
            "tags": tags,
            "note": item.note,
            "created": item.created or stamp,
            "modified": item.modified or stamp,
            "anchor": "anchored",
        }
        seen_ids.add(record["id"])
        if text is None:
            report.waiting += 1
        else:
            record = Store.reanchored({**record, "source_id": item.source_id}, text)
            report.orphaned += record["anchor"] == "orphaned"
        if problem := annotation_problem(record):
            raise ImportFileError(f"annotation {item.number}: {problem}")
        new.append((record, text))
        report.added += 1
    if new:
        store.backup("before-import")
        store.insert_many(new)
    return report
