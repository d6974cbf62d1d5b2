import pytest

from summitreader.sources.text import load_source
from summitreader.text.metadata import parse_date, sniff
from tests.support.corpus import GOMEZ, LANDAU


def test_landau_stein():
    meta = sniff(load_source(LANDAU).text)
    assert meta.title == "How to Prepare for a Third U.S.-North Korea Summit"
    assert meta.authors == ("Emily B. Landau", "Shimon Stein")
    assert meta.author == "Emily B. Landau and Shimon Stein"
    assert meta.date == "2019-05-02"


def test_gomez():
    meta = sniff(load_source(GOMEZ).text)
    assert meta.title == "The Second Trump-Kim Summit: The Devil Is in the Details"
    assert meta.authors == ("Eric Gomez",)
    assert meta.date == "2019-01-23"


def test_front_matter_wins():
    text = (
        '---\ntitle: "Real Title"\nauthor: [Ada Lovelace, Charles Babbage]\n'
        "date: 1843-07-01\n---\n# Other\n"
    )
    meta = sniff(text)
    assert meta.title == "Real Title"
    assert meta.authors == ("Ada Lovelace", "Charles Babbage")
    assert meta.date == "1843-07-01"


def test_by_line_with_and():
    meta = sniff("A Title\n\nBy Jane Roe and John Doe\n\n3 March 2020\n\nBody text here.")
    assert meta.authors == ("Jane Roe", "John Doe")
    assert meta.date == "2020-03-03"


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("May 2, 2019", "2019-05-02"),
        ("January 23, 2019", "2019-01-23"),
        ("Sept. 9 2001", "2001-09-09"),
        ("2019-1-5", "2019-01-05"),
        ("31 February 2020", ""),
        ("no date here", ""),
    ],
)
def test_parse_date(line, iso):
    assert parse_date(line) == iso


def test_body_sentence_is_not_an_author():
    meta = sniff("Title\n\nThe Trump administration is unwilling to move.\n\nMore text.")
    assert meta.authors == ()


# Real-world article openings: bylines, datelines, captions, navigation, and sentences
# that only start like a byline. Each is (the lines after the title, the authors).
OPENINGS = [
    ("By Jane Roe", ("Jane Roe",)),
    ("BY JOHN SMITH", ("JOHN SMITH",)),
    ("By: Jane Roe", ("Jane Roe",)),
    ("By Jane Roe and John Doe", ("Jane Roe", "John Doe")),
    ("By Jane Roe, John Doe and Ada Lovelace", ("Jane Roe", "John Doe", "Ada Lovelace")),
    ("By Jane Roe, Staff Writer", ("Jane Roe",)),
    ("By Jane Roe, Senior Correspondent", ("Jane Roe",)),
    ("By Jane Roe — March 3, 2020", ("Jane Roe",)),
    ("By Jane Roe | Reuters", ("Jane Roe",)),
    ("By Jane Roe and John Doe · 5 min read", ("Jane Roe", "John Doe")),
    ("By Dr. Jane Roe", ("Dr. Jane Roe",)),
    ("By Ana de la Cruz", ("Ana de la Cruz",)),
    ("By Ludwig van Beethoven", ("Ludwig van Beethoven",)),
    ("By J.R.R. Tolkien", ("J.R.R. Tolkien",)),
    ("By Sarah O'Neil", ("Sarah O'Neil",)),
    ("By Jean-Paul Sartre", ("Jean-Paul Sartre",)),
    ("By José Álvarez", ("José Álvarez",)),
    ("Written by Maria García", ("Maria García",)),
    ("Story by Kwame Mensah", ("Kwame Mensah",)),
    ("*By Jane Roe*", ("Jane Roe",)),
    ("Emily B. Landau and Shimon Stein", ("Emily B. Landau", "Shimon Stein")),
    ("Jane Roe\n\nMarch 3, 2020", ("Jane Roe",)),
    ("By the end of the decade, the city had doubled in size.", ()),
    ("By 2030, emissions must fall by half.", ()),
    ("By contrast, the northern provinces grew.", ()),
    ("By Monday, the talks had collapsed and both sides left the capital.", ()),
    ("By the Editorial Board", ()),
    ("By any measure, the reform failed.", ()),
    ("Table Of Contents", ()),
    ("Table of Contents\n\nIntroduction", ()),
    ("Photo: Getty Images", ()),
    ("Image Credit: Jane Roe", ()),
    ("WASHINGTON (Reuters) - Lawmakers on Tuesday passed the bill.", ()),
    ("Updated March 3, 2020", ()),
    ("Advertisement", ()),
    ("Share This Article", ()),
    ("Sign Up For Our Newsletter", ()),
    ("Listen To This Article", ()),
    ("Home » News » Politics", ()),
    ("From Wikipedia, the free encyclopedia", ()),
    ("Abstract", ()),
    ("Chapter One", ()),
    ("The Associated Press", ()),
    ("Posted on March 3, 2020 by admin", ()),
    ("Jane Roe is a senior fellow at the institute.", ()),
    ("Opinion", ()),
    ("5 Min Read", ()),
]


@pytest.mark.parametrize(("opening", "authors"), OPENINGS)
def test_author_lines_are_short_and_name_like(opening, authors):
    meta = sniff(f"A Title Line\n\n{opening}\n\nThe first paragraph of the article begins here.")
    assert meta.authors == authors


def test_the_openings_table_is_long_enough():
    assert len(OPENINGS) >= 40
    assert sum(1 for _, authors in OPENINGS if not authors) >= 20


@pytest.mark.parametrize(
    ("first", "title"),
    [
        ("- item 0", "item 0"),
        ("> > quoted words", "quoted words"),
        ("12. Numbered", "Numbered"),
        ("## Real Heading", "Real Heading"),
        ("#hashtag at the start", "#hashtag at the start"),
    ],
)
def test_a_titles_markdown_markers_are_not_part_of_it(first: str, title: str) -> None:
    assert sniff(first + "\n\nBody text.\n").title == title


def test_a_text_on_one_long_line_has_no_title_taken_from_it() -> None:
    line = "word " * 400_000  # 2 MB: as title it was stored in full and exported three times
    assert sniff(line).title == ""
    meta = sniff("---\ntitle: " + "y" * 5000 + "\n---\nBody.\n")
    assert len(meta.title) <= 200 and meta.title.endswith("…")


@pytest.mark.parametrize(
    ("value", "title"),
    [
        ('"Caf\\u00e9 \\"quoted\\" a\\\\b"', 'Café "quoted" a\\b'),
        ("'It''s here'", "It's here"),
        ('"\\U0001F600 \\x41"', "😀 A"),
        ('"half \\ud800 pair"', "half \ufffd pair"),
        ("plain \\u00e9", "plain \\u00e9"),
    ],
)
def test_a_quoted_front_matter_title_is_read_as_yaml_reads_it(value: str, title: str) -> None:
    assert sniff(f"---\ntitle: {value}\n---\nBody.\n").title == title


@pytest.mark.parametrize(
    "authors",
    [("W3C® (MIT, ERCIM, Keio)",), ("Procter & Gamble",), ("Ada Byron",), ("A. Roe", "B. Doe")],
)
def test_the_authors_a_converter_writes_are_the_authors_the_reader_reads(authors):
    """Before: one author holding a comma was written as a scalar, which the reader split
    into three ("W3C® (MIT, ERCIM and Keio)" in `list`)."""
    from summitreader.sources.converted import front_matter

    assert sniff(front_matter("A Title", authors) + "Text.\n").authors == authors


def test_a_scalar_author_line_written_by_hand_still_names_each_person():
    text = "---\nauthor: Jane Roe and John Doe\n---\n\nText.\n"
    assert sniff(text).authors == ("Jane Roe", "John Doe")


@pytest.mark.parametrize(
    "head",
    [
        "[![PyPI](https://img.shields.io/pypi/v/rich)](https://pypi.org/project/rich/) "
        "[![codecov](https://img.shields.io/codecov/c)](https://codecov.io/gh/x)\n\n"
        "![Logo](https://example.org/logo.svg)\n\n",
        '<p align="center">\n  <img src="logo.svg" alt="Logo">\n</p>\n\n',
        "[English](README.md)\n • [日本語](README.ja.md)\n • [Deutsch](README.de.md)\n\n",
    ],
)
def test_a_readmes_badges_logo_and_language_links_are_not_its_title(head):
    meta = sniff(head + "# Rich\n\nRich is a Python library for rich text in the terminal.\n")
    assert meta.title == "Rich"


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: Marie Curie\nsite: Wikipedia\n---\n\n# Marie Curie\n\nMarie Curie was a "
        "physicist and chemist who conducted pioneering research on radioactivity.\n",
        "# Ada Lovelace\n\n## Early life\n\nShe was born in London in 1815.\n",
    ],
)
def test_the_title_again_or_a_heading_is_not_an_author(text):
    """Before: a converted page with no byline had its ``# Title`` line (a name, for an
    article about a person) taken for its author; and so was a section heading."""
    assert sniff(text).authors == ()


@pytest.mark.parametrize(
    ("given", "shown"),
    [("1869", "1869"), ("0780", "0780"), ("1500-03", "1500-03"), ("2020-13", "")],
)
def test_a_year_or_a_month_in_front_matter_is_the_date(given, shown):
    """Before: a book's year alone ("date: 1869", as an EPUB gives it) was no date, and the
    library said "no date" while the title block showed the year."""
    assert sniff(f'---\ntitle: War and Peace\ndate: "{given}"\n---\n\nText.\n').date == shown


def test_a_plain_books_part_and_chapter_lines_are_its_outline_and_not_its_title(tmp_path):
    """Before: War and Peace as a text file had no outline ("no headings to list") and
    was titled "BOOK ONE: 1805" in the library, the H screen and its export's file name."""
    from summitreader.sources.text import load_source
    from summitreader.text.document import Document

    book = tmp_path / "war-and-peace.txt"
    book.write_text(
        'BOOK ONE: 1805\n\n\nCHAPTER I\n\n"Well, Prince, so Genoa and Lucca are now just '
        "family estates.\"\n\nChapter and verse were quoted.\n\nCHAPTER II\n\nAnna Pávlovna's "
        "drawing room was gradually filling.\n\nFIRST EPILOGUE: 1813 - 20\n\nSeven years "
        "had passed.\n",
        encoding="utf-8",
    )
    doc = Document(load_source(book))
    assert [(e.title, e.level) for e in doc.outline] == [
        ("BOOK ONE: 1805", 1),
        ("CHAPTER I", 2),
        ("CHAPTER II", 2),
        ("FIRST EPILOGUE: 1813 - 20", 1),
    ]
    assert doc.title == "war-and-peace"
