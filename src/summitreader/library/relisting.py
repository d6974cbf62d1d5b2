"""Texts with highlights that the library does not list. ``recover`` can restore an index
from a backup older than some highlights: their files are there, but search, tags and the
statistics go by the library's list and would miss them. Each is listed again, from its
file when it still holds the same text, else from the library's copy."""

from __future__ import annotations

from pathlib import Path

from summitreader.errors import StoreError, SummitError
from summitreader.library.intake import Intake, from_path, is_url, remember
from summitreader.sources.kinds import HTML_SUFFIXES
from summitreader.sources.text import Source, source_from_bytes
from summitreader.store.store import Store

_CONVERTED = {".epub": "epub", ".pdf": "pdf", **dict.fromkeys(HTML_SUFFIXES, "html")}


def recover_and_relist(path: Path, *, empty: bool = False) -> list[str]:
    """``recover``, then list again what the restored library lacks; what was done."""
    from summitreader.store.repair import recover

    done = recover(path, empty=empty)
    try:
        with Store(path) as store:
            listed, left = relist(store)
    except StoreError as exc:  # still damaged: what recover did stands, and this says why
        return [*done, str(exc)]
    if listed:
        done.append(f"listed again {len(listed)} text(s) with highlights the library lacked:")
        done.extend(f"  {where}" for where in listed)
    done.extend(f"not listed again: {line}" for line in left)
    return done


def unlisted(store: Store) -> dict[str, str]:
    """Each text id with highlights and no entry in the library, and where it was read."""
    listed = {record["id"] for record in store.all_sources()}
    found = {}
    for sid in store.texts_with_highlights():
        if sid not in listed and (records := store.annotations(sid)):
            found[sid] = next((r["source_path"] for r in records if r.get("source_path")), sid)
    return found


def relist(store: Store) -> tuple[list[str], list[str]]:
    """(where each text listed again was read, why each other one could not be)."""
    listed, left = {}, []
    for sid, where in unlisted(store).items():
        intake = _from_file(where, sid) or _from_copy(store, where, sid)
        if intake is None:
            left.append(f"{where}: neither the file nor a copy of this text is at hand")
            continue
        remember(store, intake)
        listed[sid] = where
    store.remember_tags(t for sid in listed for r in store.annotations(sid) for t in r["tags"])
    return list(listed.values()), left


def _from_file(where: str, sid: str) -> Intake | None:
    path = Path(where)
    if is_url(where) or not path.is_file():
        return None
    try:
        intake = from_path(path, None)
    except SummitError:
        return None
    return intake if intake.source.sha256 == sid else None


def _from_copy(store: Store, where: str, sid: str) -> Intake | None:
    """The library's copy: a text file's bytes, or the Markdown made of a page or a book
    (whose own bytes are no longer tied to it: the entry names itself as their origin)."""
    data = store.snapshots.read(sid)
    if data is None:
        return None
    kind = "html" if is_url(where) else _CONVERTED.get(Path(where).suffix.lower(), "text")
    try:
        if kind == "text":
            source = source_from_bytes(data, Path(where), sid)
        else:
            source = Source(
                path=store.snapshots.path(sid) if is_url(where) else Path(where),
                sha256=sid,
                text=data.decode("utf-8"),
                encoding="utf-8",
                size=len(data),
                origin=where if is_url(where) else None,
                kind=kind,
                original=sid,
            )
    except (SummitError, UnicodeDecodeError):
        return None
    provenance = {"kind": kind, "original": sid} if kind != "text" else {}
    return Intake(source, None, provenance)
