"""SVG snapshots at 120x40.

Update them deliberately with: pytest --snapshot-update tests/test_snapshots.py
"""

from __future__ import annotations

import os

from summitreader.settings.config import load_config
from summitreader.sources.text import load_source
from summitreader.store.store import Store
from summitreader.text.document import Document
from summitreader.tui.app import SummitApp
from tests.support.corpus import EXAMPLES, GOMEZ, LANDAU, SHOWCASE
from tests.support.edited import edited_library
from tests.support.tui import SIZE, make_app


def seed_highlight() -> None:
    doc = Document(load_source(GOMEZ))
    text = doc.source.text
    paragraph = EXAMPLES
    start = text.index(paragraph)
    store = Store(os.environ["SUMMITREADER_DB"])
    record = store.add(doc.source, start, start + len(paragraph), tags=["key-point", "evidence"])
    store.update(record["id"], note="Reciprocity is the lever.")
    store.close()


def test_library(snap_compare):
    assert snap_compare(make_app(GOMEZ, LANDAU, open_single=False), terminal_size=SIZE)


def test_reader_with_a_highlight(snap_compare):
    seed_highlight()
    keys = ["right_curly_bracket"] * 9
    assert snap_compare(make_app(GOMEZ), terminal_size=SIZE, press=keys)


def test_reader_help(snap_compare):
    assert snap_compare(make_app(LANDAU), terminal_size=SIZE, press=["question_mark"])


def test_reader_search_matches_and_a_selection(snap_compare):
    keys = ["slash", *"summit", "enter", "right_curly_bracket", "v", "w", "w"]
    assert snap_compare(make_app(GOMEZ), terminal_size=SIZE, press=keys)


def test_markdown_showcase_at_120_columns(snap_compare):
    """The top of the showcase: the title block, prose, a setext heading, hard breaks, code."""
    assert snap_compare(make_app(SHOWCASE), terminal_size=SIZE)


def test_markdown_showcase_at_80_columns(snap_compare):
    """A page on, without the sidebar: a code line wrapped with ↪, a table whose cells wrap,
    nested lists with task boxes, quotes at two depths."""
    assert snap_compare(make_app(SHOWCASE), terminal_size=(80, 40), press=["space"])


def test_review_what_moved(snap_compare, tmp_path):
    edited_library(tmp_path)
    store = Store(os.environ["SUMMITREADER_DB"])
    app = SummitApp([], store, load_config())
    assert snap_compare(app, terminal_size=SIZE, press=["R"])
