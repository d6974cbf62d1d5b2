"""Markdown for content: every quote, note, title and tag escaped so that nothing in an
article can break the file's structure; YAML scalars; one highlight's block."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence

from summitreader.annotations.model import Record
from summitreader.text.document import Document
from summitreader.text.sanitize import inert_export

# Characters that CommonMark (or Obsidian) would read as syntax anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&^$])")

# Line starts that open a block: lists, setext underlines, ordered lists.
_LEADING = re.compile(r"^([-+=:])|^(\d{1,9})([.)])")

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
    chunks = [blockquote(record["quote"]["exact"]), meta]
    note = record.get("note", "").strip()
    if note:
        chunks.append(paragraphs(note))
    return "\n\n".join(chunks)
