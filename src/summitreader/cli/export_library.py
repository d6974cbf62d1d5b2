"""The Markdown export of several documents (the whole library, say), each document's part
rendered once and remembered (``export.rendered``): an export of 100,000 highlights
again renders only the documents whose highlights, text or path changed since."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import orjson

from summitreader.export.markdown import rendered, several
from summitreader.export.rendered import RenderCache, Rendered, cache_path, now
from summitreader.export.selection import DocumentHighlights, ExportOptions, select
from summitreader.fsio import text_sha256
from summitreader.store.storage import settled
from summitreader.text.document import Document
from summitreader.text.sanitize import inert_export

if TYPE_CHECKING:
    from summitreader.store.store import Store


class LibraryExport(NamedTuple):
    text: str
    count: int  # highlights
    documents: int  # documents with highlights in it
    cache: RenderCache


def can_cache(options: ExportOptions) -> bool:
    """The built-in format of documents in turn (not a template, Logseq or full text)."""
    return options.template is None and options.flavor != "logseq" and not options.full_text


def _key(doc: Document, signature: object, options: ExportOptions) -> str:
    """Everything a document's part is made from but its highlights, which the
    signature of their file stands for."""
    source = doc.source
    return orjson.dumps(
        [
            signature,
            [options.group_by, options.sort, list(options.tags), options.flavor, options.deleted],
            source.sha256,
            text_sha256(source.text),
            str(source.path),
            source.origin,
            source.kind,
            list(source.pages),
            doc.title,
            doc.meta.author,
            doc.meta.date,
        ]
    ).decode()


def library_markdown(
    store: Store, docs: Sequence[Document], options: ExportOptions
) -> LibraryExport | None:
    """The export of ``docs`` (each once), as ``render_markdown`` of them writes it; None
    when fewer than two of them have highlights to export (then it is one document's
    export, with a front matter of its own: the caller makes it)."""
    cache = RenderCache(cache_path(store.path), writable=not store.read_only)
    moment = now()
    parts: list[tuple[Document, Rendered]] = []
    seen: set[str] = set()
    for doc in docs:
        sid = doc.source.sha256
        if sid in seen:
            continue
        seen.add(sid)
        signature = store.highlights_signature(doc.source)
        trusted = signature is not False and settled(signature or None, moment)  # type: ignore[arg-type]
        key = _key(doc, signature, options) if trusted else ""
        part = cache.get(sid, key) if trusted else None
        if part is None:
            records = store.for_source(doc.source)
            store.release()  # one text's highlights in memory at a time
            [item] = select([DocumentHighlights(doc, records)], options)
            part = rendered(item, options) if item.annotations else Rendered(0, [], [])
            if trusted and store.highlights_file_signature(sid) == signature:
                cache.put(sid, key, part)  # (not if the file changed while it was read)
        parts.append((doc, part))
    chosen = [(doc, part) for doc, part in parts if part.count]
    if len(chosen) < 2:
        return None
    text = inert_export(several(chosen))
    return LibraryExport(text, sum(part.count for _, part in chosen), len(chosen), cache)
