"""The sidebar's list measures again only the entries an edit changed when nothing moved;
a list that is another filter's, with as many entries, must be measured whole (the
stress test's key bursts met an entry drawn with the height of the one it replaced)."""

from __future__ import annotations

from summitreader.annotations.model import new_record
from summitreader.sources.text import load_source
from summitreader.tui.widgets.highlight_list import MARGIN, HighlightList
from tests.support.corpus import GOMEZ
from tests.support.tui import ListApp


def drawn(listing: HighlightList) -> list[str]:
    # each row without the list's own margin
    return [listing.render_line(y).text[MARGIN:].rstrip() for y in range(listing.size.height)]


async def test_another_filters_list_of_the_same_length_is_measured_whole():
    source = load_source(GOMEZ)
    at = source.text.index("President Donald Trump")
    short = new_record(source, at, at + 9, ["evidence"])
    tall = new_record(source, at + 10, at + 400, ["key-point"], "a note\nover lines")
    app = ListApp()
    async with app.run_test(size=(50, 20)) as pilot:
        listing = app.query_one(HighlightList)
        listing.set_records([short])
        await pilot.pause()
        listing.set_records([tall], changed=[])  # the tag filter changed: no record did
        await pilot.pause()
        lines = drawn(listing)  # an entry drawn at the height of the one before failed
        shown = [line for line in lines if line.strip()]
        expected = listing.entry_text(0).splitlines()
        assert shown == [line.rstrip() for line in expected if line.strip()]


async def test_a_tag_added_to_one_entry_moves_those_below_it_down():
    source = load_source(GOMEZ)
    starts = [source.text.index(word) for word in ("President", "Singapore", "Pyongyang")]
    records = [new_record(source, s, s + 9) for s in starts]
    app = ListApp()
    async with app.run_test(size=(50, 30)) as pilot:
        listing = app.query_one(HighlightList)
        listing.set_records(records)
        await pilot.pause()
        before = drawn(listing)
        tagged = {**records[0], "tags": ["key-point"]}
        listing.set_records([tagged, *records[1:]], changed=[tagged])
        await pilot.pause()
        after = drawn(listing)
        assert any("#key-point" in line for line in after)
        last = before.index(next(line for line in before if "Pyongyang" in line))
        assert after[last + 1] == before[last]  # one line lower
