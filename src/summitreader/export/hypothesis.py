"""Annotations made by Hypothesis, or another tool that writes W3C Web Annotations.

Hypothesis writes the same annotation in two shapes, and both are read here:
- its API's JSON, which its client's "Export" also saves (``{"export_date": …,
  "annotations": [...]}``; an API search gives ``{"rows": [...], "total": n}``): the note
  is ``text``, the tags are ``tags``, and ``target[0].source`` is the page's address;
- W3C JSON-LD (its ``/annotations/{id}.jsonld``): the note is a TextualBody with no purpose
  (or ``commenting``), each tag a TextualBody with ``purpose: tagging``.

A target's TextQuoteSelector (``exact``, ``prefix``, ``suffix``) finds the text. Its
TextPositionSelector counts characters of the page as a browser saw it, so it is kept as a
hint only; a RangeSelector or an XPathSelector names elements of that page, and is left out.
An annotation with no quote is a page note, and a reply belongs to a discussion: neither
can be a highlight, so both are reported rather than placed somewhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from summitreader.export.foreign import (
    FILE,
    HASH,
    URL,
    Foreign,
    Read,
    Unplaceable,
    json_items,
    stamp,
)
from summitreader.export.w3c import SHA_PREFIX, ImportFileError, load_json


def _where(source: str) -> tuple[str, str]:
    """(kind, where) for a target's source: an address, a file, or one of our text ids."""
    lowered = source.lower()
    if lowered.startswith(("http://", "https://")):
        return URL, source
    if lowered.startswith("file:"):
        return FILE, unquote(urlparse(source).path)
    if lowered.startswith(SHA_PREFIX):
        return HASH, lowered[len(SHA_PREFIX) :]
    if Path(source).is_absolute():
        return FILE, source
    return "", source


def _source(raw: dict[str, Any], target: Any) -> str | None:
    """The address of the annotated document: the target's source, else the API's ``uri``."""
    source = target if isinstance(target, str) else None
    if isinstance(target, dict):
        source = target.get("source")
        if isinstance(source, dict):
            source = source.get("id")
        if isinstance(source, list):  # some writers give several: the first is the page
            source = source[0] if source else None
    if not isinstance(source, str) or not source:
        source = raw.get("uri")
    return source if isinstance(source, str) and source else None


def _selectors(target: Any, where: str) -> list[dict[str, Any]]:
    found = target.get("selector", []) if isinstance(target, dict) else []
    found = found if isinstance(found, list) else [found]
    if not all(isinstance(s, dict) for s in found):
        raise ImportFileError(f"{where}: its target's selectors are not JSON objects")
    return found


def _quote(selectors: list[dict[str, Any]], where: str) -> dict[str, str] | None:
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    if quote is None:
        return None
    parts = {k: quote.get(k, "") for k in ("exact", "prefix", "suffix")}
    if not all(isinstance(v, str) for v in parts.values()):
        raise ImportFileError(f"{where}: its quote's exact, prefix or suffix is not text")
    return parts if parts["exact"].strip() else None


def _position(selectors: list[dict[str, Any]]) -> dict[str, int] | None:
    """A TextPositionSelector at the top level (one inside ``refinedBy`` counts from an
    element, not from the start of the page), if its numbers make a span."""
    found = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    if found is None:
        return None
    start, end = found.get("start"), found.get("end")
    ok = all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (start, end))
    return {"start": start, "end": end} if ok and start < end else None  # type: ignore[operator]


def _words(raw: dict[str, Any], where: str) -> tuple[list[str], list[str]]:
    """(tags, notes): the API's ``tags`` and ``text``, and W3C bodies by their purpose."""
    tags = raw.get("tags") or []
    if not isinstance(tags, list):
        raise ImportFileError(f"{where}: its tags are not a list")
    tags = [t for t in tags if isinstance(t, str)]
    notes = [raw["text"]] if isinstance(raw.get("text"), str) else []
    bodies = raw.get("body", [])
    for body in bodies if isinstance(bodies, list) else [bodies]:
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue  # a body we do not model (an image, a link) is left out, not refused
        purposes = body.get("purpose", "commenting")
        purposes = purposes if isinstance(purposes, list) else [purposes]
        (tags if "tagging" in purposes else notes).append(body["value"])
    if isinstance(raw.get("bodyValue"), str):
        notes.append(raw["bodyValue"])
    return tags, [n.strip() for n in notes if n.strip()]


def _one(raw: Any, n: int) -> Foreign | Unplaceable:
    where = f"annotation {n}"
    if not isinstance(raw, dict):
        raise ImportFileError(f"{where} is not a JSON object")
    if "target" not in raw:
        raise ImportFileError(f"{where} has no target")
    target = raw["target"]
    if isinstance(target, list):
        target = target[0] if target else None
    if target is not None and not isinstance(target, dict | str):
        raise ImportFileError(f"{where}: its target is neither an object nor an address")
    source = _source(raw, target)
    selectors = _selectors(target, where)
    quote = _quote(selectors, where)
    tags, notes = _words(raw, where)
    label = source or "(no address)"
    if raw.get("references"):
        return Unplaceable(n, label, "\n\n".join(notes), "a reply in a discussion, not a highlight")
    if quote is None:
        return Unplaceable(
            n,
            label,
            "\n\n".join(notes),
            "a page note with no quoted text (summitreader keeps notes on highlights only)",
        )
    kind, place = _where(source) if source else ("", "")
    if not kind:
        why = "its document is neither a web address nor a file"
        return Unplaceable(n, label, quote["exact"], why if source else "it names no document")
    return Foreign(
        number=n,
        kind=kind,
        where=place,
        label=label,
        quote=quote,
        position=_position(selectors),
        tags=tuple(tags),
        note="\n\n".join(notes),
        created=stamp(raw.get("created")),
        modified=stamp(raw.get("modified", raw.get("updated"))),
    )


def parse(text: str) -> Read:
    """Every annotation of the file, or ImportFileError naming the first malformed one."""
    read = Read([], [], {})
    for n, raw in enumerate(json_items(load_json(text)), 1):
        found = _one(raw, n)
        (read.highlights if isinstance(found, Foreign) else read.unplaceable).append(found)
    return read
