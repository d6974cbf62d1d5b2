"""A library whose text was edited after it was highlighted: a copy of the Gomez article
with three highlights, then a word changed in one, another's sentence deleted, a
paragraph put in above them all, and a line just before the third (so it moves, its
words the same, to new surroundings; a highlight only shifted down stays anchored)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from summitreader.library.opening import open_documents
from summitreader.store.store import Store
from tests.support.corpus import EXAMPLES, GOMEZ, raw_paragraphs

DELETED = (
    "Trump should also be prepared to give something to Kim if North Korea agrees to U.S. demands."
)
LAST = next(p for p in raw_paragraphs(GOMEZ) if p.startswith("It is time for the United States"))
INSERTED = "Editor's note: this article was revised after publication.\n\n"
AFTER_DELETED = "Given Kim's new domestic line"
BEFORE_LAST = "A short line put in just before the close.\n\n"


def edited_library(folder: Path) -> tuple[Path, dict[str, dict]]:
    """The edited copy, and its highlights by what happens to them: fuzzy, orphaned, moved."""
    path = folder / "gomez.txt"
    shutil.copy(GOMEZ, path)
    store = Store(os.environ["SUMMITREADER_DB"])
    try:
        [doc], _ = open_documents([path], store)
        store.remember_source(doc.source, doc.meta)
        text = doc.source.text
        made = {}
        for name, words, tags, note in (
            ("fuzzy", EXAMPLES, ["key-point"], "Reciprocity is the lever."),
            ("orphaned", DELETED, ["question"], "Would he?"),
            ("moved", LAST, [], ""),
        ):
            start = text.index(words)
            made[name] = store.add(doc.source, start, start + len(words), tags, note)
    finally:
        store.close()
    edited = path.read_text(encoding="utf-8")
    assert "narrowly-focused demands" in edited and " " + DELETED in edited
    edited = edited.replace("narrowly-focused demands", "narrowly-focused requests", 1)
    edited = edited.replace(" " + DELETED, "", 1)
    edited = edited.replace(LAST, BEFORE_LAST + LAST, 1)
    first = edited.index("Reining in")
    path.write_text(edited[:first] + INSERTED + edited[first:], encoding="utf-8")
    return path, made
