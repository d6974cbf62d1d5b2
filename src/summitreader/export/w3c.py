"""W3C Web Annotation JSON: export for interchange and backup, and import without duplicates.

Where things go (see the README):
- ``target.source.id`` is ``urn:sha256:<hex>``, the text's identity;
- ``target.source.via`` is the ``file://`` URI of the path it was last seen at;
- ``target.selector`` holds a TextQuoteSelector and a TextPositionSelector;
- the note is a TextualBody with ``purpose: commenting``, each tag one with
  ``purpose: tagging``;
- the id is ``urn:uuid:<our uuid4>``, so a round trip keeps identities.

A highlight that could not be anchored in the current text is exported
against the text it was made on (``previous.source_id``), where its
selectors are still true.
"""

from __future__ import annotations

import functools
import json
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple
from urllib.parse import unquote, urlparse

import orjson

from summitreader.annotations.model import Record
from summitreader.annotations.record_checks import is_text_id, shown
from summitreader.errors import SummitError
from summitreader.text.sanitize import inert_json

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SHA_PREFIX = "urn:sha256:"
UUID_PREFIX = "urn:uuid:"
NAMESPACE = uuid.UUID("6f1f4a46-0d4b-4f5c-9a53-8a3e2f3b9c11")  # for collection ids


class ImportFileError(SummitError):
    """The file is not Web Annotation JSON we can take; nothing was written."""


@functools.lru_cache(maxsize=4096)
def _file_uri(path: str) -> str:
    """A path as a ``file://`` URI: the same for each of a text's highlights, made once."""
    return Path(path).absolute().as_uri()


@functools.lru_cache(maxsize=4096)
def _source(sid: str, path: str | None) -> dict[str, Any]:
    """A target's source: one dict for every highlight of a text (read, never changed)."""
    source: dict[str, Any] = {"id": SHA_PREFIX + sid, "type": "Text", "format": "text/plain"}
    if path:
        source["via"] = _file_uri(path)
    return source


def to_annotation(record: Record, paths: dict[str, str]) -> dict[str, Any]:
    """One stored highlight as a W3C Annotation (100,000 of them in an export: each
    field is looked up once)."""
    if record.get("anchor") == "orphaned" and record.get("previous"):  # on its earlier text
        sid = record["previous"]["source_id"]
    else:
        sid = record["source_id"]
    source = _source(sid, paths.get(sid) or record.get("source_path"))
    quote = record["quote"]
    position = record["position"]
    note = record.get("note")
    body = [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in record["tags"]]
    if note:
        body.insert(
            0,
            {"type": "TextualBody", "purpose": "commenting", "value": note, "format": "text/plain"},
        )
    annotation: dict[str, Any] = {
        "@context": CONTEXT,
        "id": UUID_PREFIX + record["id"],
        "type": "Annotation",
        "motivation": "highlighting",
        "created": record["created"],
        "modified": record["modified"],
    }
    if body:
        annotation["body"] = body
    annotation["target"] = {
        "type": "SpecificResource",
        "source": source,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": quote["exact"],
                "prefix": quote.get("prefix", ""),
                "suffix": quote.get("suffix", ""),
            },
            {"type": "TextPositionSelector", "start": position["start"], "end": position["end"]},
        ],
    }
    return annotation


def to_collection(records: Iterable[Record], paths: dict[str, str]) -> dict[str, Any]:
    """An AnnotationCollection with one embedded page; the same data gives the same bytes."""
    items = [to_annotation(r, paths) for r in records]
    ids = "\n".join(sorted(i["id"] for i in items))
    return {
        "@context": CONTEXT,
        "id": UUID_PREFIX + str(uuid.uuid5(NAMESPACE, ids)),
        "type": "AnnotationCollection",
        "label": "summitreader highlights",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def dumps(collection: dict[str, Any]) -> str:
    return inert_json(json.dumps(collection, ensure_ascii=False, indent=2)) + "\n"


class Segment(NamedTuple):
    """A document's annotations in a collection's file: from ``at`` bytes after the head,
    ``size`` bytes long; their ids."""

    at: int
    size: int
    ids: list[str]


NESTED_START = b"[\n  [\n    [\n"
NESTED_END = b"\n    ]\n  ]\n]"


class CollectionWriter:
    """The bytes ``dumps(to_collection(records, paths))`` gives, made a document's records
    at a time, so an export of 100,000 highlights never holds them all (1 GB, and 13 s
    in ``json.dumps``'s pure-Python indenting). The collection's id and total come before
    its items and depend on every one of them, so the items wait in a temporary file
    (``spool``) until ``chunks`` writes the whole. orjson's indented output is
    ``json.dumps(..., ensure_ascii=False, indent=2)``'s, byte for byte (a test checks)."""

    def __init__(self, spool: BinaryIO | None = None) -> None:
        """``spool``: where the items go, from where it stands (``w3c_file`` gives the
        file being written, after the head it expects), else a temporary file."""
        self._own = spool is None
        self._spool = tempfile.TemporaryFile() if spool is None else spool  # noqa: SIM115
        self._start = self._spool.tell()
        self._ids: list[str] = []

    def __enter__(self) -> CollectionWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._own:
            self._spool.close()

    @property
    def total(self) -> int:
        return len(self._ids)

    def add(self, records: Iterable[Record], paths: dict[str, str]) -> Segment | None:
        """The annotations of ``records``, after those added before; where they went (None:
        there were none)."""
        annotations = [to_annotation(record, paths) for record in records]
        if not annotations:
            return None
        # One call for the document, its list put three lists deep: its items then sit
        # where the collection's do (collection, page, items: six spaces in), and the
        # lines of the three lists around them are cut off.
        text = orjson.dumps([[annotations]], option=orjson.OPT_INDENT_2)
        text = text[len(NESTED_START) : -len(NESTED_END)]
        if _has_raw_controls(text):  # rare: the regex scan alone took 0.7 s for 100,000
            text = inert_json(text.decode("utf-8")).encode("utf-8")
        return self.add_items([annotation["id"] for annotation in annotations], text)

    def add_items(self, ids: list[str], text: bytes) -> Segment:
        """Annotations already written as ``add`` writes them (``text``, of these ``ids``:
        a document's part of an earlier export), after those added before."""
        if self._ids:
            self._spool.write(SEPARATOR)
        at = self._spool.tell() - self._start
        self._spool.write(text)
        self._ids += ids
        return Segment(at, len(text), ids)

    def head(self) -> bytes:
        """What comes before the items: the collection's id (from every item's) and total."""
        return collection_head(self._ids)

    def tail(self) -> bytes:
        """What comes after the items (nothing when there are none: ``head`` closes)."""
        return TAIL if self._ids else b""

    def chunks(self, size: int = 1 << 20) -> Iterator[bytes]:
        yield self.head()
        if not self._ids:
            return
        self._spool.seek(self._start)
        while chunk := self._spool.read(size):
            yield chunk
        yield TAIL


def collection_head(ids: list[str]) -> bytes:
    """What comes before the items of these annotations (their ids): the collection's id,
    made from every id, and their total."""
    head = {
        "@context": CONTEXT,
        "id": UUID_PREFIX + str(uuid.uuid5(NAMESPACE, "\n".join(sorted(ids)))),
        "type": "AnnotationCollection",
        "label": "summitreader highlights",
        "total": len(ids),
    }
    lines = json.dumps(head, ensure_ascii=False, indent=2)[:-2]  # without "\n}"
    if not ids:
        return (lines + PAGE_START + "[]\n  }\n}\n").encode("utf-8")
    return (lines + PAGE_START + "[\n").encode("utf-8")


def _has_raw_controls(text: bytes) -> bool:
    """Whether UTF-8 ``text`` holds a character ``inert_json`` escapes: DEL, a C1 control
    (C2 80 to C2 9F) or a line or paragraph separator (E2 80 A8, E2 80 A9)."""
    if b"\x7f" in text:
        return True
    # a lead byte first: one byte is looked for at memory speed, three at a fifth of it
    if b"\xe2" in text and (b"\xe2\x80\xa8" in text or b"\xe2\x80\xa9" in text):
        return True
    at = text.find(b"\xc2")
    while 0 <= at < len(text) - 1:
        if 0x80 <= text[at + 1] <= 0x9F:
            return True
        at = text.find(b"\xc2", at + 1)
    return False


TAIL = b"\n    ]\n  }\n}\n"
SEPARATOR = b",\n"  # between two documents' annotations
PAGE_START = ',\n  "first": {\n    "type": "AnnotationPage",\n    "startIndex": 0,\n    "items": '


# import -----------------------------------------------------------------------


@dataclass
class Incoming:
    """One annotation read from a file, in our terms, before its source is resolved."""

    id: str | None
    source_id: str
    path: str | None
    quote: dict[str, str]
    position: dict[str, int] | None
    tags: list[str]
    note: str
    created: str | None
    modified: str | None
    number: int = 0  # its place in the file, counting from 1, for messages
    extra: dict[str, Any] = field(default_factory=dict)


def annotation_items(data: Any) -> list[Any]:
    """The annotations of one annotation, an array, or a collection or page that embeds them."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise ImportFileError("expected a JSON object or array of annotations")
    kind = data.get("type")
    kinds = set(kind) if isinstance(kind, list) else {kind}
    if "AnnotationCollection" in kinds:
        first = data.get("first")
        if isinstance(first, dict):
            return list(first.get("items", []))
        if first is None:
            return []
        raise ImportFileError("the collection's first page is only a link; embed its items")
    if "AnnotationPage" in kinds:
        return list(data.get("items", []))
    return [data]


def _selector(selectors: list[Any], kind: str) -> dict[str, Any] | None:
    return next((s for s in selectors if isinstance(s, dict) and s.get("type") == kind), None)


def _one(raw: Any, n: int) -> Incoming:
    where = f"annotation {n}"
    if not isinstance(raw, dict):
        raise ImportFileError(f"{where} is not a JSON object")
    kind = raw.get("type")
    if kind != "Annotation" and not (isinstance(kind, list) and "Annotation" in kind):
        raise ImportFileError(f"{where} has type {kind!r}, not Annotation")
    target = raw.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    if not isinstance(target, dict):
        raise ImportFileError(f"{where} has no target object with selectors")
    source = target.get("source")
    sid, path = source, None
    if isinstance(source, dict):
        sid, via = source.get("id"), source.get("via")
        if isinstance(via, list):
            via = via[0] if via else None
        if isinstance(via, str) and via.startswith("file:"):
            path = unquote(urlparse(via).path)
    if not isinstance(sid, str) or not sid.startswith(SHA_PREFIX):
        raise ImportFileError(f"{where}: its target source is not a {SHA_PREFIX}… id")
    text_id = sid[len(SHA_PREFIX) :].lower()
    if not is_text_id(text_id):  # it names a file in the store: nothing else may
        raise ImportFileError(
            f"{where}: its target source {shown(sid)} is not {SHA_PREFIX} followed by 64 hex digits"
        )
    selectors = target.get("selector")
    selectors = selectors if isinstance(selectors, list) else [selectors]
    quote = _selector(selectors, "TextQuoteSelector")
    if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"]:
        raise ImportFileError(f"{where} has no TextQuoteSelector with an exact quote")
    pos = _selector(selectors, "TextPositionSelector")
    position = None
    if pos is not None:
        if not all(isinstance(pos.get(k), int) and pos[k] >= 0 for k in ("start", "end")):
            raise ImportFileError(f"{where}: TextPositionSelector needs whole-number start and end")
        position = {"start": pos["start"], "end": pos["end"]}
    bodies = raw.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    tags, notes = [], []
    for body in bodies:
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue  # bodies we do not model (images, links) are left out, not refused
        purpose = body.get("purpose")
        (tags if purpose == "tagging" else notes).append(body["value"])
    if isinstance(raw.get("bodyValue"), str):
        notes.append(raw["bodyValue"])
    ident = raw.get("id")
    our_id = None
    if isinstance(ident, str) and ident.startswith(UUID_PREFIX):
        try:
            our_id = str(uuid.UUID(ident[len(UUID_PREFIX) :]))
        except ValueError:
            our_id = None
    return Incoming(
        id=our_id,
        source_id=text_id,
        path=path,
        quote={
            "exact": quote["exact"],
            "prefix": str(quote.get("prefix", "")),
            "suffix": str(quote.get("suffix", "")),
        },
        position=position,
        tags=tags,
        note="\n\n".join(notes),
        created=raw.get("created") if isinstance(raw.get("created"), str) else None,
        modified=raw.get("modified") if isinstance(raw.get("modified"), str) else None,
        number=n,
    )


def load_json(text: str) -> Any:
    """The file's JSON, or ImportFileError in one line."""
    try:
        return json.loads(text)
    except ValueError as exc:
        raise ImportFileError(f"not valid JSON ({exc})") from None
    except RecursionError:  # json's parser recurses once per level
        raise ImportFileError(
            "its JSON is nested too deeply to read (annotations need only a few levels)"
        ) from None


def parse(text: str) -> list[Incoming]:
    """Every annotation in the file, or ImportFileError naming the first problem."""
    return [_one(raw, n) for n, raw in enumerate(annotation_items(load_json(text)), 1)]
