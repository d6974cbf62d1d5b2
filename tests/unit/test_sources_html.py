"""sources/html.py: a page's article as Markdown, its metadata as front matter the reader
reads, and a clear refusal for pages that hold no article."""

from __future__ import annotations

import codecs
import string

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitreader.sources.converted import NoArticleError, front_matter, titled, yaml_scalar
from summitreader.sources.html import (
    declared_charset,
    decode_html,
    extract_article,
    people,
    without_site,
)
from summitreader.text.metadata import front_matter_span, sniff
from tests.support.web_pages import (
    BOILERPLATE,
    PARAGRAPHS,
    article_page,
    javascript_shell,
    navigation_only,
    paywall_page,
)

URL = "https://news.example.com/2019/02/devil"


def _article_with(extra: str) -> str:
    """The Markdown of the test article with ``extra`` HTML inside it."""
    return extract_article(article_page(extra_article_html=extra).encode(), URL).markdown


def _front(markdown: str) -> dict:
    span = front_matter_span(markdown)
    assert span is not None and span[0] == 0
    return yaml.safe_load(markdown[span[0] : span[1]].strip("-\n"))


def test_the_article_is_kept_and_the_page_around_it_is_not() -> None:
    converted = extract_article(article_page().encode(), URL)
    for para in PARAGRAPHS:
        assert para in converted.markdown
    for furniture in BOILERPLATE:
        assert furniture not in converted.markdown
    assert converted.extractor == "trafilatura"
    assert converted.extractor_version[0].isdigit()


def test_metadata_goes_to_front_matter_that_the_reader_reads() -> None:
    converted = extract_article(article_page().encode(), URL)
    assert (converted.title, converted.authors) == ("The Devil Is in the Details", ("Jane Roe",))
    assert (converted.date, converted.site) == ("2019-02-20", "Example News")
    assert _front(converted.markdown) == {
        "title": "The Devil Is in the Details",
        "author": "Jane Roe",
        "date": "2019-02-20",
        "site": "Example News",
        "source": URL,
    }
    meta = sniff(converted.markdown)
    assert (meta.title, meta.authors, meta.date) == (
        "The Devil Is in the Details",
        ("Jane Roe",),
        "2019-02-20",
    )


def test_the_text_starts_with_the_title_as_a_heading() -> None:
    converted = extract_article(article_page().encode(), URL)
    span = front_matter_span(converted.markdown)
    assert span is not None
    assert converted.markdown[span[1] :].lstrip("\n").startswith("# The Devil Is in the Details\n")


def test_the_title_heading_is_added_only_when_missing() -> None:
    kept = ["# Own Title\n\nText.", "## The Title\n\nText."]  # the page's h1, or the title
    for body in kept:
        assert titled(body, "The Title") == body
    for body in ["## Introduction\n\nText.", "Text."]:
        assert titled(body, "The Title") == "# The Title\n\n" + body
        assert titled(body, "") == body


def test_links_images_and_emphasis_stay_markdown() -> None:
    extra = (
        '<p>See <a href="/report.pdf">the full report</a> and <em>read it</em> '
        "with <strong>care</strong>, because the numbers in it matter a great deal.</p>"
        '<figure><img src="/img/table.jpg" alt="The negotiating table"></figure>'
    )
    converted = extract_article(article_page(extra_article_html=extra).encode(), URL)
    assert "[the full report](https://news.example.com/report.pdf)" in converted.markdown
    assert "*read it*" in converted.markdown and "**care**" in converted.markdown
    assert "![The negotiating table](https://news.example.com/img/table.jpg)" in converted.markdown


def test_a_paywall_stub_is_refused_with_a_way_out() -> None:
    with pytest.raises(NoArticleError) as caught:
        extract_article(paywall_page().encode(), URL)
    message = str(caught.value)
    assert message.startswith(f"{URL}: no article text found (it looks like a paywall")
    assert "save the page from your browser and open the saved file" in message
    assert "\n" not in message


def test_a_javascript_shell_is_refused_naming_javascript() -> None:
    with pytest.raises(NoArticleError, match="builds its text with JavaScript"):
        extract_article(javascript_shell().encode(), URL)


def test_a_page_of_links_is_refused() -> None:
    with pytest.raises(NoArticleError, match="only navigation, links or too little text"):
        extract_article(navigation_only().encode())


def test_readability_reads_what_trafilatura_is_told_to_skip() -> None:
    converted = extract_article(article_page().encode(), URL, extractor="readability-lxml")
    assert converted.extractor == "readability-lxml"
    assert converted.extractor_version.endswith("+md9")
    for para in PARAGRAPHS:
        assert para in converted.markdown
    assert converted.title == "The Devil Is in the Details"
    assert "Quokkanav" not in converted.markdown and "trackingPixelZeta" not in converted.markdown


def test_readability_takes_over_when_trafilatura_finds_nothing() -> None:
    """trafilatura drops every <aside> as furniture, so an essay a site wraps in one is
    nothing to it; readability-lxml scores the text and keeps it."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (
        "<html><head><title>An Essay in a Box</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><aside><h2>An Essay in a Box</h2>{body}</aside>"
        "</body></html>"
    )
    converted = extract_article(page.encode(), URL)
    assert converted.extractor == "readability-lxml"
    for para in PARAGRAPHS:
        assert para in converted.markdown
    assert converted.title == "An Essay in a Box"
    assert sniff(converted.markdown).title == "An Essay in a Box"


def test_the_bar_for_an_article_can_be_raised() -> None:
    page = article_page(PARAGRAPHS[:2]).encode()
    assert extract_article(page, URL, min_words=10).extractor == "trafilatura"
    with pytest.raises(NoArticleError):
        extract_article(page, URL, min_words=500)


def test_xhtml_with_an_xml_declaration_reads() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + article_page()
    converted = extract_article(page, URL)  # str: lxml refuses str with a declaration
    assert PARAGRAPHS[0] in converted.markdown


# -- charsets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "content_type", "codec"),
    [
        (b"<meta charset='utf-8'>", "text/html; charset=windows-1252", "cp1252"),
        (b'<meta charset="ISO-8859-1">', "", "cp1252"),  # as browsers read Latin-1
        (b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">', "", "koi8_r"),
        (b"<?xml version='1.0' encoding='ISO-8859-15'?><html/>", "", "iso8859_15"),
        (b"<meta charset=no-such-charset>", "", None),
        (b"<p>nothing declared</p>", "text/html", None),
    ],
)
def test_declared_charset(data: bytes, content_type: str, codec: str | None) -> None:
    assert declared_charset(data, content_type) == codec


def test_decode_html_prefers_a_byte_order_mark_then_utf8_then_cp1252() -> None:
    text = "<p>“café” — 5 €</p>"
    assert decode_html(codecs.BOM_UTF8 + text.encode(), "charset=latin-1") == (text, "utf-8-sig")
    assert decode_html(text.encode("utf-16")) == (text, "utf-16")
    assert decode_html(text.encode()) == (text, "utf_8")
    assert decode_html(text.encode("cp1252")) == (text, "cp1252")
    assert decode_html(b"\xff\xfe"[:1] + b"x")[0] == "ÿx"


def test_decode_html_checks_a_declared_charset_against_the_bytes() -> None:
    text = "<p>“Café” — 5 € à la crème</p>"
    latin = text.encode("cp1252")
    assert decode_html(latin, "text/html; charset=utf-8") == (text, "cp1252")
    assert decode_html(b"<meta charset=utf-8>" + latin)[0].endswith(text)
    assert decode_html(text.encode(), "text/html; charset=iso-8859-1") == (text, "utf_8")
    stray = text.encode()[:-4] + b"\xe9" + text.encode()[-4:]  # one Latin-1 byte in UTF-8
    decoded, codec = decode_html(stray, "text/html; charset=utf-8")
    assert codec == "utf_8" and decoded.count("\ufffd") == 1 and "Café" in decoded
    assert decode_html("Добрый день".encode("koi8-r"), "charset=koi8-r")[0] == "Добрый день"


# -- front matter ----------------------------------------------------------------------


TRICKY = [
    "Plain Title",
    "Title: with a colon",
    '"Quoted" words',
    "It's an apostrophe",
    "Both 'single' and \"double\"",
    "#hashtag start",
    "- dash start",
    "yes",
    "2019",
    "C:\\path\\name",
    "[brackets] and {braces}",
    "trailing space ",
    "Ünïcödé — “quotes”",
    "line\nbreak\tand\x1bcontrol",
]


@pytest.mark.parametrize("value", TRICKY)
def test_yaml_scalars_read_back_the_same_in_yaml_and_in_sniff(value: str) -> None:
    expected = " ".join(value.replace("\x1b", " ").split())
    text = front_matter(value, (value,), source="https://x.example/a?b=c#d")
    loaded = yaml.safe_load(text.strip().strip("-"))
    author = loaded["author"]  # a list of one when the name holds "and" or a comma
    assert loaded["title"] == expected and author in (expected, [expected])
    assert loaded["source"] == "https://x.example/a?b=c#d"
    if not ("'" in value and '"' in value):  # the one case sniff's small reader cannot undo
        assert sniff(text + "Body.").title == expected
    assert "\n" not in yaml_scalar(value)


def test_several_authors_are_a_list_both_readers_see() -> None:
    text = front_matter("T", ("Ada Byron", "Grace Hopper"))
    assert yaml.safe_load(text.strip().strip("-"))["author"] == ["Ada Byron", "Grace Hopper"]
    assert sniff(text + "Body.").authors == ("Ada Byron", "Grace Hopper")


# -- the property: the article in, the page around it out ------------------------------

_WORDS = st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=10)
_SENTENCE = st.lists(_WORDS, min_size=8, max_size=20).map(
    lambda ws: ws[0].capitalize() + " " + " ".join(ws[1:]) + "."
)
_PARAGRAPH = st.lists(_SENTENCE, min_size=2, max_size=4).map(" ".join)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(_PARAGRAPH, min_size=3, max_size=7, unique=True))
def test_every_article_paragraph_is_extracted_and_no_furniture(paragraphs: list[str]) -> None:
    converted = extract_article(article_page(paragraphs).encode(), URL)
    for para in paragraphs:
        assert para in converted.markdown
    for furniture in BOILERPLATE:
        assert furniture not in converted.markdown


@pytest.mark.parametrize(
    "sentence",
    [
        "東京の水道管は古く、多くの都市で交換が必要とされている。専門家は投資を求める。",
        "ท่อประปาในเมืองเก่าหลายแห่งต้องเปลี่ยนใหม่ในอีกยี่สิบปีข้างหน้าตามที่ผู้เชี่ยวชาญกล่าว",
    ],
)
def test_an_article_in_a_script_without_spaces_is_not_taken_for_too_little_text(sentence):
    """Before: one run of kana and Han was one word, so a whole article was 'too little'."""
    paras = [f"{sentence}（{n}）" for n in range(6)]
    body = "".join(f"<p>{p}</p>" for p in paras)
    page = f"<html><head><title>T</title></head><body><article>{body}</article></body></html>"
    converted = extract_article(page.encode(), "http://127.0.0.1/ja.html")
    assert all(p in converted.markdown for p in paras)


def test_a_menu_in_a_script_without_spaces_is_still_too_little():
    nav = "<nav><a href='/'>ホーム</a> <a href='/a'>記事</a></nav>"
    page = f"<html><body>{nav}<p>短い。</p></body></html>"
    with pytest.raises(NoArticleError, match="too little text"):
        extract_article(page.encode(), "http://127.0.0.1/menu.html")


def test_a_bare_pre_keeps_its_lines_as_a_code_block():
    """Before: a <pre> without <code> became a paragraph with its brackets escaped."""
    lines = ["[server]", "  port = 8080", '  host = "0.0.0.0"  # everywhere', "[limits]"]
    pre = "<pre class='config'>" + "\n".join(lines) + "\n</pre>"
    paras = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = f"<html><body><article>{paras}{pre}{paras}</article></body></html>"
    markdown = extract_article(page.encode(), URL).markdown
    block = "```\n" + "\n".join(lines) + "\n```"
    assert block in markdown and "\\[" not in markdown


def test_quotes_captions_numbers_and_code_keep_their_shape():
    """Before: trafilatura's own Markdown dropped the quote's bar, the caption's first words,
    an ordered list's numbers and the blank lines in code."""
    extra = (
        "<blockquote><p>Nothing about this summit was settled before the leaders met.</p>"
        "</blockquote>"
        '<figure><img src="/img/map.png" alt="A map">'
        "<figcaption>Figure 2: the <em>border</em> as drawn in 1953.</figcaption></figure>"
        "<ol><li>Freeze production first</li><li>Inspect the sites second</li></ol>"
        "<p>Call <code>verify()</code> before you sign anything at all.</p>"
        "<pre><code>first()\n\n    second()\n</code></pre>"
        "<p>Roses are red<br>violets are blue</p>"
    )
    markdown = _article_with(extra)
    assert "> Nothing about this summit was settled before the leaders met." in markdown
    assert "Figure 2: the *border* as drawn in 1953." in markdown
    assert "1. Freeze production first\n2. Inspect the sites second" in markdown
    assert "Call `verify()` before you sign" in markdown
    assert "```\nfirst()\n\n    second()\n```" in markdown
    assert "Roses are red  \nviolets are blue" in markdown


def test_a_menu_the_extractor_runs_into_one_paragraph_is_still_a_menu():
    items = "".join(
        f'<li><a href="/s/{i}">Headline of story number {i} today</a></li>' for i in range(40)
    )
    page = f"<html><body><div><ul>{items}</ul></div></body></html>"
    with pytest.raises(NoArticleError, match="only navigation, links"):
        extract_article(page.encode(), URL)


def test_an_article_that_links_as_it_goes_is_not_a_menu():
    paras = [
        f'{p} <a href="/more/{i}">Read the earlier story</a> for context.'
        for i, p in enumerate(PARAGRAPHS)
    ]
    body = "".join(f"<p>{p}</p>" for p in paras)
    page = f"<html><body><article>{body}</article></body></html>"
    markdown = extract_article(page.encode(), URL).markdown
    assert "[Read the earlier story](https://news.example.com/more/0)" in markdown


def test_a_space_between_two_links_is_kept():
    """Before: trafilatura dropped the space in ``</sup> <a>``, and a Wikipedia page read
    "research,[2]music analysis"."""
    extra = (
        '<p>It is used in <a href="/sec">security</a> research,<sup class="reference">'
        '<a href="#n2">[2]</a></sup> <a href="/music">music analysis</a> and '
        "<em>many</em> <strong>other</strong> fields of study that we need not list here.</p>"
    )
    markdown = _article_with(extra)
    assert "research,\\[2\\] [music analysis]" in markdown  # an in-page link: its text
    assert "*many* **other** fields" in markdown


@pytest.mark.parametrize(
    "byline", ["View all posts by Jane Roe", "By Jane Roe", "Written by Jane Roe", "Jane Roe"]
)
def test_the_author_is_the_name_without_the_themes_words_around_it(byline):
    converted = extract_article(article_page(author=byline).encode(), URL)
    assert converted.authors == ("Jane Roe",)


def test_a_name_that_starts_like_by_is_kept_whole():
    assert extract_article(article_page(author="Byron Kay").encode(), URL).authors == ("Byron Kay",)


def test_a_formula_is_kept_as_its_tex():
    """Before: trafilatura dropped MathML, and Wikipedia's hidden formula with its image:
    "a set of high-dimensional objects , t-SNE"."""
    formula = (
        '<span class="mwe-math-element"><span class="mwe-math-mathml-inline" '
        'style="display: none;"><math alttext="{\\displaystyle x_{i} &lt; N}"><mi>x</mi>'
        '</math></span><img src="/m.svg" class="mwe-math-fallback-image-inline" alt="x"></span>'
    )
    extra = f"<p>Given the points {formula} we compute their distances to one another.</p>"
    markdown = _article_with(extra)
    assert "Given the points `x_{i} < N` we compute" in markdown
    assert "m.svg" not in markdown


def test_what_a_page_hides_or_marks_as_furniture_is_left_out():
    extra = (
        '<h2>Details<span class="mw-editsection">[<a href="/edit">edit</a>]</span></h2>'
        '<p><a class="skip-link screen-reader-text" href="#c">Skip to content</a>'
        "The details of the plan were settled over three long rounds of talks in the spring."
        '<span class="sr-only">Opens in a new window</span></p>'
    )
    markdown = _article_with(extra)
    assert "## Details\n" in markdown and "The details of the plan were settled" in markdown
    for unseen in ("edit", "Skip to content", "Opens in a new window"):
        assert unseen not in markdown


def test_text_loose_in_a_div_between_double_breaks_keeps_its_paragraphs_whole():
    """A blog's post body (text straight in a <div>, paragraphs parted by <br><br>):
    trafilatura split a paragraph at each link and lost the space after it."""
    post = (
        "<div class='post-body'>\nThe release is out. &nbsp;See "
        "<a href='https://example.org/new'>what is new</a> for more information.<br />\n"
        "<br />\nYou can download it <a href='https://example.org/get'>here</a>. "
        "Packages follow soon,<br />\nline two of the same paragraph.<br />\n"
        "<div><br /></div>\n<div>We hope you enjoy it.</div></div>"
    )
    paras = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = f"<html><body><article>{paras}{post}</article></body></html>"
    markdown = extract_article(page.encode(), URL).markdown
    blocks = markdown.split("\n\n")
    assert (
        "The release is out. See [what is new](https://example.org/new) for more information."
        in blocks
    )
    assert (
        "You can download it [here](https://example.org/get). Packages follow soon,  \n"
        "line two of the same paragraph." in blocks
    )


def test_a_saved_pages_relative_links_lead_to_its_canonical_address():
    link = "<p>Read <a href='/wiki/Other_page'>the other page</a> and the rest.</p>"
    paras = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (
        "<html><head><link rel='canonical' href='https://en.example.org/wiki/This_page'>"
        f"</head><body><article>{paras}{link}</article></body></html>"
    )
    markdown = extract_article(page.encode(), name="saved.html").markdown
    assert "[the other page](https://en.example.org/wiki/Other_page)" in markdown
    assert "source:" not in markdown  # a file's source is the file, not the address it names


@pytest.mark.parametrize(
    ("title", "site", "address", "expected"),
    [
        (
            "Testing Django Post Mortem | Caktus Group",
            "Caktus Group",
            "",
            "Testing Django Post Mortem",
        ),
        ("Berlin confronts its past | DW | 19.01.2020", "DW.COM", "", "Berlin confronts its past"),
        ("What is Rust? - Stack Overflow Blog", "Stack Overflow Blog", "", "What is Rust?"),
        (
            "SPIEGEL | Der Albtraum ist jetzt vorbei",
            "",
            "https://www.spiegel.de/a",
            "Der Albtraum ist jetzt vorbei",
        ),
        ("War and Peace - Part One", "Gutenberg", "", "War and Peace - Part One"),
        ("Heise: Lithium - a story | heise online", "heise online", "", "Heise: Lithium - a story"),
        ("Python - the good parts", "Python", "", "Python - the good parts"),
    ],
)
def test_a_title_loses_the_sites_name_and_date_around_it(title, site, address, expected):
    assert without_site(title, site, address) == expected


def test_the_title_repeated_below_a_date_line_reads_once():
    body = "October 22, 2019 report\n\n# Flint tool : new evidence\n\nThe team found it."
    assert titled(body, "Flint tool: new evidence") == (
        "# Flint tool: new evidence\n\nOctober 22, 2019 report\n\nThe team found it."
    )
    linked = "## [Flint tool](/2019/flint)\n\nThe team found it."
    assert titled(linked, "Flint tool") == linked  # its own heading, a link to itself


@pytest.mark.parametrize(
    ("authors", "site", "address", "expected"),
    [
        (("SPIEGEL ONLINE", "Hamburg", "Germany"), "SPIEGEL ONLINE, Hamburg, Germany", "", ()),
        (("Süddeutsche de GmbH", "Munich", "Germany"), "Süddeutsche.de", "", ()),
        (
            ("Zeitung GmbH", "Ben Fischer", "Marc Theurer"),
            "Zeitung",
            "",
            ("Ben Fischer", "Marc Theurer"),
        ),
        (
            ("Denis Dilba", "Heise Online"),
            "Technology Review",
            "https://heise.de/x",
            ("Denis Dilba",),
        ),
        (("John Smith",), "John Smith", "https://johnsmith.com", ("John Smith",)),
        (("Cher", "Madonna"), "Pop", "", ("Cher", "Madonna")),
    ],
)
def test_a_pages_authors_are_people_not_its_publisher(authors, site, address, expected):
    assert people(authors, site, address) == expected


def test_a_sites_furniture_blocks_are_left_out():
    furniture = (
        "<p><a href='http://x/#disqus_thread'>View Comments</a></p>"
        "<p><a href='https://disqus.com'>blog comments powered by Disqus</a></p>"
        "<p>Slideshow ( 15 images )</p>"
    )
    paras = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = f"<html><body><article>{paras}{furniture}</article></body></html>"
    markdown = extract_article(page.encode(), URL).markdown
    assert "Comments" not in markdown and "Slideshow" not in markdown
    assert all(p in markdown for p in PARAGRAPHS)


def test_a_description_list_reads_as_terms_and_descriptions_not_bullets():
    """Before: trafilatura's <list rend="dl"> became a bulleted list, so a formula that a
    wiki indents with <dl><dd> read as a lone bullet, and each term as a list item."""
    extra = (
        "<dl><dd><span>E = mc2</span></dd></dl>"
        "<p>The terms below are used throughout the rest of this article on the summit.</p>"
        "<dl><dt>Freeze</dt><dd>No new material is produced at any of the sites.</dd>"
        "<dt>Verify</dt><dd>Inspectors see every site that was declared.</dd></dl>"
    )
    markdown = _article_with(extra)
    lines = markdown.splitlines()
    assert "E = mc2" in lines
    assert "**Freeze**" in lines and "**Verify**" in lines
    assert "No new material is produced at any of the sites." in lines
    assert not [line for line in lines if line.startswith(("- ", "* ", "+ "))]


SHORT_PAGE = """<html><head><title>Small Things | Site</title></head><body>
<header class="site-header"><a href="/">Example Site</a></header>
<nav><a href="/">Home</a> <a href="/about">About</a> <a href="/blog">Blog</a></nav>
<article><header><h1>Small Things</h1></header>
<p>Short notes can still matter to a reader who keeps them.</p>
<p>Here are three reasons to read slowly:</p>
<ul><li>You remember more.</li><li>You notice the argument.</li><li>You can disagree.</li></ul>
<p>That is all for today.</p></article>
<aside class="ad">Buy our premium plan now for only $5 a month, limited offer!</aside>
<div id="newsletter-signup">Get the best stories in your inbox every single week.</div>
<div role="contentinfo">Copyright 2026 Example Site. All rights reserved. Privacy. Terms.</div>
</body></html>"""


def test_readability_leaves_a_short_pages_furniture_out():
    """Before: on a page too short for trafilatura's bar, readability kept the ad, the
    sign-up box and the footer (nothing outweighed them), and their words carried the
    page over the bar, furniture and all."""
    from summitreader.sources.html import _readability

    markdown, _ = _readability(SHORT_PAGE, URL)
    for kept in ("Short notes can", "- You notice the argument.", "all for today"):
        assert kept in markdown
    for furniture in ("premium plan", "inbox", "Copyright", "About", "Example Site"):
        assert furniture not in markdown
    # 35 words, under the bar, but the page's one <article>: read (a README, a short note
    # were refused), its furniture still left out
    short = extract_article(SHORT_PAGE.encode(), URL).markdown
    assert "Short notes can" in short and "all for today" in short
    assert "premium plan" not in short and "Copyright" not in short
    teaser = SHORT_PAGE.replace("That is all for today.", "Subscribe to continue reading.")
    with pytest.raises(NoArticleError, match="paywall"):
        extract_article(teaser.encode(), URL)  # a page that says it is a teaser is not


# A page's footnotes as blog engines, Wikipedia and Substack set them: (a mark, the notes).
FOOTNOTE_STYLES = {
    "hugo": (
        '<sup id="fnref:{n}"><a href="#fn:{n}" class="footnote-ref" role="doc-noteref">{n}</a>'
        "</sup>",
        '<div class="footnotes" role="doc-endnotes"><hr><ol>{items}</ol></div>',
        '<li id="fn:{n}"><p>{note}&#160;<a href="#fnref:{n}" class="footnote-backref" '
        'role="doc-backlink">↩︎</a></p></li>',
    ),
    "plain": (
        '<sup><a href="#fn{n}" id="ref{n}">{n}</a></sup>',
        '<section class="footnotes"><ol>{items}</ol></section>',
        '<li id="fn{n}">{note} <a href="#ref{n}">↩</a></li>',
    ),
    "wikipedia": (
        '<sup id="cite_ref-{n}" class="reference"><a href="#cite_note-{n}">[{n}]</a></sup>',
        '<div class="reflist"><ol class="references">{items}</ol></div>',
        '<li id="cite_note-{n}"><span class="mw-cite-backlink"><b><a href="#cite_ref-{n}">^'
        '</a></b></span> <span class="reference-text">{note}</span></li>',
    ),
    "substack": (
        '<a class="footnote-anchor" id="footnote-anchor-{n}" href="#footnote-{n}">{n}</a>',
        "{items}",
        '<div class="footnote"><a id="footnote-{n}" href="#footnote-anchor-{n}" '
        'class="footnote-number">{n}</a><div class="footnote-content"><p>{note}</p></div></div>',
    ),
}
NOTES = ("Ruiz, H. (2024). Urban Ecology Letters 12(3).", "Statement to the Courier, 10 March.")


@pytest.mark.parametrize("style", ["hugo", "plain"])
def test_a_pages_footnotes_are_markdown_footnotes(style):
    """Before: the notes at an article's end were dropped, and each mark read as a digit
    glued to the word before it ("support.1 The result")."""
    mark, section, item = FOOTNOTE_STYLES[style]
    marked = (
        f"<p>The density now exceeds what the flora can support.{mark.format(n=1)} The result "
        f"is a slow squeeze on wild pollinators.</p><p>The association called it useful but "
        f"warned against blaming hobbyists.{mark.format(n=2)}</p>"
    )
    items = "".join(item.format(n=n, note=note) for n, note in enumerate(NOTES, 1))
    page = article_page(extra_article_html=marked + section.format(items=items))
    markdown = extract_article(page.encode(), URL).markdown
    assert "can support.[^1] The result" in markdown
    assert "blaming hobbyists.[^2]" in markdown
    assert f"[^1]: {NOTES[0]}" in markdown
    assert f"[^2]: {NOTES[1]}" in markdown
    notes = markdown.split("[^1]:", 1)[1].replace("[^2]:", "")
    for back in ("↩", "^", "footnote-anchor"):
        assert back not in notes
    assert markdown.count(NOTES[0][:20]) == 1


@pytest.mark.parametrize("style", ["substack", "wikipedia"])
def test_notes_the_article_keeps_are_footnotes_where_they_were_and_written_once(style):
    """trafilatura keeps these notes in the article. Before, they stayed a numbered list
    (Wikipedia) or a number's line and a paragraph each (Substack) and the marks stayed
    digits; with two marks in a paragraph, Substack's way back from a note was taken for a
    mark, and the paragraph itself was written out as a "note"."""
    mark, section, item = FOOTNOTE_STYLES[style]
    marked = (
        f"<p>The density now exceeds what the flora can support.{mark.format(n=1)} The "
        f"association warned against blaming hobbyists.{mark.format(n=2)}</p>"
        "<h2>References</h2>"
    )
    items = "".join(item.format(n=n, note=note) for n, note in enumerate(NOTES, 1))
    after = "<h2>External links</h2><p>The association's own page on urban hives.</p>"
    page = article_page(extra_article_html=marked + section.format(items=items) + after)
    markdown = extract_article(page.encode(), URL).markdown
    assert "can support.[^1] The association" in markdown and "hobbyists.[^2]" in markdown
    assert (
        f"## References\n\n[^1]: {NOTES[0]}\n\n[^2]: {NOTES[1]}\n\n## External links"
    ) in markdown
    assert markdown.count(NOTES[0][:20]) == 1 and markdown.count("support.") == 1


def test_a_wikipedia_note_cited_twice_loses_its_ways_back_and_the_page_has_no_author():
    """A note cited twice has "^ a b" before it, and the authority-control box (its class
    holds "author") was taken for the page's author."""
    marks = "".join(
        f"<p>Claim {n} made in the text, with enough words to be a sentence.<sup "
        f'id="cite_ref-R_{n}-0" class="reference"><a href="#cite_note-R">[1]</a></sup></p>'
        for n in (1, 2)
    )
    note = (
        '<div class="reflist"><ol class="references"><li id="cite_note-R"><span '
        'class="mw-cite-backlink">^ <a href="#cite_ref-R_1-0"><sup><i><b>a</b></i></sup></a> '
        '<a href="#cite_ref-R_2-0"><sup><i><b>b</b></i></sup></a></span> <span '
        f'class="reference-text">{NOTES[0]}</span></li></ol></div>'
    )
    box = (
        '<div class="navbox authority-control" role="navigation"><table><tr><th>'
        '<a href="/wiki/Help:Authority_control">Authority control databases</a></th></tr>'
        '<tr><th>International</th><td><ul><li><a href="https://isni.org/1">ISNI</a></li>'
        '<li><a href="https://viaf.org/2">VIAF</a></li></ul></td></tr><tr><th>National</th>'
        '<td><ul><li><a href="/g">Germany</a></li><li><a href="/u">United States</a></li>'
        "</ul></td></tr></table></div>"
    )
    page = article_page(extra_article_html=marks + note + box, author=None)
    article = extract_article(page.encode(), URL)
    assert article.markdown.count("sentence.[^1]") == 2
    assert f"[^1]: {NOTES[0]}\n" in article.markdown
    assert article.authors == ()
    short = box[: box.index("<tr><th>National")] + "</table></div>"
    page = article_page(extra_article_html=marks + note + short, author=None)
    assert extract_article(page.encode(), URL).authors == ()  # a few words: a box's still
    wiki = page.replace("<title>", '<meta name="generator" content="MediaWiki 1.44"><title>')
    assert extract_article(wiki.encode(), URL).authors == ()  # a wiki's page has no author


def test_a_tables_caption_is_its_title_and_its_head_row_its_header():
    """Before: trafilatura writes a <caption> as a first row of one head cell and empty data
    cells; that row was taken for the header, and the real header became a data row."""
    table = (
        "<table><caption>Wild bee visits per hour, by hive density</caption>"
        "<thead><tr><th>Hives per km²</th><th>Wild bee visits</th><th>Honeybee visits</th>"
        "</tr></thead><tbody><tr><td>0–2</td><td>31</td><td>12</td></tr>"
        "<tr><td>3–10</td><td>24</td><td>29</td></tr></tbody></table>"
    )
    markdown = _article_with(table)
    assert (
        "Wild bee visits per hour, by hive density\n\n"
        "| Hives per km² | Wild bee visits | Honeybee visits |\n| --- | --- | --- |\n"
        "| 0–2 | 31 | 12 |\n| 3–10 | 24 | 29 |"
    ) in markdown


def test_a_headings_permalink_mark_and_hidden_elements_are_left_out():
    """Before: Hugo's ``<a hidden class="anchor">#</a>`` read as part of each heading
    ("Flame graphs#"), in the outline, the status line and the export."""
    extra = (
        '<h2 id="flame">Flame graphs<a hidden class="anchor" href="#flame">#</a></h2>'
        "<p>A flame graph stacks the sampled frames so the widest towers cost the most.</p>"
        '<h2 id="cmp">Comparison <a class="headerlink" href="#cmp">¶</a></h2>'
        "<p>Both tools sample the stack a few hundred times a second.</p>"
        "<div hidden>Hidden promotional text that is never shown.</div>"
    )
    markdown = _article_with(extra)
    assert "## Flame graphs\n" in markdown and "## Comparison\n" in markdown
    assert "Hidden promotional" not in markdown


@pytest.mark.parametrize(
    ("html", "language"),
    [
        ('<pre><code class="language-python">{code}</code></pre>', "python"),
        (
            '<div class="highlight"><pre class="chroma"><code data-lang="Rust">{code}</code></pre>'
            "</div>",
            "rust",
        ),
        ('<pre class="brush: js">{code}</pre>', "js"),
        (
            '<div class="highlight-python notranslate"><div class="highlight"><pre><span></span>'
            '<span class="k">{code}</span></pre></div></div>',
            "python",
        ),
        ('<div class="highlight highlight-source-go"><pre>{code}</pre></div>', "go"),
        (
            '<pre class="sourceCode haskell"><code class="sourceCode haskell">{code}</code></pre>',
            "haskell",
        ),
        ('<pre><code class="nohighlight">{code}</code></pre>', ""),
    ],
)
def test_a_code_blocks_language_comes_through(html, language):
    """Before: trafilatura drops every class, so each fence came without its language."""
    code = "total = 0\nfor value in values:\n    total += value"
    extra = "<p>The loop at the heart of it:</p>" + html.format(code=code)
    markdown = _article_with(extra)
    assert f"```{language}\n{code}\n```" in markdown


BEES = [
    "The association of urban beekeepers met on Tuesday to discuss the falling numbers of "
    "wild bees in the city centre, where hives now crowd every roof.",
    "Researchers from the university counted visits to flowers in forty parks and found that "
    "wild bees were outnumbered by honeybees three to one in the densest districts.",
    "The density now exceeds what the flora can support, the study says, and the result is a "
    "slow squeeze on wild pollinators that few residents notice.",
    "The association called the study useful but warned against blaming hobbyists, who keep "
    "only a small share of the hives counted by the researchers.",
]
DEK = "Why the city's bees are vanishing, and what the hives on every roof have to do with it"


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def page_of(body: str, title: str = "T", head: str = "") -> str:
    """A bare page: a title (and more of a head), then ``body``."""
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    "head",
    [
        f'<div class="post-header"><h1 class="post-title">The Quiet Collapse</h1><h3 '
        f'class="subtitle">{DEK}</h3><div class="byline">Maria Okafor</div></div>',  # Substack
        f'<header><h1>The Quiet Collapse</h1><p class="article-standfirst">{DEK}</p></header>',
        f'<header><h1>The Quiet Collapse</h1><div class="c-dek"><p>{DEK}</p></div></header>',
    ],
)
def test_the_standfirst_is_the_articles_first_paragraph_and_a_pull_quote_is_read_once(head):
    """Before: a news page's standfirst was dropped, and Substack's subtitle was the
    outline's first section, with nothing in it. A pull quote repeated its paragraph."""
    body = paragraphs(BEES[:2])
    body += f'<div class="pullquote"><p>{BEES[2]}</p></div>'
    body += paragraphs(BEES[2:])
    related = '<aside><h4 class="card-subtitle">Other stories of the week worth a read</h4></aside>'
    page = page_of(f"{head}<article>{body}</article>{related}", "The Quiet Collapse")
    markdown = extract_article(page.encode(), URL).markdown
    assert f"# The Quiet Collapse\n\n*{DEK}*\n\n{BEES[0]}" in markdown
    assert markdown.count(DEK) == 1 and markdown.count(BEES[2]) == 1
    assert "Other stories" not in markdown


def test_a_pull_quote_of_the_authors_own_words_stays():
    """A pull quote the article does not print elsewhere is the author's: kept, once."""
    own = "A footnote is a room of one's own for an idea that would otherwise be homeless."
    body = paragraphs(BEES[:2])
    body += f'<div class="pullquote"><p>{own}</p></div>'
    body += paragraphs(BEES[2:])
    page = page_of(f"<article>{body}</article>", "Notes")
    markdown = extract_article(page.encode(), URL).markdown
    assert markdown.count("room of one's own") == 1
    assert all(markdown.count(p) == 1 for p in BEES)


def test_a_code_blocks_line_numbers_are_not_a_block_of_their_own():
    """Before: Pygments' table of line numbers became a code block of digits."""
    code = "$ cargo bench --bench parse\n   Compiling parser v0.1.0\n    Finished bench"
    numbers = "".join(f'<span class="normal">{n}</span>\n' for n in (1, 2, 3))
    table = (
        '<div class="highlight"><table class="highlighttable"><tr><td class="linenos"><div '
        f'class="linenodiv"><pre>{numbers}</pre></div></td><td class="code"><div><pre>'
        f"{code}</pre></div></td></tr></table></div>"
    )
    extra = "<p>Run the benchmark and read what it prints:</p>" + table
    markdown = _article_with(extra)
    assert f"```\n{code}\n```" in markdown
    assert "```\n1\n2\n3\n```" not in markdown and "\n1\n2\n3\n" not in markdown


def test_a_github_readmes_headings_and_task_boxes_come_through():
    """Before: GitHub's permalink icon (an empty link) beside each heading made trafilatura
    take the heading for navigation: every heading was dropped, the outline empty. And a
    task list's checkboxes were lost."""

    def heading(level: int, title: str) -> str:
        return (
            f'<div class="markdown-heading"><h{level} tabindex="-1" class="heading-element">'
            f'{title}</h{level}><a id="user-content-{title.lower()}" class="anchor" '
            f'aria-label="Permalink: {title}" href="#{title.lower()}"><svg class="octicon" '
            'viewBox="0 0 16 16"><path d="m7.775 3.275"></path></svg></a></div>'
        )

    body = heading(1, "widgetlib") + paragraphs(BEES[:2])
    body += heading(2, "Installation") + paragraphs(BEES[2:])
    body += heading(2, "Features") + (
        '<ul class="contains-task-list"><li class="task-list-item"><input type="checkbox" '
        'class="task-list-item-checkbox" checked disabled> Buttons</li><li class="task-list-'
        'item"><input type="checkbox" class="task-list-item-checkbox" disabled> Sliders</li>'
        "</ul>"
    )
    page = (
        "<html><head><title>octo/widgetlib</title></head><body><article "
        f'class="markdown-body entry-content" itemprop="text">{body}</article></body></html>'
    )
    markdown = extract_article(page.encode(), URL).markdown
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings == ["# widgetlib", "## Installation", "## Features"]
    assert "- ☑ Buttons\n- ☐ Sliders" in markdown


def test_a_wikipedia_hatnote_is_left_out_not_half_kept():
    """Before: the hatnote above an article ("For other uses, see Ada") left "Ada." as the
    article's first paragraph."""
    hatnote = (
        '<div class="hatnote">"Ada Byron" redirects here. For other uses, see '
        '<a href="/wiki/Ada">Ada</a>.</div>'
        '<div class="shortdescription nomobile noexcerpt noprint searchaux">English '
        "mathematician (1815–1852)</div>"
    )
    body = hatnote + paragraphs(BEES)
    page = page_of(f"<article>{body}</article>", "Ada")
    markdown = extract_article(page.encode(), URL).markdown
    assert "redirects" not in markdown and "[Ada]" not in markdown and "1815" not in markdown
    assert f"# Ada\n\n{BEES[0]}" in markdown


def test_a_live_blogs_update_times_are_kept():
    """Before: trafilatura dropped each ``<time>``, so a live blog's updates ran together
    with no time to tell them apart."""
    blocks = "".join(
        f'<div id="block-{n}" class="block"><p class="block-time"><time datetime="2020-02-09T'
        f'{t.replace(".", ":")}:00Z">{t} GMT</time></p><p>{p}</p></div>'
        for n, (t, p) in enumerate(zip(("14.32", "13.05", "11.47"), BEES[:3], strict=True), 1)
    )
    page = (
        "<html><head><title>Storm live</title></head><body><article><h1>Storm live</h1>"
        f'<div class="article-body">{blocks}</div></article></body></html>'
    )
    markdown = extract_article(page.encode(), URL).markdown
    for t, p in zip(("14\\.32", "13\\.05", "11\\.47"), BEES, strict=False):
        assert f"{t} GMT\n\n{p}" in markdown


def test_a_standfirst_of_a_paragraph_and_a_list_keeps_its_words_apart():
    """Before: "…spring budgetBudget 2024…", the standfirst's blocks glued together."""
    head = (
        '<header><h1>The Quiet Collapse</h1><div class="standfirst"><p>Ahead of the spring '
        'budget</p><ul><li><a href="/b">Budget 2024: what <b>we</b> know</a> so far</li></ul>'
        "</div></header>"
    )
    body = paragraphs(BEES)
    page = page_of(f"{head}<article>{body}</article>")
    markdown = extract_article(page.encode(), URL).markdown
    assert "*Ahead of the spring budget Budget 2024: what we know so far*" in markdown


@pytest.mark.parametrize(
    ("html", "code"),
    [
        ("<pre>a = 1<br>b = 2<br/>c = a + b</pre>", "a = 1\nb = 2\nc = a + b"),
        (
            '<pre><code class="language-python">x = 1  <span class="hljs-comment"># note</span>'
            "\ny = 2</code></pre>",
            "x = 1  # note\ny = 2",
        ),
        (
            '<pre class="graf--pre"><span>def handler(event):</span><br><span>    return '
            "event</span></pre>",
            "def handler(event):\n    return event",
        ),
        (
            '<pre><code><a id="__codelineno-1-1" name="__codelineno-1-1"></a>from app import '
            'App\n<a id="__codelineno-1-2" name="__codelineno-1-2"></a>App().run()</code></pre>',
            "from app import App\nApp().run()",
        ),
    ],
)
def test_every_line_of_a_code_block_comes_through(html, code):
    """Before: lines split by <br> were joined into one (Medium's code), a highlight.js
    comment was dropped with its "comment" class, and so were MkDocs' line anchors."""
    extra = "<p>The code, as the article gives it:</p>" + html
    markdown = _article_with(extra)
    assert f"\n{code}\n```" in markdown


def test_a_title_has_no_permalink_mark_and_no_wikis_name_and_is_not_repeated():
    """Before: MkDocs' title read "Deploying¶" and the page said "# Deploying" again below
    it; a Wikipedia page without og:site_name kept " - Wikipedia"."""
    body = paragraphs(BEES)
    mkdocs = (
        "<html><head><title>Deploying - Widgetry</title></head><body><article><h1 "
        'id="deploying">Deploying<a class="headerlink" href="#deploying" title="Permanent '
        f'link">&para;</a></h1>{body}</article></body></html>'
    )
    markdown = extract_article(mkdocs.encode(), "https://docs.example.org/deploying/").markdown
    assert "title: Deploying\n" in markdown and "¶" not in markdown
    assert markdown.count("Deploying") == 2  # the front matter's title and the title block
    wiki = page_of(body, "Honey badger - Wikipedia")
    converted = extract_article(wiki.encode(), "https://en.wikipedia.org/wiki/Honey_badger")
    assert converted.title == "Honey badger"


def test_a_catalogues_author_is_one_person_named_as_written():
    """Before: Gutenberg's dc.creator "Le Fanu, Joseph Sheridan, 1814-1873" was split at
    its commas into two authors, "Le Fanu" and "Joseph Sheridan"."""
    body = paragraphs(BEES)
    page = (
        '<html><head><title>Carmilla</title><meta name="dc.creator" content="Le Fanu, '
        f'Joseph Sheridan, 1814-1873"></head><body><article>{body}</article></body></html>'
    )
    assert extract_article(page.encode(), URL).authors == ("Joseph Sheridan Le Fanu",)


def test_an_epubs_creator_filed_as_a_catalogue_files_it_is_named_as_written() -> None:
    from summitreader.sources.epub import convert_epub
    from tests.support.epub_maker import Chapter, make_epub

    book = make_epub([Chapter("One", ["Text."])], authors=("Austen, Jane, 1775-1817",))
    assert convert_epub(book).authors == ("Jane Austen",)


def test_a_navigation_boxs_words_are_not_the_author():
    """Before: Wikipedia's authority-control box (its class holds "author") was the page's
    author, "Authority control databases Wikidata", where the page had no generator."""
    body = paragraphs(BEES)
    box = (
        '<div role="navigation" class="navbox authority-control"><table><tr><th>Authority '
        'control databases</th><td><a href="/w">Wikidata</a></td></tr></table></div>'
    )
    page = page_of(f"<article>{body}{box}</article>", "Honey badger")
    assert extract_article(page.encode(), URL).authors == ()
    with_byline = article_page(extra_article_html=box)  # a real byline stays
    assert extract_article(with_byline.encode(), URL).authors == ("Jane Roe",)


def test_headings_trafilatura_dropped_are_put_back_over_their_paragraphs():
    """Before: a heading that opened the text (a Gutenberg book's "I. An Early Fright")
    was dropped: no outline, no chapter for a highlight. A box's heading stays out."""
    first = paragraphs(BEES[:2])
    second = paragraphs(BEES[2:])
    chapters = (
        f'<div class="chapter"><h2><a id="chap01"></a>I.<br>An Early Fright</h2>{first}</div>'
        f'<div class="chapter"><h2><a id="chap02"></a>II.<br>A Guest</h2>{second}</div>'
    )
    page = (
        f'<html><head><title>Carmilla</title></head><body><div class="body">{chapters}</div>'
        '<aside><h3>Related books</h3><ul><li><a href="/x">Dracula</a></li></ul></aside>'
        "</body></html>"
    )
    markdown = extract_article(page.encode(), URL).markdown
    assert f"## I. An Early Fright\n\n{BEES[0]}" in markdown
    assert f"## II. A Guest\n\n{BEES[2]}" in markdown
    assert markdown.count("An Early Fright") == 1 and "Related" not in markdown


def test_a_sphinx_footnote_keeps_no_brackets_of_its_label():
    """Before: Sphinx's note read "[^1]: \\[\\]" and its words went under it, indented."""
    mark = (
        '<a class="footnote-reference brackets" href="#id2" id="id1" role="doc-noteref">'
        '<span class="fn-bracket">[</span>1<span class="fn-bracket">]</span></a>'
    )
    note = (
        '<aside class="footnote-list brackets"><aside class="footnote brackets" id="id2" '
        'role="doc-footnote"><span class="label"><span class="fn-bracket">[</span><a '
        'role="doc-backlink" href="#id1">1</a><span class="fn-bracket">]</span></span><p>TOML '
        "1.0 is required.</p></aside></aside>"
    )
    extra = f"<p>The config file is read at start.{mark} It must be valid.</p>{note}"
    markdown = _article_with(extra)
    assert "read at start.[^1] It must be valid." in markdown
    assert "[^1]: TOML 1.0 is required.\n" in markdown


def test_a_details_summary_is_a_bold_line_and_sites_furniture_by_name_is_left_out():
    """Before: a <summary> became a heading of the outline; MkDocs' "edit" button, the
    Guardian's appeal after the article and Gutenberg's header lines were read as text."""
    extra = (
        '<a class="md-content__button md-icon" href="/edit">edit</a>'
        "<details><summary>Older versions</summary><p>Version 1 read the file twice, which "
        "was slow on large inputs.</p></details>"
        '<div id="slot-body-end"><div class="contributions__epic"><h2>We have a small favour '
        "to ask</h2><p>Millions turn to us every day for news you can trust.</p></div></div>"
    )
    page = article_page(extra_article_html=extra).replace(
        "<body>", '<body><div id="pg-machine-header"><p>Release date: May 1, 2003</p></div>', 1
    )
    markdown = extract_article(page.encode(), URL).markdown
    assert "**Older versions**\n\nVersion 1 read" in markdown
    assert not [line for line in markdown.splitlines() if line.startswith("#") and "Older" in line]
    for furniture in ("edit", "favour", "Millions", "Release date"):
        assert furniture not in markdown


def test_a_poem_set_as_stanzas_of_lines_is_read_with_its_line_breaks():
    """Before: Gutenberg's poem (div.stanza of span lines) was dropped whole."""
    poem = (
        '<div class="poem"><div class="stanza"><span class="i0">The moon shone bright,<br>'
        '</span><span class="i2">And all the night<br></span><span class="i0">The river '
        'ran.<br></span></div><div class="stanza"><span class="i0">Second stanza here,<br>'
        '</span><span class="i0">and its last line.<br></span></div></div>'
    )
    first, rest = f"<p>{BEES[0]}</p><p>{BEES[1]}</p>", paragraphs(BEES[2:])
    page = (
        f'<html><head><title>Carmilla</title></head><body><div class="body">{first}{poem}'
        f"{rest}</div></body></html>"
    )
    markdown = extract_article(page.encode(), URL).markdown
    assert "The moon shone bright,  \nAnd all the night  \nThe river ran." in markdown
    assert "Second stanza here,  \nand its last line." in markdown


def test_a_documentation_box_is_a_quote_under_its_title():
    """Before: Sphinx's and MkDocs' "Warning" box was flattened into the text, its title a
    paragraph of one word."""
    extra = (
        '<div class="admonition warning"><p class="admonition-title">Warning</p><p>Back up '
        "your data before you upgrade the store.</p></div><p>Then run the upgrade from the "
        "command line as shown below.</p>"
    )
    markdown = _article_with(extra)
    assert "> **Warning**\n>\n> Back up your data before you upgrade the store." in markdown


def test_an_mkdocs_code_table_keeps_its_code_its_language_and_no_line_numbers():
    """Before: MkDocs' code table (a filename row, a column of line numbers, line anchors
    in the code) lost the whole block, or its language."""
    table = (
        '<div class="language-python highlight"><table class="highlighttable"><tr><th '
        'class="filename" colspan="2"><span class="filename">app.py</span></th></tr><tr><td '
        'class="linenos"><div class="linenodiv"><pre><span></span><span class="normal"><a '
        'href="#__codelineno-1-1">1</a></span>\n<span class="normal"><a href="#__codelineno-'
        '1-2">2</a></span></pre></div></td><td class="code"><div><pre><span></span><code><a '
        'id="__codelineno-1-1" name="__codelineno-1-1"></a>from widgetry import App\n<a id="'
        '__codelineno-1-2" name="__codelineno-1-2"></a>App().run()\n</code></pre></div></td>'
        "</tr></table></div>"
    )
    extra = f"<p>The code, as the docs give it:</p>{table}<p>And after it, more words.</p>"
    markdown = _article_with(extra)
    assert "```python\nfrom widgetry import App\nApp().run()\n```" in markdown
    assert "\n1\n2\n" not in markdown


def test_a_sign_in_box_inside_the_article_is_left_out():
    """Before: the NYT's box ("Thank you for your patience while we verify access.") was
    kept as a heading of the article, its "Already a subscriber? Log in." as a paragraph."""
    box = (
        '<div data-testid="inline-message"><div id="gateway-content"><h2>Thank you for your '
        'patience while we verify access.</h2><p>Already a subscriber? <a href="/login">Log '
        'in.</a></p><p>Want all of The Times? <a href="/sub">Subscribe.</a></p></div></div>'
    )
    markdown = _article_with(box)
    for gone in ("patience", "Already a subscriber", "Want all of"):
        assert gone not in markdown
