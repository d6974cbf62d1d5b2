"""The text a reader opens is recorded in the library by a thread (its copy and its word
count) and then on the UI thread (the record); a failure there is said, not lost."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from summitreader.store.store import Store
from tests.support.tui import SIZE, make_app, view_of

TEXT = "It was “the” end, he said.\n\nAnd then it wasn’t: three more words.\n"


async def _settled(app, pilot) -> None:
    """Once the thread has ended, and the record it handed back is written."""
    for _ in range(200):
        if not any(t.name == "remember-source" for t in threading.enumerate()):
            break
        await pilot.pause(0.02)
    else:
        raise AssertionError("the text was never recorded")
    await pilot.pause()


async def test_the_text_is_in_the_library_with_its_copy_and_words_once_the_worker_ends(
    tmp_path,
):
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await _settled(app, pilot)
        source = view_of(app).document.source
        assert not [n for n in app._notifications if n.title == "Store"]
    store = Store(os.environ["SUMMITREADER_DB"])
    try:
        record = store.get_source(source.sha256)
        assert record is not None
        assert record["path"] == str(path.resolve())
        assert record["words"] == len(TEXT.split())
        assert store.snapshots.read(source.sha256) == path.read_bytes()
    finally:
        store.close()


async def test_a_copy_that_cannot_be_kept_is_said_and_the_reader_still_reads(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    db = Path(os.environ["SUMMITREADER_DB"])
    (db.parent / (db.stem + ".snapshots")).write_text("a file where the folder goes")
    app = make_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _settled(app, pilot)
        notes = [n for n in app._notifications if n.title == "Store"]
        assert len(notes) == 1 and "cannot keep a copy" in notes[0].message
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        assert view_of(app).cursor is not None
        source = view_of(app).document.source
    store = Store(os.environ["SUMMITREADER_DB"])
    try:
        assert store.get_source(source.sha256) is None  # no record without its copy
    finally:
        store.close()
