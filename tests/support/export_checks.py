"""What the Markdown export tests compare against: the golden files, the Gomez highlights
they are made from, a CommonMark reading of blockquotes, and hostile documents."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import NamedTuple

import yaml
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from summitreader.annotations.anchoring import selectors
from summitreader.export.selection import DocumentHighlights, ExportOptions
from summitreader.sources.text import Source, load_source
from summitreader.text.document import Document
from tests.support.corpus import GOMEZ, SHOWCASE

GOLDEN = Path(__file__).parent / "golden"

NOTE = "First line with *stars* and #hash\n---\n> not a quote\n| pipe | table |\n```\n1. not a list"


def record(doc: Document, exact: str, rid: str, tags=(), note="") -> dict:
    start = doc.source.text.index(exact)
    quote, position = selectors(doc.source.text, start, start + len(exact))
    return {
        "id": rid,
        "source_id": doc.source.sha256,
        "source_path": str(doc.source.path),
        "quote": quote,
        "position": position,
        "tags": list(tags),
        "note": note,
        "created": "2026-01-01T00:00:00.000Z",
        "modified": "2026-01-01T00:00:00.000Z",
        "anchor": "anchored",
    }


def gomez_items() -> list[DocumentHighlights]:
    doc = Document(load_source(GOMEZ))
    paragraph = next(p for p in doc.source.text.split("\n\n") if p.startswith("Examples of"))
    records = [
        record(
            doc,
            paragraph.strip(),
            "a1b2c3d4-0000-4000-8000-000000000001",
            ["key-point", "reciprocity"],
            NOTE,
        ),
        record(
            doc,
            "To borrow from baseball, instead of swinging for a grand slam Trump should "
            "just try for a base hit.",
            "b2c3d4e5-0000-4000-8000-000000000002",
        ),
    ]
    return [DocumentHighlights(doc, records)]


def split_front_matter(md: str) -> tuple[dict, str]:
    assert md.startswith("---\n")
    end = md.index("\n---\n", 4)
    return yaml.safe_load(md[4:end]), md[end + 5 :]


def blockquotes(body: str) -> list[str]:
    """Plain text of each top-level blockquote, as a CommonMark parser reads it."""
    tokens = MarkdownIt("commonmark").parse(body)
    quotes: list[str] = []
    depth = 0
    for tok in tokens:
        if tok.type == "blockquote_open":
            if depth == 0:
                quotes.append("")
            depth += 1
        elif tok.type == "blockquote_close":
            depth -= 1
        elif depth and tok.type == "inline":
            parts = [
                c.content if c.type == "text" else "\n"
                for c in tok.children or []
                if c.type in ("text", "softbreak", "hardbreak")
            ]
            quotes[-1] += "".join(parts) + "\n"
    return quotes


def golden(name: str, source: Path = GOMEZ) -> str:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    link = source.resolve().as_uri()
    expected = expected.replace("{SOURCE}", json.dumps(link)).replace("{SOURCE_BARE}", link)
    return expected.replace("{SHA}", hashlib.sha256(source.read_bytes()).hexdigest())


# Highlights of the showcase, each from a different construct: (from, through, tag, note).
SHOWCASE_SPANS = [
    ("Prose keeps", "[reference link][ref]", "style", ""),
    ("def greet", 'return "Hello"', "code", ""),
    ("if name:", None, "code", "Part of one line: inline code."),
    ("| Code |", "| 3 |", "table", ""),
    ("- A bullet", "a task done", "lists", ""),
    ("A quote has", "has two.", "quotes", ""),
]


def showcase_items() -> list[DocumentHighlights]:
    """The showcase (tests/support/showcase.md), one highlight per construct."""
    doc = Document(load_source(SHOWCASE))
    text = doc.source.text
    records = []
    for n, (first, last, tag, note) in enumerate(SHOWCASE_SPANS, 1):
        start = text.index(first)
        end = text.index(last, start) + len(last) if last else start + len(first)
        rid = f"c{n:07d}-0000-4000-8000-{n:012d}"
        records.append(record(doc, text[start:end], rid, [tag], note))
    return [DocumentHighlights(doc, records)]


# Each golden file, the options that write it, and how many quotes it holds: grouped by
# tag, a highlight with two tags is quoted once and linked from its second tag.
VARIANTS = [
    ("gomez.md", ExportOptions(), 2),
    ("gomez-by-tag.md", ExportOptions(group_by="tag"), 2),
    ("gomez-created.md", ExportOptions(sort="created"), 2),
    ("gomez-tag-reciprocity.md", ExportOptions(tags=("reciprocity",)), 1),
    ("gomez-commonmark.md", ExportOptions(flavor="commonmark"), 2),
]
LOGSEQ_VARIANTS = [
    ("gomez-logseq.md", ExportOptions(flavor="logseq"), 2),
    ("gomez-logseq-by-tag.md", ExportOptions(flavor="logseq", group_by="tag"), 2),
]


# NUL cannot survive any CommonMark parser (it becomes U+FFFD), so it is left out here.
HOSTILE = st.lists(
    st.one_of(
        st.sampled_from([*list("#>-+=*_`~|[]()<>!&\\^$:.1 \t\n"), "```", "---", "1.", "- "]),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    ),
    min_size=1,
    max_size=40,
).map("".join)


def as_exported(text: str) -> str:
    """The rule the README gives, written out: a control other than tab and newline is
    written as its symbol (U+2400 + its code; DEL as ␡), NEL as ⏎ and another C1 control
    as U+FFFD: the symbols the reader shows."""
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 and ch not in "\t\n":
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("\u2421")
        elif code == 0x85:
            out.append("\u23ce")
        elif 0x80 <= code <= 0x9F:
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def hostile_item(quotes: list[str], note: str, title: str) -> DocumentHighlights | None:
    """A document of these paragraphs under this title, each non-blank one highlighted."""
    title_line = " ".join(title.split()) or "t"
    text = f"{title_line}\n\n" + "\n\n".join(quotes)
    source = Source(Path("/x/doc.txt"), "0" * 64, text, "utf-8", len(text))
    doc = Document(source)
    records = []
    pos = len(title_line) + 2
    for i, q in enumerate(quotes):
        if q.strip():
            quote, position = selectors(text, pos, pos + len(q))
            records.append(
                {
                    "id": f"{i:08d}-x",
                    "quote": quote,
                    "position": position,
                    "tags": ["t"],
                    "note": note,
                    "anchor": "anchored",
                }
            )
        pos += len(q) + 2
    return DocumentHighlights(doc, records) if records else None


_MARK = re.compile(r"<!-- (/?)summitreader:(\S+)(?: [0-9a-f]{8})? -->\n?\Z")


class Structure(NamedTuple):
    marks: list[tuple[str, str]]  # ("start" | "end", key) in file order, at the top level
    quotes: dict[str, str]  # each highlight block's key -> the text of its first quote


def structure(text: str) -> Structure:
    """How a CommonMark parser reads an export's blocks: every mark must be an HTML block
    of its own at the top level (nothing a note holds can swallow one), and the first
    quote inside a highlight's block is its quote."""
    body = text[text.index("\n---\n", 4) + 5 :] if text.startswith("---\n") else text
    tokens = MarkdownIt("commonmark").parse(body)
    marks: list[tuple[str, str]] = []
    quotes: dict[str, str] = {}
    open_key = None
    for n, tok in enumerate(tokens):
        if tok.level == 0 and tok.type == "html_block" and (m := _MARK.match(tok.content)):
            marks.append(("end" if m[1] else "start", m[2]))
            open_key = None if m[1] else m[2]
        elif (
            tok.level == 0
            and tok.type == "blockquote_open"
            and open_key is not None
            and open_key not in quotes
            and ":" not in open_key
        ):
            close = next(
                i
                for i in range(n, len(tokens))
                if tokens[i].type == "blockquote_close" and tokens[i].level == 0
            )
            quotes[open_key] = _quote_text(tokens[n : close + 1])
    return Structure(marks, quotes)


def _quote_text(tokens) -> str:
    """The characters a CommonMark reader shows of a quote: its text and its code."""
    parts = []
    for tok in tokens:
        if tok.type in ("fence", "code_block"):
            parts.append(tok.content)
        elif tok.type == "inline":
            parts.append(
                "".join(
                    c.content if c.type in ("text", "code_inline") else "\n"
                    for c in tok.children or []
                    if c.type in ("text", "code_inline", "softbreak", "hardbreak")
                )
                + "\n"
            )
    return "".join(parts)


def well_formed(text: str, keys: list[str]) -> Structure:
    """Assert the file's blocks are exactly ``keys``, each opened and closed in order."""
    found = structure(text)
    expected = [(kind, key) for key in keys for kind in ("start", "end")]
    assert found.marks == expected, (found.marks, expected)
    return found
