"""Highlights made elsewhere, as their tools write them (tests/support/imports/), and the
library they belong to: the two sample articles and the essay the Hypothesis file annotates.

- ``hypothesis-export.json``: the Hypothesis client's JSON export (its API's annotations
  under ``annotations``): highlights with notes and tags, a page note, a reply, a page not
  in the library, a quote edited out of the page, a tag that is not a #hashtag;
- ``hypothesis-annotation.jsonld``: one annotation as Hypothesis serves W3C JSON-LD;
- ``My Clippings.txt``: a Kindle's, with a byte order mark and CRLF line endings, several
  books (one not in the library), a German and a Spanish entry, older firmware's
  ``Loc. 301-05``, a bookmark, a highlight extended later, a note on it and one on nothing,
  the clipping limit, and curly quotes and en dashes where the texts have straight ones;
- ``field-notes.html``: the essay, a page as the web serves it.
"""

from __future__ import annotations

from pathlib import Path

from summitreader.library.catalog import add
from summitreader.library.intake import from_fetched, remember
from summitreader.store.store import Store
from tests.support.corpus import CORPUS

FILES = Path(__file__).resolve().parent / "imports"
HYPOTHESIS_EXPORT = FILES / "hypothesis-export.json"
HYPOTHESIS_JSONLD = FILES / "hypothesis-annotation.jsonld"
CLIPPINGS = FILES / "My Clippings.txt"
ESSAY_PAGE = FILES / "field-notes.html"
ESSAY_URL = "https://www.marginreview.example/essays/field-notes-on-slow-reading/"
ESSAY_TITLE = "Field Notes on Slow Reading"


def library(store: Store) -> str:
    """The sample articles and the essay (as if fetched from ESSAY_URL) in the library;
    the essay's text id."""
    add(store, [CORPUS])
    intake = from_fetched(ESSAY_PAGE.read_bytes(), store, url=ESSAY_URL)
    remember(store, intake)
    return intake.source.sha256
