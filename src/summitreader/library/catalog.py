"""The library: what a reader has opened or added, listed from the store's index without
reading a single text, and each document loaded only when it is read, from its file or,
when the file is gone, from the library's own copy of it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from summitreader.errors import NotTextError, StoreError, SummitError
from summitreader.fsio import resolved
from summitreader.library.intake import STDIN, from_path, from_stdin, from_url, is_url, remember
from summitreader.settings import paths
from summitreader.sources.files import TEXT_SUFFIXES
from summitreader.sources.kinds import HEAD_BYTES, describe, sniff_kind
from summitreader.sources.text import Source, source_from_bytes
from summitreader.store.library_records import Remembered, SourceRecord
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.text.metadata import join_authors

FROM_COPY = "reading the copy the library kept"  # ends a problem that still opened the text

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
    """The document an entry names: from its file if that still holds this text (a
    converted one from the Markdown the library made of it, never converted again in
    place); a newer version at the same path (whose highlights follow it); else the
    library's copy. A web page is always its copy: fetching again is ``refresh``."""
    record = store.get_source(entry.id) or {}
    if entry.kind == "text" or record.get("original"):
        for place in dict.fromkeys([entry.path, *reversed(entry.paths)]):
            path = Path(place)
            if "://" in place or not path.is_file():
                continue
            try:
                intake = from_path(path, store)
            except SummitError:
                continue
            if intake.source.sha256 == entry.id:
                return Loaded(Document(intake.source), None)
            if place == entry.path:
                return Loaded(intake.document, f"{path.name} changed since it was last read")
    data = store.snapshots.read(entry.id)
    if data is None:
        raise SummitError(
            f"{entry.path}: the file is gone, and the library has no copy of it "
            "(it was added before copies were kept)"
        )
    if record.get("original"):
        source = Source(
            path=store.snapshots.path(entry.id) if "://" in entry.path else Path(entry.path),
            sha256=entry.id,
            text=data.decode("utf-8"),
            encoding="utf-8",
            size=len(data),
            origin=entry.path if "://" in entry.path else None,
            kind=record.get("kind", "html"),
            original=record["original"],
            pages=tuple(record.get("pages") or ()),
        )
    else:
        source = source_from_bytes(data, Path(entry.path), entry.id)
    if "://" in entry.path:
        return Loaded(Document(source), None)  # a web page is read from its copy
    return Loaded(
        Document(source),
        f"{Path(entry.path).name} is no longer at {entry.path}: {FROM_COPY}",
    )


def load_all(store: Store) -> tuple[list[Document], list[str]]:
    """Every document of the library, for a command given no PATH; what could not be
    read is said, and the others are still given."""
    docs: list[Document] = []
    problems: list[str] = []
    # in the order they were added: an export of the library is the same bytes whenever
    # it is made, whatever was read last
    for entry in sorted(entries(store), key=lambda e: (e.added, e.path)):
        try:
            docs.append(load(store, entry).document)
        except SummitError as exc:
            problems.append(str(exc))
    return docs, problems


def seed(store: Store) -> None:
    """On the first run the library holds the two sample articles, so a new reader sees
    something at once. Once only: samples taken out later stay out. A store that cannot
    be written now (a full disk) is seeded by a later run: the command goes on (``list``,
    ``search`` and ``export`` failed on a full disk for this write alone)."""
    if (finish := seed_later(store)) is not None:
        with contextlib.suppress(StoreError):
            finish()


def seed_later(store: Store) -> Callable[[], None] | None:
    """``seed``'s decision now, before a text opened is added to the library, and its work
    (reading, hashing and writing the samples) when the returned function is called: a
    text's first screen does not wait for it. None when there is nothing to do."""
    if store.seeded() or store.read_only:
        return None
    samples = not store.library()

    def finish() -> None:
        if store.seeded():
            return  # another process seeded meanwhile
        if samples:
            add(store, [paths.bundled_corpus()])
        store.mark_seeded()

    return finish


class AddReport(NamedTuple):
    added: int
    already: int
    skipped: dict[str, list[str]]  # why -> the files

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.already} already in the library"]
        for why, files in sorted(self.skipped.items()):
            parts.append(f"{len(files)} skipped ({why})")
        return ", ".join(parts)

    @property
    def only_skipped_one(self) -> bool:
        """Nothing added, and one file or page skipped: the reason is the whole report."""
        skipped = sum(len(files) for files in self.skipped.values())
        return not self.added and not self.already and skipped == 1


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
                yield found, _unsupported(found)
        elif given.exists():
            yield given, None
        elif given.is_symlink():
            yield given, "a link to no file (it leads nowhere, or round in a loop)"
        else:
            yield given, "no such file"


BINARY = "binary data, not text"


def _unsupported(path: Path) -> str | None:
    """Why a file found in a folder is not a document (by its suffix, then its content)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return "unreadable"
    kind = sniff_kind(path.name, head)
    if kind == "unsupported":
        what = describe(path.name, head)
        return BINARY if what.startswith("binary data") else f"unsupported type: {what}"
    if kind == "text" and path.suffix.lower() not in TEXT_SUFFIXES:
        return f"unsupported type {path.suffix.lower() or '(no suffix)'}"
    return None


def _belongs_to(path: Path, store_path: Path) -> bool:
    """A file of the store itself: the index, its lock, journal, copies and backups."""
    stem = store_path.stem if store_path.suffix else store_path.name
    inside = resolved(path)
    folder = store_path.resolve().parent
    return any(
        inside == folder / part.name or folder / part.name in inside.parents
        for part in folder.glob(f"{stem}*")
    )


def add(
    store: Store,
    paths_given: Iterable[str | Path],
    *,
    stdin: bytes | None = None,
    stdin_url: str = "",
) -> AddReport:
    """Add files and folders (searched recursively), web pages (URLs) and a page on
    standard input (``-``) to the library: text, Markdown, HTML, EPUB and PDF. Nothing is
    skipped without saying why: unsupported type (named), binary, unreadable, or what a
    fetch or a conversion found wrong."""
    known = {r["id"] for r in store.all_sources()}
    added = already = 0
    skipped: dict[str, list[str]] = {}
    batch: list[Remembered] = []
    given = list(paths_given)
    for raw in given:
        if not (is_url(raw) or str(raw) == "-"):
            continue
        where = STDIN if str(raw) == "-" else str(raw)
        try:
            if str(raw) == "-":
                intake = from_stdin(stdin or b"", store, url=stdin_url)
            else:
                intake = from_url(str(raw), store)
        except SummitError as exc:
            skipped.setdefault(_reason(str(exc), where), []).append(where)
            continue
        fresh = intake.source.sha256 not in known
        added, already = added + fresh, already + (not fresh)
        known.add(intake.source.sha256)
        remember(store, intake)
    files = (Path(p).expanduser() for p in given if not (is_url(p) or str(p) == "-"))
    for path, why in _files(files, store.path):
        intake = None
        if why is None:
            try:
                intake = from_path(path, store)
            except NotTextError:  # named by what it is, when its first bytes tell
                why = _unsupported(path) or BINARY
            except SummitError as exc:
                why = _reason(str(exc), str(path), str(resolved(path)))
        if intake is None:
            skipped.setdefault(why or "unreadable", []).append(str(path))
            continue
        source = intake.source
        if source.sha256 in known:
            already += 1
        else:
            added += 1
            known.add(source.sha256)
        batch.append((source, intake.document.meta, intake.raw, intake.provenance or None))
        if len(batch) >= BATCH:
            store.remember_sources(batch)
            batch = []
    if batch:
        store.remember_sources(batch)
    return AddReport(added, already, skipped)


def _reason(message: str, *names: str) -> str:
    """A conversion's one-line problem, without the file's name (as given, in full, or
    its last part), as a reason to group by."""
    for name in names:
        for prefix in (f"{name}: ", f"{Path(name).name}: "):
            message = message.removeprefix(prefix)
    return message


def forget(store: Store, key: str, *, delete_highlights: bool = False) -> list[SourceRecord]:
    """Take the documents a PATH or an id names out of the library."""
    ids = list(dict.fromkeys(store.find_ids(key)))
    if not ids:
        raise SummitError(f"{key}: no document of the library has this path or id")
    # the versions of a text at one path go together: a later id may be gone already
    return [
        store.forget_source(i, delete_highlights=delete_highlights)
        for i in ids
        if store.get_source(i) is not None
    ]
