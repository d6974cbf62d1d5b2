"""Renaming a tag across every document: merged where NEW exists, durable through a crash
(a real process killed part-way), and refused with a message where it makes no sense."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from summitreader.errors import SummitError
from summitreader.sources.text import load_source
from summitreader.store.storage import AtomicJSONStorage
from summitreader.store.store import Store
from tests.support.corpus import GOMEZ, LANDAU


def seed(db: Path) -> None:
    """Two documents; one highlight in each has both tags, so the rename must merge."""
    with Store(db) as store:
        for path in (GOMEZ, LANDAU):
            source = load_source(path)
            store.add(source, 0, 10, ["key-point"])
            store.add(source, 20, 30, ["key-point", "evidence"])
            store.add(source, 40, 50, ["question"])


def tags_by_quote(db: Path) -> list[list[str]]:
    with Store(db) as store:
        return sorted(r["tags"] for r in store.all_annotations())


def test_rename_merges_across_every_document(tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    seed(db)
    with Store(db) as store:
        assert store.rename_tag("Key Point", " EVIDENCE ") == 4
        assert store.all_tags() == ["evidence", "question"]
        assert store.tag_counts() == {"evidence": 4, "question": 2}
    expected = sorted([["evidence"]] * 4 + [["question"]] * 2)
    assert tags_by_quote(db) == expected  # and it is on disk: a fresh store reads it
    assert not (tmp_path / "store.json.journal").exists()


def test_rename_to_a_new_name_keeps_position_and_other_tags(tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    seed(db)
    with Store(db) as store:
        assert store.rename_tag("evidence", "method/sources") == 2
    assert tags_by_quote(db).count(["key-point", "method/sources"]) == 2


def test_the_tags_nested_under_a_renamed_tag_move_with_it(tmp_path: Path) -> None:
    """Before: renaming #method left #method/survey where it was, and a tag used only
    nested (#method/survey, no bare #method) could not be renamed at all."""
    db = tmp_path / "store.json"
    with Store(db) as store:
        source = load_source(GOMEZ)
        store.add(source, 0, 10, ["method/survey", "methods"])
        store.add(source, 20, 30, ["method/interview/remote"])
        store.add(source, 40, 50, ["approach/survey", "method/survey"])
        assert store.rename_tag("method", "approach") == 3
        assert store.all_tags() == [
            "approach/interview/remote",
            "approach/survey",
            "methods",  # a tag that starts with the same letters is another tag
        ]
    assert tags_by_quote(db) == [
        ["approach/interview/remote"],
        ["approach/survey"],  # merged where it had both
        ["approach/survey", "methods"],
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("key-point", "Key Point", "are the same tag"),
        ("nowhere", "key-point", "no highlight is tagged #nowhere"),
        ("key-point", "a]b", "characters a #hashtag cannot hold"),
        ("key-point", "  ", "cannot be empty"),
    ],
)
def test_a_rename_that_makes_no_sense_is_refused_and_changes_nothing(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    db = tmp_path / "store.json"
    seed(db)
    before = tags_by_quote(db)
    with Store(db) as store, pytest.raises(SummitError, match=message):
        store.rename_tag(old, new)
    assert tags_by_quote(db) == before


CRASH = """
    import os, sys
    from tinydb.table import Table
    from summitreader.store.store import Store
    real = Table.update
    def update_then_die(self, *args, **kwargs):
        result = real(self, *args, **kwargs)
        os._exit(9)  # the first document is renamed, the second is not
    Table.update = update_then_die
    Store(sys.argv[1]).rename_tag("key-point", "evidence")
"""


def test_a_crash_part_way_is_finished_by_the_next_open(tmp_path: Path) -> None:
    db = tmp_path / "store.json"
    seed(db)
    crashed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CRASH), str(db)], capture_output=True, timeout=60
    )
    assert crashed.returncode == 9, crashed.stderr
    assert (tmp_path / "store.json.journal").exists()
    shards = sorted((tmp_path / "store.annotations").glob("*.json"))
    halfway = [  # each file with its journal, as the store reads it
        sum("key-point" in r["tags"] for r in AtomicJSONStorage(s).read()["annotations"].values())
        for s in shards
    ]
    assert sorted(halfway) == [0, 2]  # one document renamed, one not: the crash was real

    assert tags_by_quote(db) == sorted([["evidence"]] * 4 + [["question"]] * 2)
    assert not (tmp_path / "store.json.journal").exists()
