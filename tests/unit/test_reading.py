"""The reading view hides markup, and every visible character maps back to the text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.sources.text import load_source
from summitreader.text.reading_view import ReadingView
from summitreader.text.sanitize import visible
from tests.support.corpus import GOMEZ, LANDAU
from tests.support.view_checks import check_a_span_holds_its_chars, check_each_char_maps_to_itself


def shown(text: str) -> list[str]:
    view = ReadingView(text)
    return [view.rendered(i).text for i in range(len(view.blocks))]


def test_heading_marker_hidden_and_level_kept():
    view = ReadingView("## The Title ##\n\nBody.")
    assert view.blocks[0].kind == "heading" and view.blocks[0].level == 2
    assert view.rendered(0).text == "The Title"


def test_emphasis_links_autolinks_and_escapes_are_hidden():
    text = "Some *em* and **strong** with [a label](http://x.y/z) and <https://e.org> \\(INSS\\)."
    assert shown(text) == ["Some em and strong with a label and https://e.org (INSS)."]
    spans = ReadingView(text).rendered(0).spans
    assert {s.style for s in spans} == {"em", "strong", "link"}
    assert next(s for s in spans if s.style == "link").url == "http://x.y/z"


def test_intraword_underscores_and_lone_stars_stay():
    assert shown("snake_case_name and 2 * 3 * 4") == ["snake_case_name and 2 * 3 * 4"]


def test_markup_like_text_is_literal():
    assert shown("[bold]not bold[/] and [link=x]y[/link]") == [
        "[bold]not bold[/] and [link=x]y[/link]"
    ]


def test_controls_become_visible_symbols_one_for_one():
    view = ReadingView("a\x1b[2Jb\u202ec")
    out = view.rendered(0).text
    assert "\x1b" not in out and "\u202e" not in out
    assert len(out) == len("a\x1b[2Jb\u202ec")


def test_quote_blocks_and_lists():
    view = ReadingView("> quoted\n> more\n\n- one\n- two")
    kinds = [b.kind for b in view.blocks]
    assert kinds == ["quote", "list", "list"]
    assert view.rendered(0).text == "quoted more"
    assert view.rendered(1).text == "- one"


def test_landau_byline_shows_names_not_link_syntax():
    view = ReadingView(load_source(LANDAU).text)
    texts = [view.rendered(i).text for i in range(len(view.blocks))]
    assert "by Emily B. Landau Shimon Stein / May 2, 2019" in texts
    assert not any("](#)" in t for t in texts)


def test_every_visible_char_maps_to_its_source_char_in_samples():
    for path in (GOMEZ, LANDAU):
        text = load_source(path).text
        view = ReadingView(text)
        for i in range(len(view.blocks)):
            r = view.rendered(i)
            for v, ch in enumerate(r.text):
                assert visible(text[r.to_source(v)]) == ch


# Property tests -------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "word",
        "Ünï",
        "世界",
        " ",
        " ",
        "\n",
        "\n\n",
        "*",
        "**",
        "_",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "#",
        "`",
        "\\",
        "https://x.y",
        "-",
        "1.",
        "\x1b",
        "\t",
        "🙂",
        "e\u0301",
        "👩\u200d👩\u200d👧",  # a ZWJ family
        "👍🏽",  # a skin tone
        "שלום",  # right to left
        "\u202e",  # a bidi override
        "\x9b",  # a C1 control
        "[bold]",
        "[/]",
    ]
)
DOCS = st.lists(PIECES, max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(DOCS)
def test_visible_chars_map_to_the_same_source_chars(text):
    view = ReadingView(text)
    for i in range(len(view.blocks)):
        check_each_char_maps_to_itself(view, i)


@settings(max_examples=300, deadline=None)
@given(DOCS, st.data())
def test_any_visible_span_maps_to_a_source_slice_holding_those_chars(text, data):
    check_a_span_holds_its_chars(ReadingView(text), data)
