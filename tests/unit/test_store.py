"""The store on real files in a temporary directory."""

import json
import uuid

import pytest

from summitreader.errors import StoreError
from summitreader.sources.text import load_source
from summitreader.store.store import SCHEMA_VERSION, Store
from summitreader.text.document import Document
from tests.support.corpus import GOMEZ


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "store.json")
    yield s
    s.close()


@pytest.fixture
def doc():
    return Document(load_source(GOMEZ))


def on_disk(store, source_id=None):
    """The raw JSON of the index, or of one source's annotation file."""
    path = store.path if source_id is None else store.shard_dir / f"{source_id}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_new_store_records_schema_version(store):
    assert on_disk(store)["meta"]["1"] == {"schema_version": SCHEMA_VERSION}


def test_add_saves_both_selectors_and_uuid(store, doc):
    text = doc.source.text
    start = text.index("Examples of narrowly")
    end = start + len("Examples of narrowly-focused demands")
    rec = store.add(doc.source, start, end, tags=["Key Point"], note="why")
    uuid.UUID(rec["id"], version=4)
    assert rec["quote"]["exact"] == "Examples of narrowly-focused demands"
    assert rec["quote"]["prefix"] == text[start - 32 : start]
    assert rec["quote"]["suffix"] == text[end : end + 32]
    assert rec["position"] == {"start": start, "end": end}
    assert rec["tags"] == ["key-point"]
    assert rec["source_id"] == doc.source.sha256
    assert rec["anchor"] == "anchored"
    stored = next(iter(on_disk(store, doc.source.sha256)["annotations"].values()))
    assert stored == rec
    assert "annotations" not in on_disk(store)  # the index holds no highlights


def test_read_update_delete_and_put_back(store, doc):
    a = store.add(doc.source, 0, 10)
    b = store.add(doc.source, 20, 30)
    assert [r["id"] for r in store.for_source(doc.source)] == [a["id"], b["id"]]
    updated = store.update(a["id"], note="n", tags=["x", "X", " y "])
    assert updated["note"] == "n" and updated["tags"] == ["x", "y"]
    assert updated["modified"] >= a["modified"]
    gone = store.delete(a["id"])
    assert store.get(a["id"]) is None
    store.replace(doc.source.sha256, [gone], [], "undo")
    assert store.get(a["id"])["note"] == "n"
    with pytest.raises(StoreError):
        store.delete("no-such-id")


def test_ids_are_not_reused_after_delete(store, doc):
    first = store.add(doc.source, 0, 5)
    store.delete(first["id"])
    second = store.add(doc.source, 0, 5)
    assert second["id"] != first["id"]


def test_reading_state_round_trip(tmp_path, doc):
    s = Store(tmp_path / "store.json")
    s.set_reading_state(doc.source.sha256, 1234, (1200, 1300))
    s.close()
    again = Store(tmp_path / "store.json")
    assert again.reading_state(doc.source.sha256) == (1234, (1200, 1300))
    assert again.reading_state("unknown") == (0, None)


def test_remember_source_records_metadata(store, doc):
    rec = store.remember_source(doc.source, doc.meta)
    assert rec["title"] == doc.meta.title
    assert rec["authors"] == ["Eric Gomez"] and rec["date"] == "2019-01-23"
    assert store.get_source(doc.source.sha256)["path"] == str(GOMEZ.resolve())


def test_changed_text_at_same_path_is_anchored_again(tmp_path, store):
    path = tmp_path / "article.txt"
    path.write_text("Intro.\n\nThe key sentence is here.\n", encoding="utf-8")
    old = load_source(path)
    start = old.text.index("The key")
    rec = store.add(old, start, start + len("The key sentence"))
    path.write_text(
        "A new first paragraph.\n\nIntro.\n\nThe key sentence is here.\n", encoding="utf-8"
    )
    new = load_source(path)
    [moved] = store.for_source(new)
    assert moved["id"] == rec["id"] and moved["anchor"] == "moved"
    assert new.text[moved["position"]["start"] : moved["position"]["end"]] == "The key sentence"
    assert moved["previous"] == {
        "source_id": old.sha256,
        "position": rec["position"],
        "exact": "The key sentence",
    }
    assert store.annotations(old.sha256) == []  # moved over, not copied
    assert store.for_source(new) == [moved]  # and only once


def test_vanished_quote_becomes_orphan_not_wrong_words(tmp_path, store):
    path = tmp_path / "article.txt"
    path.write_text("Keep this.\n\nDelete this sentence.\n", encoding="utf-8")
    old = load_source(path)
    store.add(old, old.text.index("Delete"), len(old.text) - 1)
    path.write_text("Keep this.\n\nSomething else entirely.\n", encoding="utf-8")
    [orphan] = store.for_source(load_source(path))
    assert orphan["anchor"] == "orphaned"
    assert orphan["quote"]["exact"] == "Delete this sentence."


def test_newer_schema_is_refused_not_rewritten(tmp_path):
    path = tmp_path / "store.json"
    data = {"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}}
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError, match=rf"newer summitreader \(schema {SCHEMA_VERSION + 1}"):
        Store(path)
    assert path.read_bytes() == before
    assert not any(p.name.startswith("store.json.corrupt") for p in tmp_path.iterdir())


def test_writes_leave_no_temp_files(tmp_path, doc):
    folder = tmp_path / "db"
    s = Store(folder / "store.json")
    for i in range(5):
        s.add(doc.source, i, i + 3)
    assert sorted(p.name for p in folder.iterdir()) == [
        "store.annotations",
        "store.json",
        "store.json.lock",
        "store.snapshots",
    ]
    assert sorted(p.name for p in (folder / "store.annotations").iterdir()) == [
        f"{doc.source.sha256}.json",
        f"{doc.source.sha256}.json.log",  # the journal of the adds after the first
    ]


def test_stale_temp_files_are_removed_at_start(tmp_path, doc):
    s = Store(tmp_path / "store.json")
    s.add(doc.source, 0, 5)
    s.close()
    left = [tmp_path / ".summitreader-tmp-x1", s.shard_dir / ".summitreader-tmp-x2"]
    for p in left:
        p.write_bytes(b'{"half": ')
    Store(tmp_path / "store.json").close()
    assert not any(p.exists() for p in left)


def test_a_second_handle_sees_the_first_ones_writes(tmp_path, doc):
    one = Store(tmp_path / "store.json")
    two = Store(tmp_path / "store.json")
    a = one.add(doc.source, 0, 5)
    b = two.add(doc.source, 6, 9)
    assert {r["id"] for r in one.for_source(doc.source)} == {a["id"], b["id"]}
