"""The sidebar's list follows the reader: the first highlight at or after where the reader
is comes to the top of the list when it is out of sight; orphans (listed last) never
count as being anywhere in the text."""

from __future__ import annotations

from summitreader.annotations.model import new_record
from summitreader.sources.text import load_source
from summitreader.tui.widgets.highlight_list import HighlightList
from tests.support.corpus import GOMEZ
from tests.support.tui import ListApp


async def test_the_list_brings_the_next_highlight_to_its_top() -> None:
    source = load_source(GOMEZ)
    starts = list(range(100, len(source.text) - 100, 80))[:60]
    assert len(starts) == 60  # many more entries than the list has rows
    records = [new_record(source, s, s + 5) for s in starts]
    orphan = {**new_record(source, starts[-1], starts[-1] + 5), "anchor": "orphaned"}
    app = ListApp()
    async with app.run_test(size=(50, 20)) as pilot:
        listing = app.query_one(HighlightList)
        listing.set_records([*records, orphan])
        app.set_focus(None)  # a list being walked stays where the reader walks it
        await pilot.pause()
        target = len(records) // 2
        listing.follow(starts[target] - 1)  # just before it: it is the first at or after
        await pilot.pause()
        assert round(listing.scroll_y) == listing._starts[target]
        listing.follow(starts[0])  # the first is above the view now: back to the top
        await pilot.pause()
        assert round(listing.scroll_y) == 0
        listing.follow(starts[-1] + 1)  # past every placed one: the orphan, last
        await pilot.pause()
        last = len(records)
        top, height = listing._starts[last], listing._heights[last]
        assert top >= round(listing.scroll_y)
        assert top + height <= round(listing.scroll_y) + listing.scrollable_content_region.height
