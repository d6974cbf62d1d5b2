"""Converted texts in the library, through a real store in a temporary folder: the snapshot
is the text highlights anchor to, character for character, and a highlight on it survives
closing the store and reading the document again from the library (a property over
generated articles); a PDF's highlight knows its page after a reopen; ``refresh``
carries highlights over to a new version of a page by anchoring them again; and a page
that cannot be fetched is read from the library's copy."""

from __future__ import annotations

import hashlib
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitreader.annotations.model import reanchored
from summitreader.library import catalog
from summitreader.library.intake import from_fetched, remember
from summitreader.library.opening import open_documents
from summitreader.library.refreshing import refresh
from summitreader.sources.pages import page_of
from summitreader.store.store import Store
from tests.support.http_server import Route, serve
from tests.support.pdf_maker import make_pdf, page_lines
from tests.support.web_pages import BOILERPLATE, PARAGRAPHS, article_page

URL = "https://news.example.org/2019/02/details.html"

# Words with letters beyond ASCII, sentences with the punctuation prose has: nothing the
# Markdown writer must escape, so each paragraph stands in the text as the page holds it;
# at least 54 words, so the page holds an article (sources/html.py: MIN_WORDS).
_WORDS = st.text(alphabet=string.ascii_lowercase + "éèàçöüßøæ", min_size=2, max_size=10)
_SENTENCE = st.tuples(
    st.lists(_WORDS, min_size=9, max_size=18), st.sampled_from(".?!"), st.booleans()
).map(lambda t: " ".join([t[0][0].capitalize(), *t[0][1:]]).replace(" ", ", ", t[2]) + t[1])
_PARAGRAPH = st.lists(_SENTENCE, min_size=2, max_size=4).map(" ".join)


def _library_document(store: Store):
    """The only document of the library besides none: read as the app reads it."""
    [entry] = catalog.entries(store)
    return catalog.load(store, entry).document


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PARAGRAPH, min_size=3, max_size=6, unique=True), st.data())
def test_an_extracted_text_is_its_snapshot_and_a_highlight_on_it_survives_a_reopen(
    paragraphs: list[str], data: st.DataObject
) -> None:
    page = article_page(paragraphs).encode()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "store.json"
        with Store(db) as store:
            intake = from_fetched(page, store, url=URL, fetched="2026-11-30T12:00:00Z")
            remember(store, intake)
            text = intake.source.text
            # every character of the text is the snapshot's, at the same offset
            assert store.snapshots.read(intake.source.sha256) == text.encode("utf-8")
            assert hashlib.sha256(text.encode("utf-8")).hexdigest() == intake.source.sha256
            assert store.snapshots.read(hashlib.sha256(page).hexdigest()) == page  # the bytes
            for junk in BOILERPLATE:
                assert junk not in text
            para = data.draw(st.sampled_from(paragraphs), label="paragraph")
            at = text.index(para)  # every paragraph of the article, whole
            start = at + data.draw(st.integers(0, len(para) - 1), label="start")
            end = data.draw(st.integers(start + 1, at + len(para)), label="end")
            made = store.add(intake.source, start, end, ["key-point"])
        with Store(db) as store:  # reopened: the page is read from the library's copy
            doc = _library_document(store)
            assert doc.source.text == text and doc.source.sha256 == intake.source.sha256
            [record] = store.for_source(doc.source)
            assert record["id"] == made["id"] and record["tags"] == ["key-point"]
            assert record["position"] == {"start": start, "end": end}
            assert doc.source.text[start:end] == record["quote"]["exact"] == text[start:end]
            again = reanchored(record, doc.source)
            assert again["anchor"] == "anchored" and again["position"] == record["position"]
            # the same bytes again are the text kept then, not a conversion made anew
            assert from_fetched(page, store, url=URL).source.sha256 == intake.source.sha256


def test_a_pdf_highlight_knows_its_page_after_a_reopen(tmp_path: Path) -> None:
    pages = [
        [PARAGRAPHS[0], PARAGRAPHS[1]],
        [PARAGRAPHS[2]],
        [PARAGRAPHS[3]],
    ]
    pdf = tmp_path / "summits.pdf"
    pdf.write_bytes(
        make_pdf(
            [
                page_lines(p, header="Journal of Summits", footer=f"Page {n + 1}")
                for n, p in enumerate(pages)
            ],
            title="Summits",
        )
    )
    db = tmp_path / "library.json"
    with Store(db) as store:
        assert catalog.add(store, [pdf]).added == 1
        doc = _library_document(store)
        quote = "greater access to the facilities"
        start = doc.source.text.index(quote)
        store.add(doc.source, start, start + len(quote), ["verification"])
    pdf.unlink()  # the library's copy holds the text and where each page starts
    with Store(db) as store:
        doc = _library_document(store)
        [record] = store.for_source(doc.source)
        assert len(doc.source.pages) == 3
        assert page_of(doc.source.pages, record["position"]["start"]) == 2
        last = doc.source.text.index(PARAGRAPHS[3][:40])
        assert page_of(doc.source.pages, last) == 3
        assert "Journal of Summits" not in doc.source.text  # the running header is gone


def test_refresh_makes_a_new_version_and_anchors_the_highlights_again(tmp_path: Path) -> None:
    kept = "greater access to the facilities"
    gone = "moved step by step rather than all at once"
    with serve() as server, Store(tmp_path / "library.json") as store:
        url = server.add("/article.html", Route(article_page().encode()))
        assert catalog.add(store, [url]).added == 1
        first = _library_document(store)
        for quote, tag in ((kept, "kept"), (gone, "gone")):
            at = first.source.text.index(quote)
            store.add(first.source, at, at + len(quote), [tag])
        [same] = refresh(store, url)
        assert not same.changed and same.summary().endswith("unchanged")
        edited = [
            "An editor's note, added at the top, moves every paragraph down.",
            PARAGRAPHS[0].replace(gone, "went ahead at once"),
            *PARAGRAPHS[1:],
        ]
        server.add("/article.html", Route(article_page(edited).encode()))
        [done] = refresh(store, url)
        assert done.changed and done.old_id == first.source.sha256
        # moved down with the same words around it: anchored, nothing to review
        assert done.statuses == {"anchored": 1, "moved": 0, "fuzzy": 0, "orphaned": 1}
        assert done.summary().endswith("1 anchored, 0 moved, 0 fuzzy, 1 orphaned")
        [entry] = catalog.entries(store)  # one document: the new version
        assert entry.id == done.new_id and entry.highlights == 2
        second = catalog.load(store, entry).document
        assert "An editor's note" in second.source.text
        records = {r["tags"][0]: r for r in store.for_source(second.source)}
        start, end = records["kept"]["position"]["start"], records["kept"]["position"]["end"]
        assert second.source.text[start:end] == kept and records["kept"]["anchor"] == "anchored"
        assert records["gone"]["anchor"] == "orphaned"  # kept, never attached elsewhere
        assert records["gone"]["quote"]["exact"] == gone
        old = store.get_source(first.source.sha256)
        assert old is not None and old["superseded_by"] == done.new_id  # the history stays
        assert store.snapshots.read(first.source.sha256) is not None


def test_a_page_the_library_holds_is_read_from_its_copy_when_it_cannot_be_fetched(
    tmp_path: Path,
) -> None:
    quote = "greater access to the facilities"
    with Store(tmp_path / "library.json") as store:
        with serve() as server:
            url = server.add("/article.html", Route(article_page().encode()))
            [doc], problems = open_documents([url], store)
            assert problems == []
            at = doc.source.text.index(quote)
            store.add(doc.source, at, at + len(quote), ["kept"])
            fetched = len(server.requests)
            [copy], problems = open_documents([url], store, fetch=False)
            assert len(server.requests) == fetched and problems == []  # no fetch: the copy
            assert copy.source.sha256 == doc.source.sha256
        # the server is gone: the copy, and a notice saying why
        [offline], problems = open_documents([url], store)
        assert offline.source.sha256 == doc.source.sha256
        [problem] = problems
        assert problem.startswith(f"{url}: ") and problem.endswith(
            "; reading the copy the library kept"
        )
        [record] = store.for_source(offline.source)
        assert offline.source.text[record["position"]["start"] :].startswith(quote)
        # a page the library never held is still a problem of one line
        missing = url.replace("/article.html", "/other.html")
        docs, problems = open_documents([missing], store)
        assert docs == [] and problems == [problem.replace(url, missing).split("; reading")[0]]
