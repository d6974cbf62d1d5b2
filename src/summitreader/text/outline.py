"""A text's outline (its headings; an EPUB's chapters arrive as headings), the section a
place is in, and its footnotes: computed from the blocks already split, never by parsing
the text again."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from summitreader.text.document import Document


class Entry(NamedTuple):
    title: str
    level: int  # 1 for "#"; a front matter's title is 0
    offset: int  # where the heading's words start in the text
    paragraph: int  # the reader's paragraph number


def outline(document: Document) -> list[Entry]:
    view = document.view
    entries = []
    for index in view.outline:
        block = view.block(index)
        rendered = view.rendered(index)
        offset = rendered.to_source(len(rendered.text) - len(rendered.text.lstrip()))
        title = " ".join(rendered.text.split())
        entries.append(Entry(title, block.level, offset, document.paragraph_number(offset)))
    return entries


def section_title(document: Document, offset: int) -> str:
    """The nearest heading above ``offset``, as shown; "" before the first."""
    index = document.view.section_at(offset)
    if index is None:
        return ""
    return " ".join(document.view.rendered(index).text.split())


def footnote_label(document: Document, start: int, end: int) -> tuple[str, int] | None:
    """Where ``f`` goes from the passage [start, end): ("note", its note's offset) from a
    footnote mark in it or in its block, ("back", the first mark's offset) from a note, or
    None."""
    view = document.view
    index = view.block_at(start)
    block = view.block(index)
    notes = getattr(view, "footnote", None)
    if notes is None:
        return None
    if block.kind == "footnote" and isinstance(block.extra, str):
        mark = document.source.text.find(f"[^{block.extra}]")
        while mark >= 0 and document.source.text.startswith(f"[^{block.extra}]:", mark):
            mark = document.source.text.find(f"[^{block.extra}]", mark + 1)
        return ("back", mark) if mark >= 0 else None
    rendered = view.rendered(index)
    lo, hi = rendered.to_visible(start), rendered.to_visible(end)
    marks = [s for s in rendered.spans if s.style == "footnote" and notes(s.url) is not None]
    # the mark in the passage; else the next one in its block (a search match or a word
    # beside the mark), else the last before it
    inside = [s for s in marks if s.end > lo and s.start < hi]
    after = [s for s in marks if s.start >= hi]
    before = [s for s in marks if s.end <= lo]
    for span in (inside or after or before[-1:])[:1]:
        note = notes(span.url)
        if note is not None:
            return "note", view.rendered(note).to_source(0)
    return None
