"""The shortcuts taken for 100,000 highlights give the same answers as the plain way: the
quick record check, the prepared index of the all-highlights screen, and the cache of
highlight counts kept between runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.annotations.model import new_record
from summitreader.annotations.record_checks import annotation_ok, annotation_problem, split_bad
from summitreader.errors import StoreError
from summitreader.library import catalog
from summitreader.library.search import HighlightIndex, Query, document_name, haystack
from summitreader.sources.text import load_source
from summitreader.store import storage
from summitreader.store.counts import counts_path
from summitreader.store.store import Store
from tests.support.corpus import GOMEZ, LANDAU

HEX = "0123456789abcdef"
odd_text = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["", "x", "\ud800", "é", "a\x00b"]),
    st.none(),
    st.integers(-2, 3),
    st.booleans(),
    st.lists(st.text(max_size=2), max_size=2),
)
offsets = st.one_of(st.integers(-1, 2**53 + 1), st.booleans(), st.none(), st.text(max_size=2))


@st.composite
def records(draw) -> object:
    """Records near the valid shape: each field sometimes missing or of another kind."""
    record: dict[str, object] = {
        "id": draw(st.one_of(st.just("a-uuid"), odd_text)),
        "source_id": draw(st.one_of(st.just("a" * 64), st.just("A" * 64), odd_text)),
        "quote": draw(
            st.one_of(
                st.fixed_dictionaries(
                    {"exact": odd_text},
                    optional={"prefix": odd_text, "suffix": odd_text},
                ),
                odd_text,
            )
        ),
        "position": draw(
            st.one_of(st.fixed_dictionaries({"start": offsets, "end": offsets}), odd_text)
        ),
        "tags": draw(st.one_of(st.lists(odd_text, max_size=3), odd_text)),
        "note": draw(odd_text),
        "created": draw(odd_text),
        "modified": draw(odd_text),
    }
    for key in ("source_path", "anchor", "previous"):
        if draw(st.booleans()):
            record[key] = draw(st.one_of(odd_text, st.sampled_from(["anchored", "fuzzy"])))
    for key in list(record):
        if draw(st.integers(0, 12)) == 0:
            del record[key]
    return draw(st.one_of(st.just(record), odd_text))


@settings(max_examples=600)
@given(records())
def test_the_quick_check_passes_only_what_the_full_check_passes(record):
    if annotation_ok(record):
        assert annotation_problem(record) is None


def test_the_quick_check_passes_the_usual_record_and_split_bad_still_sets_aside():
    source = load_source(GOMEZ)
    good = new_record(source, 10, 40, ["key-point"], "a note")
    assert annotation_ok(good)
    bad = dict(good, position={"start": 50, "end": 40})
    clean, aside = split_bad({"annotations": {"1": good, "2": bad, "x": good}})
    assert list(clean["annotations"]) == ["1"]
    assert [(b.key, b.reason) for b in aside] == [
        ("2", "its position ends before it starts"),
        ("x", "its key is not a number"),
    ]


def test_a_second_record_with_one_id_and_ids_and_times_that_are_not_are_set_aside():
    source = load_source(GOMEZ)
    first = new_record(source, 10, 40)
    twin = new_record(source, 50, 60) | {"id": first["id"]}
    path = new_record(source, 70, 80) | {"id": "../../etc/passwd"}
    odd = new_record(source, 90, 95) | {"created": "last Tuesday"}
    clean, aside = split_bad({"annotations": {"1": first, "2": twin, "3": path, "4": odd}})
    assert list(clean["annotations"]) == ["1"]
    reasons = [(b.key, b.reason.split(" ")[1]) for b in aside]
    assert reasons == [("2", "id"), ("3", "id"), ("4", "creation")]
    assert "another highlight" in aside[0].reason and "ISO 8601" in aside[2].reason
    assert not annotation_ok(path) and not annotation_ok(odd)


QUERIES = [
    "",
    "#key-point",
    "#method",
    "#method #evidence",
    "crux",
    "PANMUNJOM",
    "the",
    "doc:gomez",
    "doc:third the",
    "from:2026-11",
    "to:2026-10 #key-point",
    "on:2026-11-21",
    "#nothing",
    "natasha",
]


def test_the_index_finds_what_query_matches_finds_in_the_same_order():
    gomez, landau = load_source(GOMEZ), load_source(LANDAU)
    made = []
    for n, (source, word, tags, note) in enumerate(
        [
            (gomez, "Panmunjom", ["key-point"], ""),
            (gomez, "Singapore", ["method/sources", "evidence"], "the crux"),
            (landau, "phased approach", ["method"], ""),
            (landau, "the", ["evidence"], "Natásha"),
        ]
    ):
        at = source.text.index(word)
        stamp = f"2026-{10 + n % 2}-{20 + n}T12:00:00.000Z"
        made.append(new_record(source, at, at + len(word), tags, note, stamp=stamp))
    index = HighlightIndex()
    docs = [(gomez, "Gomez: the second summit"), (landau, "The third way")]
    for source, title in docs:
        index.add(
            source.sha256,
            title,
            str(source.path),
            [r for r in made if r["source_id"] == source.sha256],
        )
    for text in QUERIES:
        query = Query.parse(text)
        expected = [
            i
            for i, r in enumerate(index.records)
            if query.matches(r, document_name(*index.documents[index.document_of[i]][1:]))
        ]
        assert index.find(query) == expected, text
        assert index.find(query, start=2) == [i for i in expected if i >= 2], text
        for n, (source, title) in enumerate(docs):  # a text at a time, a field at a time
            places = [i for i, d in enumerate(index.document_of) if d == n]
            mine = [index.records[i] for i in places]
            name = document_name(title, str(source.path))
            chosen = query.select(
                [r.get("tags", []) for r in mine],
                [r.get("created", "") for r in mine],
                [haystack(r) for r in mine],
                name if query.documents else "",
            )
            assert [places[i] for i in chosen] == [i for i in expected if i in places], text


def test_counts_are_kept_between_runs_and_never_trusted_after_a_change(tmp_path: Path):
    db = tmp_path / "store.json"
    gomez = load_source(GOMEZ)
    with Store(db) as store:
        store.mark_seeded()
        catalog.add(store, [GOMEZ])
        first = store.add(gomez, 0, 5, ["a"])
        store.add(gomez, 10, 15, ["b"])
    assert counts_path(db).exists()  # written at close, from what the store held
    with Store(db) as store:
        [entry] = catalog.entries(store)
        assert entry.highlights == 2
        assert not store._shards  # counted from the cache: no file of highlights was read
    with Store(db) as store:  # a change by another handle: the file's signature moved on
        store.delete(first["id"], gomez.sha256)
    counts_path(db).write_bytes(b'{"version": 1, "counts": {}}')  # even if the cache lags
    with Store(db) as store:
        assert catalog.entries(store)[0].highlights == 1
    counts_path(db).write_bytes(b"not json")  # a damaged cache is counted again
    with Store(db) as store:
        assert catalog.entries(store)[0].highlights == 1


# the journal beside each text's file ------------------------------------------------------


def journal_of(db: Path, source) -> Path:
    return db.with_name("store.annotations") / f"{source.sha256}.json.log"


def test_an_edit_is_a_journal_line_and_another_handle_reads_it(tmp_path: Path):
    db = tmp_path / "store.json"
    gomez = load_source(GOMEZ)
    one, two = Store(db), Store(db)
    first = one.add(gomez, 0, 5, ["a"])  # no file yet: written whole
    assert not journal_of(db, gomez).exists()
    second = one.add(gomez, 10, 15, ["b"])
    lines = journal_of(db, gomez).read_bytes().splitlines()
    assert len(lines) == 2 and b'"base"' in lines[0] and second["id"].encode() in lines[1]
    assert [r["id"] for r in two.annotations(gomez.sha256)] == [first["id"], second["id"]]
    two.update(first["id"], source_id=gomez.sha256, note="from two")
    one.delete(second["id"], gomez.sha256)
    assert Store(db).annotations(gomez.sha256) == [
        dict(first, note="from two", modified=Store(db).get(first["id"])["modified"])
    ]
    one.close()
    two.close()


def test_a_line_cut_short_is_ignored_then_cut_off_by_the_next_writer(tmp_path: Path):
    db = tmp_path / "store.json"
    gomez = load_source(GOMEZ)
    with Store(db) as store:
        kept = [store.add(gomez, i * 10, i * 10 + 5)["id"] for i in range(3)]
    journal = journal_of(db, gomez)
    whole = journal.read_bytes()
    with journal.open("ab") as fh:  # a writer killed in the middle of its line
        fh.write(b'{"t":"annotations","put":{"9":{"id":"hal')
    with Store(db) as store:
        assert [r["id"] for r in store.annotations(gomez.sha256)] == kept
        added = store.add(gomez, 100, 105)["id"]
    assert journal.read_bytes().startswith(whole)
    assert b'"hal' not in journal.read_bytes()
    with Store(db) as store:
        assert [r["id"] for r in store.annotations(gomez.sha256)] == [*kept, added]


def test_a_journal_of_another_file_is_applied_then_written_in_and_a_damaged_one_refused(
    tmp_path: Path,
):
    db = tmp_path / "store.json"
    gomez = load_source(GOMEZ)
    with Store(db) as store:
        first = store.add(gomez, 0, 5)
        store.add(gomez, 10, 15)
        journal = journal_of(db, gomez).read_bytes()
        store.backup("now")  # written whole: the journal is gone
    stale = journal_of(db, gomez)
    header, rest = journal.split(b"\n", 1)
    stale.write_bytes(header.replace(b'"base":"', b'"base":"0') + b"\n" + rest)
    with Store(db) as store:  # applied again: its changes are in the file, so nothing moves
        assert len(store.annotations(gomez.sha256)) == 2
        store.delete(first["id"], gomez.sha256)  # written whole: the stale journal goes
        assert not stale.exists()
    with Store(db) as store:
        assert len(store.annotations(gomez.sha256)) == 1
        store.add(gomez, 20, 25)  # a journal of its own, again
    good = stale.read_bytes()
    stale.write_bytes(good + b"not json\n")
    with Store(db) as store, pytest.raises(StoreError, match="damaged at byte"):
        store.annotations(gomez.sha256)


def test_a_long_journal_is_written_into_the_file_and_backups_hold_every_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(storage, "COMPACT_AT", 2000)
    db = tmp_path / "store.json"
    gomez = load_source(GOMEZ)
    with Store(db) as store:
        ids = [store.add(gomez, i, i + 5)["id"] for i in range(12)]
        assert journal_of(db, gomez).stat().st_size < 2000 + 1000
        ids.append(store.add(gomez, 50, 55)["id"])
        path = store.backup("now")
    assert path is not None and not journal_of(db, gomez).exists()
    backed_up = (path / "annotations" / f"{gomez.sha256}.json").read_bytes()
    assert all(i.encode() in backed_up for i in ids)
    with Store(db) as store:
        assert sorted(r["id"] for r in store.annotations(gomez.sha256)) == sorted(ids)


def test_a_count_follows_edits_made_in_the_journal(tmp_path: Path):
    db = tmp_path / "store.json"
    gomez = load_source(GOMEZ)
    with Store(db) as store:
        store.mark_seeded()
        catalog.add(store, [GOMEZ])
        store.add(gomez, 0, 5)
        store.add(gomez, 10, 15)
    with Store(db) as store:
        assert catalog.entries(store)[0].highlights == 2
    with Store(db) as store:
        store.add(gomez, 20, 25)  # a journal line: the file itself is as it was
    with Store(db) as store:
        assert catalog.entries(store)[0].highlights == 3


def test_the_annotators_changes_and_tag_counts_follow_every_edit(tmp_path: Path):
    """A view that applies ``changes_since`` edit by edit (as the page's marks and the
    sidebar do) holds what the annotator holds; tag counts are kept as a recount gives."""
    from collections import Counter

    from summitreader.library.editing import Annotator
    from summitreader.text.document import Document

    document = Document(load_source(GOMEZ))
    store = Store(tmp_path / "store.json")
    annotator = Annotator(store, document)
    view = {r["id"]: r for r in annotator.records}
    seen, resets = annotator.revision, 0
    paragraphs = document.passages.paragraphs[:6]
    steps = [
        lambda p: annotator.toggle_tag(p.start, p.end, "a"),
        lambda p: annotator.toggle_tag(p.start, p.end, "b"),
        lambda p: annotator.highlight(p.start, p.end),
        lambda p: annotator.set_note(p.start, p.end, "n"),
        lambda p: annotator.undo(),
        lambda p: annotator.redo(),
        lambda p: annotator.delete(annotator.records[0]["id"]) if annotator.records else None,
    ]
    for n in range(60):
        steps[(n * 5) % len(steps)](paragraphs[n % len(paragraphs)])
        if n % 3 == 0:  # a view that lags behind by a few edits
            continue
        changes = annotator.changes_since(seen)
        if changes is None:  # the first write makes the file, and the list is read again
            resets += 1
            changes = (annotator.records, set(view))
        put, dropped = changes
        for gone in dropped:
            view.pop(gone, None)
        view.update((r["id"], r) for r in put)
        seen = annotator.revision
        assert view == {r["id"]: r for r in annotator.records}
        recount = Counter(t for r in annotator.records for t in r["tags"])
        assert dict(annotator.tag_counts()) == dict(recount)
    assert resets <= 1
    annotator.reload()
    assert annotator.changes_since(seen) is None  # read again: a view starts again
    store.close()


def test_a_file_changed_by_hand_keeps_the_edits_of_its_journal(tmp_path: Path):
    """The journal names the file it follows; a file edited by hand (or restored) no longer
    has that digest, and the journal's acknowledged edits are still applied to it."""
    import json

    db = tmp_path / "store.json"
    gomez = load_source(GOMEZ)
    with Store(db) as store:
        first = store.add(gomez, 0, 5, ["a"])
        second = store.add(gomez, 10, 15, ["b"])  # in the journal only
    base = db.with_name("store.annotations") / f"{gomez.sha256}.json"
    data = json.loads(base.read_text(encoding="utf-8"))
    data["annotations"]["1"]["note"] = "by hand"
    base.write_text(json.dumps(data), encoding="utf-8")
    with Store(db) as store:
        found = {r["id"]: r for r in store.annotations(gomez.sha256)}
        assert set(found) == {first["id"], second["id"]}
        assert found[first["id"]]["note"] == "by hand"
