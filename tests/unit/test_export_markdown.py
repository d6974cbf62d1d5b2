"""Markdown export: golden file, a real CommonMark parser, YAML, and escaping properties."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from summitreader.errors import SummitError
from summitreader.export.files import export_to_directory, write_export
from summitreader.export.markdown import render_markdown
from summitreader.export.markdown_text import block_keys, plain_words
from summitreader.export.selection import DocumentHighlights
from summitreader.sources.text import Source
from summitreader.text.document import Document
from summitreader.text.visible_markdown import markdown_of
from tests.support.corpus import GOMEZ
from tests.support.export_checks import (
    HOSTILE,
    VARIANTS,
    as_exported,
    golden,
    gomez_items,
    hostile_item,
    selectors,
    split_front_matter,
    structure,
    well_formed,
)


@pytest.mark.parametrize(("name", "options", "quotes"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_golden_files_for_every_variant_parse_as_commonmark_with_yaml(name, options, quotes):
    text = render_markdown(gomez_items(), options)
    assert text == golden(name)
    fm, body = split_front_matter(text)
    assert fm["title"] == "The Second Trump-Kim Summit: The Devil Is in the Details"
    assert fm["highlights"] == (1 if options.tags else 2)
    assert fm["summitreader"] == 1 and "author" in fm
    assert len(structure(text).quotes) == quotes
    html = MarkdownIt("commonmark").render(body)
    assert ("^b2c3d4e5" in html) == (options.flavor == "obsidian" and not options.tags)


def test_out_dir_writes_one_stable_file_per_document_and_a_re_export_writes_nothing(tmp_path):
    items = gomez_items()
    [written] = export_to_directory(items, tmp_path / "notes").files
    path = written.path
    assert written.changed and written.added == 2
    assert path == tmp_path / "notes" / "the-second-trump-kim-summit-the-devil-is-in-the-details.md"
    assert path.read_text(encoding="utf-8") == golden("gomez.md")
    before = path.stat().st_mtime_ns, path.stat().st_ino
    again = export_to_directory(gomez_items(), tmp_path / "notes")
    assert again.unchanged == 1 and again.files[0].path == path
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before
    assert sorted(p.name for p in (tmp_path / "notes").iterdir()) == [path.name]


def test_exports_are_written_with_the_users_umask_and_keep_a_mode_they_were_given(tmp_path):
    """Notes are the user's files, not the store: not mkstemp's private 0600."""
    old = os.umask(0o027)
    try:
        [written] = export_to_directory(gomez_items(), tmp_path / "notes").files
        path = written.path
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        path.chmod(0o604)
        with path.open("a", encoding="utf-8") as f:
            f.write("\nMy own line.\n")
        items = gomez_items()
        items[0].annotations[0]["tags"] = ["changed"]
        assert export_to_directory(items, tmp_path / "notes").files[0].updated == 1
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\nMy own line.\n") and "#changed" in text
        assert stat.S_IMODE(path.stat().st_mode) == 0o604
    finally:
        os.umask(old)


def test_export_is_deterministic():
    assert render_markdown(gomez_items()) == render_markdown(gomez_items())


def test_parses_as_commonmark_with_front_matter_tags_and_note():
    items = gomez_items()
    text = render_markdown(items)
    fm, body = split_front_matter(text)
    assert fm["title"] == "The Second Trump-Kim Summit: The Devil Is in the Details"
    assert fm["author"] == "Eric Gomez"
    assert str(fm["date"]) == "2019-01-23"
    assert fm["tags"] == ["key-point", "reciprocity"] and fm["highlights"] == 2
    assert fm["source_sha256"] == hashlib.sha256(GOMEZ.read_bytes()).hexdigest()
    assert fm["source"] == GOMEZ.resolve().as_uri()
    found = well_formed(text, ["doc:title", "b2c3d4e5", "a1b2c3d4"])
    assert found.quotes["a1b2c3d4"].strip() == items[0].annotations[0]["quote"]["exact"]
    html = MarkdownIt("commonmark").render(body)
    assert "<h1>" in html and "#key-point #reciprocity" in body
    # Obsidian attaches an id on its own line after a quote to that quote
    assert "</blockquote>\n<p>^a1b2c3d4</p>" in html
    # the note is the user's Markdown: its heading, quote and fence are theirs, and the
    # fence it left open is closed before the block ends
    assert "<h2>First line with <em>stars</em> and #hash</h2>" in html
    assert "<blockquote>\n<p>not a quote" in html
    assert "<pre><code>1. not a list\n</code></pre>\n<!-- /summitreader:a1b2c3d4 -->" in html


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


@settings(max_examples=200, deadline=None)
@given(st.lists(HOSTILE, min_size=1, max_size=4), HOSTILE, HOSTILE)
def test_any_quote_note_and_title_keep_the_structure(quotes, note, title):
    item = hostile_item(quotes, note, title)
    if item is None:
        return
    records = item.annotations
    text = render_markdown([item])
    fm, _ = split_front_matter(text)
    assert fm["title"] == item.document.title
    assert fm["highlights"] == len(records)
    keys = ["doc:title", *block_keys(records).values()]
    found = well_formed(text, keys)
    view = item.document.view
    for key, rec in zip(keys[1:], records, strict=True):
        start, end = rec["position"]["start"], rec["position"]["end"]
        # what the reader showed: a plain text hides a heading's #, a quote's >, a link's
        # address; a quote it shows nothing of is written as its words
        shown = view.shown_text(start, end, most=end - start) or rec["quote"]["exact"]
        assert found.quotes[key].split() == as_exported(shown).split()


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab #*_>\n\t\x07\u2028é`~<%$!-[]", max_size=40))
def test_a_note_with_nothing_to_close_is_written_as_the_careful_walk_writes_it(note):
    """note_markdown skips its line walk for a note with no fence, HTML opener or %% / $$
    (100,000 notes took 0.4 s): the two must agree on every note."""
    from summitreader.export import user_markdown

    quick = user_markdown.note_markdown(note)
    risky = user_markdown._RISKY
    user_markdown._RISKY = re.compile(r"(?s).|\A")  # every note takes the walk
    try:
        assert quick == user_markdown.note_markdown(note)
    finally:
        user_markdown._RISKY = risky


def test_a_plain_texts_quote_is_what_its_reader_showed():
    """A .txt hides a quote's >, reflows its hard-wrapped lines and shows a link as its
    words: the export quotes those words, the link kept as a link, with no stray \\>."""
    text = (
        "A Plain Title\n\n> A quoted line\n> that wraps.\n\n"
        "by [Ann Lee](https://a.example/ann) / May 2\n"
    )
    doc = Document(Source(Path("/x/plain.txt"), "0" * 64, text, "utf-8", len(text)))
    records = []
    for i, (first, last) in enumerate((("> A", "wraps."), ("by [", "/ May 2"))):
        start = text.index(first)
        quote, position = selectors(text, start, text.index(last) + len(last))
        records.append(
            {"id": f"{i:08d}-x", "quote": quote, "position": position, "anchor": "anchored"}
        )
    out = render_markdown([DocumentHighlights(doc, records)])
    assert "\n> A quoted line that wraps.\n" in out
    assert "\n> by [Ann Lee](https://a.example/ann) / May 2\n" in out
    assert "\\>" not in out and "\\[" not in out


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(
        ["abÉß 1 .,:;'\"?!()/-+=\n\n#>\t\u00a0", "ab É1 .,:'\"?!()/-#>*_[]`\n\t"]
    ).flatmap(lambda alphabet: st.text(alphabet=alphabet, min_size=1, max_size=60)),
    st.data(),
)
def test_a_plain_quote_of_plain_words_is_what_the_careful_path_writes(text, data):
    """plain_words skips markdown_of for a plain text's quote of plain words in a
    paragraph, heading or quote (100,000 of them took 0.45 s): the two must agree."""
    doc = Document(Source(Path("/x/doc.txt"), "0" * 64, text, "utf-8", len(text)))
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quick = plain_words(doc, start, text[start:end])
    if quick is not None:
        assert quick == markdown_of(doc, start, end)


def test_a_notes_bidi_override_is_written_as_a_symbol_and_its_marks_are_kept():
    """Before: a note's U+202E went into the export raw, and Obsidian showed the rest of its
    line reversed. Right-to-left marks and isolates are writing, not attacks: kept."""
    from summitreader.export.user_markdown import note_markdown

    assert note_markdown("note \u202e rtl") == "note \u2194 rtl"
    assert note_markdown("\u05e9\u05dc\u05d5\u05dd \u200f! \u2067x\u2069") == (
        "\u05e9\u05dc\u05d5\u05dd \u200f! \u2067x\u2069"
    )
