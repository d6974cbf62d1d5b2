"""What a stored record must look like: one set of checks, used by the store on every file it
reads and by an import before its first write.

The rest of the code indexes records directly (``record["position"]["start"]``), so a record
that passes here cannot crash a reader, an export or the app; one that fails is set aside by
the store, or refused by an import, with the reason these functions give.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from summitreader.annotations.anchor_statuses import STATUSES

TEXT_ID = re.compile(r"[0-9a-f]{64}")
HIGHLIGHT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")  # a uuid; never a path
MAX_OFFSET = 2**53 - 1  # the largest whole number every JSON reader keeps exactly
Check = Callable[[Any], str | None]


def is_text_id(value: object) -> bool:
    """A text's identity: the SHA-256 of its bytes as 64 lower-case hex digits. Only such an
    id ever names a file in the store."""
    return isinstance(value, str) and TEXT_ID.fullmatch(value) is not None


def shown(value: object, limit: int = 60) -> str:
    """A value from a file, quoted for a message: repr escapes controls, and it is cut short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text_problem(value: object, what: str, *, empty: bool = True) -> str | None:
    if value is None:
        return f"it has no {what}"
    if not isinstance(value, str):
        return f"its {what} is not text ({shown(value)})"
    if not empty and not value:
        return f"its {what} is empty"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            code = ord(value[exc.start])
            return f"its {what} holds a lone surrogate (U+{code:04X}), which cannot be stored"
    return None


def offset_problem(value: object, what: str) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return f"its {what} is not a whole number ({shown(value)})"
    if not 0 <= value <= MAX_OFFSET:
        return f"its {what} {value} is out of range (0 to {MAX_OFFSET})"
    return None


def _highlight_id(value: object) -> str | None:
    if (problem := text_problem(value, "id", empty=False)) is not None:
        return problem
    if HIGHLIGHT_ID.fullmatch(value) is None:  # type: ignore[arg-type]
        return f"its id {shown(value)} is not letters, digits and . _ : - (a uuid)"
    return None


def _is_time(value: object) -> bool:
    if type(value) is not str:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _time(value: object, what: str) -> str | None:
    if (problem := text_problem(value, what)) is not None:
        return problem
    return None if _is_time(value) else f"its {what} {shown(value)} is not an ISO 8601 date"


def _optional(record: dict[str, Any], key: str, check: Check) -> str | None:
    return check(record[key]) if key in record else None


def _id_problem(value: object, what: str) -> str | None:
    return None if is_text_id(value) else f"its {what} {shown(value)} is not 64 hex digits"


def _span(value: object, what: str) -> str | None:
    if not isinstance(value, dict):
        return f"it has no {what} object"
    start, end = value.get("start"), value.get("end")
    return (
        offset_problem(start, f"{what} start")
        or offset_problem(end, f"{what} end")
        or (f"its {what} ends before it starts" if end < start else None)  # type: ignore[operator]
    )


def _quote(value: object) -> str | None:
    if not isinstance(value, dict):
        return "it has no quote object"
    return (
        text_problem(value.get("exact"), "quote")
        or _optional(value, "prefix", lambda v: text_problem(v, "quote prefix"))
        or _optional(value, "suffix", lambda v: text_problem(v, "quote suffix"))
    )


def _tags(value: object) -> str | None:
    if not isinstance(value, list):
        return f"its tags are not a list ({shown(value)})"
    return next((p for t in value if (p := text_problem(t, "tag", empty=False))), None)


def _anchor(value: object) -> str | None:
    return None if value in STATUSES else f"its anchor {shown(value)} is not one we know"


def _previous(value: object) -> str | None:
    if not isinstance(value, dict):
        return "its previous place is not an object"
    return (
        _id_problem(value.get("source_id"), "previous text id")
        or _span(value.get("position"), "previous position")
        or text_problem(value.get("exact"), "previous quote")
    )


def _settled(value: object) -> str | None:
    """When a moved highlight was accepted, for which status and which earlier text."""
    if not isinstance(value, dict):
        return "its settled mark is not an object"
    moved_from = value.get("from")
    return (
        text_problem(value.get("at"), "settled time")
        or (None if value.get("anchor") in STATUSES else "its settled status is unknown")
        or (None if moved_from is None else _id_problem(moved_from, "settled text id"))
    )


def _text_ok(value: object) -> bool:
    """``text_problem(value, …) is None``, for the common case, quickly."""
    if type(value) is not str:
        return False
    if value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _offset_ok(value: object) -> bool:
    return type(value) is int and 0 <= value <= MAX_OFFSET


def annotation_ok(r: object) -> bool:
    """True only for a highlight ``annotation_problem`` passes: the store checks every
    record of every file it reads (100,000 of them for ``summitreader list``), so the
    usual, well-formed record is checked here in a few microseconds. False means "ask
    ``annotation_problem``", which says why, or passes a rarer shape (a ``previous``, a
    ``settled`` mark)."""
    if type(r) is not dict or "previous" in r or "settled" in r:
        return False
    quote, position, tags = r.get("quote"), r.get("position"), r.get("tags")
    if type(quote) is not dict or type(position) is not dict or type(tags) is not list:
        return False
    start, end = position.get("start"), position.get("end")
    ident = r.get("id")
    return (
        type(ident) is str
        and HIGHLIGHT_ID.fullmatch(ident) is not None
        and is_text_id(r.get("source_id"))
        and _text_ok(quote.get("exact"))
        and ("prefix" not in quote or _text_ok(quote["prefix"]))
        and ("suffix" not in quote or _text_ok(quote["suffix"]))
        and _offset_ok(start)
        and _offset_ok(end)
        and start <= end  # type: ignore[operator]
        and all(_text_ok(t) and t for t in tags)
        and _text_ok(r.get("note"))
        and _is_time(r.get("created"))
        and _is_time(r.get("modified"))
        and ("source_path" not in r or _text_ok(r["source_path"]))
        and ("anchor" not in r or r["anchor"] in STATUSES)
    )


def annotation_problem(record: object) -> str | None:
    """Why this highlight cannot be used, or None."""
    if not isinstance(record, dict):
        return f"it is not a JSON object ({shown(record)})"
    r = record
    return (
        _highlight_id(r.get("id"))
        or _id_problem(r.get("source_id"), "text id")
        or _quote(r.get("quote"))
        or _span(r.get("position"), "position")
        or _tags(r.get("tags"))
        or text_problem(r.get("note"), "note")
        or _time(r.get("created"), "creation time")
        or _time(r.get("modified"), "modification time")
        or _optional(r, "source_path", lambda v: text_problem(v, "source path"))
        or _optional(
            r, "anchor", lambda v: None if v in STATUSES else f"its anchor {shown(v)} is unknown"
        )
        or _optional(r, "previous", _previous)
        or _optional(r, "settled", _settled)
    )


def source_problem(record: object) -> str | None:
    """Why this entry of the library cannot be used, or None."""
    if not isinstance(record, dict):
        return f"it is not a JSON object ({shown(record)})"
    r = record
    return (
        _id_problem(r.get("id"), "id")
        or text_problem(r.get("path"), "path", empty=False)
        or _optional(r, "title", lambda v: v and text_problem(v, "title"))
        or _optional(r, "date", lambda v: v and text_problem(v, "date"))
        or _optional(r, "authors", lambda v: _tags(v) and "its authors are not a list of names")
    )


def state_problem(record: object) -> str | None:
    """Why this reading position cannot be used, or None."""
    if not isinstance(record, dict):
        return f"it is not a JSON object ({shown(record)})"
    cursor = record.get("cursor")
    pair = isinstance(cursor, list) and len(cursor) == 2
    return (
        _id_problem(record.get("source_id"), "text id")
        or offset_problem(record.get("offset"), "offset")
        or (
            None
            if cursor is None or (pair and not any(offset_problem(c, "cursor") for c in cursor))
            else f"its cursor {shown(cursor)} is not two whole numbers"
        )
    )


def tag_problem(record: object) -> str | None:
    """Why this entry of the tag list cannot be used, or None."""
    if not isinstance(record, dict):
        return f"it is not a JSON object ({shown(record)})"
    return text_problem(record.get("name"), "name", empty=False)


CHECKS: dict[str, Check] = {
    "annotations": annotation_problem,
    "sources": source_problem,
    "state": state_problem,
    "tags": tag_problem,
}


class BadRecord(NamedTuple):
    """A record taken out of a file, with why: the store keeps it aside, never drops it."""

    table: str
    key: str
    record: Any
    reason: str


def split_bad(data: dict[str, Any]) -> tuple[dict[str, Any], list[BadRecord]]:
    """``data`` (a file's TinyDB tables) without the records that fail their table's check,
    and those records. Tables we do not know are left as they are."""
    bad: list[BadRecord] = []
    for table, rows in data.items():
        check = CHECKS.get(table)
        if check is None:
            continue
        quick = annotation_ok if check is annotation_problem else None
        ids: set[str] = set()  # highlights' ids: two records with one are told apart by none
        for key, record in rows.items():
            if not (key.isascii() and key.isdigit()):
                reason: str | None = "its key is not a number"
            elif quick is not None and quick(record):
                reason = None
            else:
                reason = check(record)
            if not reason and table == "annotations":
                if record["id"] in ids:
                    reason = f"its id {shown(record['id'])} is another highlight's in this file"
                ids.add(record["id"])
            if reason:
                bad.append(BadRecord(table, key, record, reason))
    if not bad:
        return data, bad
    out = {name: dict(rows) for name, rows in data.items()}
    for item in bad:
        del out[item.table][item.key]
    return out, bad


def schema_problem(index: dict[str, Any]) -> str | None:
    """Why the index's schema version cannot be trusted, or None (none recorded is fine: a
    new store). Without a version nothing can say which layout the file has."""
    meta = index.get("meta") or {}
    for record in meta.values():
        version = record.get("schema_version") if isinstance(record, dict) else record
        if isinstance(version, int) and not isinstance(version, bool) and version >= 1:
            return None
        return f"its schema_version is {shown(version)}, not a whole number"
    return None
