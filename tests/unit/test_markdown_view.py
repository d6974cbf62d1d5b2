"""Markdown's reading view (markdown-it blocks): each construct looks like what it is, and
every visible character maps back to exactly the character it shows, for any document
made of every construct (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

from summitreader.layout.blocks import _share, column_layout, column_widths
from summitreader.layout.cells import cell_width
from summitreader.layout.rows import build_rows
from summitreader.sources.text import Source
from summitreader.text import markdown_blocks
from summitreader.text.document import Document
from summitreader.text.markdown_view import MarkdownView
from summitreader.text.sanitize import visible
from summitreader.text.visible_markdown import markdown_of
from tests.support.corpus import SHOWCASE
from tests.support.view_checks import check_a_span_holds_its_chars, check_each_char_maps_to_itself


def view_of(text: str) -> MarkdownView:
    return MarkdownView(text)


def shown(text: str) -> list[tuple[str, str]]:
    view = view_of(text)
    return [(b.kind, view.rendered(i).text) for i, b in enumerate(view.blocks)]


def test_code_keeps_its_lines_and_indentation():
    view = view_of("```py\ndef f():\n    return 1\n```\n\n    indented\n      more\n")
    fenced, indented = view.rendered(0), view.rendered(1)
    assert [b.kind for b in view.blocks] == ["code", "code"]
    assert fenced.text == "def f():     return 1" and fenced.breaks == (9,)
    assert indented.text == "indented   more"
    assert view.blocks[0].extra == "py"


def test_a_long_code_line_wraps_at_the_width_and_keeps_its_indentation():
    view = view_of("```\n  " + "x" * 30 + "\n  y\n```\n")
    rows = build_rows(view, 14)
    assert rows is not None
    lines = [rows.row(i) for i in range(rows.total)]
    text = view.rendered(0).text
    assert [text[r.start : r.end] for r in lines] == [
        "  xxxxxxxxxx",
        "xxxxxxxxxxxx",
        "xxxxxxxx ",
        "  y",
    ]


def test_a_long_line_of_raw_html_wraps_at_its_spaces_not_inside_a_tag():
    """Before: raw HTML was cut at the width as code is: "inside Markdown.<" / "/p></div>"."""
    view = view_of('<div class="aside"><p>This is <b>raw HTML</b> in Markdown.</p></div>\n')
    assert [b.kind for b in view.blocks] == ["html"]
    rows = build_rows(view, 30)
    assert rows is not None
    text = view.rendered(0).text
    lines = [text[rows.row(i).start : rows.row(i).end] for i in range(rows.total)]
    assert lines == ['<div class="aside"><p>This is ', "<b>raw HTML</b> in ", "Markdown.</p></div>"]


def test_tables_are_rows_of_cells_in_shared_columns():
    view = view_of("| a | bb |\n|:-|--:|\n| 1 | 2 \\| 3 |\n| long cell | x |\n")
    assert [b.kind for b in view.blocks] == ["row", "row", "row"]
    header = view.rendered(0)
    assert [header.text[a:b] for a, b in header.cells] == ["a", "bb"]
    second = view.rendered(1)
    assert [second.text[a:b] for a, b in second.cells] == ["1", "2 | 3"]
    assert view.blocks[0].extra.aligns == ["", "right"]
    assert column_widths(view, 0, 80) == [9, 5]
    narrow, bands = column_layout(view, 2, 10)
    assert bands == [(0, 1), (1, 2)]  # two columns of 8 cells do not fit in 10
    assert narrow == [9, 5]
    assert column_layout(view, 2, 16) == ([8, 5], [(0, 2)])  # they do in 16


def _table(columns: int, rows: int) -> str:
    head = "| " + " | ".join(f"head{c}" for c in range(columns)) + " |\n"
    rule = "|" + "---|" * columns + "\n"
    body = "".join(
        "| " + " | ".join(f"r{r}c{c}" for c in range(columns)) + " |\n" for r in range(rows)
    )
    return head + rule + body


@pytest.mark.parametrize("columns", [1, 7, 30, 300])
@pytest.mark.parametrize("measure", [12, 40, 80])
def test_every_cell_of_a_wide_table_is_on_screen(columns, measure):
    """A table too wide for its screen shows its columns in bands, one under another, each
    as wide as the measure: every cell's text is on some row, none past the edge."""
    view = view_of(_table(columns, 2))
    rows = build_rows(view, measure)
    assert rows is not None
    seen = []
    for index in range(rows.total):
        row = rows.row(index)
        if row.block < 0:
            continue
        widths = column_widths(view, row.block, measure)
        first, cells = rows.cells(row.block)[row.line]
        shown = widths[first : first + len(cells)]
        assert sum(shown) + 3 * (len(cells) - 1) <= measure
        text = view.rendered(row.block).text
        seen += [text[a:b] for a, b in cells]
    for name in [f"head{c}" for c in range(columns)] + [f"r1c{c}" for c in range(columns)]:
        assert any(name.startswith(piece.strip()) and piece.strip() for piece in seen), name


def test_lists_nest_and_show_bullets_numbers_and_boxes():
    view = view_of("- a\n  - b\n- [ ] todo\n- [x] done\n\n3. three\n4. four\n")
    leads = [(b.lead, view.rendered(i).text) for i, b in enumerate(view.blocks)]
    assert leads == [
        ("• ", "a"),
        ("  ◦ ", "b"),
        ("☐ ", "todo"),
        ("☑ ", "done"),
        ("3. ", "three"),
        ("4. ", "four"),
    ]
    assert [b.gap for b in view.blocks] == [1, 0, 0, 0, 1, 0]  # a tight list has no blank rows


def test_quotes_have_a_bar_at_every_depth():
    view = view_of("> one\n>\n> > two\n> > > three\n")
    assert [(b.kind, b.lead) for b in view.blocks] == [
        ("quote", "│ "),
        ("quote", "│ │ "),
        ("quote", "│ │ │ "),
    ]


@pytest.mark.parametrize("kind", ["quote", "list"])
def test_text_nested_past_the_parsers_limit_is_shown_raw_not_lost(kind):
    """markdown-it stops parsing at 20 levels and drops what lies deeper."""
    depth = 500
    if kind == "quote":
        lines = ["> " * d + f"word{d}" for d in range(1, depth + 1)]
    else:
        lines = ["  " * d + f"- word{d}" for d in range(depth)]
    text = "\n".join(lines) + "\n\nafter\n"
    view = view_of(text)
    words = " ".join(view.rendered(i).text for i in range(len(view.blocks))).split()
    missing = [line.split()[-1] for line in lines if line.split()[-1] not in words]
    assert missing == [] and words[-1] == "after"
    for block in range(len(view.blocks)):
        check_each_char_maps_to_itself(view, block)
    rows = build_rows(view, 30)
    assert rows is not None and rows.total > 0


def test_inline_constructs():
    text = (
        "A ~~gone~~ [ref] and [full][r] and ![alt](i.png) with a note[^n].\n\n"
        "[r]: https://r.example\n[ref]: https://ref.example\n\n[^n]: The note.\n"
    )
    view = view_of(text)
    r = view.rendered(0)
    assert r.text == "A gone ref and full and [alt] with a note[n]."
    styles = {(s.style, s.url) for s in r.spans}
    assert {
        ("strike", ""),
        ("link", "https://ref.example"),
        ("link", "https://r.example"),
        ("image", "i.png"),
        ("footnote", "n"),
    } <= styles
    assert r.inserts == ((r.text.index("alt"), "image: "),)
    bare = view_of("An icon ![](icon.png) and ![ ](dot.gif) here.\n").rendered(0)
    assert bare.text == "An icon [] and [ ] here."  # no alt text: "[image]", no empty label
    assert [label for _, label in bare.inserts] == ["image", "image"]
    note = next(i for i, b in enumerate(view.blocks) if b.kind == "footnote")
    assert view.rendered(note).text == "[n]: The note."
    assert view.footnote("n") == note


def test_setext_headings_hard_breaks_and_raw_html():
    view = view_of("Title\n=====\n\nline one  \nline two\\\nthree\n\n<div>\n<b>x</b>\n</div>\n")
    assert [(b.kind, b.level) for b in view.blocks] == [
        ("heading", 1),
        ("paragraph", 0),
        ("html", 0),
    ]
    para = view.rendered(1)
    assert para.text.split() == ["line", "one", "line", "two", "three"]
    assert len(para.breaks) == 2
    assert view.rendered(2).text == "<div> <b>x</b> </div>"  # shown, not interpreted


def test_front_matter_is_hidden_behind_the_title_block():
    view = view_of('---\ntitle: "A Title"\nauthor: Jane Roe\nlayout: post\n---\n\nBody.\n')
    assert shown(view.text) == [
        ("title", "A Title"),
        ("byline", "Jane Roe"),
        ("paragraph", "Body."),
    ]


def test_the_showcase_maps_every_character():
    text = SHOWCASE.read_text(encoding="utf-8")
    view = view_of(text)
    kinds = {b.kind for b in view.blocks}
    assert {"title", "heading", "code", "row", "list", "quote", "rule", "html", "footnote"} <= kinds
    for i in range(len(view.blocks)):
        r = view.rendered(i)
        for v, ch in enumerate(r.text):
            assert visible(text[r.to_source(v)]) == ch


def test_a_long_text_is_parsed_in_chunks_that_agree_with_one_parse(monkeypatch):
    text = SHOWCASE.read_text(encoding="utf-8").split("---\n", 2)[2] * 6
    whole = [(b.kind, b.start, b.end, b.lead) for b in view_of(text).blocks]
    monkeypatch.setattr(markdown_blocks, "FIRST_CHUNK", 50)
    monkeypatch.setattr(markdown_blocks, "CHUNK", 50)
    chunked = [(b.kind, b.start, b.end, b.lead) for b in view_of(text).blocks]
    assert chunked == whole


# Property tests -------------------------------------------------------------------------

WORD = st.sampled_from(
    [
        *("word", "Ünï", "世界", "🙂", "e\u0301", "שלום", "a*b", "x_y", "[x]", "<p>", "\\*"),
        *("&amp;", "`c`", "**s**", "*e*", "~~d~~", "[l](u)", "![i](p)", "[^1]", "[r]", "\x1b"),
        *("\t", "|"),
    ]
)
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(tasklists_plugin)
LINE = st.lists(WORD, min_size=1, max_size=6).map(" ".join)
PROSE = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
CODE_LINE = st.text(alphabet="ab {}()*_`|\t>#-", max_size=12)


@st.composite
def construct(draw) -> str:
    kind = draw(
        st.sampled_from(["p", "h", "sx", "code", "ind", "table", "list", "quote", "html", "hr"])
    )
    if kind == "p":
        return draw(PROSE) + draw(st.sampled_from(["", "  \nmore", "\\\nmore"]))
    if kind == "h":
        return "#" * draw(st.integers(1, 6)) + " " + draw(LINE)
    if kind == "sx":
        return draw(LINE) + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == "code":
        lines = draw(st.lists(CODE_LINE, max_size=4))
        return "```" + draw(st.sampled_from(["", "py"])) + "\n" + "\n".join(lines) + "\n```"
    if kind == "ind":
        return "\n".join(
            "    " + line for line in draw(st.lists(CODE_LINE, min_size=1, max_size=3))
        )
    if kind == "table":
        cols = draw(st.integers(1, 3))
        rows = draw(st.lists(st.lists(LINE, min_size=cols, max_size=cols), min_size=1, max_size=3))
        head = "| " + " | ".join(f"h{c}" for c in range(cols)) + " |"
        rule = "|" + "|".join(
            draw(st.sampled_from(["---", ":--", ":-:", "--:"])) for _ in range(cols)
        )
        body = ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        return "\n".join([head, rule + "|", *body])
    if kind == "list":
        items = draw(st.lists(st.tuples(st.integers(0, 2), LINE), min_size=1, max_size=4))
        marker = draw(st.sampled_from(["- ", "* ", "1. ", "- [ ] ", "- [x] "]))
        return "\n".join("  " * depth + marker + line for depth, line in items)
    if kind == "quote":
        depth = draw(st.integers(1, 3))
        return "\n".join(
            "> " * depth + line for line in draw(st.lists(LINE, min_size=1, max_size=3))
        )
    if kind == "html":
        return "<div>\n" + draw(LINE) + "\n</div>"
    return draw(st.sampled_from(["---", "***", "- - -"]))


FRONT_MATTER = st.sampled_from(["", "---\ntitle: A *title*\nauthor: Ada\n---\n\n"])
DOCS = st.tuples(FRONT_MATTER, st.lists(construct(), min_size=1, max_size=6)).map(
    lambda doc: doc[0] + "\n\n".join(doc[1]) + "\n\n[^1]: A note.\n\n[r]: https://r.example\n"
)


@settings(max_examples=300, deadline=None)
@given(DOCS)
def test_visible_chars_map_to_the_same_source_chars(text):
    view = view_of(text)
    previous_block_end = -1
    for i, block in enumerate(view.blocks):
        assert block.start >= previous_block_end or block.kind in ("title", "byline")
        previous_block_end = block.start
        check_each_char_maps_to_itself(view, i)


@settings(max_examples=300, deadline=None)
@given(DOCS, st.data())
def test_any_visible_span_maps_to_a_source_slice_holding_those_chars(text, data):
    check_a_span_holds_its_chars(view_of(text), data)


@settings(max_examples=200, deadline=None)
@given(DOCS, st.integers(min_value=8, max_value=60))
def test_rows_cover_each_block_once_and_fit_the_measure(text, measure):
    view = view_of(text)
    rows = build_rows(view, measure)
    assert rows is not None and rows.complete
    pieces: dict[int, list[tuple[int, int]]] = {}
    for index in range(rows.total):
        row = rows.row(index)
        if row.block < 0:
            continue
        rendered = rows.rendered(row.block)
        inner = rows.inner(row.block)
        if view.block(row.block).kind == "row":
            widths = column_widths(view, row.block, measure)
            first, cells = rows.cells(row.block)[row.line]
            for (a, b), width in zip(cells, widths[first:], strict=False):
                piece = rendered.text[a:b].rstrip()
                assert cell_width(piece) <= width or len(piece) == 1  # one wide character
                pieces.setdefault(row.block, []).append((a, b))
            continue
        shown = rendered.text[row.start : row.end].rstrip()
        drawn = cell_width(shown) + sum(
            len(s) for v, s in rendered.inserts if row.start <= v < row.end
        )
        # only one word (an image's label cannot leave its alt text) may be wider than the line
        assert drawn <= inner or len(shown.split()) <= 1
        pieces.setdefault(row.block, []).append((row.start, row.end))
    for block, spans in pieces.items():
        rendered = rows.rendered(block)
        covered = sorted(v for a, b in spans for v in range(a, b))
        assert len(covered) == len(set(covered))  # no character on two rows
        cells = rendered.cells
        expected = (
            [v for a, b in cells for v in range(a, b)] if cells else range(len(rendered.text))
        )
        assert covered == sorted(expected)
        assert rows.row_of(rendered.to_source(0)) >= 0


def _words_read_back(markdown: str) -> str:
    """The characters a CommonMark reader shows for ``markdown``, bare."""
    shown: list[str] = []
    for token in MD.parse(markdown):
        if token.type in ("fence", "code_block"):
            shown.append(token.content)
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                shown.append(child.content)
            elif child.type == "image":
                shown.append("".join(c.content for c in child.children or []))
    return _bare("".join(shown).translate(_LOWERED))


_LOWERED = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")  # a footnote mark's number, raised


def _bare(text: str) -> str:
    """Without whitespace, the brackets of image alt texts and footnote marks, and the
    pipes between a table row's cells (which the reader draws as lines)."""
    return "".join(text.split()).replace("[", "").replace("]", "").replace("|", "")


@settings(max_examples=300, deadline=None)
@given(DOCS, st.data())
def test_markdown_of_any_span_reads_back_as_the_characters_shown(text, data):
    """What you highlight is what you export, for any span of any document."""
    doc = Document(Source(Path("/x/doc.md"), "0" * 64, text, "utf-8", len(text)))
    view = doc.view
    blocks = [
        i
        for i in range(len(view.blocks))
        if view.rendered(i).text.strip() and view.block(i).kind not in ("rule", "frontmatter")
    ]
    if not blocks:
        return
    r = view.rendered(data.draw(st.sampled_from(blocks)))
    a = data.draw(st.integers(0, len(r.text) - 1))
    b = data.draw(st.integers(a + 1, len(r.text)))
    out = markdown_of(doc, r.to_source(a), r.to_source(b - 1) + 1)
    assert _words_read_back(out) == _bare(r.text[a:b]).translate(_LOWERED)


def test_a_first_heading_that_repeats_the_front_matters_title_is_shown_once():
    """A web page's h1 is its title: the title block shows it, the heading does not again."""
    front = '---\ntitle: "Night Trains"\nauthor: Ann Lee\n---\n\n'
    text = front + "# Night  trains\n\nBody.\n\n# Night Trains\n"
    shown = [(b.kind, text[b.start : b.end]) for b in MarkdownView(text).blocks]
    assert [kind for kind, _ in shown] == ["title", "byline", "paragraph", "heading"]
    assert shown[-1][1] == "# Night Trains"  # only the first heading, right after the title
    other = '---\ntitle: "Night Trains"\n---\n\n# Sleepers\n\nBody.\n'
    assert [b.kind for b in MarkdownView(other).blocks] == ["title", "heading", "paragraph"]


def test_the_first_window_of_a_long_text_needs_only_its_first_chunk_parsed():
    """The window a long Markdown text first shows is wrapped from the blocks of the first
    chunk markdown-it parses: a second, larger chunk would delay the first screen. It still
    holds more than two screens of rows."""
    section = (
        "## A heading\n\nA paragraph with *emphasis* and `code`, long enough to wrap at "
        "eighty columns.\n\n```\ndef f():\n    return 1\n```\n\n| a | b |\n|---|---|\n"
        "| 1 | 2 |\n\n- an item\n  - nested\n\n> a quote\n\n"
    )
    text = "# Title\n\n" + section * 2_000
    view = view_of(text)
    window = build_rows(view, 80, first=view.block_at(0), until=view.first_window)
    assert window is not None and not window.complete
    split_so_far = view.blocks_until(0)  # splits nothing more
    assert split_so_far[-1].end < 2 * markdown_blocks.FIRST_CHUNK
    assert window.total > 2 * 40


def test_the_length_of_a_selection_is_what_the_reader_sees():
    """Before: the status line counted the Markdown, link targets included."""
    text = "Some [link text](https://example.com/a/long/url) and **bold** here.\n\nNext *em*.\n"
    view = view_of(text)
    shown = [view.rendered(i).text for i in range(2)]
    assert shown == ["Some link text and bold here.", "Next em."]
    assert view.visible_length(0, len(text)) == (len(shown[0]) + len(shown[1]), True)
    link = text.index("[link")
    assert view.visible_length(link, text.index(")") + 1) == (len("link text"), True)
    count, exact = view.visible_length(0, len(text), most_blocks=1)
    assert not exact and count > len(shown[0])  # past the cap: an estimate, said to be one


@pytest.mark.parametrize(
    ("unit", "count"),
    [("[[1,2],", 3000), ("a *b _c ", 3000), ("[a](b ", 3000), ("![a](b ", 3000)],
)
def test_a_paragraph_of_unclosed_markup_reads_as_its_characters(unit, count):
    """Openers with no closer (minified JSON, a pasted log): each was searched for to the
    paragraph's end, so 20,000 of them took minutes (benchmarks/hostile_markdown.py
    times it). What shows is the text itself, every character mapped to its own."""
    text = unit * count
    view = view_of(text + "\n")
    assert view.rendered(0).text == text.rstrip()
    check_each_char_maps_to_itself(view, 0)


def test_links_and_emphasis_close_where_they_close_among_many():
    text = "[a](b) *c* " * 50 + "[x [y] z](u) **w** [q"
    rendered = view_of(text + "\n").rendered(0)
    assert rendered.text == "a c " * 50 + "x [y] z w [q"
    assert sum(1 for s in rendered.spans if s.style == "link") == 51


def test_a_narrow_table_cuts_no_header_word_while_the_words_fit():
    """The long column gives up its room first: 'Population' stays whole at 40 columns,
    where an even share would have cut it."""
    view = view_of(
        "| Country | Population | Notes |\n|---|---|---|\n"
        "| France | 68 million | a long note about the census of the country and its parts |\n"
    )
    widths, bands = column_layout(view, 0, 40)
    assert bands == [(0, 3)]
    assert widths[:2] == [len("Country"), len("Population")]
    assert sum(widths) + 2 * 3 == 40  # the notes take every cell that is left


@given(
    st.lists(st.tuples(st.integers(1, 60), st.integers(1, 60)), min_size=1, max_size=12),
    st.integers(1, 200),
)
def test_shared_widths_fit_the_room_and_keep_words_when_they_can(columns, room):
    natural = [max(n, w) for n, w in columns]
    least = [min(n, w) for n, w in columns]
    room = max(room, len(columns))
    widths = _share(natural, least, room)
    assert all(1 <= w <= n for w, n in zip(widths, natural, strict=True))
    assert sum(widths) <= room
    if sum(natural) <= room:
        assert widths == natural
    elif sum(least) <= room:
        assert sum(widths) == room
        assert all(w >= k for w, k in zip(widths, least, strict=True))


def test_a_spans_shown_text_is_what_its_blocks_show_without_their_marks():
    source = (
        "# A *title*\n\nSome **bold** words and [a link](https://example.org/a/long/path) "
        "here.\n\n- an item with `code`\n- another\n"
    )
    view = view_of(source)
    start, end = source.index("Some"), source.index("another") + len("another")
    shown = view.shown_text(start, end)
    assert shown == "Some bold words and a link here. an item with code another"
    assert view.shown_text(source.index("link]"), source.index("here")) == "link "
    assert view.shown_text(start, end, most=5) == "Some bold words and a link here."  # whole blocks
    assert view.shown_text(end, start) == ""


def test_a_poems_hard_breaks_stay_line_breaks_in_the_markdown_of_a_highlight():
    """Before: a stanza the reader showed as lines was exported as one run-on line."""
    text = (
        "# Poem\n\nKeep the lamp and *keep the glass*,  \nKeep the watch till night is past;\\\n"
        "Ships that see it.\n\nA paragraph\nwrapped softly.\n"
    )
    doc = Document(Source(Path("p.md"), "0" * 64, text, "utf-8", len(text)))
    start, end = text.index("Keep the lamp"), text.index("see it.") + len("see it.")
    assert markdown_of(doc, start, end) == (
        "Keep the lamp and *keep the glass*,  \nKeep the watch till night is past;  \n"
        "Ships that see it."
    )
    start = text.index("A paragraph")
    assert markdown_of(doc, start, len(text) - 1) == "A paragraph wrapped softly."
