"""sources/html_markdown.py: the HTML-to-Markdown walker EPUB chapters and the readability
fallback share. A real CommonMark parser (markdown-it-py) reads what it writes back."""

from __future__ import annotations

import html
import string

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from summitreader.sources.html_markdown import (
    MarkdownWriter,
    escape_text,
    html_to_markdown,
    parse_html,
)

MD = MarkdownIt("commonmark").enable("table")


def md(fragment: str, base_url: str = "") -> str:
    return html_to_markdown(f"<html><body>{fragment}</body></html>", base_url)


def visible(markdown: str) -> str:
    """The text a CommonMark reader shows for ``markdown``, whitespace collapsed."""
    rendered = MD.render(markdown)
    if not rendered.strip():
        return ""
    return " ".join(
        lxml.html.fragment_fromstring(rendered, create_parent="div").text_content().split()
    )


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        (
            "<h1>Title</h1><p>One.</p><h3>Sub <em>head</em></h3>",
            "# Title\n\nOne.\n\n### Sub *head*",
        ),
        ("<p>a <em>b</em> <strong>c</strong> <i><b>d</b></i></p>", "a *b* **c** ***d***"),
        ("<p>x<em> spaced </em>y</p>", "x *spaced* y"),
        ("<p>one<br>two<br/>three</p>", "one  \ntwo  \nthree"),  # hard breaks: lines stay
        (
            "<ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul>",
            "- one\n- two\n  - deep",
        ),  # tight
        ('<ol start="3"><li>c</li><li>d</li></ol>', "3. c\n4. d"),
        ("<blockquote><p>q1</p><p>q2</p></blockquote>", "> q1\n>\n> q2"),
        (
            '<pre><code class="language-python">x = 1\n\n```\ny = 2\n</code></pre>',
            "````python\nx = 1\n\n```\ny = 2\n````",
        ),
        ("<p>use <code>a`b</code> here</p>", "use ``a`b`` here"),
        ("<hr>", "---"),
        ("<p>see <a href='/x?a=1'>the page</a></p>", "see [the page](https://ex.org/x?a=1)"),
        ("<p><a href='javascript:void(0)'>click</a></p>", "click"),
        ("<p><a href='#top'>up</a></p>", "up"),
        ('<p><img src="/i.png" alt="A chart"></p>', "![A chart](https://ex.org/i.png)"),
        ('<img src="data:image/png;base64,AAAA" alt="inline">', "![inline](image)"),
        ("<p>*not em* _nor_ [x](y) `z` <b>ok</b></p>", r"\*not em\* \_nor\_ \[x\](y) \`z\` **ok**"),
        (
            "<p># not a heading</p><p>1. not a list</p><p>- nor</p><p>&gt; nor</p>",
            "\\# not a heading\n\n1\\. not a list\n\n\\- nor\n\n\\> nor",
        ),
        ("<p>&lt;b&gt; stays text, &amp;amp; too</p>", r"\<b> stays text, \&amp; too"),
        ("<script>bad()</script><style>p{}</style><nav>menu</nav><p>kept</p>", "kept"),
        ("<div>loose text <p>para</p> tail</div>", "loose text\n\npara\n\ntail"),
        ("<dl><dt>Term</dt><dd>Meaning</dd></dl>", "**Term**\n\nMeaning"),
        ("<p><q>quoted</q></p>", "“quoted”"),
        # runs of one style split around a link the extractor dropped read as one run
        ("<p><i>Follow on </i>\n <i>GitHub</i> <i>now</i></p>", "*Follow on GitHub now*"),
        ("<p><code>a</code> <code>b</code></p>", "`a` `b`"),  # two code spans stay two
    ],
)
def test_markdown_for_html(fragment: str, expected: str) -> None:
    assert md(fragment, "https://ex.org/a/") == expected


def test_a_data_table_becomes_a_gfm_table() -> None:
    out = md(
        "<table><tr><th>Year</th><th>Talks</th></tr><tr><td>2018</td><td>a|b</td></tr>"
        "<tr><td>2019</td></tr></table>"
    )
    assert out == "| Year | Talks |\n| --- | --- |\n| 2018 | a\\|b |\n| 2019 |  |"
    assert "<table>" in MD.render(out)


def test_spanned_cells_keep_the_later_cells_in_their_columns() -> None:
    out = md(
        "<table><tr><th>City</th><th>2010</th><th>2020</th></tr>"
        "<tr><td rowspan='2'>Paris</td><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr>"
        "<tr><td>Lyon</td><td colspan='2'>n/a</td></tr></table>"
    )
    assert out.splitlines()[2:] == ["| Paris | 1 | 2 |", "|  | 3 | 4 |", "| Lyon | n/a |  |"]


def test_a_title_row_across_the_table_reads_as_its_caption() -> None:
    out = md(
        "<table><tr><th colspan='2'>Talks by year</th></tr>"
        "<tr><th>Year</th><th>Talks</th></tr><tr><td>2018</td><td>4</td></tr></table>"
    )
    assert out == "Talks by year\n\n| Year | Talks |\n| --- | --- |\n| 2018 | 4 |"


@pytest.mark.parametrize("span", ["100000", "-3", "two", " 2 "])
def test_a_hostile_span_makes_no_empty_columns(span: str) -> None:
    out = md(
        f"<table><tr><td colspan='{span}' rowspan='{span}'>a</td><td>b</td></tr>"
        "<tr><td>c</td><td>d</td></tr></table>"
    )
    widths = {line.count("|") for line in out.splitlines()}
    assert widths <= {3, 4}, out


def test_a_layout_table_reads_as_blocks() -> None:
    out = md(
        "<table><tr><td><p>Left column text.</p><ul><li>item</li></ul></td>"
        "<td><p>Right column.</p></td></tr></table>"
    )
    assert out == "Left column text.\n\n- item\n\nRight column."


def test_anchors_name_the_block_that_holds_them() -> None:
    writer = MarkdownWriter(want_anchors=True)
    writer.write(
        parse_html(
            "<body><p>zero</p><h2 id='sec'>one</h2><p>two <span id='inline'>here</span></p></body>"
        )
    )
    assert writer.blocks == ["zero", "## one", "two here"]
    assert writer.anchors == {"sec": 1, "inline": 2}


def test_link_and_image_callbacks_decide_what_is_kept() -> None:
    writer = MarkdownWriter(link=lambda h: None if h.endswith(".xhtml") else h, image=str.upper)
    writer.write(
        parse_html(
            "<p><a href='ch2.xhtml'>next</a> <a href='https://x.org'>out</a> "
            "<img src='i.png' alt='i'></p>"
        )
    )
    assert writer.blocks == ["next [out](https://x.org) ![i](I.PNG)"]


def test_an_exclamation_mark_before_a_link_does_not_make_it_an_image() -> None:
    """Found by the property below: "!" then a link read as ![A](...), an image."""
    md = html_to_markdown('<p>Wow!<a href="https://ex.org/p_(1)">A</a></p>')
    html = MarkdownIt("commonmark").render(md)
    assert "<img" not in html and '<a href="https://ex.org/p_%281%29">A</a>' in html


def test_escape_text_leaves_plain_text_alone() -> None:
    assert escape_text("Plain words, and 3.5 numbers!") == "Plain words, and 3.5 numbers!"
    assert escape_text("#1 choice", line_start=True) == "\\#1 choice"
    assert escape_text("#1 choice") == "#1 choice"


# -- the property: what CommonMark shows is the HTML's text ------------------------------

_PLAIN = st.text(
    alphabet=string.ascii_letters + " *_`[]()<>#&!|-+=~\\.;:'\"1éß", min_size=1, max_size=25
)
_WORDS = (
    st.text(alphabet=string.ascii_letters + "é", min_size=1, max_size=8).map(str.strip).filter(bool)
)
_INNER = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)
_SEGMENT = st.one_of(
    _PLAIN.map(lambda t: ("", html.escape(t), t)),
    _INNER.map(lambda t: ("em", f"<em>{t}</em>", t)),
    _INNER.map(lambda t: ("strong", f"<strong>{t}</strong>", t)),
    st.text(alphabet="ab`*_ ", min_size=1, max_size=8)
    .map(lambda t: "x" + t.strip() + "x")
    .map(lambda t: ("code", f"<code>{html.escape(t)}</code>", t)),
    _INNER.map(lambda t: ("", f'<a href="https://ex.org/p_(1)">{t}</a>', t)),
)


def _paragraph(segments: list[tuple[str, str, str]]) -> tuple[str, str]:
    """(HTML, its text). An emphasis run touching a strong one gets a space between: with
    nothing between, no CommonMark delimiters can write the two (a known limit)."""
    source = text = ""
    prev = ""
    for kind, markup, plain in segments:
        if {prev, kind} == {"em", "strong"}:
            source, text = source + " ", text + " "
        source, text, prev = source + markup, text + plain, kind
    return source, text


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_SEGMENT, min_size=1, max_size=6), min_size=1, max_size=4))
def test_commonmark_shows_exactly_the_text_of_the_html(paragraphs: list) -> None:
    made = [_paragraph(p) for p in paragraphs]
    source = "".join(f"<p>{h}</p>" for h, _ in made)
    expected = " ".join(t for _, t in made)
    assert visible(md(source)) == " ".join(expected.split())


def test_touching_runs_of_one_style_merge() -> None:
    assert md("<p><em>a</em><em>b</em> <code>x</code><code>y</code></p>") == "*ab* `xy`"
    # runs parted by a block are not touching, whatever the list of pieces says
    assert md("<div><code>a</code><p>block</p> x<code>b</code></div>") == "`a`\n\nblock\n\nx`b`"


def test_a_bang_before_a_link_stays_a_bang_not_an_image() -> None:
    """ "Wow!" then a link: written "Wow\\![A](…)", or CommonMark reads an image."""
    source = '<p>Wow!<a href="https://ex.org/a">A</a></p>'
    assert visible(md(source)) == "Wow!A"
    assert "<img" not in MD.render(md(source))


def test_a_formula_whose_alttext_is_a_placeholder_is_written_out_from_its_mathml() -> None:
    out = md(
        '<p>Let <math alttext="Alternative text not available"><mi>n</mi><mo>×</mo>'
        "<mi>n</mi></math> be square, and <math><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo>"
        "<mfrac><mn>1</mn><mi>y</mi></mfrac><mo>=</mo><msqrt><mi>z</mi></msqrt></math>.</p>"
    )
    assert out == "Let `n×n` be square, and `x^{2} + (1)/(y) = √(z)`."


def test_a_formulas_tex_annotation_comes_before_its_alttext() -> None:
    out = md(
        '<p>See <math alttext="b sub one"><semantics><msub><mi>b</mi><mn>1</mn></msub>'
        '<annotation encoding="application/x-tex">b_1</annotation></semantics></math>.</p>'
    )
    assert out == "See `b_1`."


def test_a_stanza_of_line_divs_beside_a_quote_stays_one_block_of_lines() -> None:
    """The Waste Land: a line group holding a quoted stanza too was a paragraph per line."""
    out = md(
        "<div class='linegroup'><div>What are the roots that clutch,</div>"
        "<div>Out of this stony rubbish? Son of man,</div>"
        "<blockquote><div><div>Frisch weht der Wind</div><div>Der Heimat zu</div></div>"
        "</blockquote><div>“You gave me hyacinths</div><div>first a year ago;</div></div>"
    )
    assert out == (
        "What are the roots that clutch,  \nOut of this stony rubbish? Son of man,\n\n"
        "> Frisch weht der Wind  \n> Der Heimat zu\n\n“You gave me hyacinths  \nfirst a year ago;"
    )
