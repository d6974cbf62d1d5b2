"""``refresh``: read a document from where it came from again (fetch the web page, read
and convert the file), and when its text changed, make a new version whose highlights
are anchored again in it. The old version and its copy stay in the library's history."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import NamedTuple

from summitreader.annotations.anchoring import STATUSES
from summitreader.errors import SummitError
from summitreader.fsio import read_regular_file, resolved
from summitreader.library.intake import Intake, from_bytes, from_path, from_url, is_url, remember
from summitreader.store.store import Store

MAX_BYTES = 500_000_000


class Refreshed(NamedTuple):
    title: str
    old_id: str
    new_id: str
    statuses: dict[str, int]  # the highlights, by how they were anchored again

    @property
    def changed(self) -> bool:
        return self.old_id != self.new_id

    def summary(self) -> str:
        if not self.changed:
            return f"{self.title}: unchanged"
        counts = ", ".join(f"{n} {s}" for s, n in self.statuses.items())
        return f"{self.title}: a new version; its highlights: {counts}"


def _again(store: Store, where: str, converted: bool) -> Intake:
    if is_url(where):
        return from_url(where, store)
    path = Path(where)
    if not converted:
        return from_path(path, store)
    try:  # converted afresh, by today's converter: not the text the library made before
        data = read_regular_file(path, MAX_BYTES)
    except OSError as exc:
        raise SummitError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return from_bytes(data, resolved(path), None)


def refresh(store: Store, key: str) -> list[Refreshed]:
    ids = list(dict.fromkeys(store.find_ids(key)))
    if not ids:
        raise SummitError(f"{key}: no document of the library has this address, path or id")
    done = []
    for sid in ids:
        record = store.get_source(sid) or {}
        if record.get("superseded_by"):
            continue
        intake = _again(store, record["path"], bool(record.get("original")))
        title = record.get("title") or record["path"]
        if intake.source.sha256 == sid:
            done.append(Refreshed(title, sid, sid, {}))
            continue
        remember(store, intake)
        statuses = Counter(r.get("anchor", "anchored") for r in store.for_source(intake.source))
        done.append(Refreshed(title, sid, intake.source.sha256, {s: statuses[s] for s in STATUSES}))
    return done
