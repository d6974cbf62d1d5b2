"""The highlight model: what a highlight holds, how one is made, in what order they are
listed, and how one is anchored again in a changed text. Pure functions over records:
the store keeps them, export and search read them, none of these need the store."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from summitreader.annotations.tags import merge_tags, normalise_tag
from summitreader.sources.text import Source

if TYPE_CHECKING:  # the anchoring is imported when a highlight is made or anchored again
    from summitreader.annotations.anchoring import OldToNew


class QuoteSelector(TypedDict):
    exact: str
    prefix: str
    suffix: str


class PositionSelector(TypedDict):
    start: int
    end: int


class Previous(TypedDict):
    """Where a moved, fuzzy or orphaned highlight was before it was anchored again."""

    source_id: str
    position: PositionSelector
    exact: str


class Record(TypedDict):
    """One highlight, as it is stored (and as W3C and Markdown export read it)."""

    id: str  # a uuid4: TinyDB's doc_ids are reused, so they are never identity
    source_id: str  # the sha256 of the text's bytes
    source_path: str
    quote: QuoteSelector
    position: PositionSelector
    tags: list[str]
    note: str
    created: str  # ISO 8601 UTC
    modified: str
    anchor: str  # anchored, moved, fuzzy or orphaned
    previous: NotRequired[Previous]
    anchor_score: NotRequired[float]


def iso_utc(moment: datetime) -> str:
    """``moment`` as every stored time is written: ISO 8601 in UTC to the millisecond, so
    times sort as text. A naive ``moment`` is taken as this computer's local time."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_MILLISECOND = timedelta(milliseconds=1)


def now_iso() -> str:
    return iso_utc(datetime.now(UTC))


def stamp_after(previous: str) -> str:
    """Now, or a millisecond after ``previous`` if that is not earlier: a change's time
    tells another window that the highlight changed, so two changes in one millisecond
    (or under a clock set back) must not share one."""
    now = now_iso()
    if now > previous:
        return now
    try:
        return iso_utc(datetime.fromisoformat(previous.replace("Z", "+00:00")) + _MILLISECOND)
    except ValueError:
        return previous


def clean_tags(raw: Iterable[str]) -> list[str]:
    return merge_tags([], *(normalise_tag(t) for t in raw))


def new_record(
    source: Source,
    start: int,
    end: int,
    tags: Iterable[str] = (),
    note: str = "",
    *,
    stamp: str | None = None,
) -> Record:
    """A highlight of source.text[start:end] with both selectors, not yet stored."""
    from summitreader.annotations.anchoring import selectors  # not to open a text

    quote, position = selectors(source.text, start, end)
    stamp = stamp or now_iso()
    return {
        "id": str(uuid.uuid4()),
        "source_id": source.sha256,
        "source_path": source.where,
        "quote": quote,  # type: ignore[typeddict-item]
        "position": position,  # type: ignore[typeddict-item]
        "tags": clean_tags(tags),
        "note": note,
        "created": stamp,
        "modified": stamp,
        "anchor": "anchored",
    }


def span(record: Record) -> tuple[int, int]:
    return record["position"]["start"], record["position"]["end"]


def is_orphan(record: Record) -> bool:
    return record.get("anchor") == "orphaned"


def document_order(record: Record) -> tuple[bool, int, int, str, str]:
    """Anchored highlights by position; orphans (whose position is stale) after them. Ties
    go by creation, then id, so that any two lists of the same highlights agree."""
    start, end = span(record)
    return (is_orphan(record), start, end, record.get("created", ""), record["id"])


def place_order(offset: int) -> tuple[bool, int]:
    """Where ``document_order`` puts a place in the text: before every anchored highlight
    that starts there, after those that start earlier, before every orphan."""
    return (False, offset)


def reanchored(old: Record, source: Source, old_text: str | OldToNew | None = None) -> Record:
    """``old`` anchored again in ``source``: its status, and where it came from if it moved.
    ``old_text`` is the text it was anchored on, if the library kept it (see ``locate``)."""
    from summitreader.annotations.anchoring import locate, selectors

    anchor = locate(source.text, dict(old["quote"]), dict(old["position"]), old_text=old_text)
    status = anchor.status
    if status != "orphaned":
        quote, position = selectors(source.text, anchor.start, anchor.end)
        if status == "moved" and all(quote[k] == old["quote"].get(k) for k in quote):
            status = "anchored"  # the same words around it: text came or went elsewhere
    record: dict[str, Any] = {**old, "source_id": source.sha256, "anchor": status}
    if is_orphan(old) and old.get("previous"):
        pass  # an orphan's place and words are those of the text it was last anchored on
    elif status != "anchored" or old["source_id"] != source.sha256:
        record["previous"] = {
            "source_id": old["source_id"],
            "position": old["position"],
            "exact": old["quote"]["exact"],
        }
    if status != "orphaned":
        record.update(quote=quote, position=position)
        if status == "fuzzy":
            record["anchor_score"] = anchor.score
    return record  # type: ignore[return-value]


def all_tags(records: Iterable[Record]) -> list[str]:
    return sorted({t for r in records for t in r.get("tags", [])})


def tag_counts(records: Iterable[Record]) -> dict[str, int]:
    """Highlights per tag, by name."""
    counts: dict[str, int] = {}
    for record in records:
        for tag in record.get("tags", []):
            counts[tag] = counts.get(tag, 0) + 1
    return dict(sorted(counts.items()))


def most_used(records: Sequence[Record]) -> list[tuple[str, int]]:
    """Tags by how often they are used, then by name: the sidebar's order."""
    return sorted(tag_counts(records).items(), key=lambda kv: (-kv[1], kv[0]))
