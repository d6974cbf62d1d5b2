"""The library: what a reader has opened or added, listed from the store's index without
reading a single text, and each document loaded only when it is read, from its file or,
when the file is gone, from the library's own copy of it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from summitreader.errors import NotTextError, SummitError
from summitreader.settings import paths
from summitreader.sources.files import TEXT_SUFFIXES
from summitreader.sources.text import (
    Source,
    load_source,
    read_regular_file,
    source_from_bytes,
)
from summitreader.store.library_records import SourceRecord
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.text.metadata import Metadata, join_authors

BATCH = 500  # texts per write of the index when adding a folder
MAX_TEXT_BYTES = 500_000_000  # a text larger than this is not read whole


class Entry(NamedTuple):
    """One document of the library, as its list shows it."""

    id: str
    title: str
    author: str
    date: str
    path: str
    paths: tuple[str, ...]
    added: str
    last_opened: str
    progress: float  # 0..1: where the reader is
    furthest: float  # 0..1: how far it has been read
    highlights: int
    status: str
    kind: str
    words: int

    @classmethod
    def of(cls, record: SourceRecord) -> Entry:
        length = record.get("length") or 0
        return cls(
            id=record["id"],
            title=record.get("title") or Path(record["path"]).stem,
            author=join_authors(record.get("authors") or []),
            date=record.get("date") or "",
            path=record["path"],
            paths=tuple(record.get("paths") or [record["path"]]),
            added=record.get("first_seen") or "",
            last_opened=record.get("last_opened") or "",
            progress=min(1.0, record.get("offset", 0) / length) if length else 0.0,
            furthest=min(1.0, record.get("furthest", 0) / length) if length else 0.0,
            highlights=record.get("highlights", 0),
            status=record.get("status", "new"),
            kind=record.get("kind", "text"),
            words=record.get("words") or 0,
        )


def entries(store: Store) -> list[Entry]:
    """Every document, the most recently opened first, then the most recently added."""
    found = [Entry.of(r) for r in store.library()]
    found.sort(key=lambda e: (e.last_opened, e.added), reverse=True)
    return found


class Loaded(NamedTuple):
    document: Document
    notice: str | None  # what the reader should know: the file is gone, or changed


def load(store: Store, entry: Entry) -> Loaded:
    """The document an entry names: from its file if that still holds this text; from a
    newer version at the same path (whose highlights follow it); else from the snapshot."""
    for place in dict.fromkeys([entry.path, *reversed(entry.paths)]):
        path = Path(place)
        if not path.is_file():
            continue
        try:
            source = load_source(path)
        except SummitError:
            continue
        if source.sha256 == entry.id:
            return Loaded(Document(source), None)
        if place == entry.path:
            return Loaded(Document(source), f"{path.name} changed since it was last read")
    data = store.snapshots.read(entry.id)
    if data is None:
        raise SummitError(
            f"{entry.path}: the file is gone, and the library has no copy of it "
            "(it was added before copies were kept)"
        )
    source = source_from_bytes(data, Path(entry.path), entry.id)
    return Loaded(
        Document(source),
        f"{Path(entry.path).name} is no longer at {entry.path}: reading the copy the library kept",
    )


def load_all(store: Store) -> tuple[list[Document], list[str]]:
    """Every document of the library, for a command given no PATH; what could not be
    read is said, and the others are still given."""
    docs: list[Document] = []
    problems: list[str] = []
    for entry in entries(store):
        try:
            docs.append(load(store, entry).document)
        except SummitError as exc:
            problems.append(str(exc))
    return docs, problems


def remember(store: Store, document: Document) -> None:
    """Put an opened document in the library (or note where it was seen now)."""
    store.remember_source(document.source, document.meta)


def seed(store: Store) -> None:
    """On the first run the library holds the two sample articles, so a new reader sees
    something at once. Once only: samples taken out later stay out."""
    if store.seeded() or store.read_only:
        return
    if not store.library():
        add(store, [paths.bundled_corpus()])
    store.mark_seeded()


class AddReport(NamedTuple):
    added: int
    already: int
    skipped: dict[str, list[str]]  # why -> the files

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.already} already in the library"]
        for why, files in sorted(self.skipped.items()):
            parts.append(f"{len(files)} skipped ({why})")
        return ", ".join(parts)


def _files(
    paths_given: Iterable[Path], own: Path | None = None
) -> Iterable[tuple[Path, str | None]]:
    """(file, why it is skipped or None), every file under a folder included, but hidden
    ones (.git, .obsidian) and the store's own files (``own``: the store's path)."""
    for given in paths_given:
        if given.is_dir():
            for found in sorted(p for p in given.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in found.relative_to(given).parts):
                    continue
                if own is not None and _belongs_to(found, own):
                    continue
                if found.suffix.lower() not in TEXT_SUFFIXES:
                    yield found, f"unsupported type {found.suffix.lower() or '(no suffix)'}"
                else:
                    yield found, None
        elif given.exists():
            yield given, None
        else:
            yield given, "no such file"


def _belongs_to(path: Path, store_path: Path) -> bool:
    """A file of the store itself: the index, its lock, journal, copies and backups."""
    stem = store_path.stem if store_path.suffix else store_path.name
    inside = path.resolve()
    folder = store_path.resolve().parent
    return any(
        inside == folder / part.name or folder / part.name in inside.parents
        for part in folder.glob(f"{stem}*")
    )


def add(store: Store, paths_given: Iterable[str | Path]) -> AddReport:
    """Add files and folders (searched recursively) to the library. Nothing is skipped
    without saying why: unsupported type, binary, unreadable."""
    known = {r["id"] for r in store.all_sources()}
    added = already = 0
    skipped: dict[str, list[str]] = {}
    batch: list[tuple[Source, Metadata | None, bytes | None]] = []
    for path, why in _files((Path(p).expanduser() for p in paths_given), store.path):
        source = data = None
        if why is None:
            try:
                data = read_regular_file(path, MAX_TEXT_BYTES)
                source = source_from_bytes(data, path.resolve())
            except NotTextError:
                why = "binary"
            except (SummitError, OSError):
                why = "unreadable"
        if source is None:
            skipped.setdefault(why or "unreadable", []).append(str(path))
            continue
        if source.sha256 in known:
            already += 1
        else:
            added += 1
            known.add(source.sha256)
        batch.append((source, Document(source).meta, data))
        if len(batch) >= BATCH:
            store.remember_sources(batch)
            batch = []
    if batch:
        store.remember_sources(batch)
    return AddReport(added, already, skipped)


def forget(store: Store, key: str, *, delete_highlights: bool = False) -> list[SourceRecord]:
    """Take the documents a PATH or an id names out of the library."""
    ids = list(dict.fromkeys(store.find_ids(key)))
    if not ids:
        raise SummitError(f"{key}: no document of the library has this path or id")
    return [store.forget_source(i, delete_highlights=delete_highlights) for i in ids]
