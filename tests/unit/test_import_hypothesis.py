"""Annotations made by Hypothesis (its JSON export, its API, its W3C JSON-LD) read as it
writes them, the format of a file told by its content, and each highlight placed in a real
store by its page's address or file: never by guessing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from summitreader.export import hypothesis
from summitreader.export.foreign import detect
from summitreader.export.w3c import ImportFileError
from summitreader.library.importing import import_foreign
from summitreader.library.placing import main_title_key, normal_url, title_key
from summitreader.store.store import Store
from summitreader.text.loose import loose_text, loosen
from tests.support.corpus import GOMEZ
from tests.support.foreign import (
    CLIPPINGS,
    ESSAY_URL,
    HYPOTHESIS_EXPORT,
    HYPOTHESIS_JSONLD,
    library,
)

SECRET = "password: hunter2-very-secret-value"


def exported() -> dict[str, Any]:
    return json.loads(HYPOTHESIS_EXPORT.read_text(encoding="utf-8"))


def annotation(source: str, exact: str, prefix: str = "", suffix: str = "", **more: Any) -> dict:
    """One annotation as Hypothesis's API gives it."""
    selector = {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
    return {
        "id": "Ab12Cd34Ef",
        "created": "2024-04-30T09:12:44.312145+00:00",
        "updated": "2024-04-30T09:12:44.312145+00:00",
        "uri": source,
        "text": "",
        "tags": [],
        "target": [{"source": source, "selector": [selector]}],
        "document": {"title": ["A page"]},
        **more,
    }


# reading ------------------------------------------------------------------------------------


def test_the_clients_export_gives_highlights_page_notes_and_replies_apart():
    read = hypothesis.parse(HYPOTHESIS_EXPORT.read_text(encoding="utf-8"))
    assert len(read.highlights) == 6 and read.set_aside == {}
    first = read.highlights[0]
    assert first.kind == "url" and first.where.startswith("https://WWW.MarginReview.example/")
    assert (
        first.quote["exact"]
        == "the refusal to let the next thing decide how long\nyou stay with this one"
    )
    assert first.quote["prefix"].endswith("a refusal: ")
    assert first.tags == ("slow reading", "Attention")
    assert first.note == "The whole essay in one sentence. See also [[Margins]]."
    assert first.created == "2024-04-30T09:12:44.312Z"
    assert first.modified == "2024-04-30T09:20:01.004Z"
    assert first.position == {"start": 431, "end": 431 + len(first.quote["exact"])}
    reasons = [u.reason for u in read.unplaceable]
    assert reasons == [
        "a page note with no quoted text (summitreader keeps notes on highlights only)",
        "a reply in a discussion, not a highlight",
    ]
    assert read.unplaceable[0].quote == "Read this again in the spring."


def test_w3c_json_ld_as_hypothesis_serves_it():
    (one,) = hypothesis.parse(HYPOTHESIS_JSONLD.read_text(encoding="utf-8")).highlights
    assert one.note == "Skimming *is* deciding, not reading."  # a body with no purpose
    assert one.tags == ("skimming", "Attention")
    assert one.position == {"start": 118, "end": 162}  # not the XPathSelector's refinedBy
    assert one.created == "2024-05-06T14:21:09.512Z"
    assert one.modified == "2024-05-06T14:25:40.000Z"


@pytest.mark.parametrize(
    "shape",
    [
        lambda a: a,
        lambda a: [a],
        lambda a: {"rows": [a], "total": 1},
        lambda a: {"export_date": "x", "annotations": [a]},
        lambda a: {
            "type": "AnnotationCollection",
            "first": {"type": "AnnotationPage", "items": [a]},
        },
        lambda a: {"type": "AnnotationPage", "items": [a]},
    ],
    ids=["one", "array", "api-rows", "client-export", "collection", "page"],
)
def test_every_shape_of_file(shape):
    data = shape(annotation("https://example.org/a", "some words"))
    read = hypothesis.parse(json.dumps(data))
    assert [h.quote["exact"] for h in read.highlights] == ["some words"]
    assert detect(json.dumps(data)) == "hypothesis"


@pytest.mark.parametrize(
    ("source", "kind", "where"),
    [
        ("https://example.org/a?b=1", "url", "https://example.org/a?b=1"),
        ("HTTP://Example.org/a", "url", "HTTP://Example.org/a"),
        ("file:///home/me/My%20Notes/a.md", "file", "/home/me/My Notes/a.md"),
        ("/home/me/a.md", "file", "/home/me/a.md"),
        ("urn:sha256:" + "A" * 64, "hash", "a" * 64),
    ],
)
def test_the_document_is_named_by_address_file_or_hash(source, kind, where):
    (one,) = hypothesis.parse(json.dumps(annotation(source, "w"))).highlights
    assert (one.kind, one.where) == (kind, where)


def test_a_source_object_and_a_missing_source_fall_back_as_w3c_and_the_api_allow():
    with_object = annotation("ignored", "w")
    with_object["target"] = [{"source": {"id": "https://example.org/x"}, "selector": []}]
    with_object["target"][0]["selector"] = [{"type": "TextQuoteSelector", "exact": "w"}]
    assert hypothesis.parse(json.dumps(with_object)).highlights[0].where == "https://example.org/x"
    no_source = annotation("https://example.org/uri", "w")
    del no_source["target"][0]["source"]
    assert hypothesis.parse(json.dumps(no_source)).highlights[0].where == "https://example.org/uri"


def test_a_document_that_is_neither_an_address_nor_a_file_is_reported():
    read = hypothesis.parse(json.dumps(annotation("urn:x-pdf:6f3b2e", "w")))
    assert read.highlights == []
    assert read.unplaceable[0].reason == "its document is neither a web address nor a file"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (["not an object"], "annotation 1 is not a JSON object"),
        ([{"uri": "https://x"}], "annotation 1 has no target"),
        ([{"target": 5}], "neither an object nor an address"),
        ([{"target": [{"source": "https://x", "selector": ["x"]}]}], "selectors are not JSON"),
        (
            [
                {
                    "target": [
                        {
                            "source": "https://x",
                            "selector": [{"type": "TextQuoteSelector", "exact": 5}],
                        }
                    ]
                }
            ],
            "exact, prefix or suffix is not text",
        ),
        ([{"target": [], "tags": "a,b"}], "tags are not a list"),
    ],
)
def test_a_malformed_annotation_refuses_the_file(data, message):
    with pytest.raises(ImportFileError, match=message):
        hypothesis.parse(json.dumps(data))


# which format --------------------------------------------------------------------------------


def test_the_format_is_told_from_the_content(tmp_path):
    ours = {"type": "Annotation", "target": {"source": {"id": "urn:sha256:" + "a" * 64}}}
    assert detect(json.dumps([ours])) == "w3c"
    assert detect(HYPOTHESIS_EXPORT.read_text(encoding="utf-8")) == "hypothesis"
    assert detect(CLIPPINGS.read_bytes().decode("utf-8")) == "kindle"
    bracketed = "[Draft] Notes (Me)\n- Your Highlight on Location 1 | Added on x\n\nw\n==========\n"
    assert detect(bracketed) == "kindle"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("\ufeff \r\n", "the file is empty"),
        ("Just some prose.\nNo clippings.\n", "neither annotation JSON nor a Kindle"),
        ("{nope", "not valid JSON"),
        ('"just a string"', "expected a JSON object or array"),
    ],
)
def test_a_file_of_no_format_we_know_is_one_clear_line(text, message):
    with pytest.raises(ImportFileError, match=message):
        detect(text)


# comparing addresses and titles, and the loose form --------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://Example.ORG/a/b/", "https://example.org/a/b"),
        ("https://example.org/a#section", "https://example.org/a"),
        ("https://example.org/a?utm_source=x&utm_medium=y&id=3", "https://example.org/a?id=3"),
        ("http://example.org/a", "https://example.org/a"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("https://example.org", "https://example.org/"),
    ],
)
def test_addresses_that_name_the_same_page(a, b):
    assert normal_url(a) == normal_url(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.org/a", "https://example.org/b"),
        ("https://example.org/a?id=3", "https://example.org/a?id=4"),
        ("https://example.org/A", "https://example.org/a"),  # a path's case is the site's
        ("https://example.org:8080/a", "https://example.org/a"),
        ("https://example.org/a", "https://example.com/a"),
    ],
)
def test_addresses_that_name_other_pages(a, b):
    assert normal_url(a) != normal_url(b)


def test_titles_compare_without_case_accents_punctuation_subtitle_or_series():
    assert title_key("The Second Trump–Kim Summit!") == title_key("the second trump kim summit")
    assert title_key("Café Society") == title_key("CAFE SOCIETY")
    assert main_title_key("Sapiens: A Brief History") == title_key("Sapiens")
    assert main_title_key("Dune (Dune Chronicles, Book 1)") == title_key("Dune")
    assert main_title_key("Dune - Deluxe Edition [Illustrated]") == title_key("Dune")
    assert main_title_key("(Untitled)") == title_key("(Untitled)")


def test_the_loose_form_hides_markup_and_folds_what_readers_write_differently():
    text = "# Head\n\nSlow *next* thing with [this one](https://e.org/x).  Don't\nstop — now."
    loose = loose_text(text)
    quote = loosen("next thing with this one. Don’t stop - now.")
    at = loose.text.find(quote)
    assert at >= 0
    start, end = loose.span(at, at + len(quote))
    assert text[start:end] == "*next* thing with [this one](https://e.org/x).  Don't\nstop — now."
    inner = loosen("this one")
    start, end = loose.span(loose.text.find(inner), loose.text.find(inner) + len(inner))
    assert text[start:end] == "[this one](https://e.org/x)"  # never ends inside a link


# placed in a real store ------------------------------------------------------------------------


def test_the_export_is_placed_on_the_essay_and_the_rest_is_reported(store):
    essay = library(store)
    report = import_foreign(store, hypothesis.parse(HYPOTHESIS_EXPORT.read_text("utf-8")))
    assert (report.added, report.skipped, report.approximate) == (4, 0, 0)
    lines = "\n".join(report.unplaced)
    assert len(report.unplaced) == 4
    assert "a page note with no quoted text" in lines and "a reply in a discussion" in lines
    assert (
        "the page is not in your library: add it with "
        "`summitreader add https://news.example.com/2024/03/another-story/`" in lines
    )
    assert "“This sentence was edited out of the essay later on.” — the quote is not found" in lines
    assert any("'to read!'" in n and "the tag was left off" in n for n in report.notes)
    text = library_text(store, essay)
    records = {r["quote"]["exact"]: r for r in store.annotations(essay)}
    # the page wraps the sentence after "long"; the article's Markdown joins it with a space,
    # and the client's quote (its line break) is placed over it all the same
    refusal = records[
        "the refusal to let the *next* thing decide how long you stay with "
        "[this one](https://example.org/this-one)"
    ]
    assert refusal["tags"] == ["slow-reading", "attention"]
    assert refusal["created"] == "2024-04-30T09:12:44.312Z"
    assert refusal["modified"] == "2024-04-30T09:20:01.004Z"
    promise = records["is a promise to return"]  # twice in the essay
    second = text.index("is a promise to return, not a contract")
    assert promise["position"]["start"] == second  # its prefix and suffix say which
    assert records["A note in the margin is not a summary"]["tags"] == ["margins"]
    assert "a small library of one's own" in records  # the text's own apostrophe
    assert all(r["anchor"] == "anchored" and r["source_id"] == essay for r in records.values())


def library_text(store: Store, text_id: str) -> str:
    data = store.snapshots.read(text_id)
    assert data is not None
    return data.decode("utf-8")


def test_importing_it_again_adds_nothing(store):
    library(store)
    text = HYPOTHESIS_EXPORT.read_text("utf-8")
    import_foreign(store, hypothesis.parse(text))
    again = import_foreign(store, hypothesis.parse(text))
    assert (again.added, again.skipped) == (0, 4)


def test_json_ld_at_http_without_the_slash_is_the_same_page(store):
    essay = library(store)
    report = import_foreign(store, hypothesis.parse(HYPOTHESIS_JSONLD.read_text("utf-8")))
    assert report.added == 1
    (record,) = store.annotations(essay)
    assert record["note"] == "Skimming *is* deciding, not reading."
    assert record["tags"] == ["skimming", "attention"]


def test_words_changed_since_are_placed_approximately_where_their_context_agrees(store):
    essay = library(store)
    edited = annotation(
        ESSAY_URL,
        "A note in the margins is never a summary",
        prefix="The margin is where a reader talks back. ",
        suffix="; it is the\nfirst half of a conversation",
    )
    report = import_foreign(store, hypothesis.parse(json.dumps(edited)))
    assert (report.added, report.approximate) == (1, 1), report.unplaced
    (record,) = store.annotations(essay)
    assert record["anchor"] == "fuzzy" and record["quote"]["exact"].startswith("A note in the")


def test_a_quote_found_in_a_document_the_annotation_does_not_name_is_not_placed(store):
    library(store)
    words = "Most of what we call reading is really a kind of sorting."
    report = import_foreign(
        store, hypothesis.parse(json.dumps(annotation("https://elsewhere.example/", words)))
    )
    assert report.added == 0 and "the page is not in your library" in report.unplaced[0]
    assert list(store.all_annotations()) == []


def test_a_file_is_found_by_its_path_in_the_library_and_a_private_one_is_never_read(
    store, tmp_path
):
    library(store)
    on_file = annotation(GOMEZ.as_uri(), "Kim's charm offensive is working.")
    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"user: root\n{SECRET}\n", encoding="utf-8")
    private = annotation(secret.as_uri(), "password", suffix=": hunter2")
    report = import_foreign(store, hypothesis.parse(json.dumps([on_file, private])))
    assert report.added == 1
    assert "the file is not in your library" in report.unplaced[0]
    files = [p for p in store.path.parent.rglob("*") if p.is_file() and p.parent != secret.parent]
    stored = b"".join(p.read_bytes() for p in files)
    assert GOMEZ.name.encode() in stored  # the store's own files were read
    assert b"hunter2" not in stored


def test_a_record_that_cannot_be_stored_refuses_the_whole_import(store):
    essay = library(store)
    good = annotation(ESSAY_URL, "Nothing here requires a special tool.")
    bad = annotation(ESSAY_URL, "A pencil, a little patience", text="lone \ud800 surrogate")
    with pytest.raises(ImportFileError, match="lone surrogate"):
        import_foreign(store, hypothesis.parse(json.dumps([good, bad])))
    assert store.annotations(essay) == []
