"""Markdown for content: every quote, note, title and tag escaped so that nothing in an
article can break the file's structure; YAML scalars; one highlight's block."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence

from summitreader.annotations.model import Record
from summitreader.text.document import Document, is_markdown
from summitreader.text.sanitize import inert_export
from summitreader.text.visible_markdown import escape, escape_start, markdown_of

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
    return escape_start(escape(inert_export(line).strip()))


def quoted(markdown: str) -> str:
    """Markdown as a blockquote: every line prefixed with '> ', a blank one with '>'."""
    return "\n".join(f"> {line}" if line else ">" for line in markdown.split("\n"))


def blockquote(text: str) -> str:
    """Literal text as a blockquote, each of its lines escaped."""
    return quoted("\n".join(escape_line(line) for line in text.split("\n")))


def shown_markdown(doc: Document, record: Record) -> str:
    """What the highlight showed on screen, as clean Markdown (emphasis, links and code
    kept; quote markers, escapes and table pipes gone), while it still sits on its quote
    in a Markdown text. A plain text's quote, or an orphan's, is its text escaped."""
    exact = record["quote"]["exact"]
    start, end = record["position"]["start"], record["position"]["end"]
    if (
        record.get("anchor") != "orphaned"
        and is_markdown(doc.source)
        and doc.source.text[start:end] == exact
        and (shown := markdown_of(doc, start, end))
    ):
        return shown
    return "\n".join(escape_line(line) for line in exact.split("\n"))


def paragraphs(text: str) -> str:
    """A note as Markdown paragraphs, each line escaped."""
    lines = [escape_line(line) for line in inert_export(text).strip().split("\n")]
    return "\n".join(lines)


def short_id(annotation_id: str) -> str:
    return annotation_id.replace("-", "")[:8]


def date_value(value: str) -> str:
    return value if _ISO_DATE.match(value) else yaml_str(value)


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
    chunks = [quoted(shown_markdown(doc, record)), meta]
    note = record.get("note", "").strip()
    if note:
        chunks.append(paragraphs(note))
    return "\n\n".join(chunks)
