import contextlib
import copy
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitreader.annotations.model import Record
from summitreader.errors import SummitError
from summitreader.library.editing import Annotator
from summitreader.sources.text import load_source
from summitreader.store.store import Store
from summitreader.text.document import Document
from tests.support.corpus import GOMEZ


@pytest.fixture
def ann(tmp_path):
    store = Store(tmp_path / "store.json")
    yield Annotator(store, Document(load_source(GOMEZ)))
    store.close()


def test_toggle_tag_creates_then_removes(ann):
    rec, added = ann.toggle_tag(10, 20, "evidence")
    assert added and rec["tags"] == ["evidence"]
    rec, added = ann.toggle_tag(10, 20, "evidence")
    assert not added and rec["tags"] == []
    assert len(ann.records) == 1


def test_add_tags_splits_on_commas_and_keeps_a_tag_of_words_whole(ann):
    rec = ann.add_tags(0, 5, "one, Two three,,")
    assert rec["tags"] == ["one", "two-three"]  # as the dialog says: commas for several
    assert ann.add_tags(0, 5, "#four #five")["tags"] == ["one", "two-three", "four", "five"]
    with pytest.raises(SummitError):
        ann.add_tags(0, 5, "bad!")


def test_undo_each_step_in_reverse(ann):
    ann.highlight(0, 5)
    ann.toggle_tag(0, 5, "a")
    ann.set_note(0, 5, "note")
    deleted = ann.delete(ann.records[0]["id"])
    assert ann.records == []
    assert ann.undo() == "delete"
    assert ann.records[0]["id"] == deleted["id"] and ann.records[0]["note"] == "note"
    assert ann.undo() == "note"
    assert ann.records[0]["note"] == ""
    assert ann.undo() == "#a"
    assert ann.records[0]["tags"] == []
    assert ann.undo() == "highlight"
    assert ann.records == []
    assert ann.undo() is None


@pytest.mark.parametrize(
    "edit",
    [
        lambda ann: ann.toggle_tag(0, 5, "a"),
        lambda ann: ann.add_tags(0, 5, "a b"),
        lambda ann: ann.set_note(0, 5, "a note"),
    ],
)
def test_one_key_on_an_unhighlighted_passage_is_one_undo_step(ann, edit):
    """A tag key (or t, or a) there both makes the highlight and changes it; one u takes
    the whole keystroke back, rather than leaving an empty highlight behind."""
    ann.highlight(100, 120)
    edit(ann)
    assert len(ann.records) == 2
    ann.undo()
    assert [(r["position"]["start"], r["position"]["end"]) for r in ann.records] == [(100, 120)]
    assert ann.records[0]["tags"] == [] and ann.records[0]["note"] == ""


def test_at_prefers_exact_span_then_overlap(ann):
    outer, _ = ann.highlight(0, 100)
    inner, _ = ann.highlight(10, 20)
    assert ann.at(10, 20)["id"] == inner["id"]
    assert ann.at(50, 60)["id"] == outer["id"]
    assert ann.at(500, 600) is None


def test_merge_joins_every_overlapping_highlight_into_the_oldest(ann):
    text = ann.document.source.text
    first, _ = ann.toggle_tag(10, 20, "a")
    second = ann.set_note(30, 50, "second")
    ann.toggle_tag(45, 70, "b")  # overlaps the second: pulled in as the span grows
    ann.set_note(45, 70, "third")
    far, _ = ann.highlight(300, 310)
    merged = ann.merge(15, 35)
    assert (merged["position"]["start"], merged["position"]["end"]) == (10, 70)
    assert merged["quote"]["exact"] == text[10:70]
    assert merged["id"] == first["id"] and merged["created"] == first["created"]
    assert merged["tags"] == ["a", "b"] and merged["note"] == "second\n\nthird"
    assert [r["id"] for r in ann.records] == [first["id"], far["id"]]
    assert ann.records == ann.store.for_source(ann.document.source)
    assert ann.undo() == "merge"
    spans = [(r["position"]["start"], r["position"]["end"]) for r in ann.records]
    assert spans == [(10, 20), (30, 50), (45, 70), (300, 310)]
    assert second in ann.records
    assert ann.redo() == "merge" and len(ann.records) == 2


def test_merge_inside_one_highlight_changes_nothing(ann):
    outer, _ = ann.toggle_tag(0, 100, "a")
    steps = len(ann._undo)
    assert ann.merge(10, 20) == outer
    assert len(ann._undo) == steps and ann.records == [outer]


def test_digits_on_an_overlapping_span_keep_both_only_when_asked_to(ann):
    outer, _ = ann.highlight(0, 100)
    inner, _ = ann.toggle_tag(10, 20, "a")  # a new, nested highlight: not the outer one
    assert inner["id"] != outer["id"] and outer["tags"] == []
    assert [r["id"] for r in ann.overlapping(10, 20)] == [outer["id"]]


SPANS = [(0, 5), (10, 20), (10, 20), (30, 31), (200, 260), (5, 40)]
OPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["highlight", "tag", "note", "delete", "merge", "undo", "redo", "elsewhere"]
        ),
        st.sampled_from(SPANS),
        st.sampled_from(["a", "b", "c/d"]),
    ),
    max_size=25,
)


EDITS = ("highlight", "tag", "note", "delete", "merge")


def edit(ann: Annotator, op: str, start: int, end: int, tag: str) -> bool:
    """Make one edit; whether it wrote anything."""
    if op == "highlight":
        return ann.highlight(start, end)[1]
    if op == "merge":
        steps, known = len(ann._undo), {r["id"] for r in ann.records}
        merged = ann.merge(start, end)
        lo, hi = merged["position"]["start"], merged["position"]["end"]
        assert lo <= start and end <= hi
        touching = [
            r["id"]
            for r in ann.records
            if r["position"]["start"] < hi and lo < r["position"]["end"]
        ]
        # None that this window knew of overlaps the merged highlight any more (another
        # window's, unseen until this write, may).
        assert [i for i in touching if i in known or i == merged["id"]] == [merged["id"]]
        return len(ann._undo) != steps
    if op == "tag":
        ann.toggle_tag(start, end, tag)
    elif op == "note":
        ann.set_note(start, end, f"note on {tag}")
    elif ann.records:
        ann.delete(ann.records[-1]["id"])
    else:
        return False
    return True


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_records_kept_in_place_match_the_disk_after_every_edit(tmp_path_factory, ops):
    """The annotator applies its own edits to its list instead of reading the file back;
    after any sequence of edits, undos and another window's writes, the list is what a
    fresh read of the disk gives, in the same order."""
    path = tmp_path_factory.mktemp("store") / "store.json"
    document = Document(load_source(GOMEZ))
    store, other = Store(path), Store(path)
    ann = Annotator(store, document)
    unseen: set[str] = set()  # what the other window wrote since this one last wrote
    for op, (start, end), tag in ops:
        before = copy.deepcopy(ann.records)
        wrote = True
        if op in EDITS:
            wrote = edit(ann, op, start, end, tag)
        elif op in ("undo", "redo"):
            with contextlib.suppress(SummitError):  # refused if changed elsewhere: reloaded
                wrote = (ann.undo() if op == "undo" else ann.redo()) is not None
        elif op == "elsewhere":  # a second window adds a highlight behind our back
            unseen.add(other.add(document.source, start, end, tags=[tag])["id"])
            wrote = False  # seen at our next write
        else:
            wrote = False
        on_disk = Store(path).for_source(document.source)
        if wrote:
            assert ann.records == on_disk
            counted = Counter(t for r in on_disk for t in r.get("tags", ()))
            assert dict(ann.tag_counts()) == {t: n for t, n in counted.items() if n}
            unseen.clear()
        else:  # the list is as it was, and the disk holds it and the other window's records
            assert ann.records == before
            assert [r for r in on_disk if r["id"] not in unseen] == ann.records
    store.close()
    other.close()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_undo_everything_then_redo_everything_gives_back_each_state(tmp_path_factory, ops):
    """Alone in the store, undo walks back through every state the edits passed, to the
    empty store, and redo walks forward through the same states to the last one."""
    path = tmp_path_factory.mktemp("store") / "store.json"
    document = Document(load_source(GOMEZ))
    store = Store(path)
    ann = Annotator(store, document)
    states = [ann.store.for_source(document.source)]
    for op, (start, end), tag in ops:
        if op in EDITS and edit(ann, op, start, end, tag):
            states.append(ann.store.for_source(document.source))
    for expected in reversed(states[:-1]):
        assert ann.undo() is not None
        assert Store(path).for_source(document.source) == expected
    assert ann.undo() is None
    for expected in states[1:]:
        assert ann.redo() is not None
        assert Store(path).for_source(document.source) == expected
    assert ann.redo() is None
    store.close()


@pytest.fixture
def two_windows(tmp_path):
    """Two annotators on one store file, as two open windows are."""
    doc = Document(load_source(GOMEZ))
    stores = [Store(tmp_path / "store.json"), Store(tmp_path / "store.json")]
    yield Annotator(stores[0], doc), Annotator(stores[1], Document(load_source(GOMEZ)))
    for store in stores:
        store.close()


def test_a_note_for_a_highlight_deleted_elsewhere_makes_it_again(two_windows):
    one, two = two_windows
    record, _ = one.highlight(10, 40)
    two.reload()
    two.delete(record["id"])
    saved = one.set_note(10, 40, "my careful thought")
    assert saved["note"] == "my careful thought" and saved["id"] != record["id"]
    assert one.take_notice() and one.take_notice() is None  # told once
    two.reload()
    assert [(r["position"]["start"], r["note"]) for r in two.records] == [
        (10, "my careful thought")
    ]
    assert one.undo() == "note" and one.exact(10, 40) is None  # one step: made with the note


def test_a_note_for_a_highlight_deleted_and_already_read_again_is_still_told(two_windows):
    """The reader reads the store again every few seconds, also while the note dialog is
    open: the deletion is then known before the note is saved. The CI machine once hit it."""
    one, two = two_windows
    record, _ = one.highlight(10, 40)
    two.reload()
    two.delete(record["id"])
    one.reload()  # the reader's check, while the dialog was open
    saved = one.set_note(10, 40, "my careful thought", seen=record)
    assert saved["note"] == "my careful thought"
    assert "deleted in another window" in (one.take_notice() or "")


def test_a_note_changed_elsewhere_and_already_read_again_keeps_both(two_windows):
    """The dialog showed "first"; another window wrote "theirs" and this one read it
    while the dialog was open: saving "mine" must not write over "theirs" unseen."""
    one, two = two_windows
    shown = one.set_note(10, 40, "first")
    two.reload()
    two.set_note(10, 40, "theirs")
    one.reload()
    saved = one.set_note(10, 40, "mine", seen=shown)
    assert saved["note"] == "theirs\n\nmine"
    assert one.take_notice() is not None


def test_a_tag_removed_from_a_highlight_deleted_elsewhere_is_a_clear_error(two_windows):
    one, two = two_windows
    record, _ = one.toggle_tag(10, 40, "key")
    two.reload()
    two.delete(record["id"])
    with pytest.raises(SummitError, match="deleted in another window"):
        one.toggle_tag(10, 40, "key")
    assert one.exact(10, 40) is None  # reloaded: shown as it is on disk


def _mine_over_theirs(two_windows) -> tuple[Record, Annotator]:
    """Window one writes a note, window two reads it and writes its own over it, then
    window one, which has not read again, writes a third: (what one saved, one)."""
    one, two = two_windows
    one.set_note(10, 40, "first")
    two.reload()
    two.set_note(10, 40, "theirs")
    return one.set_note(10, 40, "mine"), one


def test_a_note_written_over_another_windows_note_keeps_both(two_windows):
    saved, one = _mine_over_theirs(two_windows)
    assert saved["note"] == "theirs\n\nmine"
    assert one.take_notice() is not None


def test_a_note_after_another_window_tagged_the_highlight_keeps_the_tag(two_windows):
    one, two = two_windows
    one.highlight(10, 40)
    two.reload()
    two.toggle_tag(10, 40, "from-two")
    saved = one.set_note(10, 40, "mine")
    assert saved["note"] == "mine" and saved["tags"] == ["from-two"]
    assert one.take_notice() is None


def test_two_changes_in_one_millisecond_are_told_apart(two_windows, monkeypatch):
    """The CI machine once wrote both windows' notes in one millisecond: the second window's
    change carried the same time, and the first window overwrote it unseen."""
    from summitreader.annotations import model

    monkeypatch.setattr(model, "now_iso", lambda: "2026-01-01T00:00:00.000Z")
    saved, _ = _mine_over_theirs(two_windows)
    assert saved["note"] == "theirs\n\nmine"
    # made at .000 under the stopped clock, then changed three times: each a millisecond on
    assert saved["modified"] == "2026-01-01T00:00:00.003Z"
