"""export --full-text: the whole text with its highlights marked ==…== where they stand,
their tags and notes as footnotes. Marks never change the text's structure, each highlight
has its one footnote, and exporting again changes nothing.

No Python Markdown parser reads ``==`` marks, so the checks read the output with ``==``
swapped for ``~~``: markdown-it's strikethrough is the same delimiter rule the mark
extension copies. The text's own tildes become ``§`` first, on both sides alike.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from summitreader.export.files import export_file
from summitreader.export.markdown import render_markdown
from summitreader.export.selection import DocumentHighlights, ExportOptions
from summitreader.sources.text import load_source
from summitreader.text.document import Document
from tests.support.corpus import GOMEZ, SHOWCASE
from tests.support.export_checks import record
from tests.support.in_place import document

FULL = ExportOptions(full_text=True)
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)


def body_of(exported: str) -> str:
    """The managed block's content: the text and its footnotes."""
    found = re.search(
        r"<!-- summitreader:full-text \w+ -->\n(.*)\n<!-- /summitreader", exported, re.S
    )
    assert found, exported
    return found[1]


def tokens(markdown: str) -> list:
    """Parsed with the text's own tildes made '§' (punctuation too, so flanking is the same)
    and the marks made '~~'."""
    return MD.parse(markdown.replace("~", "§").replace("==", "~~"))


CONTENT = {"text", "code_inline", "html_inline"}


def shape(markdown: str) -> list[tuple[str, str]]:
    """The blocks and their text, marks and footnote marks left out, and footnotes gone."""
    out: list[tuple[str, str]] = []
    in_notes = False
    for tok in tokens(markdown):
        in_notes = in_notes or tok.type == "footnote_block_open"
        if in_notes:
            continue
        if tok.type == "inline":
            kept = [
                c for c in tok.children or [] if c.type not in ("s_open", "s_close", "footnote_ref")
            ]
            text = "".join(c.content if c.type in CONTENT else c.type for c in kept)
            if not text.strip() and out and out[-1][0] == "paragraph_open":
                out.pop()  # a paragraph of footnote marks alone (after a code block)
                continue
            out.append(("inline", " ".join(text.split())))
        elif tok.type == "paragraph_close" and out and out[-1][0] != "inline":
            continue
        else:
            out.append((tok.type, tok.info))
    return out


def marked(markdown: str) -> list[str]:
    """The text inside each mark, in order."""
    found: list[str] = []
    for tok in tokens(markdown):
        current: list[str] | None = None
        for child in tok.children or []:
            if child.type == "s_open":
                current = []
            elif child.type == "s_close" and current is not None:
                found.append("".join(current))
                current = None
            elif current is not None:
                current.append(child.content)
    return found


def refs_and_notes(markdown: str, doc: Document | None = None) -> tuple[list[str], list[str]]:
    """Footnote marks and footnotes, in order; with ``doc``, leaving out the text's own."""
    own = refs_and_notes(body_of(export(doc, []))) if doc else ([], [])
    refs, notes = [], []
    for tok in tokens(markdown):
        if tok.type == "footnote_open":
            notes.append(tok.meta["label"])
        for child in tok.children or []:
            if child.type == "footnote_ref":
                refs.append(child.meta["label"])
    return [r for r in refs if r not in own[0]], [n for n in notes if n not in own[1]]


def export(doc: Document, records: list[dict]) -> str:
    return render_markdown([DocumentHighlights(doc, records)], FULL)


def test_a_plain_text_keeps_its_paragraphs_and_marks_each_highlight():
    doc = Document(load_source(GOMEZ))
    records = [
        record(doc, "Panmunjom", "a0000001-0000-4000-8000-000000000001", ["place"]),
        record(doc, "denuclearization", "a0000002-0000-4000-8000-000000000002", [], "why *here*"),
    ]
    body = body_of(export(doc, records))
    assert shape(body) == shape(body_of(export(doc, [])))
    assert marked(body) == ["Panmunjom", "denuclearization"]
    refs, notes = refs_and_notes(body)
    assert refs == notes == ["a0000001", "a0000002"]
    assert "[^a0000002]: ¶" in body and "\n    why *here*" in body  # the note, as written


def test_a_markdown_text_keeps_the_authors_lines_and_marks_inside_its_constructs():
    doc = Document(load_source(SHOWCASE))
    spans = [
        ("emphasis", "style"),  # inside *…*
        ("strong words**, `inline code`, ~~struck", "across"),  # across three styles
        ("def greet", "code"),  # in a code block: no mark, a footnote after it
        ("Escaped \\| pipe", "table"),
        ("nested once", "lists"),
        ("quote inside it", "quotes"),
    ]
    records = [
        record(doc, exact, f"b000000{n}-0000-4000-8000-00000000000{n}", [tag])
        for n, (exact, tag) in enumerate(spans, 1)
    ]
    out = export(doc, records)
    body = body_of(out)
    assert shape(body) == shape(body_of(export(doc, [])))
    marks = marked(body)
    assert marks[0] == "emphasis" and "strong words" in marks and "struck" in marks
    assert "inline code" not in marks  # code cannot hold a mark
    assert "Escaped | pipe" in marks and "nested once" in marks and "quote inside it" in marks
    assert "def greet" not in "".join(marks)
    refs, notes = refs_and_notes(body, doc)
    assert sorted(refs) == sorted(notes) == sorted(f"b000000{n}" for n in range(1, 7))
    source = SHOWCASE.read_text(encoding="utf-8")
    assert "```python\ndef greet(name):" in body  # the code block untouched
    assert source.split("## Lists")[1].split("1. First")[0].replace("nested once", "") in (
        body.replace("==nested once==[^b0000005]", "")
    )


def test_exporting_again_changes_nothing_and_the_users_lines_stay(tmp_path: Path):
    doc = Document(load_source(GOMEZ))
    records = [record(doc, "Panmunjom", "a0000001-0000-4000-8000-000000000001", ["place"])]
    target = tmp_path / "full.md"
    first = export_file(target, export(doc, records), 1, FULL, False)
    assert first.changed
    target.write_text(target.read_text(encoding="utf-8") + "\nMy own thoughts.\n", "utf-8")
    again = export_file(target, export(doc, records), 1, FULL, False)
    assert not again.changed and target.read_text(encoding="utf-8").endswith("My own thoughts.\n")


def test_an_orphan_is_listed_after_the_text_with_its_footnote():
    doc = Document(load_source(GOMEZ))
    lost = record(doc, "Panmunjom", "a0000009-0000-4000-8000-000000000009", ["gone"])
    lost["anchor"] = "orphaned"
    body = body_of(export(doc, [lost]))
    assert marked(body) == []
    assert "No longer found in this text:\n\n> Panmunjom[^a0000009]" in body
    assert refs_and_notes(body) == (["a0000009"], ["a0000009"])


WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "x", "end.", "two,", "é", "1."])


@st.composite
def plain_documents(draw):
    paragraphs = draw(st.lists(st.lists(WORDS, min_size=1, max_size=12), min_size=1, max_size=5))
    body = "\n\n".join(" ".join(p) for p in paragraphs)
    doc = document(body=body)
    text = doc.source.text
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    picks = draw(st.lists(st.tuples(st.sampled_from(starts), st.integers(1, 6)), max_size=4))
    records = []
    for n, (start, words) in enumerate(picks, 1):
        found = list(re.finditer(r"\S+", text[start:]))[:words]
        exact = text[start : start + found[-1].end()]
        rec = record(doc, exact, f"c{n:07d}-0000-4000-8000-{n:012d}")
        rec["position"] = {
            "type": "TextPositionSelector",
            "start": start,
            "end": start + len(exact),
        }
        rec["quote"]["exact"] = exact
        records.append(rec)
    return doc, records


@settings(max_examples=150, deadline=None)
@given(plain_documents())
def test_marks_cover_exactly_the_highlighted_words_of_a_plain_text(case):
    doc, records = case
    body = body_of(export(doc, records))
    assert shape(body) == shape(body_of(export(doc, [])))
    union: list[tuple[int, int]] = []
    for start, end in sorted((r["position"]["start"], r["position"]["end"]) for r in records):
        if union and start <= union[-1][1]:
            union[-1] = (union[-1][0], max(union[-1][1], end))
        else:
            union.append((start, end))
    text = doc.source.text
    expected = []
    for start, end in union:  # a mark per paragraph the highlight touches
        expected += [" ".join(p.split()) for p in text[start:end].split("\n\n") if p.strip()]
    assert [" ".join(m.split()) for m in marked(body)] == expected
    refs, notes = refs_and_notes(body)
    assert sorted(refs) == sorted(notes) == sorted(r["id"][:8] for r in records)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_marks_anywhere_in_a_markdown_text_never_change_its_structure(data):
    doc = Document(load_source(SHOWCASE))
    size = len(doc.source.text)
    records = []
    for n in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, size - 2))
        end = data.draw(st.integers(start + 1, min(size, start + 300)))
        exact = doc.source.text[start:end]
        rec = record(doc, doc.source.text[:1], f"d{n:07d}-0000-4000-8000-{n:012d}")
        rec["position"] = {"type": "TextPositionSelector", "start": start, "end": end}
        rec["quote"]["exact"] = exact
        records.append(rec)
    body = body_of(export(doc, records))
    assert shape(body) == shape(body_of(export(doc, [])))
    refs, notes = refs_and_notes(body, doc)
    assert sorted(refs) == sorted(notes) == sorted(r["id"][:8] for r in records)
