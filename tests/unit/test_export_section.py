"""export/markdown_text.section_of: the heading above a highlight, in its meta line, so a
reader of the notes finds the passage again (Readwise and KOReader give the chapter)."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from summitreader.export.markdown_text import SECTION_LENGTH, highlight_markdown, section_of
from summitreader.sources.text import load_source
from summitreader.text.document import Document
from tests.support.export_checks import record

TEXT = """---
title: Loose Threads
---

# Loose Threads

Before any section, the opening words.

## The *first* [part] #1

Words in the first part.

## {long}

Words in the long part.
"""
LONG = "A heading that goes on " * 6


def document(tmp_path: Path) -> Document:
    path = tmp_path / "threads.md"
    path.write_text(TEXT.replace("{long}", LONG.strip()), encoding="utf-8")
    return Document(load_source(path))


def test_a_highlight_names_the_heading_above_it_as_shown(tmp_path: Path) -> None:
    doc = document(tmp_path)
    rec = record(doc, "Words in the first part.", "d0000001-0000-4000-8000-000000000001")
    assert section_of(doc, rec) == "The first [part] #1"  # no link: [part] is undefined
    meta = highlight_markdown(doc, rec, None).split("\n\n")[1]
    assert meta.startswith("§ ")
    # the heading's words read back as text, not emphasis, a link or a tag
    html = MarkdownIt("commonmark").render(meta)
    assert "<em>" not in html and "<a" not in html
    assert "§ The first [part] #1 · ¶" in html


def test_under_the_texts_own_title_no_section_is_written(tmp_path: Path) -> None:
    doc = document(tmp_path)
    rec = record(doc, "Before any section", "d0000002-0000-4000-8000-000000000002")
    assert section_of(doc, rec) == ""
    assert "§" not in highlight_markdown(doc, rec, None)


def test_a_long_heading_is_shortened(tmp_path: Path) -> None:
    doc = document(tmp_path)
    rec = record(doc, "Words in the long part.", "d0000003-0000-4000-8000-000000000003")
    section = section_of(doc, rec)
    assert len(section) == SECTION_LENGTH and section.endswith("…")
    assert LONG.startswith(section[:-1])


def test_an_orphan_has_no_section(tmp_path: Path) -> None:
    doc = document(tmp_path)
    rec = record(doc, "Words in the first part.", "d0000004-0000-4000-8000-000000000004")
    rec["anchor"] = "orphaned"
    assert section_of(doc, rec) == ""


def test_a_logseq_block_gives_its_section_in_its_location_too(tmp_path: Path) -> None:
    """Before: the Logseq flavour's ``location::`` had the paragraph and line only."""
    from summitreader.export.logseq import highlight_block

    doc = document(tmp_path)
    rec = record(doc, "Words in the first part.", "d0000005-0000-4000-8000-000000000005")
    block = highlight_block(doc, rec, "d0000005")
    location = next(line for line in block.splitlines() if line.startswith("  location:: "))
    assert location.startswith("  location:: § The first [part] #1 · ¶")
    rec = record(doc, "Before any section", "d0000006-0000-4000-8000-000000000006")
    assert "§" not in highlight_block(doc, rec, "d0000006")


def test_a_quotes_footnote_mark_is_a_raised_number_not_escaped_brackets(tmp_path: Path) -> None:
    """Before: "footnotes.\\[1\\] The web", a literal mark that points nowhere in notes."""
    from summitreader.export.markdown_text import shown_markdown

    path = tmp_path / "notes.md"
    path.write_text(
        "Every book I own has footnotes.[^12] The web does not.[^a]\n\n[^12]: One.\n\n[^a]: Two.\n",
        encoding="utf-8",
    )
    doc = Document(load_source(path))
    rec = record(doc, "Every book I own has footnotes.[^12] The web does not.[^a]", "x")
    assert shown_markdown(doc, rec) == "Every book I own has footnotes.¹² The web does not.\\[a\\]"
