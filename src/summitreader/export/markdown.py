"""Markdown export for notes tools (Obsidian, Logseq): deterministic, escaped, one blockquote each.

The same data gives the same bytes: there is no export timestamp, and order
is document order with the annotation id as tie-breaker.
"""

from __future__ import annotations

from collections.abc import Sequence

from summitreader.annotations.model import all_tags
from summitreader.export.markdown_text import (
    date_value,
    escape_line,
    highlight_markdown,
    yaml_list,
    yaml_str,
)
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


def _byline(doc: Document) -> str:
    bits = [escape_line(doc.meta.author), doc.meta.date]
    return " · ".join(b for b in bits if b)


def _front_matter(fields: list[tuple[str, str]]) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields) + "---\n"


def _document_body(item: DocumentHighlights, heading: str, group_by: str = "doc") -> str:
    doc = item.document
    parts = [f"{heading} {escape_line(doc.title)}"]
    if byline := _byline(doc):
        parts.append(byline)
    if group_by == "tag":
        for tag, records in by_tag(item.annotations):
            parts.append(f"{heading}# {_tag_heading(tag)}")
            parts.extend(highlight_markdown(doc, r) for r in records)
    else:
        parts.extend(highlight_markdown(doc, r) for r in item.annotations)
    return "\n\n".join(parts)


def _tag_heading(tag: str) -> str:
    return UNTAGGED if tag == UNTAGGED else escape_line(f"#{tag}")


def render_markdown(items: Sequence[DocumentHighlights], options: ExportOptions = DEFAULTS) -> str:
    """One document gets its own front matter; several share a front matter and a heading each.

    Highlights are in document order unless ``options`` say otherwise. Whatever a note, a
    tag, a quote or a template holds, no raw control character is written."""
    return inert_export(_render(select(items, options), options))


def _render(items: list[DocumentHighlights], options: ExportOptions) -> str:
    if options.template is not None:
        return options.template.render(items, options.group_by, options.sort)
    if len(items) == 1:
        item = items[0]
        doc = item.document
        fm = _front_matter(
            [
                ("title", yaml_str(doc.title)),
                ("author", yaml_str(doc.meta.author)),
                ("date", date_value(doc.meta.date)),
                ("source", yaml_str(doc.source.where)),
                ("source_sha256", yaml_str(doc.source.sha256)),
                ("tags", yaml_list(all_tags(item.annotations))),
                ("highlights", str(len(item.annotations))),
            ]
        )
        return fm + "\n" + _document_body(item, "#", options.group_by) + "\n"
    every = [r for item in items for r in item.annotations]
    fm = _front_matter(
        [
            ("title", yaml_str("summitreader highlights")),
            ("documents", str(len(items))),
            ("sources", yaml_list([i.document.source.where for i in items])),
            ("tags", yaml_list(all_tags(every))),
            ("highlights", str(len(every))),
        ]
    )
    body = "\n\n".join(_document_body(item, "##", options.group_by) for item in items)
    return fm + "\n" + body + "\n"
