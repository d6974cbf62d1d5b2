import pytest

from summitreader.metadata import parse_date, sniff
from summitreader.source import load_source

from .conftest import GOMEZ, LANDAU


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
