"""Reviewing what moved: which highlights are listed, the diff of the old and new text
around each (old text from the library's copy), accept, re-attach and delete on a real
store in a temp directory, and the reading position following an edited text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from summitreader.annotations.reading_position import mark
from summitreader.annotations.record_checks import annotation_problem
from summitreader.annotations.review import (
    Segment,
    diff,
    needs_review,
    plain_lines,
    settled,
    windows,
)
from summitreader.errors import StoreConflict, SummitError
from summitreader.library import review
from summitreader.library.opening import open_documents
from summitreader.sources.text import load_source
from summitreader.store.store import Store
from summitreader.text.document import Document
from tests.support.corpus import GOMEZ

OLD = (
    "Notes\n\nThe first paragraph says little of note and goes on for a while.\n\n"
    "Diplomacy needs patience and a clear plan for every summit meeting. "
    "It also needs people who listen.\n\n"
    "A last paragraph that nobody will highlight, closing the file.\n"
)
QUOTE = "Diplomacy needs patience and a clear plan for every summit meeting."
GONE = "It also needs people who listen."


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "store.json") as s:
        yield s


def _doc(store: Store, path: Path) -> Document:
    docs, problems = open_documents([path], store)
    assert not problems
    store.remember_source(docs[0].source, docs[0].meta)
    return docs[0]


def _highlight(store: Store, doc: Document, words: str, **kw):
    start = doc.source.text.index(words)
    return store.add(doc.source, start, start + len(words), **kw)


def _edited(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text(OLD, encoding="utf-8")
    return path


# which highlights are listed ------------------------------------------------------------


def _record(anchor: str, previous: str | None = "a" * 64) -> dict:
    record = {"id": "x", "anchor": anchor}
    if previous:
        record["previous"] = {
            "source_id": previous,
            "position": {"start": 0, "end": 1},
            "exact": "a",
        }
    return record


@pytest.mark.parametrize(
    ("anchor", "listed"),
    [("anchored", False), ("moved", True), ("fuzzy", True), ("orphaned", True)],
)
def test_only_moved_fuzzy_and_orphaned_highlights_are_listed(anchor, listed):
    assert needs_review(_record(anchor)) is listed


def test_accepting_settles_one_move_only():
    record = _record("fuzzy")
    accepted = settled(record, stamp="2026-11-30T00:00:00.000Z")
    assert not needs_review(accepted)
    assert annotation_problem({**_valid(), **accepted}) is None
    moved_again = {**accepted, "previous": {**accepted["previous"], "source_id": "b" * 64}}
    assert needs_review(moved_again)  # a later edit moved it again: back on the list
    now_orphaned = {**accepted, "anchor": "orphaned"}
    assert needs_review(now_orphaned)


def _valid() -> dict:
    return {
        "id": "x",
        "source_id": "c" * 64,
        "quote": {"exact": "a", "prefix": "", "suffix": ""},
        "position": {"start": 0, "end": 1},
        "tags": [],
        "note": "",
        "created": "2026-01-01T00:00:00Z",
        "modified": "2026-01-01T00:00:00Z",
    }


@pytest.mark.parametrize(
    "bad",
    [
        "yes",
        {"at": "2026", "anchor": "sideways", "from": None},
        {"at": 5, "anchor": "moved", "from": None},
        {"at": "2026", "anchor": "moved", "from": "not-an-id"},
    ],
)
def test_a_damaged_settled_mark_is_a_problem_the_store_can_name(bad):
    assert "settled" in (annotation_problem({**_valid(), "settled": bad}) or "")


def test_a_store_written_before_review_existed_needs_no_change():
    assert annotation_problem(_valid()) is None  # no settled field: a valid record


# the diff ---------------------------------------------------------------------------------


def _changed(segments: tuple[Segment, ...]) -> list[str]:
    return [s.text.strip() for s in segments if s.changed and s.text.strip()]


def test_a_word_edited_inside_a_quote_is_marked_on_both_sides():
    new = OLD.replace("clear plan", "careful plan")
    q = OLD.index(QUOTE)
    nq = new.index("Diplomacy")
    span = (nq, nq + len(QUOTE) + 2)
    d = diff(OLD, new, windows(OLD, (q, q + len(QUOTE)), new, span))
    assert _changed(d.old) == ["clear"] and _changed(d.new) == ["careful"]
    quoted_old = "".join(s.text for s in d.old if s.quote)
    assert quoted_old == QUOTE
    old_line, new_line = plain_lines(d)
    assert "«Diplomacy needs patience and a [-clear-] plan" in old_line
    assert "{+careful+}" in new_line and "first paragraph" in old_line


def test_an_orphans_place_is_shown_where_the_text_before_it_ends():
    new = OLD.replace(QUOTE + " ", "")
    q = OLD.index(QUOTE)
    w = windows(OLD, (q, q + len(QUOTE)), new, None)
    assert w.new_quote is None and w.gap == new.index(GONE)
    d = diff(OLD, new, w)
    assert "".join(s.text for s in d.old if s.changed).split() == QUOTE.split()
    gap = [i for i, s in enumerate(d.new) if s.quote]
    assert len(gap) == 1 and d.new[gap[0]].text == ""
    after = "".join(s.text for s in d.new[gap[0] :])
    assert after.startswith(GONE)


def test_with_nothing_left_around_it_the_new_side_is_empty():
    q = OLD.index(QUOTE)
    new = "Something else entirely, with no word of the old file.\n"
    d = diff(OLD, new, windows(OLD, (q, q + len(QUOTE)), new, None))
    assert d.new == () and all(s.changed for s in d.old)


def test_a_paragraph_break_and_controls_are_shown_not_sent():
    text = "One.\n\nTwo \x1b[31mred\x1b[0m words here and more words after them.\n"
    start = text.index("Two")
    d = diff(text, text, windows(text, (start, start + 3), text, (start, start + 3)))
    line = plain_lines(d)[0]
    assert "¶" in line and "\x1b" not in line and "\n" not in line


# the store: collect, accept, re-attach, delete ------------------------------------------------


def test_collect_lists_what_moved_with_an_exact_diff_from_the_librarys_copy(store, article):
    doc = _doc(store, article)
    kept = _highlight(store, doc, "A last paragraph")
    edited = _highlight(store, doc, QUOTE, tags=["key-point"], note="why")
    orphan = _highlight(store, doc, GONE)
    _edited(article, "clear plan", "careful plan")
    _edited(article, " " + GONE, "")
    article.write_text("Inserted first.\n\n" + article.read_text(encoding="utf-8"))
    new = _doc(store, article)
    items = review.collect(store, [new])
    by_id = {i.record["id"]: i for i in items}
    assert set(by_id) == {kept["id"], edited["id"], orphan["id"]}
    assert by_id[kept["id"]].status == "moved"
    assert by_id[edited["id"]].status == "fuzzy"
    assert by_id[orphan["id"]].status == "orphaned"
    fuzzy = by_id[edited["id"]]
    assert fuzzy.record["tags"] == ["key-point"] and fuzzy.record["note"] == "why"
    assert _changed(fuzzy.diff.old)[0] == "clear" and _changed(fuzzy.diff.new) == ["careful"]
    assert GONE.rstrip(".") in " ".join(_changed(fuzzy.diff.old))  # deleted after it
    # the old side is the library's copy, even with the file long since changed
    assert "".join(s.text for s in by_id[orphan["id"]].diff.old if s.quote) == GONE


def test_an_orphan_from_an_older_edit_still_shows_the_text_it_was_made_on(store, article):
    """Before: a second edit of the text made the orphan's earlier text the first edit's,
    where its words never stood, and the review showed no diff."""
    doc = _doc(store, article)
    orphan = _highlight(store, doc, GONE)
    _edited(article, " " + GONE, "")
    store.for_source(_doc(store, article).source)  # read after the first edit: orphaned
    _edited(article, "Notes", "Notes, revised")
    [item] = review.collect(store, [_doc(store, article)])
    assert item.record["id"] == orphan["id"] and item.status == "orphaned"
    assert item.diff is not None
    assert "".join(s.text for s in item.diff.old if s.quote) == GONE


def test_without_the_librarys_copy_an_item_has_no_diff(store, article, tmp_path):
    doc = _doc(store, article)
    _highlight(store, doc, GONE)
    shutil.rmtree(tmp_path / "store.snapshots")
    _edited(article, " " + GONE, "")
    [item] = review.collect(store, [_doc(store, article)])
    assert item.status == "orphaned" and item.diff is None


def test_accept_is_kept_in_the_store_until_the_text_changes_again(store, article, tmp_path):
    doc = _doc(store, article)
    record = _highlight(store, doc, QUOTE)
    _edited(article, "clear plan", "careful plan")
    [item] = review.collect(store, [_doc(store, article)])
    review.accept(store, item.record)
    with Store(tmp_path / "store.json") as again:  # another process, reading the disk
        assert review.collect(again, [_doc(again, article)]) == []
        assert again.get(record["id"])["anchor"] == "fuzzy"  # still what it is, only settled
    _edited(article, "Notes", "Notes, revised")  # moves it: settled no more
    _edited(article, "every summit", "each summit")
    [item] = review.collect(store, [_doc(store, article)])
    assert item.record["id"] == record["id"]


def test_reattach_keeps_id_tags_note_and_creation(store, article):
    doc = _doc(store, article)
    record = _highlight(store, doc, GONE, tags=["question"], note="who?")
    _edited(article, GONE, "It also needs diplomats who hear what is said.")
    new = _doc(store, article)
    [item] = review.collect(store, [new])
    assert item.status == "orphaned"
    words = "diplomats who hear what is said"
    start = new.source.text.index(words)
    review.reattach(store, new, item.record, start, start + len(words))
    stored = store.get(record["id"])
    assert stored["quote"]["exact"] == words
    assert stored["position"] == {"start": start, "end": start + len(words)}
    assert stored["anchor"] == "anchored" and "previous" not in stored
    assert (stored["tags"], stored["note"], stored["created"]) == (
        ["question"],
        "who?",
        record["created"],
    )
    assert stored["source_id"] == new.source.sha256
    assert review.collect(store, [new]) == []


def test_reattach_is_refused_when_another_window_changed_the_highlight(store, article):
    doc = _doc(store, article)
    _highlight(store, doc, GONE)
    _edited(article, " " + GONE, "")
    new = _doc(store, article)
    [item] = review.collect(store, [new])
    store.update(item.record["id"], note="changed elsewhere")
    with pytest.raises(StoreConflict):
        review.reattach(store, new, item.record, 0, 5)
    with pytest.raises(SummitError):
        review.reattach(store, new, item.record, 5, 5)  # nothing selected


def test_delete_removes_it_for_good(store, article):
    doc = _doc(store, article)
    record = _highlight(store, doc, GONE)
    _edited(article, " " + GONE, "")
    new = _doc(store, article)
    [item] = review.collect(store, [new])
    review.delete(store, item.record)
    assert store.get(record["id"]) is None and review.collect(store, [new]) == []


def test_find_takes_the_listed_short_id_and_refuses_an_unknown_or_ambiguous_one(store, article):
    doc = _doc(store, article)
    a = _highlight(store, doc, GONE)
    _highlight(store, doc, "A last paragraph")
    article.write_text("Above.\n\n" + OLD.replace(" " + GONE, ""), encoding="utf-8")
    items = review.collect(store, [_doc(store, article)])
    assert review.find(items, a["id"][:8]).record["id"] == a["id"]
    with pytest.raises(SummitError, match="no highlight"):
        review.find(items, "zzzz")
    with pytest.raises(SummitError, match="give more"):
        review.find([items[0], items[0]], items[0].record["id"][:4])


# the reading position follows the text --------------------------------------------------------


def test_the_reading_position_and_cursor_follow_an_edited_text(store, tmp_path):
    path = tmp_path / "gomez.txt"
    shutil.copy(GOMEZ, path)
    first = load_source(path)
    store.remember_source(first)
    text = first.text
    top = text.index("Examples of narrowly")
    cursor = (top, top + len("Examples of narrowly-focused demands"))
    store.set_reading_state(first.sha256, top, cursor, mark=mark(text, top))
    path.write_text("A new opening paragraph.\n\n" + path.read_text(encoding="utf-8"))
    second = load_source(path)
    offset, followed = store.reading_state_following(second)
    shift = len("A new opening paragraph.\n\n")
    assert offset == top + shift
    assert followed == (cursor[0] + shift, cursor[1] + shift)


def test_a_position_saved_without_its_words_follows_through_the_librarys_copy(store, tmp_path):
    path = tmp_path / "gomez.txt"
    shutil.copy(GOMEZ, path)
    first = load_source(path)
    store.remember_source(first)
    top = first.text.index("Examples of narrowly")
    store.set_reading_state(first.sha256, top)  # as an older summitreader saved it: no mark
    path.write_text("Inserted.\n\n" + path.read_text(encoding="utf-8"))
    offset, _ = store.reading_state_following(load_source(path))
    assert offset == top + len("Inserted.\n\n")


# shortening a long diff -----------------------------------------------------------------------


def test_a_long_unchanged_stretch_is_shortened_around_the_change():
    words = " ".join(f"word{i}" for i in range(200))
    old = f"{words} clear {words}."
    new = f"{words} careful {words}."
    q = (old.index("word150"), old.index("word50", len(words)))
    nq = (new.index("word150"), new.index("word50", len(words)))
    w = windows(old, q, new, nq)
    d = diff(old, new, w)
    old_line, new_line = plain_lines(d)
    assert "[-clear-]" in old_line and "{+careful+}" in new_line
    assert " … " in old_line and len(old_line) < len("".join(s.text for s in d.old))
    assert "word199 [-clear-] word0" in old_line  # the change keeps its neighbours


def test_words_cut_from_one_side_leave_a_mark_on_the_other():
    old = "Alpha beta gamma delta. Epsilon zeta eta theta iota kappa."
    new = "Alpha beta delta. Epsilon zeta eta theta iota kappa."
    span_old = (0, old.index(" Epsilon"))
    span_new = (0, new.index(" Epsilon"))
    d = diff(old, new, windows(old, span_old, new, span_new))
    cut = [s for s in d.new if s.changed]
    assert cut == [Segment("", True, True)]  # where gamma was, inside the highlight
    assert _changed(d.old) == ["gamma"]


def test_two_files_edited_into_the_same_text_list_each_highlight_once(store, tmp_path):
    """Before: once both files held the same words (one text to the library), each
    highlight was listed under both, and the review screen refused the repeated ids."""
    from summitreader.library import catalog

    made = []
    for name, body in (("a.txt", "Rivers carry silt."), ("b.txt", "Rivers flood.")):
        path = tmp_path / name
        path.write_text(f"Field Notes\n\n{body} The delta grows.\n", encoding="utf-8")
        made.append(_highlight(store, _doc(store, path), body)["id"])
        path.write_text("Field Notes\n\nThe delta grows.\n", encoding="utf-8")
    docs, _ = catalog.load_all(store)
    ids = [item.record["id"] for item in review.collect(store, docs)]
    assert sorted(ids) == sorted(made)
