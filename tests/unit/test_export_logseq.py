"""Logseq pages: golden files, page properties Logseq reads, one top-level block per
highlight with its uuid, and a note that stays inside its block."""

from __future__ import annotations

import re

import pytest

from summitreader.export.markdown import render_markdown
from tests.support.export_checks import LOGSEQ_VARIANTS, golden, gomez_items

PROPERTY = re.compile(r"^([a-z][a-z0-9-]*):: (.*)$")


@pytest.mark.parametrize(
    ("name", "options", "quotes"), LOGSEQ_VARIANTS, ids=[v[0] for v in LOGSEQ_VARIANTS]
)
def test_logseq_golden_files_are_pages_logseq_reads(name, options, quotes):
    text = render_markdown(gomez_items(), options)
    assert text == golden(name)
    head, _, blocks = text.partition("\n\n- ")
    props = dict(PROPERTY.match(line).groups() for line in head.splitlines())  # type: ignore[union-attr]
    assert props["title"] == "The Second Trump-Kim Summit: The Devil Is in the Details"
    assert props["tags"] == "key-point, reciprocity" and props["summitreader"] == "1"
    bullets = ("- " + blocks).split("\n- ")
    uuids = []
    for bullet in bullets:
        lines = bullet.removeprefix("- ").split("\n")
        assert all(not line or line.startswith("  ") for line in lines[1:])  # inside its block
        uuids += [line.split(":: ")[1] for line in lines[1:] if line.startswith("  id:: ")]
    assert len(uuids) == quotes == len(set(uuids))  # each highlight written once
    assert all(re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", u) for u in uuids)
    for record in gomez_items()[0].annotations:
        assert record["id"] in uuids


def test_a_logseq_quote_is_the_markdown_shown_as_the_other_flavours_give_it(tmp_path):
    """Before: Logseq was given the source escaped, ``\\*rarest and purest\\*``, which it
    shows with its asterisks, where Obsidian was given ``*rarest and purest*``."""
    from summitreader.export.logseq import highlight_block
    from summitreader.export.markdown_text import highlight_markdown
    from summitreader.sources.text import load_source
    from summitreader.text.document import Document
    from tests.support.export_checks import record

    path = tmp_path / "essay.md"
    path.write_text("# Essay\n\n> Attention is the *rarest and purest* form of generosity.\n")
    doc = Document(load_source(path))
    rec = record(doc, "Attention is the *rarest and purest* form", "d0000001-0000-4000-8000-0")
    shown = "> Attention is the *rarest and purest* form"
    assert highlight_block(doc, rec, "d0000001").startswith(f"- {shown}\n")
    assert highlight_markdown(doc, rec, None).startswith(f"{shown}\n")
