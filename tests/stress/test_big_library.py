"""A library of 5,000 documents: added in one go, listed from the index alone, and the
library screen opened on it and filtered down to one with real keys."""

from __future__ import annotations

import os

from summitreader.library import catalog
from summitreader.settings.config import load_config
from summitreader.store.store import Store
from summitreader.tui.app import SummitApp
from summitreader.tui.widgets.line_table import LineTable
from tests.support.tui import SIZE

COUNT = 5000


async def test_five_thousand_documents(tmp_path):
    folder = tmp_path / "articles"
    for n in range(COUNT):
        path = folder / f"{n // 500:02d}" / f"article-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Article number {n}\n\nBy Writer {n % 7}\n\nBody of article {n}.\n")
    store = Store(os.environ["SUMMITREADER_DB"])
    store.mark_seeded()
    report = catalog.add(store, [folder])
    assert (report.added, report.already, report.skipped) == (COUNT, 0, {})
    entries = catalog.entries(store)
    assert len(entries) == COUNT and len({e.id for e in entries}) == COUNT
    assert len(list(store.snapshots.folder.iterdir())) == COUNT  # a copy of each
    app = SummitApp([], store, load_config())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(LineTable)
        assert len(table.rows) == COUNT
        await pilot.press("slash", *"number 4321")
        await pilot.pause()
        assert [row[0].split("\n")[0] for row in table.rows] == ["Article number 4321"]
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.screen.document.title == "Article number 4321"
