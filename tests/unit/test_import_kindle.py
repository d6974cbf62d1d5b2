"""Kindle's My Clippings.txt read as a Kindle writes it: entries, notes on highlights,
extended highlights, bookmarks, languages and firmware; then placed in a real store."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.annotations.model import iso_utc
from summitreader.export import kindle
from summitreader.export.kindle import BOOKMARKS, MERGED, added, clippings, split_title
from summitreader.export.w3c import ImportFileError
from summitreader.library.importing import import_foreign
from tests.support.corpus import GOMEZ
from tests.support.foreign import CLIPPINGS, ESSAY_TITLE, library

SEP = "=========="


def entry(title: str, header: str, text: str = "") -> str:
    return f"{title}\n{header}\n\n{text}\n{SEP}\n"


def fixture_text() -> str:
    return CLIPPINGS.read_bytes().decode("utf-8")


# the file ---------------------------------------------------------------------------------


def test_the_fixture_is_what_a_kindle_writes():
    raw = CLIPPINGS.read_bytes()
    assert (
        raw.startswith(b"\xef\xbb\xbf")
        and b"\r\n" in raw
        and b"\n" not in raw.replace(b"\r\n", b"")
    )


def test_every_entry_is_read_with_its_title_author_kind_location_and_time():
    found = clippings(fixture_text())
    assert len(found) == 15
    first = found[0]
    assert (first.title, first.author) == ("The Second Trump-Kim Summit", "Eric Gomez")
    assert (first.kind, first.start, first.end, first.page) == ("highlight", 118, 120, "2")
    assert first.added == datetime(2024, 1, 1, 12, 0, 0)
    assert first.text.startswith("Trump’s primary goal") and "\r" not in first.text
    assert [c.kind for c in found].count("bookmark") == 1
    assert [c.kind for c in found].count("note") == 2
    german = found[5]
    assert (german.kind, german.start, german.end) == ("highlight", 12, 14)
    assert german.added == datetime(2024, 3, 5, 21, 12, 45)
    old = found[7]
    assert (old.kind, old.start, old.end) == ("highlight", 301, 305)
    assert old.added == datetime(2011, 4, 21, 8, 27)
    spanish = found[13]
    assert (spanish.kind, spanish.page, spanish.start, spanish.end) == ("highlight", "2", 20, 21)
    assert spanish.added == datetime(2024, 3, 12, 21, 30, 15)
    assert all("\ufeff" not in c.title for c in found)


def test_parse_merges_the_extended_highlight_and_gives_it_its_note():
    read = kindle.parse(fixture_text())
    assert read.set_aside == {BOOKMARKS: 1, MERGED: 1}
    assert len(read.highlights) == 10
    baseball = [h for h in read.highlights if "baseball" in h.quote["exact"]]
    assert len(baseball) == 1
    longer = baseball[0]
    assert longer.quote["exact"].endswith("try for a base hit.")
    assert longer.note == "Small steps, as in the inter-Korean talks."
    # created when first highlighted, modified when extended
    assert longer.created == iso_utc(datetime(2024, 1, 1, 12, 1, 0))
    assert longer.modified == iso_utc(datetime(2024, 1, 1, 12, 2, 30))
    assert (longer.kind, longer.where, longer.label) == (
        "title",
        "The Second Trump-Kim Summit",
        "The Second Trump-Kim Summit (Eric Gomez)",
    )
    reasons = {u.quote: u.reason for u in read.unplaceable}
    assert "no highlight" in reasons["Check the Cato follow-up."]
    assert "limit on clippings" in reasons["<You have reached the clipping limit for this item>"]


# the header line -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "when"),
    [
        ("Added on Monday, 1 January 2024 12:00:00", datetime(2024, 1, 1, 12, 0, 0)),
        ("Added on Sunday, December 18, 2022 3:19:56 PM", datetime(2022, 12, 18, 15, 19, 56)),
        ("Added on Monday, December 30, 2024 12:46:33 AM", datetime(2024, 12, 30, 0, 46, 33)),
        ("Added on Thursday, April 21, 2011, 08:27 AM", datetime(2011, 4, 21, 8, 27)),
        ("Hinzugefügt am Dienstag, 5. März 2024 21:12:45", datetime(2024, 3, 5, 21, 12, 45)),
        ("Ajouté le samedi 20 octobre 2018 à 12:55:45", datetime(2018, 10, 20, 12, 55, 45)),
        ("Añadido el martes, 12 de marzo de 2024 21:30:15", datetime(2024, 3, 12, 21, 30, 15)),
        ("Aggiunto in data lunedì 30 settembre 2019 18:00:39", datetime(2019, 9, 30, 18, 0, 39)),
        ("Toegevoegd op maandag 30 september 2019 18:00:39", datetime(2019, 9, 30, 18, 0, 39)),
        (
            "Добавлено: понедельник, 30 декабря 2024 г. в 14:46:33",
            datetime(2024, 12, 30, 14, 46, 33),
        ),
        ("添加于 2019年9月30日星期一 下午6:00:39", datetime(2019, 9, 30, 18, 0, 39)),
        ("Added on a day nobody wrote down", None),
        ("Added on Monday, 31 February 2024 12:00:00", None),  # no such day
    ],
)
def test_added_on_in_the_languages_kindles_write(words, when):
    assert added(words) == when


@pytest.mark.parametrize(
    ("header", "kind", "start", "end"),
    [
        ("- Your Highlight on page 12 | Location 123-125 | Added on x", "highlight", 123, 125),
        ("- Your Highlight on Location 123-125 | Added on x", "highlight", 123, 125),
        ("- Highlight Loc. 123-25 | Added on x", "highlight", 123, 125),
        ("- Highlight Loc. 998-1002 | Added on x", "highlight", 998, 1002),
        ("- Your Note on Location 130 | Added on x", "note", 130, 130),
        ("- Note Loc. 130 | Added on x", "note", 130, 130),
        ("- Your Bookmark on page 3 | Location 140 | Added on x", "bookmark", 140, 140),
        ("- Votre surlignement sur la page 5 | emplacement 1234-1236 | x", "highlight", 1234, 1236),
        ("- Votre note à l'emplacement 88 | Ajouté le x", "note", 88, 88),
        ("- Ihre Lesezeichen bei Position 9 | Hinzugefügt am x", "bookmark", 9, 9),
        ("- La tua evidenziazione alla pagina 6 | posizione 36-40 | x", "highlight", 36, 40),
        ("- 您在第 7 页（位置 #114-116）的标注 | 添加于 x", "highlight", 114, 116),
        ("- Your Highlight on page 99 | Added on x", "highlight", None, None),
        ("- Þú merktir á síðu 5 | staðsetning 60 | Bætt við x", "", None, None),
    ],
)
def test_kinds_and_locations_in_each_language_and_firmware(header, kind, start, end):
    (clip,) = clippings(entry("Book (Author)", header, "words"))
    assert (clip.kind, clip.start, clip.end) == (kind, start, end)


@pytest.mark.parametrize(
    ("line", "title", "author"),
    [
        ("Dune (Herbert, Frank)", "Dune", "Herbert, Frank"),
        ("--authors (Inconnu(e))", "--authors", "Inconnu(e)"),
        ("Chaos (Series 2) (Ann;Bo)", "Chaos (Series 2)", "Ann;Bo"),
        ("My Personal Notes", "My Personal Notes", ""),
        ("(Only brackets)", "(Only brackets)", ""),
        ("\ufeffThe Book (A. Writer)  ", "\ufeffThe Book", "A. Writer"),
    ],
)
def test_title_and_author(line, title, author):
    assert split_title(line) == (title, author)


# what is set aside, what is refused --------------------------------------------------------


def test_an_unknown_kind_of_entry_is_reported_not_placed():
    text = entry("Book (Author)", "- Þú merktir á síðu 5 | staðsetning 60 | Bætt við x", "orð")
    read = kindle.parse(text)
    assert read.highlights == []
    assert "a kind of entry not known" in read.unplaceable[0].reason


@pytest.mark.parametrize(
    "text",
    [
        "Book (Author)\nnot a header line\n\ntext\n==========\n",
        entry("Book (A)", "- Your Highlight on Location 1-2 | Added on x", "fine")
        + "Title only\n==========\n",
    ],
)
def test_an_entry_that_is_not_a_kindles_refuses_the_file_and_says_where(text):
    with pytest.raises(ImportFileError, match=r"entry \d \(line \d\)"):
        kindle.parse(text)


def test_a_file_cut_short_still_gives_its_last_entry_and_a_blank_line_before_a_title_is_fine():
    text = "\n\n" + entry("A (B)", "- Your Highlight on Location 1-2 | Added on x", "one")
    text += "A (B)\n- Your Highlight on Location 5-6 | Added on x\n\ntwo words"
    assert [c.text for c in clippings(text)] == ["one", "two words"]


def test_ten_equals_signs_inside_a_line_are_words_not_an_end():
    quote = "before ========== after"
    (clip,) = clippings(entry("A (B)", "- Your Highlight on Location 1-2 | Added on x", quote))
    assert clip.text == quote


# notes and duplicates --------------------------------------------------------------------------


def book(*entries: tuple[str, str]) -> str:
    return "".join(entry("Book (Author)", header, text) for header, text in entries)


def hl(at: str) -> str:
    return f"- Your Highlight on Location {at} | Added on Monday, 1 January 2024 12:00:00"


def note(at: int) -> str:
    return f"- Your Note on Location {at} | Added on Monday, 1 January 2024 12:10:00"


def test_a_note_goes_to_the_highlight_that_ends_at_its_location_before_one_that_holds_it():
    read = kindle.parse(book((hl("10-20"), "long one"), (hl("15-18"), "inner"), (note(18), "n")))
    notes = {h.quote["exact"]: h.note for h in read.highlights}
    assert notes == {"long one": "", "inner": "n"}


def test_a_note_held_by_one_highlight_goes_to_it():
    read = kindle.parse(book((hl("10-20"), "long one"), (note(14), "inside")))
    assert read.highlights[0].note == "inside"


def test_a_note_two_highlights_could_own_is_reported_not_given_to_either():
    read = kindle.parse(book((hl("10-20"), "first"), (hl("12-20"), "second"), (note(20), "n")))
    assert all(h.note == "" for h in read.highlights)
    assert "2 highlights" in read.unplaceable[0].reason


def test_a_note_on_a_page_goes_to_the_one_highlight_on_that_page():
    page = "- Your Highlight on page 4 | Added on Monday, 1 January 2024 12:00:00"
    other = "- Your Highlight on page 5 | Added on Monday, 1 January 2024 12:00:00"
    said = "- Your Note on page 4 | Added on Monday, 1 January 2024 12:00:00"
    read = kindle.parse(book((page, "on four"), (other, "on five"), (said, "n")))
    assert {h.quote["exact"]: h.note for h in read.highlights} == {"on four": "n", "on five": ""}


def test_the_same_clipping_twice_is_one_and_the_same_words_elsewhere_are_two():
    same = (hl("10-12"), "the very same words")
    read = kindle.parse(book(same, same, (hl("90-92"), "the very same words")))
    assert len(read.highlights) == 2 and read.set_aside == {MERGED: 1}


def test_a_shortened_highlight_keeps_the_longest_and_whitespace_does_not_matter():
    read = kindle.parse(book((hl("10-14"), "one two  three four"), (hl("11-12"), "two three")))
    assert [h.quote["exact"] for h in read.highlights] == ["one two  three four"]


def test_bookmarks_are_counted_and_left_out():
    mark = "- Your Bookmark on Location 5 | Added on Monday, 1 January 2024 12:00:00"
    read = kindle.parse(book((mark, ""), (mark, "")))
    assert read.highlights == [] and read.unplaceable == [] and read.set_aside == {BOOKMARKS: 2}


# round trip: what a Kindle writes, the parser reads back ------------------------------------------

WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()
line_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"),
    min_size=1,
    max_size=40,
).map(str.strip)
# A Kindle escapes nothing: a line of exactly ten "=" in a quote could not be told from the end
# of an entry, so no real quote holds one. Ten "=" inside a line are words like any others.
quote_lines = st.lists(line_text.filter(bool), min_size=1, max_size=3)
author = line_text.filter(lambda s: s and "(" not in s and ")" not in s)
# A title ending in a bracketed group reads as "Title (Author)": a Kindle writes no other way
# to say that a book has no author, so such a title is not one a Kindle could write alone.
title = line_text.filter(lambda s: s and not s.startswith("-") and not s.endswith(")"))
moment = st.datetimes(datetime(2008, 1, 1), datetime(2035, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)


def kindle_date(when: datetime, american: bool) -> str:
    day = WEEKDAYS[when.weekday()]
    if american:
        hour = when.hour % 12 or 12
        half = "AM" if when.hour < 12 else "PM"
        clock = f"{hour}:{when.minute:02}:{when.second:02} {half}"
        return f"{day}, {MONTHS[when.month - 1]} {when.day}, {when.year} {clock}"
    return f"{day}, {when.day} {MONTHS[when.month - 1]} {when.year} {when:%H:%M:%S}"


clipping = st.tuples(
    title,
    st.one_of(st.just(""), author),
    st.sampled_from(["Highlight", "Note", "Bookmark"]),
    st.integers(1, 99_999),
    st.integers(0, 40),
    moment,
    st.booleans(),
    quote_lines,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(clipping, min_size=1, max_size=6), st.booleans(), st.booleans())
def test_what_a_kindle_writes_is_read_back(entries, crlf, bom):
    out = []
    for book_title, writer, kind, start, length, when, american, lines in entries:
        where = f"Location {start}-{start + length}" if kind == "Highlight" else f"Location {start}"
        header = f"- Your {kind} on {where} | Added on {kindle_date(when, american)}"
        text = "" if kind == "Bookmark" else "\n".join(lines)
        out.append(entry(f"{book_title} ({writer})" if writer else book_title, header, text))
    written = ("\ufeff" if bom else "") + "".join(out)
    if crlf:
        written = written.replace("\n", "\r\n")
    found = clippings(written)
    assert len(found) == len(entries)
    for clip, (book_title, writer, kind, start, length, when, _, lines) in zip(
        found, entries, strict=True
    ):
        assert (clip.title, clip.author) == (book_title, writer)
        assert clip.kind == kind.lower() and clip.added == when
        end = start + length if kind == "Highlight" else start
        assert (clip.start, clip.end) == (start, end)
        assert clip.text == ("" if kind == "Bookmark" else "\n".join(lines))


# placed in a real store ----------------------------------------------------------------------


def test_the_clippings_go_to_the_books_of_the_library_and_what_cannot_is_said(store):
    library(store)
    report = import_foreign(store, kindle.parse(fixture_text()))
    assert report.added == 7 and report.skipped == 0
    assert report.set_aside == {BOOKMARKS: 1, MERGED: 1}
    unplaced = "\n".join(report.unplaced)
    assert "Dune (Herbert, Frank) — “I must not fear." in unplaced
    assert "no document in the library is titled 'Dune'" in unplaced
    assert "“is a promise to return” — its words are in 'Field Notes on Slow Reading' more" in (
        unplaced
    )
    assert "“Sanctions relief must come first, and quickly.” — the quote is not found in" in (
        unplaced
    )
    assert len(report.unplaced) == 5
    firsts = [line.split(" — ")[1][:12] for line in report.unplaced]  # in the file's order
    assert firsts == [
        "“I must not ",
        "“Check the C",
        "“is a promis",
        "“<You have r",
        "“Sanctions r",
    ]
    by_quote = {r["quote"]["exact"]: r for r in store.all_annotations()}
    # the text's own words are stored: its straight quote, its em dashes, its paragraph break
    assert (
        "Trump's primary goal for the second summit should be moving away from the "
        "sweeping declarations and promises made at Singapore" in by_quote
    )
    assert "Kim's charm offensive is working." in by_quote
    assert (
        "The Trump administration—like the administrations that came before it—is currently "
        "unwilling to consider a phased approach." in by_quote
    )
    assert (
        "A shift in U.S. diplomatic strategy would not mean giving up on the ultimate\n\n"
        "goal of denuclearization." in by_quote
    )
    hit = by_quote[
        "To borrow from baseball, instead of swinging for a grand slam Trump should just try "
        "for a base hit."
    ]
    assert hit["note"] == "Small steps, as in the inter-Korean talks."
    assert hit["created"] == iso_utc(datetime(2024, 1, 1, 12, 1, 0))
    assert all(r["anchor"] == "anchored" for r in by_quote.values())
    # the essay's markup is kept around the words the Kindle showed
    essay = next(r for q, r in by_quote.items() if q.startswith("the refusal"))
    assert essay["quote"]["exact"].endswith("[this one](https://example.org/this-one).")


def test_importing_the_same_clippings_again_adds_nothing(store):
    library(store)
    import_foreign(store, kindle.parse(fixture_text()))
    before = sorted(r["id"] for r in store.all_annotations())
    again = import_foreign(store, kindle.parse(fixture_text()))
    assert (again.added, again.skipped) == (0, 7)
    assert sorted(r["id"] for r in store.all_annotations()) == before


def test_two_documents_with_the_books_title_are_reported_not_chosen(store, tmp_path):
    library(store)
    twin = tmp_path / "twin.md"
    twin.write_text(f"# {ESSAY_TITLE}\n\nA different text with the same title.\n", "utf-8")
    from summitreader.library.catalog import add

    add(store, [twin])
    text = entry(f"{ESSAY_TITLE} (Okafor, Ines)", hl("1-2"), "A pencil, a little patience")
    report = import_foreign(store, kindle.parse(text))
    assert report.added == 0
    assert f"2 documents in the library are titled {ESSAY_TITLE!r}" in report.unplaced[0]


def test_a_title_matches_without_its_subtitle_or_series_and_a_named_file_joins_the_library(
    store, tmp_path
):
    book_file = tmp_path / "oak.md"
    book_file.write_text(
        "# The Oak: A Life in Rings\n\nEvery ring is a year the tree survived.\n", "utf-8"
    )
    text = entry("The Oak (Tree Lives, Book 2) (Ana Wood)", hl("3-4"), "a year the tree survived")
    report = import_foreign(store, kindle.parse(text), [book_file])
    assert report.added == 1, report.unplaced
    (record,) = store.all_sources()
    assert record["title"] == "The Oak: A Life in Rings"  # remembered with its metadata


def test_the_quote_in_another_book_of_the_library_is_not_taken_for_this_one(store):
    library(store)
    words = GOMEZ.read_text(encoding="utf-8").split("\n\n")[6][:80]
    text = entry("Some Other Book (Someone)", hl("1-3"), words)
    report = import_foreign(store, kindle.parse(text))
    assert report.added == 0
    assert "no document in the library is titled 'Some Other Book'" in report.unplaced[0]
