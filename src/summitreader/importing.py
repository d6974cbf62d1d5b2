"""Bringing Web Annotation JSON into the store: resolve each text, anchor, skip duplicates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from summitreader.errors import SummitError
from summitreader.source import Source, load_source
from summitreader.store import Record, Store, now_iso
from summitreader.tags import merge_tags, normalise_tag
from summitreader.w3c import Incoming


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


def _resolve(store: Store, source_id: str, path: str | None) -> Source | None:
    """The text an annotation belongs to: by hash where the store saw it, else by path."""
    candidates: list[str] = []
    known = store.get_source(source_id)
    if known:
        candidates.append(known["path"])
    if path:
        candidates.append(path)
    for candidate in dict.fromkeys(candidates):
        try:
            return load_source(Path(candidate))
        except (OSError, SummitError):
            continue
    return None


def _key(source_id: str, exact: str, tags: list[str], note: str) -> tuple[str, str, tuple, str]:
    return (source_id, exact, tuple(sorted(tags)), note.strip())


def import_annotations(store: Store, incoming: list[Incoming]) -> ImportReport:
    """Add what is new; all records are built (and validated) before anything is written."""
    report = ImportReport()
    texts: dict[str, Source | None] = {}
    for item in incoming:
        if item.source_id not in texts:
            texts[item.source_id] = _resolve(store, item.source_id, item.path)
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
        new.append((record, text))
        report.added += 1
    if new:
        store.backup("before-import")
        store.insert_many(new)
    return report
