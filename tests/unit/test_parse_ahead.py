"""A Markdown text's first chunk parsed by a second process (text/parse_ahead.py): its
blocks are the parser's own, used only when they are the shown text's, and a child that
fails or is not needed costs nothing but its time."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.text import markdown_first, parse_ahead
from summitreader.text.block import Table
from summitreader.text.markdown_blocks import (
    FIRST_CHUNK,
    _first_end,
    _parse_chunk,
    first_chunk_kept,
    iter_markdown_blocks,
)
from summitreader.text.metadata import front_matter_span
from tests.support.corpus import SHOWCASE
from tests.support.markdown_chunks import fenced_across_the_first_chunk, long_text, plain


@pytest.fixture(autouse=True)
def no_child_left() -> Iterator[None]:
    markdown_first.use(None)
    yield
    parse_ahead.discard()
    markdown_first.use(None)


def fresh(text: str) -> list[tuple]:
    assert not parse_ahead.pending()
    return plain(list(iter_markdown_blocks(text)))


def ahead(path: Path, text: str) -> list[tuple]:
    """The blocks of ``text`` with a child started on ``path``'s bytes."""
    parse_ahead.spawn(str(path))
    assert parse_ahead.answered(timeout=30)  # as at start-up: long before it is asked
    blocks = plain(list(iter_markdown_blocks(text)))
    assert not parse_ahead.pending()  # the answer was asked for, once
    return blocks


@pytest.mark.parametrize(
    "text", [SHOWCASE.read_text(encoding="utf-8"), long_text(), fenced_across_the_first_chunk()]
)
def test_the_childs_blocks_are_the_parsers(text: str, tmp_path: Path) -> None:
    book = tmp_path / "book.md"
    book.write_text(text, encoding="utf-8")
    assert ahead(book, text) == fresh(text)


def test_an_edit_in_the_first_chunk_after_the_child_read_it_is_a_miss(tmp_path: Path) -> None:
    text = long_text()
    book = tmp_path / "book.md"
    book.write_text(text, encoding="utf-8")
    edited = text.replace("## Part 1\n", "Part 1 ok\n", 1)  # as long: the chunk ends as before
    assert len(edited) == len(text) and edited.index("Part 1") < FIRST_CHUNK
    assert fresh(edited) != fresh(text)
    assert ahead(book, edited) == fresh(edited)


def test_an_edit_past_the_first_end_inside_a_longer_chunk_is_a_miss(tmp_path: Path) -> None:
    text = fenced_across_the_first_chunk()
    book = tmp_path / "book.md"
    book.write_text(text, encoding="utf-8")
    at = text.index(f"line {FIRST_CHUNK // 20} of code")
    edited = text[:at] + "```\n\n# A heading now\n\n```\n" + text[at:]
    assert fresh(edited) != fresh(text)
    assert ahead(book, edited) == fresh(edited)


def test_a_child_that_fails_gives_no_answer(tmp_path: Path) -> None:
    book = tmp_path / "binary.md"
    book.write_bytes(b"\x00\x01\x02 not text" * 100)
    parse_ahead.spawn(str(book))
    assert parse_ahead.answered(timeout=30)
    assert parse_ahead.result() is None
    assert not parse_ahead.pending()


def test_an_answer_not_wanted_stops_the_child(tmp_path: Path) -> None:
    book = tmp_path / "book.md"
    book.write_text(long_text(), encoding="utf-8")
    parse_ahead.spawn(str(book))
    pending = parse_ahead._pending
    assert pending is not None
    parse_ahead.discard()
    assert not parse_ahead.pending()
    with pytest.raises(ChildProcessError):  # stopped and reaped: no zombie left
        os.waitpid(pending[0], os.WNOHANG)


def test_an_answer_from_the_child_is_kept_for_the_next_open(tmp_path: Path) -> None:
    text = long_text()
    book = tmp_path / "book.md"
    book.write_text(text, encoding="utf-8")
    folder = tmp_path / "first-screens"
    markdown_first.use(folder)
    assert ahead(book, text) == fresh_without_cache(text)
    assert len(list(folder.glob("*.blocks"))) == 1
    markdown_first.use(folder)
    assert plain(list(iter_markdown_blocks(text))) == fresh_without_cache(text)


def fresh_without_cache(text: str) -> list[tuple]:
    folder = markdown_first._folder
    markdown_first.use(None)
    try:
        return fresh(text)
    finally:
        markdown_first.use(folder)


@pytest.mark.parametrize(
    "argv",
    [["notes.txt"], ["a.md", "b.md"], ["--db", "x.md"], ["missing.md"], ["open", "a.md"], []],
)
def test_only_one_markdown_file_starts_a_child(argv: list[str], tmp_path: Path) -> None:
    for name in ("notes.txt", "a.md", "b.md", "x.md", "open"):
        (tmp_path / name).write_text("# Title\n", encoding="utf-8")
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        parse_ahead.start(argv)
    finally:
        os.chdir(here)
    assert not parse_ahead.pending()


def test_one_markdown_file_starts_a_child_with_a_second_core(tmp_path: Path) -> None:
    book = tmp_path / "Book.MD"
    book.write_text("# Title\n\nWords.\n", encoding="utf-8")
    parse_ahead.start([str(book)])
    assert parse_ahead.pending() == (len(os.sched_getaffinity(0)) >= 2)


FIRST_SCREEN = """
import sys
from pathlib import Path
from summitreader.layout.rows import build_rows
from summitreader.text import parse_ahead
from summitreader.text.markdown_view import MarkdownView
parse_ahead.spawn(sys.argv[1])
parse_ahead.answered(30)
view = MarkdownView(Path(sys.argv[1]).read_text(encoding="utf-8"))
build_rows(view, 80, first=view.block_at(0), until=view.first_window)
print("markdown_it" in sys.modules)
"""


@pytest.mark.parametrize("child", [True, False])
def test_a_first_screen_from_the_child_does_not_import_markdown_it(
    tmp_path: Path, child: bool
) -> None:
    book = tmp_path / "book.md"
    book.write_text(long_text(400), encoding="utf-8")
    script = FIRST_SCREEN if child else FIRST_SCREEN.replace("parse_ahead.spawn", "len")
    argv = [sys.executable, "-c", script, str(book)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout.strip()
    assert out == str(not child)


@settings(max_examples=60, deadline=None)
@given(
    sections=st.integers(min_value=0, max_value=60),
    fence=st.booleans(),
    at=st.floats(min_value=0, max_value=1),
    insert=st.sampled_from(["x", "\n\n", "```\n", "# H\n", "| a |\n|---|\n", "\n---\n", " "]),
)
def test_an_entry_for_one_text_is_taken_for_another_only_when_its_blocks_are_right(
    sections: int, fence: bool, at: float, insert: str
) -> None:
    """Whatever the edit, the child's entry for the old text gives the new text's blocks,
    or is refused."""
    text = fenced_across_the_first_chunk() if fence else long_text(sections)
    where = int(at * len(text))
    edited = text[:where] + insert + text[where:]
    kept = first_chunk_kept(text)
    assert kept is not None
    first, data = kept
    code = markdown_first._signature()
    assert code is not None
    span = front_matter_span(edited)
    if first != _first_end(edited, span):
        return  # refused before the entry is read
    taken = markdown_first._decode(data, edited, first, code, Table, named=False)
    if taken is not None:
        end, blocks = taken
        assert plain(blocks) == plain(_parse_chunk(edited, 0, FIRST_CHUNK, span, 0)[1])
        assert end == _parse_chunk(edited, 0, FIRST_CHUNK, span, 0)[0]
    chunk_end = _parse_chunk(text, 0, FIRST_CHUNK, front_matter_span(text), 0)[0]
    if edited[: chunk_end + 1] == text[: chunk_end + 1]:
        assert taken is not None  # only characters past the entry's changed


def test_the_child_imports_nothing_from_the_working_directory(tmp_path: Path) -> None:
    """A folder holding a module named like one the child imports is not its library."""
    book = tmp_path / "book.md"
    book.write_text(long_text(), encoding="utf-8")
    (tmp_path / "select.py").write_text('raise SystemExit("imported from the cwd")\n')
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        parse_ahead.spawn(str(book))
        parse_ahead.answered(timeout=30)
        answer = parse_ahead.result()
    finally:
        os.chdir(here)
    assert answer is not None


def test_a_child_not_answering_in_time_is_stopped_and_the_text_parsed_here(
    tmp_path: Path,
) -> None:
    text = long_text()
    book = tmp_path / "book.md"
    book.write_text(text, encoding="utf-8")
    parse_ahead.spawn(str(book))
    pending = parse_ahead._pending
    assert pending is not None
    assert parse_ahead.result(wait=0) is None  # asked at once: no answer yet
    with pytest.raises(ChildProcessError):
        os.waitpid(pending[0], os.WNOHANG)
    assert plain(list(iter_markdown_blocks(text))) == fresh(text)


@pytest.mark.parametrize("closed", [True, False])
def test_a_text_longer_than_the_childs_head(tmp_path: Path, closed: bool) -> None:
    """The child reads the first megabyte: enough for any first chunk but one inside a
    fence left open to the end, whose entry is then refused."""
    filler = "".join(f"line {n} of a long code block\n" for n in range(45_000))
    assert len(filler) > parse_ahead.HEAD
    text = "# Title\n\nWords.\n\n```\n" + filler + ("```\n\nAfter.\n" if closed else "")
    if closed:
        text = long_text() + text
    book = tmp_path / "book.md"
    book.write_text(text, encoding="utf-8")
    parse_ahead.spawn(str(book))
    assert parse_ahead.answered(timeout=30)
    answer = parse_ahead.result()
    assert answer is not None
    first, data = answer
    code = markdown_first._signature()
    assert code is not None
    taken = markdown_first._decode(data, text, first, code, Table, named=False)
    assert (taken is not None) == closed
    assert ahead(book, text) == fresh(text)
