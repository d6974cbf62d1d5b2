import pytest

from summitreader.annotator import Annotator
from summitreader.document import Document
from summitreader.errors import SummitError
from summitreader.source import load_source
from summitreader.store import Store

from .conftest import GOMEZ


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


def test_add_tags_splits_on_commas_and_spaces(ann):
    rec = ann.add_tags(0, 5, "one, Two three")
    assert rec["tags"] == ["one", "two", "three"]
    with pytest.raises(SummitError):
        ann.add_tags(0, 5, "bad!")


def test_undo_each_step_in_reverse(ann):
    ann.toggle_tag(0, 5, "a")  # creates the highlight, then tags it
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


def test_at_prefers_exact_span_then_overlap(ann):
    outer, _ = ann.highlight(0, 100)
    inner, _ = ann.highlight(10, 20)
    assert ann.at(10, 20)["id"] == inner["id"]
    assert ann.at(50, 60)["id"] == outer["id"]
    assert ann.at(500, 600) is None
