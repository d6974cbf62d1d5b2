"""Markdown for content: every quote, note, title and tag escaped so that nothing in an
article can break the file's structure; YAML scalars; one highlight's block."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from summitreader.annotations.model import Record
from summitreader.export.managed_blocks import unique_keys
from summitreader.export.selection import UNTAGGED
from summitreader.export.user_markdown import note_markdown
from summitreader.sources.pages import page_of
from summitreader.text.document import Document
from summitreader.text.inline import INLINE_SPECIAL
from summitreader.text.outline import section_title
from summitreader.text.sanitize import excerpt, inert_export
from summitreader.text.visible_markdown import escape, escape_start, markdown_of

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECTION_LENGTH = 60


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


# Words, mid-line, with nothing a plain text's reader hides or Markdown reads as syntax.
# (Its first mark is not one that could open a list or end a heading: - + = : or a digit.)
_PLAIN_WORDS = re.compile(r" *(?:[^\W\d_]|[.,;'\"?!()/])(?:[^\W_]|[ .,;:'\"?!()/-])*")
_PLAIN_KINDS = frozenset({"paragraph", "heading", "quote"})


def plain_words(doc: Document, start: int, exact: str) -> str | None:
    """``markdown_of`` of a plain text's quote of plain words within a paragraph, heading
    or quote that has no emphasis, link or code: the words as they are (100,000 quotes
    took 0.45 s more through it)."""
    if not _PLAIN_WORDS.fullmatch(exact):
        return None
    view = doc.view
    if view.markdown:
        return None
    index = view.block_at(start)
    if view.kind(index) not in _PLAIN_KINDS or INLINE_SPECIAL.search(
        doc.source.text, view.table.starts[index], view.end(index)
    ):
        return None  # (inside emphasis or a link, the words would be written with it)
    return " ".join(exact.split())


def shown_markdown(doc: Document, record: Record) -> str:
    """What the highlight showed on screen, as clean Markdown (emphasis, links and code
    kept; quote markers, escapes and table pipes gone), while it still sits on its quote.
    A plain text shows the few marks it hides (a heading's #, a quote's >, a link's
    address) as a Markdown text does. An orphan's quote is its text escaped."""
    exact = record["quote"]["exact"]
    start, end = record["position"]["start"], record["position"]["end"]
    if (
        record.get("anchor") != "orphaned"
        and doc.source.text[start:end] == exact
        and (shown := plain_words(doc, start, exact) or markdown_of(doc, start, end))
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
    """Where a highlight is, as a reader counts: "p. 12 · ¶4, line 11" (the page for a
    PDF), or why it has no place."""
    status = record.get("anchor", "anchored")
    if status == "orphaned":
        return "orphaned: no longer found in this text"
    start = record["position"]["start"]
    paragraph, line = doc.location(start)
    page = f"p. {page_of(doc.source.pages, start)} · " if doc.source.pages else ""
    return f"{page}¶{paragraph}, line {line}" + (f" · {status}" if status != "anchored" else "")


def section_of(doc: Document, record: Record) -> str:
    """The heading a highlight sits under (an EPUB's chapter), shortened: where a reader
    of the notes finds it again. "" before the first heading, under the heading that is
    the text's own title (the export's heading already says it), or for an orphan."""
    if record.get("anchor") == "orphaned":
        return ""
    return _section_shown(section_title(doc, record["position"]["start"]), doc.title)


@lru_cache(maxsize=4096)
def _section_shown(title: str, doc_title: str) -> str:
    """Kept per heading: a text's highlights mostly share a few (100,000 of them asked
    for the same comparison and excerpt again and again)."""
    if " ".join(title.split()).casefold() == " ".join(doc_title.split()).casefold():
        return ""
    return excerpt(title, SECTION_LENGTH)


def hashtags(tags: Sequence[str]) -> str:
    return " ".join(f"#{t}" for t in tags)


def highlight_markdown(doc: Document, record: Record, block_id: str | None) -> str:
    """One highlight: its quote, the id Obsidian attaches to that quote (on a line of its
    own after it, as Obsidian's rules for quotes ask), its tags and place, and the note
    as the user wrote it."""
    tags = hashtags(record.get("tags", []))
    section = section_of(doc, record)
    section = f"§ {escape(section)}" if section else ""
    meta = " · ".join(p for p in (tags, section, location_text(doc, record)) if p)
    chunks = [quoted(shown_markdown(doc, record))]
    if block_id:
        chunks.append(f"^{block_id}")
    chunks.append(meta)
    if note := note_markdown(record.get("note", "")):
        chunks.append(note)
    return "\n\n".join(chunks)


FORMAT_VERSION = 1  # the value of the front matter key that marks a file as summitreader's


def source_link(doc: Document) -> str:
    """Where the text came from, as a link a notes tool opens: its URL, or a file URI."""
    if doc.source.origin:
        return doc.source.origin
    try:
        return Path(doc.source.path).absolute().as_uri()
    except ValueError:
        return str(doc.source.path)


def block_keys(records: Sequence[Record]) -> dict[str, str]:
    """Each highlight's block id: its short id, or all of it where two short ids meet."""
    ids = [r["id"] for r in records]
    keys = unique_keys([short_id(i) for i in ids], [i.replace("-", "") for i in ids])
    return dict(zip(ids, keys, strict=True))


def tag_heading(tag: str) -> str:
    return UNTAGGED if tag == UNTAGGED else escape_line(f"#{tag}")


def reference(flavor: str, key: str, record: Record, first_tag: str) -> str:
    """A line under a further tag pointing to the highlight's one block."""
    words = excerpt(record["quote"]["exact"].replace("\n", " "), 60)
    if flavor == "obsidian":
        alias = "".join(ch for ch in words if ch not in "[]|#^\\")
        return f"- [[#^{key}|{alias}]]"
    return f"- {escape_line(words)} (under {tag_heading(first_tag)})"
