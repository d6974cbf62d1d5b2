"""Schema migrations, in order. Each takes the raw index (TinyDB's JSON) and returns the new one.

They run at start-up under the store lock, after a backup. Each must be safe
to run again if a crash interrupts it, because the version is bumped last.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

Raw = dict[str, Any]
ShardWriter = Callable[[str, list[dict[str, Any]]], None]


class Migration(NamedTuple):
    version: int  # the version this migration produces
    what: str
    run: Callable[[Raw, ShardWriter], Raw]


def _shard_annotations(index: Raw, write_shard: ShardWriter) -> Raw:
    """v2: annotations move out of the index into one file per source.

    One file per source keeps a write proportional to that source's highlights,
    not to the whole library (see the store benchmark in the README).
    """
    by_source: dict[str, list[dict[str, Any]]] = {}
    for record in index.get("annotations", {}).values():
        by_source.setdefault(record["source_id"], []).append(record)
    for source_id, records in by_source.items():
        write_shard(source_id, records)
    tags = sorted({t for rs in by_source.values() for r in rs for t in r.get("tags", [])})
    new = {k: v for k, v in index.items() if k != "annotations"}
    new["tags"] = {str(i): {"name": t} for i, t in enumerate(tags, 1)}
    return new


def _library(index: Raw, write_shard: ShardWriter) -> Raw:
    """v3: the texts known to the store become the library: every path each was seen at,
    its state (reading if it has a reading position, else new), and its kind."""
    read = {r.get("source_id") for r in index.get("state", {}).values() if isinstance(r, dict)}
    sources = {}
    for key, record in index.get("sources", {}).items():
        if isinstance(record, dict) and isinstance(record.get("path"), str):
            record = {
                "paths": [record["path"]],
                "status": "reading" if record.get("id") in read else "new",
                "kind": "text",
                **record,
            }
        sources[key] = record
    return {**index, "sources": sources}


MIGRATIONS: list[Migration] = [
    Migration(2, "annotations moved into one file per source", _shard_annotations),
    Migration(3, "the texts known to the store became the library", _library),
]
SCHEMA_VERSION = MIGRATIONS[-1].version


def schema_version(index: Raw) -> int | None:
    meta = index.get("meta", {})
    for record in meta.values():
        version = record.get("schema_version")
        return version if isinstance(version, int) else None
    return None


def pending(version: int) -> list[Migration]:
    return [m for m in MIGRATIONS if m.version > version]


def set_version(index: Raw, version: int) -> Raw:
    return {**index, "meta": {"1": {"schema_version": version}}}
