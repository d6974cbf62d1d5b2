"""sources/epub.py on EPUBs the tests build with zipfile: reading order, headings, the
outline's offsets, metadata, images, and one line for a book that cannot be read."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from summitreader.sources.convert import converted_source
from summitreader.sources.converted import ConversionError
from summitreader.sources.epub import EpubBook, EpubError, convert_epub
from summitreader.sources.text import Source
from summitreader.text.document import Document
from summitreader.text.metadata import front_matter_span, sniff
from summitreader.text.outline import footnote_label, outline
from tests.support.epub_maker import PNG, Chapter, make_epub

CHAPTERS = [
    Chapter(
        "Cover",
        [],
        own_heading=False,
        in_toc=False,
        extra_html='<div><img src="../images/cover.png" alt="The cover of the book"/></div>',
    ),
    Chapter(
        "Singapore",
        ["The first summit was held in June.", "It ended with a short statement."],
        sections=[("handshake", "The Handshake", ["Hands were shaken for the cameras."])],
    ),
    Chapter("Hanoi", ["The second summit ended early, without a deal."], own_heading=False),
    Chapter(
        "Panmunjom",
        ["A meeting at the border, arranged in a day."],
        extra_html='<p>See <a href="ch002.xhtml">Singapore</a> and '
        '<a href="https://example.org/dmz">the DMZ</a>; <em>briefly</em>.</p>',
    ),
    Chapter("Notes", ["A note kept outside the reading order."], linear=False),
]


def _book(**kwargs) -> bytes:
    return make_epub(CHAPTERS, images={"images/cover.png": PNG}, **kwargs)


@pytest.fixture(scope="module")
def converted():
    return convert_epub(_book())


def test_chapters_come_in_spine_order_each_under_its_heading(converted) -> None:
    text = converted.markdown
    order = [
        "![The cover of the book](OEBPS/images/cover.png)",
        "# Singapore\n\nThe first summit was held in June.\n\nIt ended with a short statement.",
        "## The Handshake\n\nHands were shaken for the cameras.",
        "# Hanoi\n\nThe second summit ended early, without a deal.",  # its label, from the TOC
        "# Panmunjom\n\nA meeting at the border, arranged in a day.",
        "# Notes\n\nA note kept outside the reading order.",  # non-linear: last, not lost
    ]
    at = [text.index(part) for part in order]
    assert at == sorted(at)


def test_a_contents_page_kept_aside_is_not_read_and_one_in_the_spine_shows_its_list() -> None:
    aside = convert_epub(_book(nav_in_spine="aside")).markdown
    assert "Contents" not in aside
    assert aside.rstrip().endswith("A note kept outside the reading order.")
    first = convert_epub(_book(nav_in_spine="first")).markdown
    contents = first.index("# Contents")
    assert first.index("Singapore", contents) < first.index("The Handshake", contents)
    assert first.index("The Handshake", contents) < first.index("# Singapore")


def test_a_boxs_heading_is_a_bold_line_not_a_section() -> None:
    boxes = (
        '<div class="note"><h6>Note</h6><p>Mind the gap.</p></div>'
        '<div data-type="tip"><h5>Tip: <em>rest</em></h5><p>Sleep.</p></div>'
        "<aside><h3>Aside</h3><p>By the way.</p></aside>"
    )
    chapter = Chapter("Boxes", ["Before the boxes."], extra_html=boxes)
    text = convert_epub(make_epub([chapter])).markdown
    assert [line for line in text.splitlines() if line.startswith("#")] == ["# Boxes"]
    assert "**Note**\n\nMind the gap." in text
    assert "**Tip: *rest***\n\nSleep." in text
    assert "**Aside**\n\nBy the way." in text


def test_the_outline_points_at_each_heading(converted) -> None:
    text = converted.markdown
    outline = [(e.title, e.level) for e in converted.outline]
    assert outline == [
        ("Singapore", 1),
        ("The Handshake", 2),
        ("Hanoi", 1),
        ("Panmunjom", 1),
        ("Notes", 1),
    ]
    for entry in converted.outline:
        line = text[entry.offset : text.index("\n", entry.offset)]
        assert line.lstrip("#").strip() == entry.title


def test_an_epub2_ncx_gives_the_same_book(converted) -> None:
    epub2 = convert_epub(_book(epub3=False))
    assert epub2.markdown == converted.markdown
    assert epub2.outline == converted.outline


def test_without_any_table_of_contents_the_text_is_all_there() -> None:
    bare = convert_epub(_book(epub3=False, ncx=False))
    assert bare.outline == ()
    assert "The second summit ended early" in bare.markdown
    assert "# Hanoi" not in bare.markdown  # no heading of its own and no label to give it


def test_metadata_goes_to_front_matter(converted) -> None:
    assert converted.title == "A Book of Summits"
    assert converted.authors == ("Ada Byron", "Grace Hopper")
    assert converted.date == "2020-05-17"
    assert (converted.extractor, converted.extractor_version) == ("summitreader-epub", "7+md9")
    span = front_matter_span(converted.markdown)
    assert span is not None
    assert yaml.safe_load(converted.markdown[: span[1]].strip().strip("-")) == {
        "title": "A Book of Summits",
        "author": ["Ada Byron", "Grace Hopper"],
        "date": "2020-05-17",
        "language": "en",
    }
    meta = sniff(converted.markdown)
    assert (meta.title, meta.authors, meta.date) == (
        "A Book of Summits",
        ("Ada Byron", "Grace Hopper"),
        "2020-05-17",
    )


def test_links_out_are_kept_and_links_inside_the_book_are_text(converted) -> None:
    assert "See Singapore and [the DMZ](https://example.org/dmz); *briefly*." in converted.markdown


def test_named_entities_and_sloppy_markup_still_read() -> None:
    sloppy = Chapter("Sloppy", [], extra_html="<p>Caf&eacute;&nbsp;society<br> and <b>bold</p>")
    book = convert_epub(make_epub([sloppy]))
    assert "Café\u00a0society  \nand **bold**" in book.markdown  # <br>: a hard break


def test_font_obfuscation_is_no_obstacle() -> None:
    book = convert_epub(_book(encryption="http://www.idpf.org/2008/embedding"))
    assert "The first summit was held in June." in book.markdown


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"PK\x03\x04 this is no zip at all",
            "a damaged EPUB: its zip archive is cut short or corrupt (download or copy it again)",
        ),
        (
            _book()[:600],
            "a damaged EPUB: its zip archive is cut short or corrupt (download or copy it again)",
        ),
        (b"%PDF-1.4", "not an EPUB: it is not a zip archive"),
        (b"x\n", "not an EPUB: it is not a zip archive"),
        (_book(omit=frozenset({"container"})), "broken EPUB: META-INF/container.xml is missing"),
        (
            _book(omit=frozenset({"opf"})),
            "broken EPUB: its package file OEBPS/content.opf is missing",
        ),
        (
            _book(encryption="http://www.w3.org/2001/04/xmlenc#aes128-cbc"),
            "encrypted EPUB (DRM): summitreader cannot read it",
        ),
    ],
)
def test_a_book_that_cannot_be_read_says_why_in_one_line(data: bytes, message: str) -> None:
    with pytest.raises(EpubError) as caught:
        convert_epub(data, name="book.epub")
    assert isinstance(caught.value, ConversionError)
    assert str(caught.value) == f"book.epub: {message}"


def test_adobe_drm_rights_file_is_refused() -> None:
    buf = io.BytesIO(_book())
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr("META-INF/rights.xml", "<rights/>")
    with pytest.raises(EpubError, match=r"^encrypted EPUB \(DRM\)"):
        convert_epub(buf.getvalue())


def test_a_book_of_images_only_says_it_has_no_text() -> None:
    pictures = Chapter("Plates", [], own_heading=False, extra_html='<img src="p.png" alt=""/>')
    with pytest.raises(EpubError, match="holds no text"):
        convert_epub(make_epub([pictures], epub3=False, ncx=False))


def test_the_first_chapter_of_a_large_book_is_ready_at_once() -> None:
    """A 10 MB book (text and images): opening it and converting its first chapter must
    not wait for the rest (goal: 1 s; it takes milliseconds)."""
    words = "summit treaty envoy border pledge accord verify freeze talks the of and".split()
    paragraph = " ".join(words[(i * 7) % len(words)] for i in range(120)) + "."
    chapters = [Chapter(f"Chapter {n}", [paragraph] * 60) for n in range(1, 41)]
    images = {f"images/plate{n}.png": bytes(range(256)) * 3000 for n in range(12)}
    data = make_epub(chapters, images=images, compress=False)
    assert len(data) > 9_000_000
    start = time.perf_counter()
    book = EpubBook(data)
    blocks, _ = book.chapter(0)
    assert time.perf_counter() - start < 1.0
    assert blocks[0] == "# Chapter 1"


def test_the_readers_outline_lists_the_books_chapters(converted) -> None:
    """O lists an EPUB's chapters: they arrive as headings of the Markdown it becomes."""
    source = converted_source(converted, Path("/x/summits.epub"), original="0" * 64, kind="epub")
    entries = outline(Document(source))
    assert [(e.title, e.level) for e in entries] == [
        ("A Book of Summits", 0),  # the title block, from the book's metadata
        ("Singapore", 1),
        ("The Handshake", 2),
        ("Hanoi", 1),
        ("Panmunjom", 1),
        ("Notes", 1),
    ]
    for entry, toc in zip(entries[1:], converted.outline, strict=True):
        assert source.text.startswith(toc.title, entry.offset)  # where the TOC points
        assert toc.offset <= entry.offset <= toc.offset + 6  # past "## " at most


# what real books carry ------------------------------------------------------------------


def _without_utf8_flag(epub: bytes, old: str, new: str) -> bytes:
    """The book with one file renamed ``new`` (its references too), stored as Info-ZIP's
    zip stores a UTF-8 name: the bytes, without the flag that says they are UTF-8."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(epub)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info).replace(old.encode(), new.encode())
            name = info.filename.replace(old, new)
            dst.writestr(zipfile.ZipInfo(name), data)
    raw = bytearray(out.getvalue())
    for signature, at in ((b"PK\x03\x04", 7), (b"PK\x01\x02", 9)):  # the flags' high byte
        pos = raw.find(signature)
        while pos >= 0:
            raw[pos + at] &= ~0x08 & 0xFF  # bit 11 of the flags, 0x0800: UTF-8 names
            pos = raw.find(signature, pos + 4)
    return bytes(raw)


def test_a_chapter_whose_utf8_name_is_not_flagged_is_found() -> None:
    """Before: zipfile read the name as CP437, and the book was "broken": a chapter
    (OPS/xhtml/表紙.xhtml) is missing."""
    book = make_epub([Chapter("One", ["The first chapter's words."]), Chapter("Two", ["More."])])
    renamed = _without_utf8_flag(book, "ch001.xhtml", "表紙.xhtml")
    with zipfile.ZipFile(io.BytesIO(renamed)) as z:
        assert "OEBPS/text/表紙.xhtml" not in z.namelist()  # what zipfile makes of it
    assert "The first chapter's words." in convert_epub(renamed).markdown


def test_what_a_printed_books_markup_adds_is_made_fit_to_read() -> None:
    extra = (
        '<p>It was darker yet than in the <span epub:type="pagebreak" title="203" '
        'id="Page_203">203</span> drain tunnel.</p>'
        '<p>A unit of currency.<a epub:type="noteref" href="#n1">1</a> And more.</p>'
        '<div class="poem"><span class="line">Farewell, farewell, thou warrior brave,</span>'
        '<span class="line">For this day thou must die!</span></div>'
        '<div class="linegroup"><div>April is the cruellest month, breeding</div>'
        '<div>Into the Hofgarten,<span class="lnum">10</span></div>'
        "<div>And drank coffee.</div></div>"
        "<p><ruby>山路<rt>やまみち</rt></ruby>を登りながら</p>"
        '<p>Let <math xmlns="http://www.w3.org/1998/Math/MathML" alttext="x_{1}=2">'
        "<msub><mi>x</mi><mn>1</mn></msub><mo>=</mo><mn>2</mn></math> hold.</p>"
    )
    book = convert_epub(make_epub([Chapter("Odds", [], extra_html=extra)])).markdown
    assert "darker yet than in the drain tunnel." in book
    assert "A unit of currency.\\[1\\] And more." in book
    assert "Farewell, farewell, thou warrior brave,  \nFor this day thou must die!" in book
    assert "April is the cruellest month, breeding  \nInto the Hofgarten,  \nAnd drank" in book
    assert "山路を登りながら" in book
    assert "Let `x_{1}=2` hold." in book


def test_a_books_notes_are_footnotes_the_reader_jumps_between() -> None:
    """Before: a mark was the text "[1]" and its note a paragraph in mid-chapter."""
    first = Chapter(
        "Rivers",
        ["The river ran high."],
        extra_html=(
            '<p>Spring floods came early.<a epub:type="noteref" href="#fn1">1</a> '
            'Then summer.<sup><a epub:type="noteref" href="ch002.xhtml#en1">*</a></sup> '
            'And a mark to nowhere.<a epub:type="noteref" href="#gone">9</a></p>'
            '<aside epub:type="footnote" id="fn1"><p><a epub:type="backlink" href="#r1">1.</a>'
            " See Leopold, <em>A View of the River</em>, 1994.</p><p>Second part.</p></aside>"
        ),
    )
    notes = Chapter(
        "Notes",
        [],
        extra_html='<ol><li epub:type="endnote" id="en1"><p>An endnote.</p></li></ol>',
    )
    second_one = Chapter(
        "Lakes",
        ["Still water."],
        extra_html='<p>Again.<a epub:type="noteref" href="#n">1</a></p>'
        '<aside epub:type="footnote" id="n"><p>Another first note.</p></aside>',
    )
    text = convert_epub(make_epub([first, notes, second_one])).markdown
    assert "Spring floods came early.[^1] Then summer.[^*] And a mark to nowhere.\\[9\\]" in text
    assert "[^1]: See Leopold, *A View of the River*, 1994.\n\n    Second part." in text
    assert "[^*]: An endnote." in text
    assert "Again.[^1.2]" in text and "[^1.2]: Another first note." in text
    doc = Document(Source(Path("book.md"), "0" * 64, text, "utf-8", len(text)))
    start = text.index("[^1]")
    assert footnote_label(doc, start, start + 4)[0] == "note"  # f jumps to the note
    word = text.index("floods")  # a search match beside the mark: f goes to its note too
    assert footnote_label(doc, word, word + 6) == footnote_label(doc, start, start + 4)


def test_a_notes_way_back_its_book_did_not_mark_is_left_out() -> None:
    """Before: a note starting "<a href="ch1.xhtml#r1">1.</a>" (no epub:type="backlink", as
    many books set it) read "1. The letter survives…"; one ending in "↩" kept the arrow."""
    chapter = Chapter(
        "Lights",
        ["The keeper wrote home."],
        extra_html=(
            '<p>He wrote.<sup id="r1"><a epub:type="noteref" href="ch002.xhtml#n1">1</a></sup> '
            'Twice.<a epub:type="noteref" id="r2" href="ch002.xhtml#n2">2</a></p>'
        ),
    )
    notes = Chapter(
        "Notes",
        [],
        extra_html=(
            '<aside epub:type="endnote" id="n1"><p><a href="ch001.xhtml#r1">1.</a> The letter '
            "survives in Edinburgh.</p></aside>"
            '<aside epub:type="endnote" id="n2"><p>A second letter is lost. '
            '<a href="ch001.xhtml#r2">↩</a></p></aside>'
        ),
    )
    text = convert_epub(make_epub([chapter, notes])).markdown
    assert "[^1]: The letter survives in Edinburgh." in text
    assert "[^2]: A second letter is lost.\n" in text


def test_an_epub2_mark_known_by_its_class_is_a_footnote_mark() -> None:
    """Before: EPUB 2 has no epub:type; a mark set as ``<a class="noteref">`` (Calibre's
    and many books' way) stayed a digit glued to its word, and f found no mark."""
    chapter = Chapter(
        "Lights",
        ["The keeper wrote home."],
        extra_html='<p>He wrote.<a class="noteref" href="ch002.xhtml#note-1">1</a> Twice.</p>',
    )
    notes = Chapter(
        "Notes",
        [],
        extra_html='<ol><li epub:type="endnote" id="note-1"><p>In January.</p></li></ol>',
    )
    text = convert_epub(make_epub([chapter, notes])).markdown
    assert "He wrote.[^1] Twice." in text and "[^1]: In January." in text


def test_a_chapter_that_would_unpack_past_the_limit_is_refused_naming_both() -> None:
    """A zip bomb's entry: its size and the limit, not "larger than it can be (67108864)"."""
    book = make_epub([Chapter("Big", ["Words."], extra_html=" " * 70_000_000)])
    with pytest.raises(EpubError, match=r"would unpack to 70 MB, more than the 64 MB"):
        convert_epub(book)


def test_a_books_own_caret_brackets_are_kept_when_a_note_is_missing() -> None:
    chapter = Chapter(
        "Regex",
        ["Use [^abc] to negate a class."],
        extra_html='<p>A mark to nowhere.<a epub:type="noteref" href="#gone">9</a></p>'
        "<p><code>[^9]</code> in code.</p>",
    )
    text = convert_epub(make_epub([chapter])).markdown
    assert "Use \\[^abc\\] to negate a class." in text
    assert "A mark to nowhere.\\[9\\]" in text


def test_a_books_parts_nest_its_chapters_and_each_title_is_one_heading() -> None:
    """The contents say where a chapter sits (inside a part); the headings follow them,
    whatever tag the book gave each title, and a title in an <h3> is not given twice."""
    chapters = [
        Chapter("Part One", ["The early years."]),
        Chapter("Chapter 1", ["It began."], depth=2),
        Chapter("Chapter 2", ["It went on."], depth=2, sections=[("s", "A Scene", ["Rain."])]),
        Chapter("Part Two", ["The later years."], own_heading=False),
        Chapter("Chapter 3", ["It ended."], depth=2, heading_tag="h3"),
    ]
    for epub3 in (True, False):
        converted = convert_epub(make_epub(chapters, epub3=epub3))
        source = converted_source(converted, Path("/x/parts.epub"), original="0" * 64, kind="epub")
        entries = [(e.title, e.level) for e in outline(Document(source))]
        assert entries[1:] == [
            ("Part One", 1),
            ("Chapter 1", 2),
            ("Chapter 2", 2),
            ("A Scene", 3),
            ("Part Two", 1),
            ("Chapter 3", 2),
        ]
        assert converted.markdown.count("Chapter 3") == 1


def test_notes_a_book_marks_only_by_their_links_are_footnotes() -> None:
    """Before: a book without epub:type or classes (EPUB 2, Calibre, Gutenberg) kept its
    marks as "[1]" text and its notes as paragraphs under a rule; and a note that begins
    with its own number read "[^2]: 2. Or Yunnan"."""
    extra = (
        '<p>Tea is a fine tree.<sup><a href="ch001.xhtml#fn1" id="fnref1">[1]</a></sup> It '
        'grows in the south.<sup><a href="#fn2" id="fnref2">2</a></sup></p>'
        '<p>See <a href="#later">the chapter on leaves</a> for more.</p>'
        '<hr/><div class="footnotes"><p id="fn1"><a href="ch001.xhtml#fnref1">[1]</a> The '
        'south here means Fujian.</p><p><a id="fn2" href="#fnref2">2</a> 2. Or Yunnan, some '
        'say.</p></div><p id="later">Leaves come later.</p>'
        '<p>And a third.<a epub:type="noteref" href="#n3">3</a></p>'
        '<aside epub:type="footnote" id="n3"><p>3. A note with its number.</p></aside>'
    )
    book = make_epub([Chapter("Chapter One", ["It begins."], extra_html=extra)])
    markdown = convert_epub(book).markdown
    assert "Tea is a fine tree.[^1] It grows in the south.[^2]" in markdown
    assert "[^1]: The south here means Fujian.\n" in markdown
    assert "[^2]: Or Yunnan, some say.\n" in markdown
    assert "[^3]: A note with its number." in markdown
    assert "See the chapter on leaves for more." in markdown  # a link, not a mark
    assert "Leaves come later." in markdown and "[^later]" not in markdown


def test_a_title_set_as_paragraphs_is_the_chapters_heading_once() -> None:
    """Before: the label from the contents came as a heading, then the book's own title
    paragraphs said it again. A title broken by <br/> reads with a colon."""
    styled = Chapter(
        "Chapter II. The Tools",
        [],
        own_heading=False,
        extra_html='<div class="chapter"><p class="chapter-title">Chapter II</p>'
        '<p class="chapter-subtitle">The Tools</p><p>Fifteen tools lay on the bench.</p></div>',
    )
    broken = Chapter(
        "CHAPTER III The Origin of Tea",
        [],
        own_heading=False,
        extra_html="<h2>CHAPTER III<br/>The Origin of Tea</h2><p>Tea began as a medicine.</p>",
    )
    markdown = convert_epub(make_epub([styled, broken])).markdown
    assert "# Chapter II. The Tools\n\nFifteen tools lay on the bench." in markdown
    assert markdown.count("The Tools") == 1
    assert (
        "## CHAPTER III: The Origin of Tea\n" in markdown
        or "# CHAPTER III: The Origin of Tea\n" in markdown
    )


def test_a_title_in_two_headings_is_one_entry_of_the_outline() -> None:
    """Before: "BOOK I" and its subtitle "Of Leaves" (an <h3>) were two entries, the
    subtitle listed beside the chapters as if it were one."""
    chapters = [
        Chapter(
            "Book I: Of Leaves",
            [],
            own_heading=False,
            extra_html="<h2>BOOK I</h2><h3>Of Leaves</h3><p>The first book.</p>",
        ),
        Chapter("Chapter I", ["Leaves fall."], depth=2, heading_tag="h2"),
    ]
    converted = convert_epub(make_epub(chapters, epub3=False))
    source = converted_source(converted, Path("/x/leaves.epub"), original="0" * 64, kind="epub")
    entries = [(e.title, e.level) for e in outline(Document(source))]
    assert entries[1:] == [("Book I: Of Leaves", 1), ("Chapter I", 2)]


def test_calibres_unknown_date_is_no_date() -> None:
    """Calibre writes 0101-01-01 for a book whose date it does not know: listed as such."""
    book = make_epub([Chapter("One", ["Text."])], date="0101-01-01T00:00:00+00:00")
    assert convert_epub(book).date == ""
