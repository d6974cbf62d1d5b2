"""Bringing highlights into the store without duplicates: our own Web Annotation JSON (each
text found by its hash, and anchored again), and highlights made elsewhere (Hypothesis, a
Kindle), each placed in a document of the library or reported (``placing.py``)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from summitreader.annotations.model import Record, new_record, now_iso
from summitreader.annotations.record_checks import annotation_problem, shown
from summitreader.annotations.tags import merge_tags, normalise_tag
from summitreader.errors import NotTextError, SummitError
from summitreader.export.foreign import Foreign, Read, Unplaceable
from summitreader.export.w3c import ImportFileError, Incoming
from summitreader.library.intake import Intake, from_bytes, remember
from summitreader.library.placing import Library, Placed, place, resolved
from summitreader.sources.text import Source, load_source, read_named
from summitreader.store.store import Store
from summitreader.text.sanitize import excerpt


@dataclass
class ImportReport:
    added: int = 0
    skipped: int = 0
    orphaned: int = 0
    waiting: int = 0  # kept under a text we could not find; they attach when it is opened
    notes: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # from elsewhere: each with why
    approximate: int = 0  # from elsewhere: placed where the words are close, not the same
    set_aside: dict[str, int] = field(default_factory=dict)  # left out on purpose, by why
    foreign: bool = False

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.skipped} skipped (already there)"]
        if self.foreign:
            parts.append(f"{len(self.unplaced)} not placed")
            if self.approximate:
                parts.append(f"{self.approximate} placed on close but not equal words (fuzzy)")
            parts.extend(f"{n} {why}" for why, n in self.set_aside.items())
            return ", ".join(parts)
        parts.append(f"{self.orphaned} orphaned")
        if self.waiting:
            parts.append(f"{self.waiting} waiting for their text")
        return ", ".join(parts)


TEXT_LIMIT = 100_000_000  # bytes: an import reads no larger text


class _Texts:
    """The texts an import may read: those the user named and those already in the library.

    A shared file's ``via`` is only a hint. Read as given, ``file:///etc/shadow`` put 32
    characters of that file into the stored prefix and suffix (and so into the next export),
    and /dev/zero or a named pipe never returned. Here it is read only if it is one of those
    texts, and only as a regular file of at most TEXT_LIMIT bytes."""

    def __init__(self, store: Store, named: Iterable[Path], report: ImportReport) -> None:
        self.store, self.report = store, report
        self._loaded: dict[Path, Source | None] = {}
        self.intakes: list[Intake] = []  # converted texts, to join the library if used
        self._noted: set[str] = set()
        self.by_id: dict[str, Source] = {}
        for path in named:
            if (source := self._load(path, note=True)) is not None:
                self.by_id.setdefault(source.sha256, source)
        library = (resolved(r["path"]) for r in store.all_sources())
        self.allowed = {*self._loaded, *library} - {None}

    def _note(self, line: str) -> None:
        if line not in self._noted:
            self._noted.add(line)
            self.report.notes.append(line)

    def _load(self, path: Path, *, note: bool) -> Source | None:
        key = resolved(path)
        if key is None:
            return None
        if key not in self._loaded:
            try:
                try:
                    self._loaded[key] = load_source(key, limit=TEXT_LIMIT)
                except NotTextError:  # an EPUB, a PDF, a saved page: made text as opened
                    intake = from_bytes(read_named(key, TEXT_LIMIT), key, self.store)
                    self._loaded[key] = intake.source
                    self.intakes.append(intake)
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
        if resolved(via) not in self.allowed:
            self._note(
                f"{shown(via, 200)}: not read (an import reads only your library's texts and "
                "the ones named after the import file), so its highlights wait for it: add it "
                "with `summitreader add PATH`, or name it: `summitreader import FILE PATH`"
            )
            return None
        return self._load(Path(via), note=True)


Key = tuple[str, str, tuple[str, ...], str]


def _key(source_id: str, exact: str, tags: list[str], note: str) -> Key:
    """Two highlights are the same if their text, quote, tags and note are (DESIGN)."""
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
    existing, seen_ids = _existing(store, {t.sha256 for t in texts.values() if t} | set(texts))
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
    used = {id(text) for _, text in new if text is not None}
    _write(store, new, [i for i in found.intakes if id(i.source) in used])
    return report


def _existing(store: Store, text_ids: Iterable[str]) -> tuple[set[Key], set[str]]:
    """What these texts hold already: the keys that make a highlight the same, and the ids."""
    keys: set[Key] = set()
    ids: set[str] = set()
    for sid in text_ids:
        for r in store.annotations(sid):
            keys.add(_key(r["source_id"], r["quote"]["exact"], r["tags"], r["note"]))
            ids.add(r["id"])
    return keys, ids


def _write(
    store: Store, new: list[tuple[Record, Source | None]], intakes: Iterable[Intake] = ()
) -> None:
    """Everything at once, after a backup; each named file that gets a highlight joins the
    library first, with its title, author and date."""
    if not new:
        return
    store.backup("before-import")
    for intake in intakes:
        remember(store, intake)
    store.insert_many(new)


def _unplaced(label: str, quote: str, reason: str) -> str:
    """One line of the report: the document, the start of the quote, and why."""
    said = f" — “{excerpt(quote, 60)}”" if quote.strip() else ""
    return f"{excerpt(label, 80)}{said} — {excerpt(reason, 200)}"


def _tags(item: Foreign, report: ImportReport) -> list[str]:
    """The item's tags in normal form; one that cannot be a #hashtag is said and left off."""
    tags: list[str] = []
    for raw in item.tags:
        try:
            tags = merge_tags(tags, normalise_tag(raw))
        except SummitError as exc:
            report.notes.append(
                f"“{excerpt(item.quote['exact'], 40)}”: {exc}; the tag was left off, "
                "the highlight kept"
            )
    return tags


def _record(item: Foreign, where: Placed, tags: list[str]) -> Record:
    """A new highlight of the placed words, with the other tool's times when it gave them."""
    created = item.created or now_iso()
    record = new_record(where.source, where.start, where.end, tags, item.note, stamp=created)
    record["modified"] = max(item.modified or created, created)
    if where.score < 1.0:
        record["anchor"] = "fuzzy"
        record["anchor_score"] = where.score
    return record


def import_foreign(store: Store, read: Read, named: Iterable[Path] = ()) -> ImportReport:
    """Place each highlight made elsewhere in a document of the library (or one named), and
    add those that are new. What cannot be placed is listed with why, and nothing is written
    if one record cannot be stored (ImportFileError naming it)."""
    report = ImportReport(foreign=True, set_aside=dict(read.set_aside))
    library = Library(store, named, report.notes)
    unplaced = list(read.unplaceable)
    placed: list[tuple[Foreign, Placed]] = []
    for item in read.highlights:
        where = place(library, item)
        if isinstance(where, str):
            unplaced.append(Unplaceable(item.number, item.label, item.quote["exact"], where))
        else:
            placed.append((item, where))
    for u in sorted(unplaced, key=lambda u: u.number):
        report.unplaced.append(_unplaced(u.label, u.quote, u.reason))
    existing, _ = _existing(store, {where.source.sha256 for _, where in placed})
    new: list[tuple[Record, Source | None]] = []
    intakes: dict[str, Intake] = {}
    for item, where in placed:
        record = _record(item, where, _tags(item, report))
        key = _key(record["source_id"], record["quote"]["exact"], record["tags"], record["note"])
        if key in existing:
            report.skipped += 1
            continue
        existing.add(key)
        if problem := annotation_problem(record):
            raise ImportFileError(f"the highlight “{excerpt(item.quote['exact'], 40)}”: {problem}")
        if where.candidate.intake is not None:
            intakes[where.candidate.id] = where.candidate.intake
        report.approximate += record["anchor"] == "fuzzy"
        new.append((record, where.source))
        report.added += 1
    _write(store, new, intakes.values())
    return report
