"""Markdown export for notes tools (Obsidian, Logseq, any CommonMark reader):
deterministic, one managed block per highlight, quotes escaped, notes as written.

The same data gives the same bytes: there is no export timestamp, and order is document
order with the annotation id as tie-breaker. Each block is marked (see
``markdown_blocks``) so that the next export updates the file in place.
"""

from __future__ import annotations

from collections.abc import Sequence

from summitreader.annotations.model import Record, all_tags
from summitreader.errors import SummitError
from summitreader.export.full_text import full_text_markdown
from summitreader.export.markdown_blocks import OWNER_COMMENT, OWNER_KEY, managed, owned, parse
from summitreader.export.markdown_text import (
    FORMAT_VERSION,
    block_keys,
    date_value,
    escape_line,
    highlight_markdown,
    reference,
    source_link,
    tag_heading,
    yaml_list,
    yaml_str,
)
from summitreader.export.rendered import Rendered
from summitreader.export.selection import (
    DEFAULTS,
    UNTAGGED,
    DocumentHighlights,
    ExportOptions,
    by_tag,
    select,
)
from summitreader.text.document import Document
from summitreader.text.sanitize import inert_export


def _front_matter(fields: list[tuple[str, str]]) -> str:
    """Keys with nothing to say are left out."""
    kept = [(k, v) for k, v in fields if v not in ('""', "[]")]
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in kept) + "---\n"


def _byline(doc: Document) -> str:
    bits = [escape_line(doc.meta.author), doc.meta.date]
    return " · ".join(b for b in bits if b)


def document_blocks(
    item: DocumentHighlights, heading: str, options: ExportOptions, prefix: str = ""
) -> list[str]:
    """The document's title block, then a block per highlight; grouped by tag, a block per
    tag section, and a highlight with several tags is written once, under the first."""
    doc = item.document
    keys = block_keys(item.annotations)
    obsidian = options.flavor == "obsidian"
    head = "\n\n".join(p for p in (f"{heading} {escape_line(doc.title)}", _byline(doc)) if p)
    blocks = [managed(f"doc:{prefix}" if prefix else "doc:title", head)]

    def highlight(record: Record) -> str:
        key = keys[record["id"]]
        return managed(key, highlight_markdown(doc, record, key if obsidian else None))

    if options.group_by != "tag":
        return blocks + [highlight(r) for r in item.annotations]
    # each highlight is written under its first tag, as the user put them; the sections of
    # its other tags point to it there (before or after them: sections go by name)
    home = {r["id"]: (r.get("tags") or [UNTAGGED])[0] for r in item.annotations}
    for tag, records in by_tag(item.annotations):
        section = [f"{heading}# {tag_heading(tag)}"]
        links = [
            reference(options.flavor, keys[r["id"]], r, home[r["id"]])
            for r in records
            if home[r["id"]] != tag
        ]
        if links:
            section.append("\n".join(links))
        blocks.append(managed(f"tag:{prefix}{tag}", "\n\n".join(section)))
        blocks.extend(highlight(r) for r in records if home[r["id"]] == tag)
    return blocks


def render_markdown(items: Sequence[DocumentHighlights], options: ExportOptions = DEFAULTS) -> str:
    """One document gets its own front matter; several share a front matter and a heading each.

    Highlights are in document order unless ``options`` say otherwise. Whatever a note, a
    tag, a quote or a template holds, no raw control character is written."""
    return inert_export(_render(select(items, options), options))


def _document_front(item: DocumentHighlights) -> str:
    doc = item.document
    return _front_matter(
        [
            ("title", yaml_str(doc.title)),
            ("author", yaml_str(doc.meta.author)),
            ("date", date_value(doc.meta.date) if doc.meta.date else '""'),
            ("source", yaml_str(source_link(doc))),
            ("source_sha256", yaml_str(doc.source.sha256)),
            ("tags", yaml_list(all_tags(item.annotations))),
            ("highlights", str(len(item.annotations))),
            (OWNER_KEY, str(FORMAT_VERSION)),
        ]
    )


def _render(items: list[DocumentHighlights], options: ExportOptions) -> str:
    if options.full_text:
        if len(items) != 1:
            raise SummitError(
                f"--full-text writes one document a file, and {len(items)} were chosen: "
                "name one, or add --out-dir DIR for a file each"
            )
        body, notes = full_text_markdown(items[0].document, items[0].annotations)
        whole = "\n\n".join(p for p in (body, notes) if p)
        return _document_front(items[0]) + "\n" + managed("full-text", whole)
    if options.template is not None:
        text = options.template.render(items, options.group_by, options.sort, options.flavor)
        return text if owned(parse(text)) else text + OWNER_COMMENT
    if options.flavor == "logseq":
        from summitreader.export.logseq import render_logseq

        return render_logseq(items, options)
    if len(items) == 1:
        return _document_front(items[0]) + "\n" + "\n".join(document_blocks(items[0], "#", options))
    return several([(item.document, rendered(item, options)) for item in items])


def rendered(item: DocumentHighlights, options: ExportOptions) -> Rendered:
    """One document's part of an export of several (``several``): what ``RenderCache``
    keeps of it."""
    blocks = document_blocks(item, "##", options, item.document.source.sha256[:12])
    return Rendered(len(item.annotations), all_tags(item.annotations), blocks)


def several(parts: Sequence[tuple[Document, Rendered]]) -> str:
    """An export of several documents: one front matter, then each one's blocks (before
    ``inert_export``, which ``render_markdown`` applies)."""
    fm = _front_matter(
        [
            ("title", yaml_str("summitreader highlights")),
            ("documents", str(len(parts))),
            ("sources", yaml_list([source_link(doc) for doc, _ in parts])),
            ("tags", yaml_list(sorted({t for _, part in parts for t in part.tags}))),
            ("highlights", str(sum(part.count for _, part in parts))),
            (OWNER_KEY, str(FORMAT_VERSION)),
        ]
    )
    return fm + "\n" + "\n".join(block for _, part in parts for block in part.blocks)


# What the front matter of each kind of export holds: summitreader rewrites these keys.
FRONT_KEYS = {
    "title",
    "author",
    "date",
    "source",
    "source_sha256",
    "tags",
    "highlights",
    "documents",
    "sources",
    OWNER_KEY,
}
