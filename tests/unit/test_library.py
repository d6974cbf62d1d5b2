"""The library: what is in it, where its texts come from when their files move, change or
go, and how it is seeded, listed, sorted and filtered."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from summitreader.library import catalog
from summitreader.library.opening import open_documents
from summitreader.library.shelf import Shelf
from summitreader.sources.text import load_source
from summitreader.store.store import Store
from tests.support.corpus import GOMEZ, LANDAU


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.json") as s:
        yield s


def by_title(store: Store) -> dict[str, catalog.Entry]:
    return {e.title: e for e in catalog.entries(store)}


def test_the_first_run_holds_the_samples_once(store):
    catalog.seed(store)
    assert len(catalog.entries(store)) == 2
    for entry in catalog.entries(store):
        catalog.forget(store, entry.id)
    catalog.seed(store)  # taken out, they stay out
    assert catalog.entries(store) == []


def test_an_entry_has_what_the_library_shows(store, tmp_path):
    report = catalog.add(store, [GOMEZ])
    assert (report.added, report.already) == (1, 0)
    [entry] = catalog.entries(store)
    assert entry.title == "The Second Trump-Kim Summit: The Devil Is in the Details"
    assert entry.author == "Eric Gomez" and entry.date == "2019-01-23"
    assert entry.status == "new" and entry.progress == 0 and entry.highlights == 0
    assert entry.paths == (str(GOMEZ.resolve()),) and entry.added and not entry.last_opened
    assert entry.words == len(GOMEZ.read_text(encoding="utf-8").split())
    source = load_source(GOMEZ)
    store.add(source, 10, 20, ["key-point"])
    # read past the middle: reading; then to the end: finished
    store.set_reading_state(source.sha256, 100, seen=len(source.text) // 2, length=len(source.text))
    [entry] = catalog.entries(store)
    assert entry.status == "reading" and entry.highlights == 1
    assert entry.progress == pytest.approx(100 / len(source.text))
    assert entry.furthest == pytest.approx(0.5, abs=0.01) and entry.last_opened
    store.set_reading_state(source.sha256, 200, seen=len(source.text), length=len(source.text))
    store.set_reading_state(source.sha256, 0, seen=0, length=len(source.text))  # back to the top
    [entry] = catalog.entries(store)
    assert entry.status == "finished" and entry.furthest == 1.0 and entry.progress == 0


def test_identical_copies_are_one_document_with_both_paths(store, tmp_path):
    first, second = tmp_path / "a" / "copy.txt", tmp_path / "b" / "same.txt"
    for path in (first, second):
        path.parent.mkdir()
        shutil.copy(GOMEZ, path)
    report = catalog.add(store, [tmp_path / "a", tmp_path / "b"])
    assert (report.added, report.already) == (1, 1)
    [entry] = catalog.entries(store)
    assert set(entry.paths) == {str(first.resolve()), str(second.resolve())}


def test_a_moved_file_keeps_its_highlights_and_its_entry(store, tmp_path):
    original = tmp_path / "article.txt"
    shutil.copy(GOMEZ, original)
    catalog.add(store, [original])
    record = store.add(load_source(original), 0, 12, ["key-point"])
    moved = tmp_path / "elsewhere" / "renamed.txt"
    moved.parent.mkdir()
    original.rename(moved)
    [entry] = catalog.entries(store)
    loaded = catalog.load(store, entry)  # the old path is gone: the library's copy
    assert "reading the copy the library kept" in (loaded.notice or "")
    assert loaded.document.source.sha256 == entry.id
    docs, problems = open_documents([moved], store)  # opened where it is now
    assert problems == [] and [r["id"] for r in store.for_source(docs[0].source)] == [record["id"]]
    store.remember_source(docs[0].source, docs[0].meta)
    [entry] = catalog.entries(store)
    assert entry.path == str(moved.resolve()) and str(original.resolve()) in entry.paths


def test_a_deleted_file_is_read_searched_and_exported_from_its_copy(store, tmp_path):
    article = tmp_path / "gone.txt"
    shutil.copy(LANDAU, article)
    catalog.add(store, [article])
    source = load_source(article)
    quote_at = source.text.index("Kim")
    store.add(source, quote_at, quote_at + 3, ["evidence"])
    article.unlink()
    docs, problems = catalog.load_all(store)
    assert problems == [] and [d.source.sha256 for d in docs] == [source.sha256]
    assert docs[0].source.text == source.text
    assert [r["quote"]["exact"] for r in store.for_source(docs[0].source)] == ["Kim"]
    # and opened by its old path, from the copy, saying so
    docs, problems = open_documents([article], store)
    assert docs[0].source.text == source.text and "no longer at" in problems[0]


def test_an_edited_file_is_a_new_version_and_the_library_lists_it_once(store, tmp_path):
    article = tmp_path / "article.txt"
    shutil.copy(GOMEZ, article)
    catalog.add(store, [article])
    store.add(load_source(article), 0, 12)
    article.write_text("A note added on top.\n\n" + GOMEZ.read_text(encoding="utf-8"))
    catalog.add(store, [article])
    [entry] = catalog.entries(store)
    assert entry.id == load_source(article).sha256
    [moved] = store.for_source(catalog.load(store, entry).document.source)
    assert moved["anchor"] == "moved"


def test_an_edited_file_keeps_how_far_it_was_read(store, tmp_path):
    """Before: a text read to its end, then edited, was listed "not read yet · new"."""
    article = tmp_path / "article.txt"
    shutil.copy(GOMEZ, article)
    catalog.add(store, [article])
    source = load_source(article)
    end = len(source.text)
    store.set_reading_state(source.sha256, end - 10, seen=end, length=end)
    [read] = catalog.entries(store)
    assert read.status == "finished" and read.furthest > 0.9
    article.write_text(GOMEZ.read_text(encoding="utf-8") + "\nA line added at the end.\n")
    catalog.add(store, [article])
    [entry] = catalog.entries(store)
    assert entry.id == load_source(article).sha256 != source.sha256
    assert (entry.status, entry.added) == (read.status, read.added)
    assert entry.furthest > 0.9


def test_add_says_what_it_skipped_and_why(store, tmp_path):
    folder = tmp_path / "mixed"
    (folder / "deep" / "deeper").mkdir(parents=True)
    shutil.copy(GOMEZ, folder / "deep" / "deeper" / "a.txt")
    (folder / "notes.md").write_text("# Notes\n\nSome notes.\n")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02")
    (folder / "table.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    report = catalog.add(store, [folder])
    assert (report.added, report.already) == (2, 0)
    reasons = {why: [Path(f).name for f in files] for why, files in report.skipped.items()}
    assert reasons.get("binary data, not text") == ["blob.txt"]
    unsupported = {n for why, names in reasons.items() if "unsupported" in why for n in names}
    assert unsupported == {"photo.png", "table.xlsx"}
    assert "2 added" in report.summary() and "skipped" in report.summary()


def test_forget_keeps_highlights_unless_asked(store, tmp_path):
    catalog.add(store, [GOMEZ, LANDAU])
    gomez, landau = load_source(GOMEZ), load_source(LANDAU)
    store.add(gomez, 0, 10)
    store.add(landau, 0, 10)
    catalog.forget(store, str(GOMEZ))
    assert [e.title for e in catalog.entries(store)] == [catalog.entries(store)[0].title]
    assert len(store.annotations(gomez.sha256)) == 1  # kept in the store
    catalog.forget(store, landau.sha256[:12], delete_highlights=True)
    assert catalog.entries(store) == [] and store.annotations(landau.sha256) == []
    with pytest.raises(Exception, match="no document of the library"):
        catalog.forget(store, "/no/such/file.txt")


def test_forget_takes_every_version_of_an_edited_file_at_once(store, tmp_path):
    """Before: the first version took the others with it, then the second was 'not in the
    library' and the command failed, having forgotten the text."""
    article = tmp_path / "article.txt"
    article.write_bytes(GOMEZ.read_bytes())
    catalog.add(store, [article])
    article.write_bytes(GOMEZ.read_bytes() + b"\nA line added later.\n")
    store.remember_source(load_source(article))
    assert len(list(store.find_ids(str(article)))) == 2
    forgotten = catalog.forget(store, str(article))
    assert len(forgotten) == 1 and catalog.entries(store) == []
    assert list(store.find_ids(str(article))) == []


def test_the_shelf_filters_sorts_and_reverses(store):
    catalog.add(store, [GOMEZ, LANDAU])
    shelf = Shelf(catalog.entries(store))
    assert [e.author for e in shelf.filtered("landau").shown] == [
        "Emily B. Landau and Shimon Stein"
    ]
    assert shelf.filtered("trump summit").shown[0].author == "Eric Gomez"
    assert shelf.filtered("zzz").rows == []
    by_title = shelf.ordered("title")
    assert [e.title[:3] for e in by_title.shown] == ["How", "The"]
    assert [e.title[:3] for e in by_title.reversed().shown] == ["The", "How"]
    assert [e.date for e in shelf.ordered("date").shown] == ["2019-05-02", "2019-01-23"]
    gomez = load_source(GOMEZ)
    store.add(gomez, 0, 10)
    shelf = shelf.with_entries(catalog.entries(store)).ordered("highlights")
    assert shelf.shown[0].author == "Eric Gomez"
    assert shelf.chosen(5) is None and shelf.index_of(shelf.shown[1].id) == 1


def test_store_files_are_never_taken_for_documents(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    shutil.copy(GOMEZ, folder / "a.txt")
    with Store(folder / "store.json") as store:  # the store inside the folder added
        report = catalog.add(store, [folder])
    assert (report.added, report.skipped) == (1, {})
    assert os.path.isdir(folder / "store.snapshots")


def test_an_edited_file_is_anchored_again_with_its_earlier_text(store, tmp_path):
    """The Landau article's two author notes share over 60 characters. The highlighted
    note deleted, the other note carries its stored context as well; the library's copy
    of the earlier text shows that note stood there already, so it is an orphan."""
    article = tmp_path / "article.md"
    shutil.copy(LANDAU, article)
    catalog.add(store, [article])
    old = load_source(article)
    words = "senior research fellow at the"
    at = old.text.index(words, old.text.rindex("Shimon Stein"))
    store.add(old, at, at + len(words))
    raw = LANDAU.read_text(encoding="utf-8")
    note = raw.rindex("Shimon Stein")
    article.write_text(raw[:note] + raw[raw.index("\n\n", note) + 2 :], encoding="utf-8")
    catalog.add(store, [article])
    [entry] = catalog.entries(store)
    [record] = store.for_source(catalog.load(store, entry).document.source)
    assert record["anchor"] == "orphaned"
