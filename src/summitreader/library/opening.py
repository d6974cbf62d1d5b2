"""Opening documents: every PATH (or URL) loaded, and each that cannot be read reported
while the others still open. Whatever opens goes into the library. A web page the library
holds is read from its copy when it cannot be fetched (or is not to be: the commands that
act on highlights read the copy the highlights are anchored to)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from summitreader.errors import SummitError
from summitreader.library.catalog import FROM_COPY, Loaded, entries, load
from summitreader.library.intake import (
    Intake,
    from_path,
    from_stdin,
    from_url,
    is_url,
    remember,
)
from summitreader.sources.files import expand_paths
from summitreader.store.store import Store
from summitreader.text.document import Document


def open_documents(
    paths: Iterable[str | Path],
    store: Store | None = None,
    *,
    stdin: bytes | None = None,
    stdin_url: str = "",
    fetch: bool = True,
) -> tuple[list[Document], list[str]]:
    """Load every path; a file that cannot be read is reported, the others still open.
    With the ``store``: a URL is fetched (with ``fetch``; else the library's copy is read
    if it has one), ``-`` is ``stdin`` (with the URL it came from, if known), converted
    texts are kept in the library, and a file that is gone, or a page that cannot be
    fetched, opens from the library's copy of it (the problems say so)."""
    docs: list[Document] = []
    problems: list[str] = []
    given = list(paths)
    files = [p for p in given if not is_url(p) and str(p) != "-"]
    for raw in given:
        intake: Intake | None = None
        try:
            if is_url(raw) or str(raw) == "-":
                if store is None:
                    raise SummitError(f"{raw}: reading it needs the library")
                if str(raw) == "-":
                    intake = from_stdin(stdin or b"", store, url=stdin_url)
                else:
                    kept = None if fetch else _page_from_library(store, str(raw))
                    if kept is not None:
                        docs.append(kept.document)
                        continue
                    intake = _fetch_or_copy(store, str(raw), docs, problems)
                    if intake is None:
                        continue
                remember(store, intake)
                docs.append(intake.document)
        except SummitError as exc:
            problems.append(str(exc))
    for folder in (Path(f).expanduser() for f in files):
        if folder.is_dir() and not expand_paths([folder]):
            problems.append(f"{folder}: the folder holds no text, page or book")
    for path in expand_paths(files):
        try:
            intake = from_path(path, store)
        except SummitError as exc:
            kept = _from_library(store, path) if store is not None else None
            if kept is None:
                problems.append(str(exc))
            else:
                docs.append(kept.document)
                problems.append(kept.notice or str(exc))
            continue
        if store is not None and intake.source.original:
            remember(store, intake)  # a conversion is kept at once: never made twice
        docs.append(intake.document)
    return docs, problems


def _fetch_or_copy(
    store: Store, url: str, docs: list[Document], problems: list[str]
) -> Intake | None:
    """The page fetched now; or, when that fails, the copy the library kept (added to
    ``docs``, with a notice in ``problems``) and None."""
    from summitreader.sources.web import FetchError  # to fetch: not to open a file

    try:
        return from_url(url, store)
    except FetchError as exc:
        kept = _page_from_library(store, url)
        if kept is None:
            raise
        docs.append(kept.document)
        problems.append(f"{exc}; {FROM_COPY}")
        return None


def _page_from_library(store: Store, url: str) -> Loaded | None:
    """The newest version of the web page at ``url`` the library holds, if any."""
    return _newest_copy(store, url)


def _from_library(store: Store, path: Path) -> Loaded | None:
    if path.exists():
        return None  # there, but unreadable: that is the problem to report
    return _newest_copy(store, str(path))


def _newest_copy(store: Store, where: str) -> Loaded | None:
    """The library's copy of the newest text seen at ``where`` (a path or URL), if any."""
    ids = set(store.find_ids(where))
    entry = next((e for e in entries(store) if e.id in ids), None) if ids else None
    if entry is None:
        return None
    try:
        return load(store, entry)
    except SummitError:
        return None
