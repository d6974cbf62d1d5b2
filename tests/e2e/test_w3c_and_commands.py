"""W3C export and import, and the scripting commands (annotate, check), as real subprocesses."""

from __future__ import annotations

import json
import shutil

import pytest

from summitreader.sources.text import load_source
from summitreader.store.store import Store
from tests.support.cli import run
from tests.support.corpus import GOMEZ, LANDAU
from tests.support.w3c_check import check_collection

SENTENCE = "The Trump administration should take these concerns to heart."


def annotate(*args: str) -> str:
    out = run("annotate", *args)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def export_w3c(*paths, db=None) -> dict:
    extra = ["--db", str(db)] if db else []
    out = run("export", "--format", "w3c", *extra, *map(str, paths))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_annotate_prints_the_id_and_stores_the_quote(tmp_path):
    ident = annotate(str(GOMEZ), "--quote", SENTENCE, "--tag", "Key Point", "--note", "why")
    store = Store(__import__("os").environ["SUMMITREADER_DB"])
    record = store.get(ident)
    assert record["quote"]["exact"] == SENTENCE
    assert record["tags"] == ["key-point"] and record["note"] == "why"
    text = load_source(GOMEZ).text
    assert text[record["position"]["start"] : record["position"]["end"]] == SENTENCE


def test_annotate_refuses_missing_and_ambiguous_quotes():
    text = load_source(GOMEZ).text
    missing = run("annotate", str(GOMEZ), "--quote", "words that are not there")
    assert missing.returncode == 1 and "does not occur" in missing.stderr
    count = text.count("Kim")
    ambiguous = run("annotate", str(GOMEZ), "--quote", "Kim")
    assert ambiguous.returncode == 1
    assert f"occurs {count} times" in ambiguous.stderr and "--occurrence" in ambiguous.stderr
    third = annotate(str(GOMEZ), "--quote", "Kim", "--occurrence", "3")
    store = Store(__import__("os").environ["SUMMITREADER_DB"])
    nth = -1
    for _ in range(3):
        nth = text.index("Kim", nth + 1)
    assert store.get(third)["position"]["start"] == nth
    out = run("annotate", str(GOMEZ), "--quote", "Kim", "--occurrence", str(count + 1))
    assert out.returncode == 1 and "out of range" in out.stderr


def test_w3c_export_passes_the_w3c_assertions(tmp_path):
    annotate(str(GOMEZ), "--quote", SENTENCE, "--tag", "key", "--note", 'a "quoted" note\n> x')
    annotate(str(LANDAU), "--quote", "phased approach", "--occurrence", "1", "--tag", "method")
    exported = tmp_path / "all.json"
    out = run("export", "--format", "w3c", str(GOMEZ), str(LANDAU), "-o", str(exported))
    assert out.returncode == 0, out.stderr
    data = json.loads(exported.read_text(encoding="utf-8"))
    failed = check_collection(data)  # every "must" of the W3C assertions holds
    assert failed == [], "\n".join(failed)
    assert data["type"] == "AnnotationCollection" and data["total"] == 2
    by_quote = {a["target"]["selector"][0]["exact"]: a for a in data["first"]["items"]}
    gomez = by_quote[SENTENCE]
    sha = load_source(GOMEZ).sha256
    assert gomez["target"]["source"]["id"] == f"urn:sha256:{sha}"
    assert gomez["target"]["source"]["via"] == GOMEZ.resolve().as_uri()
    purposes = {(b["purpose"], b["value"]) for b in gomez["body"]}
    assert purposes == {("commenting", 'a "quoted" note\n> x'), ("tagging", "key")}
    assert gomez["motivation"] == "highlighting"


def test_round_trip_through_an_empty_store_keeps_everything(tmp_path):
    annotate(str(GOMEZ), "--quote", SENTENCE, "--tag", "key", "--note", "n1")
    annotate(str(GOMEZ), "--quote", "Vietnam", "--occurrence", "1")
    first = tmp_path / "first.json"
    run("export", "--format", "w3c", str(GOMEZ), "-o", str(first))
    empty = tmp_path / "other" / "store.json"
    out = run("import", str(first), "--db", str(empty))
    assert out.returncode == 0, out.stderr
    assert "2 added, 0 skipped (already there), 0 orphaned" in out.stdout
    assert export_w3c(GOMEZ, db=empty) == json.loads(first.read_text(encoding="utf-8"))
    again = run("import", str(first), "--db", str(empty))  # no duplicates, by id or content
    assert "0 added, 2 skipped" in again.stdout


def test_import_accepts_one_an_array_or_a_collection_and_skips_same_content(tmp_path):
    annotate(str(GOMEZ), "--quote", SENTENCE, "--tag", "key")
    collection = export_w3c(GOMEZ)
    one = collection["first"]["items"][0]
    db = tmp_path / "b.json"
    single = tmp_path / "one.json"
    single.write_text(json.dumps(one), encoding="utf-8")
    assert "1 added" in run("import", str(single), "--db", str(db)).stdout
    other_id = dict(one, id="urn:uuid:00000000-0000-4000-8000-000000000000")
    array = tmp_path / "array.json"
    array.write_text(json.dumps([other_id]), encoding="utf-8")
    out = run("import", str(array), "--db", str(db))  # same source, quote, tags, note
    assert "0 added, 1 skipped" in out.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{nope", "not valid JSON"),
        ('{"type": "Annotation"}', "no target"),
        ('[{"type": "Annotation", "target": {"source": "http://x"}}]', "urn:sha256"),
        ('"just a string"', "expected a JSON object or array"),
    ],
)
def test_invalid_import_file_writes_nothing(tmp_path, content, message):
    annotate(str(GOMEZ), "--quote", SENTENCE)
    good = export_w3c(GOMEZ)["first"]["items"]
    db = tmp_path / "b.json"
    bad = tmp_path / "bad.json"
    if content.startswith("["):  # a good annotation before the bad one is not imported either
        content = json.dumps([*good, *json.loads(content)])
    bad.write_text(content, encoding="utf-8")
    out = run("import", str(bad), "--db", str(db))
    assert out.returncode == 1 and message in out.stderr and "nothing was imported" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "b.annotations").exists()


def test_import_re_anchors_against_a_changed_text_at_the_same_path(tmp_path):
    article = tmp_path / "article.txt"
    shutil.copy(GOMEZ, article)
    annotate(str(article), "--quote", SENTENCE)
    annotate(str(article), "--quote", "Vietnam", "--occurrence", "1")
    exported = tmp_path / "x.json"
    run("export", "--format", "w3c", str(article), "-o", str(exported))
    text = article.read_text(encoding="utf-8")
    article.write_text("A new opening.\n\n" + text.replace(SENTENCE, ""), encoding="utf-8")
    # The changed text is named: an import reads no file but those and the library's (#15).
    out = run("import", str(exported), str(article), "--db", str(tmp_path / "fresh.json"))
    assert "2 added, 0 skipped (already there), 1 orphaned" in out.stdout


def test_check_reports_statuses_per_document(tmp_path):
    article = tmp_path / "article.txt"
    shutil.copy(GOMEZ, article)
    text = article.read_text(encoding="utf-8")
    annotate(str(article), "--quote", SENTENCE)
    annotate(str(article), "--quote", "most likely in Vietnam")
    paragraph = "Reining in U.S. goals and ambitions for the second summit would better"
    annotate(str(article), "--quote", paragraph)
    annotate(str(article), "--quote", "It was folly to")
    edited = "New first paragraph.\n\n" + text
    edited = edited.replace("most likely in Vietnam", "most likely in Viet Nam")
    edited = edited.replace("It was folly to", "")
    article.write_text(edited, encoding="utf-8")
    out = run("check", str(article))
    assert out.returncode == 0, out.stderr
    # the two only moved down by the new paragraph have the same words around them
    assert "2 anchored, 0 moved, 1 fuzzy, 1 orphaned" in out.stdout
    assert "orphaned: 'It was folly to'" in out.stdout
    md = run("export", str(article)).stdout
    assert "orphaned: no longer found in this text" in md and "> It was folly to" in md


def test_annotate_run_again_adds_to_the_highlight_rather_than_doubling_it():
    first = annotate(str(GOMEZ), "--quote", SENTENCE, "--tag", "Key Point", "--note", "why")
    again = run("annotate", str(GOMEZ), "--quote", SENTENCE, "--tag", "key point")
    assert again.returncode == 0 and again.stdout.strip() == first
    assert "already highlighted" in again.stderr
    more = annotate(str(GOMEZ), "--quote", SENTENCE, "--tag", "later", "--note", "and how")
    assert more == first
    store = Store(__import__("os").environ["SUMMITREADER_DB"])
    [record] = [r for r in store.for_source(load_source(GOMEZ)) if r["quote"]["exact"] == SENTENCE]
    assert record["tags"] == ["key-point", "later"] and record["note"] == "why\n\nand how"
