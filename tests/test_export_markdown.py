"""Markdown export: golden file, a real CommonMark parser, YAML, and escaping properties."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from summitreader.annotations.anchoring import selectors
from summitreader.errors import SummitError
from summitreader.export.files import export_to_directory, write_export
from summitreader.export.markdown import render_markdown
from summitreader.export.selection import DocumentHighlights, ExportOptions
from summitreader.sources.text import Source, load_source
from summitreader.text.document import Document

from .conftest import GOMEZ

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


def golden(name: str) -> str:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    expected = expected.replace("{SOURCE}", json.dumps(str(GOMEZ.resolve())))
    return expected.replace("{SHA}", hashlib.sha256(GOMEZ.read_bytes()).hexdigest())


VARIANTS = [
    ("gomez.md", ExportOptions(), 2),
    ("gomez-by-tag.md", ExportOptions(group_by="tag"), 3),  # #key-point, #reciprocity, Untagged
    ("gomez-created.md", ExportOptions(sort="created"), 2),
    ("gomez-tag-reciprocity.md", ExportOptions(tags=("reciprocity",)), 1),
]


@pytest.mark.parametrize(("name", "options", "quotes"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_golden_files_for_every_variant_parse_as_commonmark_with_yaml(name, options, quotes):
    text = render_markdown(gomez_items(), options)
    assert text == golden(name)
    fm, body = split_front_matter(text)
    assert fm["title"] == "The Second Trump-Kim Summit: The Devil Is in the Details"
    assert fm["highlights"] == (1 if options.tags else 2)
    assert len(blockquotes(body)) == quotes


def test_out_dir_writes_one_stable_file_per_document_and_a_re_export_writes_nothing(tmp_path):
    items = gomez_items()
    [path], unchanged = export_to_directory(items, tmp_path / "notes")
    assert unchanged == 0
    assert path == tmp_path / "notes" / "the-second-trump-kim-summit-the-devil-is-in-the-details.md"
    assert path.read_text(encoding="utf-8") == golden("gomez.md")
    before = path.stat().st_mtime_ns, path.stat().st_ino
    [again], unchanged = export_to_directory(gomez_items(), tmp_path / "notes")
    assert unchanged == 1
    assert again == path and (path.stat().st_mtime_ns, path.stat().st_ino) == before
    assert sorted(p.name for p in (tmp_path / "notes").iterdir()) == [path.name]


def test_exports_are_written_with_the_users_umask_and_keep_a_mode_they_were_given(tmp_path):
    """Notes are the user's files, not the store: not mkstemp's private 0600."""
    old = os.umask(0o027)
    try:
        [path], _ = export_to_directory(gomez_items(), tmp_path / "notes")
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        path.chmod(0o604)
        path.write_text("edited by hand", encoding="utf-8")
        export_to_directory(gomez_items(), tmp_path / "notes")
        assert path.read_text(encoding="utf-8") == golden("gomez.md")
        assert stat.S_IMODE(path.stat().st_mode) == 0o604
    finally:
        os.umask(old)


def test_export_is_deterministic():
    assert render_markdown(gomez_items()) == render_markdown(gomez_items())


def test_parses_as_commonmark_with_front_matter_tags_and_note():
    items = gomez_items()
    fm, body = split_front_matter(render_markdown(items))
    assert fm["title"] == "The Second Trump-Kim Summit: The Devil Is in the Details"
    assert fm["author"] == "Eric Gomez"
    assert str(fm["date"]) == "2019-01-23"
    assert fm["tags"] == ["key-point", "reciprocity"] and fm["highlights"] == 2
    assert fm["source_sha256"] == hashlib.sha256(GOMEZ.read_bytes()).hexdigest()
    quotes = blockquotes(body)
    assert len(quotes) == 2
    assert quotes[1].strip() == items[0].annotations[0]["quote"]["exact"]
    html = MarkdownIt("commonmark").render(body)
    assert "<h1>" in html and html.count("<h") == 1  # only the title is a heading
    assert "#key-point #reciprocity" in body and "^a1b2c3d4" in body
    assert "<hr" not in html and "<ol" not in html and "<pre" not in html
    assert "First line with *stars* and #hash" in html


def test_unwritable_path_is_an_error_and_leaves_nothing(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(SummitError, match="cannot write"):
        write_export(blocker / "out.md", "x")
    assert blocker.read_text() == "a file where a folder should be"


def test_export_into_a_file_path_that_is_a_directory_fails_cleanly(tmp_path):
    target = tmp_path / "out.md"
    target.mkdir()
    with pytest.raises(SummitError, match="cannot write"):
        write_export(target, "x")
    assert list(tmp_path.glob(".summitreader-tmp-*")) == []


# Property: whatever the text, structure survives -------------------------------------------

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


@settings(max_examples=200, deadline=None)
@given(st.lists(HOSTILE, min_size=1, max_size=4), HOSTILE, HOSTILE)
def test_any_quote_note_and_title_keep_the_structure(quotes, note, title):
    item = hostile_item(quotes, note, title)
    if item is None:
        return
    records = item.annotations
    fm, body = split_front_matter(render_markdown([item]))
    assert fm["title"] == item.document.title
    assert fm["highlights"] == len(records)
    found = blockquotes(body)
    assert len(found) == len(records)
    for got, rec in zip(found, records, strict=True):
        assert got.split() == as_exported(rec["quote"]["exact"]).split()


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
