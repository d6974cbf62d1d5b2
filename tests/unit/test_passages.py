import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.layout.cells import cell_width, wrap
from summitreader.sources.text import Source, load_source
from summitreader.text.document import Document
from summitreader.text.passages import sentence_spans
from tests.support.corpus import GOMEZ, SHOWCASE, raw_paragraphs


def test_gomez_paragraphs_are_the_file_paragraphs():
    doc = Document(load_source(GOMEZ))
    text = doc.source.text
    ours = [text[p.start : p.end] for p in doc.passages.paragraphs]
    expected = [p.removeprefix("## ").strip("*") for p in raw_paragraphs(GOMEZ)]
    assert ours == expected
    assert ours[9].startswith("Examples of narrowly-focused demands")


def test_sentences_do_not_split_abbreviations_or_initials():
    spans = sentence_spans("He met U.S. officials. Emily B. Landau wrote it. Then Mr. Kim left!")
    parts = ["He met U.S. officials.", "Emily B. Landau wrote it.", "Then Mr. Kim left!"]
    text = " ".join(parts)
    assert [text[a:b] for a, b in spans] == parts


def test_a_footnote_mark_after_the_stop_ends_the_sentence_with_it():
    parts = ["It shapes modern life.[1]", "We rarely notice it.[^n2]", "Life.¹", "Then [1] fails."]
    text = " ".join(parts)
    assert [text[a:b] for a, b in sentence_spans(text)] == parts


def test_sentences_of_a_gomez_paragraph():
    doc = Document(load_source(GOMEZ))
    para = doc.passages.paragraphs[4]
    sentences = [doc.source.text[s.start : s.end] for s in doc.passages.sentences(para)]
    assert sentences[0] == "The Trump administration should take these concerns to heart."
    assert len(sentences) == 4
    assert " ".join(sentences) == doc.source.text[para.start : para.end]


def test_sentence_motion_crosses_paragraphs():
    doc = Document(load_source(GOMEZ))
    ps = doc.passages
    last = ps.sentences(ps.paragraphs[4])[-1]
    nxt = ps.next_sentence(last, 1)
    assert nxt is not None and nxt.start == ps.paragraphs[5].start
    assert ps.next_sentence(nxt, -1) == last


TEXT = st.text(alphabet=st.sampled_from(list("abc xyz  世界🙂é\u0301-")), min_size=0, max_size=200)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.integers(1, 50))
def test_wrap_partitions_and_never_overflows(text, width):
    lines = wrap(text, width)
    assert lines[0][0] == 0 and lines[-1][1] == len(text)
    for (a, b), (c, _) in itertools.pairwise(lines):
        assert b == c and a < b
    for a, b in lines:
        content = text[a:b].rstrip(" ")
        # A single character wider than the line is the only allowed overflow.
        assert cell_width(content) <= width or len(content) == 1


def test_a_plain_first_line_title_is_known_as_the_title_block():
    from tests.support.corpus import LANDAU

    landau = Document(load_source(LANDAU))
    assert landau.title_block == landau.view.passage_blocks[0]
    assert Document(load_source(GOMEZ)).title_block is None  # a real "##" heading already


def _document(tmp_path, text: str, name: str = "a.md") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return Document(load_source(path))


def test_a_numbered_heading_is_one_passage(tmp_path):
    doc = _document(tmp_path, "# Title\n\n## 3. Objections\n\nFirst point. Second point.\n")
    text = doc.source.text
    heading = next(p for p in doc.passages.paragraphs if "Objections" in text[p.start : p.end])
    assert [text[s.start : s.end] for s in doc.passages.sentences(heading)] == ["3. Objections"]
    # moving by sentence from the heading goes straight to the next paragraph's first
    following = doc.passages.next_sentence(heading, 1)
    assert text[following.start : following.end] == "First point."


def test_a_leading_number_is_never_a_sentence_of_its_own():
    for line in ("3. Objections are many.", "iv. Sources come last.", "(a) The first case. Then"):
        text = line
        first = sentence_spans(text)[0]
        assert text[first[0] : first[1]] not in ("3.", "iv.", "(a)")
        assert len(text[first[0] : first[1]]) > 4
    # but a number that ends a sentence still ends it
    text = "It was folly in 2017. It was worse in 2018."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "It was folly in 2017.",
        "It was worse in 2018.",
    ]


# Markdown: passages follow the structure ---------------------------------------------------


def _markdown(text: str) -> Document:
    return Document(Source(Path("/x/doc.md"), "0" * 64, text, "utf-8", len(text)))


def test_each_heading_code_block_table_row_and_list_item_of_the_showcase_is_a_passage():
    doc = Document(load_source(SHOWCASE))
    kinds = [doc.view.block(p.block).kind for p in doc.passages.paragraphs]
    # The showcase, read from its source: title, heading, prose, setext heading, hard
    # breaks, "Code" with two code blocks, "Tables" with four rows, "Lists" with six items
    # and three, "Quotes" with two, the image's paragraph, the raw HTML, the footnote.
    assert kinds == [
        "title",
        *("heading", "paragraph", "heading", "paragraph"),
        *("heading", "code", "code"),
        *("heading", "row", "row", "row", "row"),
        *("heading", *["list"] * 9),
        *("heading", "quote", "quote"),
        *("paragraph", "html", "footnote"),
    ]
    text = doc.source.text
    code = next(p for p in doc.passages.paragraphs if text[p.start :].startswith("def greet"))
    assert text[code.start : code.end].rstrip().endswith('return "Hello"')
    assert doc.passages.sentences(code) == [code]  # never split in sentences


def test_a_sentence_never_ends_inside_inline_code_or_a_table_row():
    text = "Run `make. Then` now. Then stop.\n\n| Mr. A. | B. C. |\n|---|---|\n| x. Y | z |\n"
    doc = _markdown(text)
    first = doc.passages.paragraphs[0]
    sentences = [text[s.start : s.end] for s in doc.passages.sentences(first)]
    assert sentences == ["Run `make. Then` now.", "Then stop."]
    row = doc.passages.paragraphs[-1]
    assert text[row.start : row.end].startswith("x. Y")
    assert doc.passages.sentences(row) == [row]


def test_the_layouts_survey_finds_the_paragraphs_and_words_a_reader_would_count():
    """The layout gathers paragraphs and words as it wraps each block; they are the file's
    paragraphs, numbered in order, and the words of each, counted here from the file."""
    from summitreader.layout.rows import build_rows
    from summitreader.text.passages import Passages, Survey

    doc = Document(load_source(GOMEZ))
    survey = Survey(doc.view)
    assert build_rows(doc.view, 60, survey=survey) is not None
    passages = Passages(doc.view)
    passages.adopt(survey)
    text = doc.source.text
    expected = [p.removeprefix("## ").strip("*") for p in raw_paragraphs(GOMEZ)]
    assert [text[p.start : p.end] for p in passages.paragraphs] == expected
    assert [p.paragraph for p in passages.paragraphs][:3] == [1, 2, 3]
    assert passages.word_count() == sum(len(p.split()) for p in expected)
    asked_first = Document(load_source(GOMEZ)).passages  # no layout: it surveys itself
    assert list(asked_first.paragraphs) == list(passages.paragraphs)


def test_paragraphs_read_as_a_list_does():
    doc = Document(load_source(GOMEZ))
    paragraphs = doc.passages.paragraphs
    as_list = list(paragraphs)
    assert len(as_list) == len(paragraphs) == len(raw_paragraphs(GOMEZ))
    assert paragraphs[-1] == as_list[-1] and paragraphs[3] == as_list[3]
    assert paragraphs[2:5] == as_list[2:5] and paragraphs[::-4] == as_list[::-4]
    assert list(reversed(paragraphs)) == as_list[::-1]


JAPANESE = (
    "日本語組版処理の要件（日本語版）は，W3C技術ノートとして公開したものです．"
    "この文書は，主としてJIS X 4051（日本語組版規則）に基づいていますが，"
    "一部，JIS X 4051に記載のないものもあります。「引用」とっても。"
)


def test_japanese_fills_its_lines_breaking_between_characters():
    """Before: lines broke only at the spaces of "JIS X 4051", half empty."""
    width = 30
    lines = [JAPANESE[a:b] for a, b in wrap(JAPANESE, width)]
    assert "".join(lines) == JAPANESE
    assert all(cell_width(line.rstrip()) >= width - 4 for line in lines[:-1])
    assert all(line[0] not in "，．。、」）" for line in lines[1:])  # no line opens on these
    assert all(line.rstrip()[-1] not in "「（" for line in lines)  # nor closes on these


@given(
    st.text(alphabet="日本語字あいう、。「」（）ab ", min_size=1, max_size=80),
    st.integers(min_value=6, max_value=40),
)
@settings(max_examples=300, deadline=None)
def test_no_line_of_chinese_or_japanese_starts_with_closing_punctuation(text, width):
    lines = wrap(text, width)
    assert lines[0][0] == 0 and lines[-1][1] == len(text)
    for (_, end), (start, _) in itertools.pairwise(lines):
        assert end == start
        if text[start - 1] not in "、。」）" and not text[start - 1].isspace():
            assert text[start] not in "、。」）"  # unless a run of them outgrew the line
