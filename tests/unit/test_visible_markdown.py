"""What you highlight is what you export: markdown_of gives clean Markdown of what a span
showed on screen (golden tests on the showcase)."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from summitreader.sources.text import Source, load_source
from summitreader.text.document import Document
from summitreader.text.visible_markdown import markdown_of
from tests.support.corpus import SHOWCASE

DOC = Document(load_source(SHOWCASE))
TEXT = DOC.source.text


def quote(first: str, last: str | None = None) -> str:
    start = TEXT.index(first)
    end = TEXT.index(last, start) + len(last) if last else start + len(first)
    return markdown_of(DOC, start, end)


GOLDEN = [
    (
        ("def greet", 'return "Hello"'),
        '```python\ndef greet(name):\n    """Say hello."""\n    if name:\n'
        '        return f"Hello, {name}! This line is long enough that a narrow measure has'
        ' to wrap it."\n    return "Hello"\n```',
    ),
    (("an indented", "indentation"), "```\nan indented code block\n    keeps its indentation\n```"),
    (
        ("return f", "wrap it."),
        '`return f"Hello, {name}! This line is long enough that a narrow measure has to wrap it.`',
    ),
    (("| Table |", "narrow |"), "Table | grid | cells wrap when the terminal is narrow"),
    (
        ("| Construct", "| 3 |"),
        "Construct | Shown as | Notes\nTable | grid | cells wrap when the terminal is narrow\n"
        "Code | `pre` | 2\nEscaped \\| pipe | yes | 3",
    ),
    (
        ("- A bullet", "task done"),
        "- A bullet\n- Another, with a nested list:\n  - nested once\n    - nested twice\n"
        "- [ ] a task to do\n- [x] a task done",
    ),
    (("1. First", "3. Third"), "1. First\n2. Second\n3. Third"),
    (("A quote has", "has two."), "A quote has a bar.\n\nAnd a quote inside it has two."),
    (("And a quote", "two."), "And a quote inside it has two."),
    (
        ("Prose keeps", "themselves."),
        "Prose keeps *emphasis*, **strong words**, `inline code`, ~~struck text~~, a "
        "[link](https://example.org/guide) and a [reference link](https://example.org/reference), "
        "and [https://example.org/auto](https://example.org/auto). Escapes such as \\*stars\\* "
        "and \\[brackets\\] show the characters themselves.",
    ),
    (("inline code",), "`inline code`"),
    (
        ("![A diagram", "diagram.png)"),
        "![A diagram of the pipeline](https://example.org/diagram.png)",
    ),
]


@pytest.mark.parametrize(("span", "expected"), GOLDEN, ids=[g[1][:24] for g in GOLDEN])
def test_a_quote_is_the_markdown_of_what_was_shown(span, expected):
    assert quote(*span) == expected


def test_no_quote_marker_reaches_the_markdown():
    out = quote("> A quote", "has two.")
    assert ">" not in out and "\\>" not in out


def test_what_comes_out_reads_back_as_the_same_words():
    """A CommonMark parser reads the Markdown back to the words that were on screen."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    for span, _ in GOLDEN:
        out = quote(*span)
        html = md.render(out)
        assert "\\" not in html.replace("\\|", "")  # every escape was read as an escape


def test_a_line_that_would_open_a_list_or_hold_a_tag_stays_text():
    """Shown "2024. A year #big & bold": written so no reader sees a list, a tag or an entity."""
    text = "Intro.\n\n2024\\. A year \\#big & bold.\n"
    doc = Document(Source(Path("/x/year.md"), "0" * 64, text, "utf-8", len(text)))
    start = text.index("2024")
    out = markdown_of(doc, start, len(text) - 1)
    assert out == "2024\\. A year \\#big \\& bold."
    html = MarkdownIt("commonmark").render(out)
    assert html == "<p>2024. A year #big &amp; bold.</p>\n"
