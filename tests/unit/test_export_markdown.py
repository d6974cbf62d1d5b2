"""Markdown export: golden file, a real CommonMark parser, YAML, and escaping properties."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from summitreader.errors import SummitError
from summitreader.export.files import export_to_directory, write_export
from summitreader.export.markdown import render_markdown
from tests.support.corpus import GOMEZ
from tests.support.export_checks import (
    HOSTILE,
    VARIANTS,
    as_exported,
    blockquotes,
    golden,
    gomez_items,
    hostile_item,
    split_front_matter,
)


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
