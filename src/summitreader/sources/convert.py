"""Bytes of any supported kind into the text highlights anchor to.

A text file is its own text. A web page, an EPUB or a PDF becomes Markdown, whose
SHA-256 is the document's identity (its own bytes' hash is kept as ``original``). The
converters are imported when first needed: opening a plain text must not wait for
trafilatura or PDFium to load.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from summitreader.errors import NotTextError, SummitError
from summitreader.sources.kinds import HEAD_BYTES, describe, sniff_kind
from summitreader.sources.text import Source, source_from_bytes

if TYPE_CHECKING:  # each converter imports it: a text file needs none
    from summitreader.sources.converted import Converted

CONVERTED = frozenset({"html", "epub", "pdf"})


def kind_of(name: str, data: bytes) -> str:
    return sniff_kind(name, data[:HEAD_BYTES])


def convert(
    data: bytes, name: str, kind: str, *, url: str = "", content_type: str = ""
) -> Converted:
    if kind == "html":
        from summitreader.sources.html import extract_article

        return extract_article(data, url, name=name, content_type=content_type)
    if kind == "epub":
        from summitreader.sources.epub import convert_epub

        return convert_epub(data, name=name)
    if kind == "pdf":
        from summitreader.sources.pdf import convert_pdf

        return convert_pdf(data, name=name)
    raise SummitError(f"{name}: {describe(name, data[:HEAD_BYTES])} cannot be read")


def converted_source(
    converted: Converted, path: Path, *, original: str, kind: str, origin: str | None = None
) -> Source:
    text = converted.markdown
    data = text.encode("utf-8")
    return Source(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        encoding="utf-8",
        size=len(data),
        origin=origin,
        kind=kind,
        original=original,
        pages=converted.pages,
    )


def source_of(
    data: bytes,
    path: Path,
    *,
    url: str = "",
    origin: str | None = None,
    content_type: str = "",
    name: str = "",
) -> tuple[Source, Converted | None]:
    """The text of ``data``, whatever its kind; with the conversion, if there was one.
    A problem names ``name``, else the URL, else the path."""
    kind = kind_of(url or path.name, data)
    if kind == "text":  # a plain text fetched from the web is named by its URL too
        return source_from_bytes(data, path)._replace(origin=origin), None
    where = name or url or str(path)
    if kind not in CONVERTED:
        what = describe(url or path.name, data[:HEAD_BYTES])
        raise NotTextError(f"{where}: not a text file: {what}, which summitreader cannot read")
    converted = convert(data, where, kind, url=url, content_type=content_type)
    original = hashlib.sha256(data).hexdigest()
    source = converted_source(converted, path, original=original, kind=kind, origin=origin)
    return source, converted
