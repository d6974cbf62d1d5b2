"""A web page's footnotes as Markdown footnotes, as a book's are.

trafilatura keeps a note's mark (``<sup><a href="#fn1">1</a></sup>``) but drops the list
of notes at the article's end, so the mark read as a stray digit glued to a word
("support.1 The result") and the note was lost. Each mark whose link leads, in the page
itself, to a note (a list item, a block, or a block holding the link's target, as the
blog engines, Wikipedia and Substack set them) becomes ``[^label]``, and the note is
written after the article with its back-links ("↩") left out. A mark whose note the
article already holds is left as it is: no note is written twice.
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from summitreader.sources.html_markdown import NOTE, NOTE_REF
from summitreader.sources.trafilatura_tree import IN_PAGE_TARGET

_MARK = re.compile(r"[\[(]?(?:\d{1,4}|[a-z]{1,3}|[ivxlc]{1,6}|[*†‡§¶]{1,3})[\])]?", re.I)
LABEL_DROP = re.compile(r"[^\w*†‡§¶-]")  # what a footnote's label may not hold
_NOTE_BLOCKS = frozenset({"li", "div", "p", "aside", "section", "dd", "td", "footer"})
_BACK_TEXT = frozenset({"↩", "↩︎", "^", "↑", "⤴", "⬆", "back", "return"})
_BACK_CLASS = re.compile(r"back-?ref|back-?link|footnote-number|return", re.I)
MOST_NOTE = 4_000  # characters: a "note" longer than this is a section, not a note


def _note_of(target: etree._Element) -> etree._Element | None:
    """The note a mark leads to: its target, or the block around an anchor inside it."""
    el: etree._Element | None = target
    while el is not None and el.tag not in _NOTE_BLOCKS:
        el = el.getparent()
    if el is None or el.tag in ("body", "html"):
        return None
    return el


def _words(text: str) -> str:
    return " ".join(text.split())


def _bare(text: str) -> str:
    """Text without its spaces: blocks and links join words differently in a page and in
    the article made of it."""
    return "".join(text.split())


def unique_label(base: str, taken: set[str]) -> str:
    """``base``, or ``base.2``, ``base.3``… when another note has it; taken from then on."""
    label, n = base, 1
    while label in taken:
        n += 1
        label = f"{base}.{n}"
    taken.add(label)
    return label


def is_back_link(link: etree._Element, refs: set[str], label_text: str) -> bool:
    """A link in a note that leads back to its mark: to an element ``refs`` names, or one
    that reads as a way back ("↩", "^") or as the note's own number."""
    href = link.get("href") or ""
    text = _words("".join(link.itertext()))
    return (
        ("#" in href and href.split("#", 1)[1] in refs)
        or text in _BACK_TEXT
        or bool(_BACK_CLASS.search(link.get("class") or ""))
        or ("#" in href and text.strip("[]().") == label_text)
    )


def drop_keeping_tail(el: etree._Element) -> None:
    """Remove ``el`` and its content; the text after it stays where it was."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail or ""
    previous = el.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def add_footnotes(page: etree._Element, article: etree._Element, article_text: str) -> None:
    """Mark the article's note marks and append their notes to it (see the module)."""
    ids: dict[str, etree._Element] = {}
    for el in page.iter():
        if isinstance(el.tag, str):
            key = el.get("id") or (el.get("name") if el.tag == "a" else None)
            if key:
                ids.setdefault(key, el)
    # every element of the page a note's link can lead back to: a mark, or its <sup>
    refs: set[str] = set()
    for link in page.iter("a"):
        href = link.get("href") or ""
        if href.startswith("#") and href[1:] in ids:
            for el in (link, link.getparent()):
                if el is not None and el.get("id"):
                    refs.add(el.get("id", ""))
    flat = _bare(article_text)
    labels: dict[str, str] = {}
    taken: set[str] = set()
    notes: list[etree._Element] = []
    for mark in list(article.iter("a")):
        fragment = mark.get(IN_PAGE_TARGET)
        shown = _words("".join(mark.itertext()))
        if not fragment or not _MARK.fullmatch(shown) or (target := ids.get(fragment)) is None:
            continue
        if fragment in labels:
            mark.set(NOTE_REF, labels[fragment])
            continue
        note = _note_of(target)
        if note is None:
            continue
        base = LABEL_DROP.sub("", shown) or "note"
        kept = copy.deepcopy(note)
        for link in list(kept.iter("a")):
            if is_back_link(link, refs, base):
                drop_keeping_tail(link)
        words = _bare("".join(kept.itertext()))
        if not words or len(words) > MOST_NOTE or words[:60] in flat:
            continue  # nothing there, a whole section, or a note the article holds
        label = labels[fragment] = unique_label(base, taken)
        mark.set(NOTE_REF, label)
        kept.tag = "div"
        kept.attrib.clear()
        kept.set(NOTE, label)
        notes.append(kept)
    article.extend(notes)
