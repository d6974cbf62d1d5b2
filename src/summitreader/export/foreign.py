"""Highlights made by other tools, as read from their files, and which reader made a file.

Another tool names a highlight's document the way it knows it: a web address (Hypothesis),
a file, a book's title (a Kindle). Our own W3C export names the text by its hash. So a
foreign highlight is read here as what it says, and placed in the library afterwards
(``library/placing.py``), where whatever cannot be placed is reported, never guessed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from summitreader.annotations.model import iso_utc
from summitreader.export.w3c import SHA_PREFIX, ImportFileError, annotation_items, load_json

KINDLE_SEPARATOR = "=========="
# What names a foreign highlight's document (``Foreign.kind``).
URL, FILE, TITLE, HASH = "url", "file", "title", "hash"


class Foreign(NamedTuple):
    """One highlight from another tool, before it is placed in a document."""

    number: int  # its place in the file, from 1, for messages
    kind: str  # URL, FILE, TITLE or HASH: what ``where`` is
    where: str  # the address, the path, the book's title or the text's hash
    label: str  # how messages name its document: the address, or "Title (Author)"
    quote: dict[str, str]  # exact, prefix, suffix (a Kindle keeps no prefix or suffix)
    position: dict[str, int] | None = None  # a hint only: the other tool counted its own text
    tags: tuple[str, ...] = ()
    note: str = ""
    created: str | None = None
    modified: str | None = None


class Unplaceable(NamedTuple):
    """Something in the file that no library could make a highlight of, and why."""

    number: int  # its place in the file, from 1: the report follows the file
    label: str
    quote: str
    reason: str


class Read(NamedTuple):
    """What a foreign file holds."""

    highlights: list[Foreign]
    unplaceable: list[Unplaceable]
    set_aside: dict[str, int]  # left out on purpose, by why: {"bookmarks": 2, ...}


def stamp(value: object) -> str | None:
    """A time from another tool as we store times (UTC, milliseconds), or None if it is not
    an ISO 8601 time: then the import's own time stands in."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if not isinstance(value, str):
        return None
    try:
        return iso_utc(datetime.fromisoformat(value.strip()))
    except ValueError:
        return None


def json_items(data: Any) -> list[Any]:
    """The annotations of any JSON shape we take: one annotation, an array, a W3C collection
    or page, a Hypothesis export (``annotations``) or API search result (``rows``)."""
    if isinstance(data, dict):
        for key in ("annotations", "rows"):
            if isinstance(data.get(key), list) and "target" not in data:
                return list(data[key])
    return annotation_items(data)


def _names_a_hash(item: Any) -> bool:
    target = item.get("target") if isinstance(item, dict) else None
    targets = target if isinstance(target, list) else [target]
    for one in targets:
        source = one.get("source") if isinstance(one, dict) else None
        ident = source.get("id") if isinstance(source, dict) else source
        if isinstance(ident, str) and ident.startswith(SHA_PREFIX):
            return True
    return False


def detect(text: str) -> str:
    """The file's format by its content: JSON naming a text by its hash is our own W3C
    export; other JSON is another tool's annotations; lines of ``==========`` between
    entries are a Kindle's My Clippings.txt."""
    body = text.lstrip("\ufeff \t\r\n")
    if not body:
        raise ImportFileError("the file is empty")
    try:
        data = load_json(body)
    except ImportFileError:
        lines = (line.strip().lstrip("\ufeff") for line in body.splitlines())
        if any(line == KINDLE_SEPARATOR for line in lines):  # a title may begin with "["
            return "kindle"
        if body[0] in "[{":
            raise
    else:
        return "w3c" if any(_names_a_hash(i) for i in json_items(data)) else "hypothesis"
    raise ImportFileError(
        "neither annotation JSON nor a Kindle My Clippings.txt (no line of ==========); "
        "name its format with --format"
    )
