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
