"""The whole-book layout's short cuts give what the careful paths give: a plain paragraph's
rows counted from the text (layout.plain) against its wrapped visible string, and its span
against the survey of its rendering; the words of all plain paragraphs (the text's, less
those of every other block) against those of every passage shown; and the blocks kept in
arrays (most paragraphs split without a ``Block``) against ``_classify`` of every block."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from summitreader.layout.plain import plain_rows
from summitreader.layout.rows import build_rows, wrap_block
from summitreader.text.block import Block
from summitreader.text.markdown_view import MarkdownView
from summitreader.text.metadata import front_matter_span
from summitreader.text.passages import Passages, Survey
from summitreader.text.plain_blocks import _classify
from summitreader.text.reading_view import ReadingView

# Plain words mostly, with what must keep a paragraph off the fast path now and then:
# markup, a tab, a no-break space, a wide character, a control, a very long word.
WORD = st.one_of(
    st.text(alphabet="abcdeé’“”—.,;", min_size=1, max_size=9),
    st.text(alphabet="ab*_[<`\\\t\xa0\u202f漢😀\x07\x85\u2028", min_size=1, max_size=3),
    st.just("x" * 50),
)
SPACE = st.sampled_from([" ", " ", " ", "  ", "\n", " \n", "\n  "])
LINE = st.lists(st.tuples(WORD, SPACE), min_size=1, max_size=12).map(
    lambda pairs: "".join(w + s for w, s in pairs).rstrip("\n")
)
FIRST = st.sampled_from(["", "", "", "  ", "# ", "> ", "- ", "1. ", "---\n", "Title\n===\n"])
BLOCK = st.tuples(FIRST, LINE).map("".join)
FRONT = st.sampled_from(["", "", "---\ntitle: A tale\n---\n", "  lead words\n===\n\n"])
DOCUMENT = st.tuples(FRONT, st.lists(BLOCK, min_size=1, max_size=8).map("\n\n".join)).map("".join)
_BLOCK = re.compile(r"^[^\S\n]*\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*", re.M)


@given(DOCUMENT, st.integers(min_value=1, max_value=40))
def test_a_plain_paragraph_counted_from_the_text_is_what_wrapping_it_gives(text, measure):
    view = ReadingView(text)
    for index in range(len(view.blocks)):
        fast, careful = Survey(view), Survey(view)
        count = plain_rows(view, index, measure, fast)
        if count is None:
            continue
        assert count == len(wrap_block(view, index, measure))
        careful.add(index)
        assert list(fast.paragraphs) == list(careful.paragraphs)


@given(DOCUMENT, st.integers(min_value=1, max_value=40))
def test_the_whole_layout_finds_the_rows_paragraphs_and_words_of_the_careful_path(text, measure):
    view = ReadingView(text)
    survey = Survey(view)
    rows = build_rows(view, measure, survey=survey)
    assert rows is not None
    gaps = sum(view.blocks[i].gap for i in range(1, len(view.blocks)))
    assert rows.total == gaps + sum(
        len(wrap_block(view, i, measure)) for i in range(len(view.blocks))
    )
    careful = Passages(ReadingView(text))  # no layout: it renders every block to survey it
    assert list(survey.paragraphs) == list(careful.paragraphs)
    assert survey.words == careful.word_count()


@given(DOCUMENT)
def test_blocks_kept_in_arrays_are_those_classify_finds_in_each(text):
    if front_matter_span(text) is not None:
        return
    expected: list[Block] = []
    for m in _BLOCK.finditer(text):
        expected.extend(_classify(text, m.start(), m.end()))
    view = ReadingView(text)
    assert list(view.blocks) == expected
    assert [view.kind(i) for i in range(len(view.blocks))] == [b.kind for b in expected]
    assert list(view.passage_blocks) == [i for i, b in enumerate(expected) if b.is_passage]


def test_a_plain_book_takes_the_short_cut_and_markdown_never_does():
    text = "It was “the” end, he said—and went.\nOn the next line.\n\n" * 3
    view = ReadingView(text)
    assert len(view.blocks) == 3
    assert [plain_rows(view, i, 20, None) for i in range(3)] == [
        len(wrap_block(view, i, 20)) for i in range(3)
    ]
    assert plain_rows(view, 0, 20, None) is not None
    markdown = MarkdownView(text)
    assert all(plain_rows(markdown, i, 20, None) is None for i in range(len(markdown.blocks)))


def test_a_plain_books_blocks_are_kept_in_four_byte_arrays_not_as_objects():
    text = "# A title\n\nIt was “the” end.\n\n- one item\n\nTitle\n===\n\nLast words.\n" * 50
    view = ReadingView(text)
    kinds = [b.kind for b in view.blocks]
    assert kinds[:5] == ["heading", "paragraph", "list", "heading", "paragraph"]
    assert sorted(view.table.rich) == [i for i, k in enumerate(kinds) if k == "heading"]
    assert view.table.starts.itemsize == view.table.ends.itemsize == 4
    survey = Survey(view)
    build_rows(view, 30, survey=survey)
    assert survey.paragraphs.starts.itemsize == 4
    assert view.block(1) == Block("paragraph", view.block(1).start, view.block(1).end)
