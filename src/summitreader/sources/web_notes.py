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

MARK = re.compile(r"[\[(]?(?:\d{1,4}|[a-z]{1,3}|[ivxlc]{1,6}|[*†‡§¶]{1,3})[\])]?", re.I)
LABEL_DROP = re.compile(r"[^\w*†‡§¶-]")  # what a footnote's label may not hold
_NOTE_BLOCKS = frozenset({"li", "div", "p", "aside", "section", "dd", "td", "footer"})
_BACK_TEXT = frozenset({"↩", "↩︎", "^", "↑", "⤴", "⬆", "back", "return"})
_BACK_CLASS = re.compile(r"back-?ref|back-?link|footnote-number|return", re.I)
_EMPTY_BRACKETS = re.compile(r"\A\s*(?:\[\s*\]|\(\s*\))\s*")
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


def bare_text(el: etree._Element) -> str:
    """An element's words without their spaces (see ``_bare``)."""
    return _bare("".join(el.itertext()))


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
    """Mark the article's note marks and give their notes as footnotes (see the module)."""
    ids: dict[str, etree._Element] = {}
    order: dict[etree._Element, int] = {}
    for n, el in enumerate(page.iter()):
        if isinstance(el.tag, str):
            order[el] = n
            key = el.get("id") or (el.get("name") if el.tag == "a" else None)
            if key:
                ids.setdefault(key, el)
    # every element of the page a note's link can lead back to: a mark, or its <sup>; and
    # the targets a link leads forward to (a mark's note comes after it; a way back, before)
    refs: set[str] = set()
    forward: set[str] = set()
    for link in page.iter("a"):
        href = link.get("href") or ""
        if href.startswith("#") and href[1:] in ids:
            if order[link] < order[ids[href[1:]]]:
                forward.add(href[1:])
            for el in (link, link.getparent()):
                if el is not None and el.get("id"):
                    refs.add(el.get("id", ""))
    flat = _bare(article_text)
    labels: dict[str, str] = {}
    taken: set[str] = set()
    notes: list[etree._Element] = []
    held: list[etree._Element] = []
    for mark in list(article.iter("a")):
        fragment = mark.get(IN_PAGE_TARGET)
        shown = _words("".join(mark.itertext()))
        if not fragment or fragment not in forward or not MARK.fullmatch(shown):
            continue
        if fragment in labels:
            mark.set(NOTE_REF, labels[fragment])
            continue
        note = _note_of(ids[fragment])
        if note is None:
            continue
        base = LABEL_DROP.sub("", shown) or "note"
        kept = _note_text(note, refs, base)
        words = bare_text(kept)
        if not words or len(words) > MOST_NOTE:
            continue  # nothing there, or a whole section
        if words[:60] in flat:  # the article holds the note: it moves, it is not copied
            place = _held(article, words)
            if place is None:
                continue
            held.append(place)
        label = labels[fragment] = unique_label(base, taken)
        mark.set(NOTE_REF, label)
        kept.set(NOTE, label)
        notes.append(kept)
    _place(article, notes, held)


def _note_text(note: etree._Element, refs: set[str], label: str) -> etree._Element:
    """A copy of the note as a bare block, without its ways back to the mark."""
    kept = copy.deepcopy(note)
    for el in list(kept.iter()):
        if isinstance(el.tag, str) and el is not kept and _BACK_CLASS.search(el.get("class") or ""):
            drop_keeping_tail(el)  # Wikipedia's "^ a b" around its links back
    for link in list(kept.iter("a")):
        if is_back_link(link, refs, label):
            drop_keeping_tail(link)
    for el in list(kept.iter()):  # the brackets left around it (Sphinx: "[" "1" "]")
        if (
            isinstance(el.tag, str)
            and el is not kept
            and not "".join(el.itertext()).strip("[]() \n")
        ):
            drop_keeping_tail(el)
    kept.text = _EMPTY_BRACKETS.sub("", kept.text or "")
    kept.tag = "div"
    kept.attrib.clear()
    return kept


def _held(article: etree._Element, words: str) -> etree._Element | None:
    """The article's smallest block holding a note's words, and not much else."""
    best: tuple[int, etree._Element] | None = None
    for el in article.iter(*_NOTE_BLOCKS):
        bare = bare_text(el)
        fits = words[:60] in bare and len(bare) <= len(words) * 3 // 2 + 20
        if fits and (best is None or len(bare) < best[0]):
            best = (len(bare), el)
    return best[1] if best else None


def _is_mark_only(text: str | None) -> bool:
    words = _words(text or "")
    return not words or words in _BACK_TEXT or bool(MARK.fullmatch(words))


def _place(article: etree._Element, notes: list[etree._Element], held: list[etree._Element]):
    """The notes where the article held the first of them (what held them goes: a list,
    a box left with only a number, a number's own line before a note), else after the
    article."""
    if not held:
        article.extend(notes)
        return
    gone = set(held)
    grew = True
    while grew:  # a list or a box whose every part goes, goes whole
        grew = False
        for el in list(gone):
            parent = el.getparent()
            if parent is None or parent is article or parent in gone:
                continue
            if _is_mark_only(parent.text) and all(
                (child in gone or _is_mark_only("".join(child.itertext())))
                and _is_mark_only(child.tail)
                for child in parent
            ):
                gone.add(parent)
                grew = True
    tops = [el for el in article.iter() if el in gone and el.getparent() not in gone]
    numbers = [n for el in tops if (n := el.getprevious()) is not None and _is_way_back(n)]
    for note in notes:
        tops[0].addprevious(note)
    for el in [*numbers, *tops]:
        drop_keeping_tail(el)


def _is_way_back(el: etree._Element) -> bool:
    """A block that is only a note's number, linked back to its mark."""
    links = el.iter("a")
    return _is_mark_only("".join(el.itertext())) and any(a.get(IN_PAGE_TARGET) for a in links)
