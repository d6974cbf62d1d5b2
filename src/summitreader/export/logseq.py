"""The Logseq flavour: a page whose properties describe the document, and a top-level
block per highlight, with Logseq's own ``id::`` so ``((id))`` refers to it.

Logseq reads a page as an outline, so a note's lines stay inside their block: a line
that would start a block of its own (``- item``) or a property (``key:: value``) is
escaped; the rest of the note is Markdown as the user wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summitreader.annotations.model import Record, all_tags
from summitreader.export.logseq_blocks import OWNER_PROPERTY, managed
from summitreader.export.markdown_text import (
    FORMAT_VERSION,
    block_keys,
    escape_line,
    location_text,
    quoted,
    section_of,
    shown_markdown,
    source_link,
)
from summitreader.export.selection import UNTAGGED, DocumentHighlights, ExportOptions, by_tag
from summitreader.export.user_markdown import note_markdown
from summitreader.text.document import Document

_STARTS_BLOCK = re.compile(r"^(\s*)([-*+](?:\s|$)|[A-Za-z0-9_.\-]+::)")


def _value(text: str) -> str:
    """A property value on one line; commas would make Logseq link each part."""
    flat = " ".join(text.split())
    return f'"{flat}"' if "," in flat else flat


def _properties(fields: Sequence[tuple[str, str]]) -> list[str]:
    return [f"{k}:: {v}" for k, v in fields if v]


def page_properties(fields: Sequence[tuple[str, str]]) -> str:
    return "".join(f"{p}\n" for p in _properties(fields))


def _note_lines(note: str) -> list[str]:
    text = note_markdown(note)
    return [_STARTS_BLOCK.sub(r"\1\\\2", line) for line in text.split("\n")] if text else []


def _location(doc: Document, record: Record) -> str:
    """As the other flavours say it: the section, then the paragraph and line."""
    section = section_of(doc, record)
    place = location_text(doc, record).replace(", line", " · line")
    return _value(f"§ {section} · {place}" if section else place)


def highlight_block(doc: Document, record: Record, key: str) -> str:
    quote = quoted(shown_markdown(doc, record)).split("\n")  # as the other flavours
    properties = _properties(
        [
            ("id", record["id"]),
            ("location", _location(doc, record)),
            ("tags", ", ".join(record.get("tags", []))),
        ]
    )
    note = _note_lines(record.get("note", ""))
    return managed(key, quote[0], properties, quote[1:] + (["", *note] if note else []))


def _document_fields(doc: Document) -> list[tuple[str, str]]:
    return [
        ("author", _value(doc.meta.author)),
        ("date", _value(doc.meta.date)),
        ("source", source_link(doc)),
        ("source-sha256", doc.source.sha256),
    ]


def _blocks(item: DocumentHighlights, options: ExportOptions, prefix: str) -> list[str]:
    doc = item.document
    keys = block_keys(item.annotations)
    blocks = []
    if prefix:
        title = f"## {escape_line(doc.title)}"
        blocks.append(managed(f"doc:{prefix}", title, _properties(_document_fields(doc)), []))
    if options.group_by != "tag":
        return blocks + [highlight_block(doc, r, keys[r["id"]]) for r in item.annotations]
    placed: set[str] = set()
    for tag, records in by_tag(item.annotations):
        refs = [f"(({r['id']}))" for r in records if r["id"] in placed]
        heading = f"### {UNTAGGED if tag == UNTAGGED else escape_line(tag)}"
        blocks.append(managed(f"tag:{prefix}{tag}", heading, [], refs))
        for record in records:
            if record["id"] not in placed:
                placed.add(record["id"])
                blocks.append(highlight_block(doc, record, keys[record["id"]]))
    return blocks


def render_logseq(items: Sequence[DocumentHighlights], options: ExportOptions) -> str:
    """Page properties, then the blocks, one bullet after another."""
    every = [r for item in items for r in item.annotations]
    if len(items) == 1:
        doc = items[0].document
        fields = [("title", _value(doc.title)), *_document_fields(doc)]
        blocks = _blocks(items[0], options, "")
    else:
        fields = [("title", "summitreader highlights"), ("documents", str(len(items)))]
        blocks = [b for i in items for b in _blocks(i, options, i.document.source.sha256[:12])]
    fields += [
        ("tags", ", ".join(all_tags(every))),
        ("highlights", str(len(every))),
        (OWNER_PROPERTY, str(FORMAT_VERSION)),
    ]
    return page_properties(fields) + "\n" + "".join(blocks)


FRONT_KEYS = {
    "title",
    "author",
    "date",
    "source",
    "source-sha256",
    "tags",
    "highlights",
    "documents",
    OWNER_PROPERTY,
}
