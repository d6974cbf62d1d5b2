"""Markdown export for notes tools (Obsidian, Logseq): deterministic, escaped, one blockquote each.

The same data gives the same bytes: there is no export timestamp, and order
is document order with the annotation id as tie-breaker.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from summitreader.annotations.model import Record, document_order
from summitreader.errors import SummitError
from summitreader.fsio import atomic_write_bytes, shared_mode
from summitreader.text.document import Document
from summitreader.text.sanitize import inert_export

if TYPE_CHECKING:
    from summitreader.export.template import ExportTemplate

# Characters that CommonMark (or Obsidian) would read as syntax anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&^$])")
# Line starts that open a block: lists, setext underlines, ordered lists.
_LEADING = re.compile(r"^([-+=:])|^(\d{1,9})([.)])")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class DocumentHighlights(NamedTuple):
    document: Document
    annotations: Sequence[Record]


class ExportOptions(NamedTuple):
    """What the command line's --group-by, --sort and --tag choose."""

    group_by: str = "doc"  # "doc": the document's order; "tag": a section per tag
    sort: str = "position"  # or "created"
    tags: tuple[str, ...] = ()  # keep highlights with any of these (or a child: a/b of a)
    template: ExportTemplate | None = None  # --template FILE instead of the built-in format


DEFAULTS = ExportOptions()
UNTAGGED = "Untagged"


def _created_order(record: Record) -> tuple[str, str]:
    return record["created"], record["id"]


def select(items: Sequence[DocumentHighlights], options: ExportOptions) -> list[DocumentHighlights]:
    """Each document's highlights filtered by tag and put in the chosen order."""
    key = _created_order if options.sort == "created" else document_order

    def wanted(record: Record) -> bool:
        tags = record.get("tags", [])
        return not options.tags or any(
            t == w or t.startswith(w + "/") for w in options.tags for t in tags
        )

    return [
        DocumentHighlights(i.document, sorted(filter(wanted, i.annotations), key=key))
        for i in items
    ]


def to_export(
    items: Sequence[DocumentHighlights], options: ExportOptions
) -> list[DocumentHighlights]:
    """What an export of several documents writes: each one's chosen highlights, and only
    the documents that have some (the first stays when none has, so the file says so)."""
    chosen = select(items, options)
    return [i for i in chosen if i.annotations] or chosen[:1]


def yaml_str(value: str) -> str:
    """A YAML double-quoted scalar; JSON escapes are valid YAML, and so are these extras."""
    out = []
    for ch in json.dumps(value, ensure_ascii=False):
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Zl", "Zp", "Co", "Cn") or ch in "\ufeff\u0085":
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return "".join(out)


def yaml_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(yaml_str(v) for v in values) + "]"


def escape_line(line: str) -> str:
    """Escape one line of content so CommonMark shows it as literal text (its controls
    as symbols first, so that none is trimmed away as if it were a space)."""
    line = _INLINE_SPECIAL.sub(r"\\\1", inert_export(line).strip())
    return _LEADING.sub(
        lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", line
    )


def blockquote(text: str) -> str:
    """Every line prefixed with '> '; blank lines keep the quote together as '>'."""
    lines = [escape_line(line) for line in text.split("\n")]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def paragraphs(text: str) -> str:
    """A note as Markdown paragraphs, each line escaped."""
    lines = [escape_line(line) for line in inert_export(text).strip().split("\n")]
    return "\n".join(lines)


def short_id(annotation_id: str) -> str:
    return annotation_id.replace("-", "")[:8]


def all_tags(annotations: Sequence[Record]) -> list[str]:
    return sorted({t for r in annotations for t in r.get("tags", [])})


def location_text(doc: Document, record: Record) -> str:
    """Where a highlight is, as a reader counts: "¶4, line 11", or why it has no place."""
    status = record.get("anchor", "anchored")
    if status == "orphaned":
        return "orphaned: no longer found in this text"
    paragraph, line = doc.location(record["position"]["start"])
    return f"¶{paragraph}, line {line}" + (f" · {status}" if status != "anchored" else "")


def highlight_markdown(doc: Document, record: Record) -> str:
    """One highlight as the export writes it: its blockquote, tags and place, and note."""
    parts = [" ".join(f"#{t}" for t in record.get("tags", [])), location_text(doc, record)]
    meta = " · ".join(p for p in parts if p) + f" ^{short_id(record['id'])}"
    chunks = [blockquote(record["quote"]["exact"]), meta]
    note = record.get("note", "").strip()
    if note:
        chunks.append(paragraphs(note))
    return "\n\n".join(chunks)


def _byline(doc: Document) -> str:
    bits = [escape_line(doc.meta.author), doc.meta.date]
    return " · ".join(b for b in bits if b)


def _front_matter(fields: list[tuple[str, str]]) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields) + "---\n"


def date_value(value: str) -> str:
    return value if _ISO_DATE.match(value) else yaml_str(value)


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


def by_tag(annotations: Sequence[Record]) -> list[tuple[str, list[Record]]]:
    """A section per tag, by name, untagged last; a highlight with two tags is in both."""
    groups: dict[str, list[Record]] = {}
    for record in annotations:
        for tag in record.get("tags", []) or [UNTAGGED]:
            groups.setdefault(tag, []).append(record)
    return sorted(groups.items(), key=lambda kv: (kv[0] == UNTAGGED, kv[0]))


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
                ("source", yaml_str(str(doc.source.path))),
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
            ("sources", yaml_list([str(i.document.source.path) for i in items])),
            ("tags", yaml_list(all_tags(every))),
            ("highlights", str(len(every))),
        ]
    )
    body = "\n\n".join(_document_body(item, "##", options.group_by) for item in items)
    return fm + "\n" + body + "\n"


_SLUG_DROP = re.compile(r"[^\w-]+")


def slug(title: str, fallback: str) -> str:
    """A file name from a title that cannot leave its directory."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    name = _SLUG_DROP.sub("-", text.lower()).strip("-_.")[:80].strip("-")
    return name or fallback


def write_export(path: Path, content: str) -> Path:
    """Write atomically; on failure nothing half-written is left behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, content.encode("utf-8"), shared_mode(path))
    except OSError as exc:
        raise SummitError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def file_names(items: Sequence[DocumentHighlights]) -> list[str]:
    """A stable name per document from its title; two titles that make the same name are
    told apart by their texts' hashes, so neither overwrites the other."""
    names = [slug(i.document.title, i.document.source.sha256[:12]) for i in items]
    return [
        f"{name}-{i.document.source.sha256[:8]}.md" if names.count(name) > 1 else f"{name}.md"
        for name, i in zip(names, items, strict=True)
    ]


def export_document(
    item: DocumentHighlights, directory: Path, options: ExportOptions = DEFAULTS
) -> Path:
    """Export one document to ``directory``/<slug>.md and return the path."""
    [name] = file_names([item])
    return write_export(directory / name, render_markdown([item], options))


class DirectoryExport(NamedTuple):
    files: list[Path]  # one per document, in the order given
    unchanged: int  # of those, how many already held these bytes and were left alone


def export_to_directory(
    items: Sequence[DocumentHighlights], directory: Path, options: ExportOptions = DEFAULTS
) -> DirectoryExport:
    """One file per document with highlights; a file whose bytes would not change is not
    written again, so a re-export leaves nothing for version control to see."""
    files, unchanged = [], 0
    for item, name in zip(items, file_names(items), strict=True):
        content = render_markdown([item], options)
        path = directory / name
        try:
            same = path.read_bytes() == content.encode("utf-8")
        except OSError:
            same = False
        unchanged += same
        files.append(path if same else write_export(path, content))
    return DirectoryExport(files, unchanged)
