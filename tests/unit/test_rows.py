"""Property tests: screen rows map to text offsets and back, for random documents and widths;
the fast wrap agrees with the careful one; search and keyboard selection stay exact."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from summitreader.layout import cells as layout
from summitreader.layout.cells import cell_width, wrap
from summitreader.layout.rows import RowMap, build_rows
from summitreader.sources.text import Source
from summitreader.text.document import Document
from summitreader.text.find import find_all, match_at_or_after
from summitreader.text.passages import Passages
from summitreader.text.reading_view import ReadingView
from summitreader.text.sanitize import visible
from summitreader.text.selection import UNITS, begin, extend

# Wide and complex text too: CJK, an emoji with a skin tone and a ZWJ, a combining
# accent, Hebrew and Arabic letters, a right-to-left mark and a tab.
WORD = st.text(
    alphabet="abcdeé’XY*_[]()#>-.,!?漢字😀👍🏽\u200d\u0301אבبت\u200f\t", min_size=1, max_size=9
)
LINE = st.lists(WORD, min_size=1, max_size=14).map(" ".join)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=4).map("\n".join)
DOCUMENT = st.lists(PARAGRAPH, min_size=1, max_size=8).map(lambda ps: "\n\n".join(ps) + "\n")


def laid_out(text: str, measure: int) -> tuple[ReadingView, RowMap]:
    view = ReadingView(text)
    rows = build_rows(view, measure)
    assert rows is not None and rows.complete
    return view, rows


def careful_wrap(text: str, width: int) -> list[tuple[int, int]]:
    """The per-character wrap, with the single-width fast path switched off."""
    fast = layout.single_width
    layout.single_width = lambda _text: False
    try:
        return wrap(text, width)
    finally:
        layout.single_width = fast


@settings(max_examples=300, deadline=None)
@given(DOCUMENT, st.integers(min_value=4, max_value=50))
def test_rows_partition_each_block_and_fit_the_measure(text, measure):
    view, rows = laid_out(text, measure)
    pieces: dict[int, list[str]] = {}
    for index in range(rows.total):
        row = rows.row(index)
        if row.block < 0:
            continue
        visible = rows.rendered(row.block).text
        pieces.setdefault(row.block, []).append(visible[row.start : row.end])
        shown = visible[row.start : row.end].rstrip()
        assert cell_width(shown) <= rows.inner(row.block) or len(shown) == 1
    for block, parts in pieces.items():
        assert "".join(parts) == rows.rendered(block).text
    assert sorted(pieces) == list(range(len(view.blocks)))


@settings(max_examples=300, deadline=None)
@given(DOCUMENT, st.integers(min_value=4, max_value=50), st.data())
def test_a_screen_position_maps_to_a_text_offset_and_back(text, measure, data):
    _, rows = laid_out(text, measure)
    assume(rows.total > 0)  # a text of only whitespace has no rows
    index = data.draw(st.integers(min_value=0, max_value=rows.total - 1))
    row = rows.row(index)
    if row.block < 0:
        assert rows.offset_at(index, 0) is None
        return
    rendered = rows.rendered(row.block)
    for v in range(row.start, row.end):
        offset = rows.offset_at(index, v)
        assert offset is not None
        # The character at that offset is the one shown (controls are shown as symbols).
        assert rendered.text[v] == visible(text[offset])
        assert rendered.to_visible(offset) == v
        assert rows.row_of(offset) == index
    assert rows.offset_of_row(index) == rendered.to_source(row.start)


@settings(max_examples=200, deadline=None)
@given(DOCUMENT, st.integers(min_value=4, max_value=50), st.data())
def test_a_span_of_shown_characters_is_the_same_text_in_the_source(text, measure, data):
    """Select from one screen position to another: the source slice holds those characters,
    in order, and everything else in it is hidden markup (shown nowhere)."""
    view, rows = laid_out(text, measure)
    shown = [
        (i, v)
        for i in range(rows.total)
        if rows.row(i).block >= 0
        for v in range(rows.row(i).start, rows.row(i).end)
    ]
    assume(shown)
    a = data.draw(st.integers(min_value=0, max_value=len(shown) - 1))
    b = data.draw(st.integers(min_value=a, max_value=len(shown) - 1))
    offsets = [rows.offset_at(i, v) for i, v in shown[a : b + 1]]
    start, end = offsets[0], offsets[-1] + 1
    assert offsets == sorted(set(offsets))  # in order, each character once
    for o in range(start, end):
        if o in offsets:
            continue
        rendered = view.rendered(view.block_at(o))
        v = rendered.to_visible(o)
        shown_here = v < len(rendered.text) and rendered.to_source(v) == o
        assert not shown_here, f"offset {o} ({text[o]!r}) is shown but was skipped"


@settings(max_examples=100, deadline=None)
@given(DOCUMENT, st.integers(min_value=4, max_value=50), st.data())
def test_a_window_of_rows_agrees_with_the_whole_book(text, measure, data):
    view, whole = laid_out(text, measure)
    assume(view.blocks)  # a text of only whitespace has no blocks
    first = data.draw(st.integers(min_value=0, max_value=len(view.blocks) - 1))
    window = build_rows(ReadingView(text), measure, first=first, until=view.blocks[first].start)
    assert window is not None and window.first == first
    shift = whole.row_of(view.blocks[first].start)
    for index in range(window.total):
        assert window.row(index) == whole.row(index + shift)


@settings(max_examples=1000)
@given(st.text(alphabet="ab é’-\t\xa0\u202f", max_size=80), st.integers(1, 14))
def test_the_fast_wrap_agrees_with_the_careful_one(text, width):
    assert wrap(text, width) == careful_wrap(text, width)


@settings(max_examples=1000)
@given(st.text(alphabet="ab é\t«»:;!?,.\xa0", max_size=80), st.integers(1, 14))
def test_the_wraps_agree_on_french_spacing_while_each_glued_group_fits(text, width):
    """« a » and « mot : » are each one group; one wider than the row is cut, and there the
    two wraps may cut differently, as any cut there is as good as another."""
    assume(all(len(m.group().rstrip()) <= width for m in layout._token().finditer(text)))
    assert wrap(text, width) == careful_wrap(text, width)


@settings(max_examples=1000)
@given(st.text(alphabet="12a ,.\t", max_size=60), st.integers(1, 14))
def test_the_wraps_agree_on_numbers_grouped_by_spaces_while_each_group_fits(text, width):
    assume(all(len(m.group().rstrip()) <= width for m in layout._token().finditer(text)))
    assert wrap(text, width) == careful_wrap(text, width)


@settings(max_examples=300)
@given(
    st.lists(st.integers(1, 999), min_size=1, max_size=3),
    st.lists(st.integers(0, 999), min_size=1, max_size=4),
    st.integers(8, 30),
    st.sampled_from([".", ",", " men", ""]),
)
def test_a_number_grouped_by_spaces_is_never_parted_at_a_line_end(before, groups, width, after):
    """Before: "2 600" could end a line after its "2"."""
    words = [f"w{n}" for n in before]
    number = " ".join([str(groups[0])] + [f"{g:03d}" for g in groups[1:]])
    text = " ".join([*words, number]) + after
    assume(len(number) + len(after.split(" ")[0]) <= width)
    start = len(" ".join(words)) + 1
    for wrapped in (wrap(text, width), careful_wrap(text, width)):
        line_ends = {end for _, end in wrapped[:-1]}
        assert not any(start < end < start + len(number) for end in line_ends), wrapped


@settings(max_examples=300)
@given(
    st.lists(st.text(alphabet="abcXY", min_size=1, max_size=5), min_size=2, max_size=12), st.data()
)
def test_search_finds_a_phrase_however_the_whitespace_breaks_it(words, data):
    gaps = [data.draw(st.sampled_from([" ", "\n", "  ", " \n", "\n> "])) for _ in words[1:]]
    text, starts = words[0], [0]
    for gap, word in zip(gaps, words[1:], strict=True):
        starts.append(len(text) + len(gap))
        text += gap + word
    i = data.draw(st.integers(min_value=0, max_value=len(words) - 1))
    j = data.draw(st.integers(min_value=i, max_value=len(words) - 1))
    query = " ".join(words[i : j + 1])
    start = starts[i]
    matches = find_all(text, query.lower())  # all lowercase: case is ignored
    assert any(
        s == start and " ".join(text[s:e].replace(">", " ").split()) == query for s, e in matches
    )
    assert match_at_or_after(matches, start) is not None


def passages_of(text: str) -> Passages:
    return Document(Source(path=None, sha256="x", text=text, encoding="utf-8", size=0)).passages  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(DOCUMENT, st.data())
def test_keyboard_selection_grows_and_shrinks_at_unit_ends_and_never_passes_the_anchor(text, data):
    passages = passages_of(text)
    offset = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    selection = begin(text, offset)
    anchor = selection.anchor
    assert text[selection.anchor : selection.head].strip() == text[anchor : selection.head]
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        unit = data.draw(st.sampled_from(UNITS))
        step = data.draw(st.sampled_from([1, -1]))
        before = selection.head
        selection = extend(selection, passages, unit, step)
        assert selection.anchor == anchor
        assert anchor <= selection.head <= len(text)
        assert (selection.head >= before) if step > 0 else (selection.head <= before)
        if selection.head != before:
            assert not text[selection.head - 1].isspace()  # a head ends a word


def test_one_search_decides_single_width_as_each_character_would():
    """The one-search answer (no character beyond the common ranges) is the answer of
    asking rich about each distinct character, for every character up to U+10FFF."""
    from rich.cells import get_character_cell_size

    from summitreader.layout.cells import single_width

    def each(text: str) -> bool:
        beyond = {ch for ch in text if ch > "\x7e"}
        return text.isascii() or all(
            ch not in "\u200d\ufe0f" and get_character_cell_size(ch) == 1 for ch in beyond
        )

    for code in range(0x11000):
        for text in ("a" + chr(code), chr(code) + "’é", "Ж" + chr(code)):
            assert single_width(text) == each(text), hex(code)


def test_a_no_break_space_holds_its_words_together():
    text = "It runs 10\xa0km and 5\u202f% more"
    lines = [text[a:b] for a, b in wrap(text, 11)]
    assert "10\xa0km" in "".join(lines)
    assert all(not line.startswith(("km", "%")) for line in lines)
    assert lines == [text[a:b] for a, b in careful_wrap(text, 11)]


def test_french_guillemets_and_two_part_marks_never_stand_alone_at_a_line_end_or_start():
    """Pages often turn the no-break space before » : ; ! ? into a plain one."""
    text = "Il a dit « bonjour », puis il est parti : voilà ! Vraiment ?! Oui ; bien sûr."
    for width in range(12, 40):
        for wrapping in (wrap, careful_wrap):
            lines = [text[a:b] for a, b in wrapping(text, width)]
            assert "".join(lines) == text
            assert not any(line.rstrip().endswith("«") for line in lines), (width, lines)
            assert not any(line[:1] in "»:;!?" for line in lines), (width, lines)


def test_the_kept_one_cell_ranges_are_what_the_installed_rich_measures():
    """COMMON_ONE_CELL saves asking rich of each character at every start: it must say
    what rich says, or the fast wrap would count a cell a character does not take."""
    from summitreader.layout.cells import _COMMON, COMMON_ONE_CELL, _one_cell

    kept = {c for a, b in COMMON_ONE_CELL for c in range(a, b + 1)}
    measured = {c for a, b in _COMMON for c in range(a, b + 1) if _one_cell(chr(c))}
    assert kept == measured


def test_the_fast_paths_pattern_keeps_exactly_the_plain_one_cell_characters():
    from summitreader.layout.plain import _MARKUP, _special
    from summitreader.text.sanitize import DISPLAY_TABLE

    special = _special()
    for code in range(0x2100):
        ch = chr(code)
        plain = ch == "\n" or (
            ch not in _MARKUP
            and code not in DISPLAY_TABLE
            and (0x20 <= code < 0x7F or (code > 0x7F and layout._one_cell(ch)))
        )
        in_common = code < 0x80 or any(a <= code <= b for a, b in layout._COMMON)
        assert (special.match(ch) is None) == (plain and in_common), hex(code)
