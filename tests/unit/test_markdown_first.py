"""The first chunk's blocks kept on disk (text/markdown_first.py): a text opened again gets
the same blocks as a fresh parse, without importing markdown-it; any edit to the chunk, or
to the longer chunk an open fence made, is a miss, never a stale first screen."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.text import markdown_blocks, markdown_first
from summitreader.text.markdown_blocks import FIRST_CHUNK, iter_markdown_blocks
from tests.support.corpus import SHOWCASE
from tests.support.markdown_chunks import fenced_across_the_first_chunk, long_text, plain


def parsed(text: str) -> list[tuple]:
    """The blocks from markdown-it, no cache."""
    markdown_first.use(None)
    return plain(list(iter_markdown_blocks(text)))


@pytest.fixture
def kept(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "first-screens"
    yield folder
    markdown_first.use(None)


def through_the_cache(text: str, folder: Path) -> list[tuple]:
    markdown_first.use(folder)
    return plain(list(iter_markdown_blocks(text)))


@pytest.mark.parametrize(
    "text", [SHOWCASE.read_text(encoding="utf-8"), long_text(), fenced_across_the_first_chunk()]
)
def test_kept_blocks_are_the_parsers(text: str, kept: Path) -> None:
    fresh = parsed(text)
    assert through_the_cache(text, kept) == fresh  # a miss: parsed and kept
    assert len(list(kept.glob("*.blocks"))) == 1
    assert through_the_cache(text, kept) == fresh  # a hit


def test_an_edit_in_the_first_chunk_is_a_miss(kept: Path) -> None:
    text = long_text()
    through_the_cache(text, kept)
    edited = text.replace("## Part 1\n", "Part 1 ok\n", 1)  # as long: the chunk ends as before
    assert len(edited) == len(text) and edited.index("Part 1") < FIRST_CHUNK
    assert parsed(edited) != parsed(text)
    assert through_the_cache(edited, kept) == parsed(edited)


def test_an_edit_past_the_first_end_inside_a_longer_chunk_is_a_miss(kept: Path) -> None:
    """The fence's chunk ran past the first end: closing the fence earlier there changes
    the first chunk's blocks though its first characters are the same."""
    text = fenced_across_the_first_chunk()
    through_the_cache(text, kept)
    first = markdown_blocks._boundary(text, FIRST_CHUNK)
    assert text.count("```", 0, first) == 1  # the first end falls inside the fence
    at = text.index(f"line {FIRST_CHUNK // 20} of code")
    assert at > first + 200
    edited = text[:at] + "```\n\n# A heading now\n\n```\n" + text[at:]
    assert parsed(edited) != parsed(text)
    assert through_the_cache(edited, kept) == parsed(edited)


def test_text_added_after_a_chunk_that_ran_to_the_end_is_a_miss(kept: Path) -> None:
    """A fence left open ran the first chunk to the end of the text; closing it, with
    more after, keeps every character the entry had and adds only new ones."""
    text = fenced_across_the_first_chunk().rsplit("```", 1)[0]  # the fence never closes
    through_the_cache(text, kept)
    longer = text + "```\n\n# After the fence\n"
    assert parsed(longer) != parsed(text)[: len(parsed(longer))]
    assert through_the_cache(longer, kept) == parsed(longer)


def test_a_damaged_entry_is_parsed_again(kept: Path) -> None:
    text = long_text()
    through_the_cache(text, kept)
    [entry] = kept.glob("*.blocks")
    entry.write_bytes(b"\x00not marshal")
    assert through_the_cache(text, kept) == parsed(text)


FIRST_SCREEN = """
import sys
from pathlib import Path
from summitreader.layout.rows import build_rows
from summitreader.text import markdown_first
from summitreader.text.markdown_view import MarkdownView
markdown_first.use(Path(sys.argv[1]))
view = MarkdownView(Path(sys.argv[2]).read_text(encoding="utf-8"))
build_rows(view, 80, first=view.block_at(0), until=view.first_window)
print("markdown_it" in sys.modules)
"""


def test_a_first_screen_from_kept_blocks_does_not_import_markdown_it(
    tmp_path: Path, kept: Path
) -> None:
    book = tmp_path / "book.md"
    book.write_text(long_text(400), encoding="utf-8")
    assert book.stat().st_size > 4 * FIRST_CHUNK

    def first_screen() -> str:
        argv = [sys.executable, "-c", FIRST_SCREEN, str(kept), str(book)]
        return subprocess.run(argv, capture_output=True, text=True, check=True).stdout.strip()

    assert first_screen() == "True"  # nothing kept yet: parsed by markdown-it
    assert first_screen() == "False"


@settings(max_examples=40, deadline=None)
@given(
    sections=st.integers(min_value=0, max_value=40),
    fence=st.booleans(),
    at=st.floats(min_value=0, max_value=1),
    insert=st.sampled_from(["x", "\n\n", "```\n", "# H\n", "| a |\n|---|\n", "\n---\n", " "]),
)
def test_blocks_kept_for_one_text_are_used_for_another_only_when_right(
    tmp_path_factory: pytest.TempPathFactory, sections: int, fence: bool, at: float, insert: str
) -> None:
    """Whatever the edit, a text opened after another is shown its own blocks: the kept
    entry is used, or missed, never stale."""
    folder = tmp_path_factory.mktemp("kept") / "first-screens"
    text = fenced_across_the_first_chunk() if fence else long_text(sections)
    where = int(at * len(text))
    edited = text[:where] + insert + text[where:]
    try:
        through_the_cache(text, folder)
        assert through_the_cache(edited, folder) == parsed(edited)
    finally:
        markdown_first.use(None)


PARSED_AHEAD = """
import sys
from pathlib import Path
from summitreader.cli.reading import _parse_ahead
from summitreader.layout.rows import build_rows
from summitreader.sources.text import load_source
from summitreader.text import markdown_first
from summitreader.text.document import Document
markdown_first.use(Path(sys.argv[1]))
doc = Document(load_source(Path(sys.argv[2])))
_parse_ahead([doc])
view = doc.view
build_rows(view, 80, first=view.block_at(0), until=view.first_window)
print("markdown_it" in sys.modules, markdown_first._ahead)
"""


def test_a_text_opened_first_has_its_first_chunk_parsed_by_a_child_process(
    tmp_path: Path, kept: Path
) -> None:
    """The app forks before it imports Textual; the child keeps the first chunk, and the
    app's first screen then imports no markdown-it and finds the child reaped."""
    book = tmp_path / "book.md"
    text = long_text(400)
    book.write_text(text, encoding="utf-8")
    argv = [sys.executable, "-c", PARSED_AHEAD, str(kept), str(book)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True)
    assert (out.stdout.strip(), out.stderr) == ("False None", "")
    assert len(list(kept.glob("*.blocks"))) == 1
    assert through_the_cache(text, kept) == parsed(text)  # the child's blocks are right
