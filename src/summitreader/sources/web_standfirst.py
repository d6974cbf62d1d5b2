"""A page's standfirst (the subtitle or dek under its title) as the article's first
paragraph, in italics.

trafilatura drops a news page's standfirst, which sits beside the article, not in it, and
keeps Substack's subtitle (an <h3>) as a heading: a section of the outline holding
nothing. The standfirst is the element a site's class names so that follows the title.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from collections.abc import Iterator

_CLASS = re.compile(
    r"(?:^|[\s_-])(?:subtitle|dek|standfirst|subheadline|sub-headline|strapline|deck)(?:$|\s)",
    re.I,
)
_NEAR_TITLE = 30  # elements after the page's <h1> the standfirst is looked for in
_WORDS = (4, 80)  # fewer is a label ("Subscribe"), more is an article's text
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = ("p", *_HEADINGS, "ul", "ol", "blockquote", "pre", "table", "figure")
_SPACED = frozenset({*_BLOCKS, "li", "div", "br", "section"})


def spaced_words(el: etree._Element) -> str:
    """The element's words; a block inside it ("<p>…</p><ul>…") starts a word of its own."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        block = isinstance(node.tag, str) and node.tag in _SPACED
        parts.append(" " if block else "")
        parts.append(node.text or "" if isinstance(node.tag, str) else "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        parts.append(" " if block else "")

    walk(el)
    return " ".join("".join(parts).split())


def standfirst(page: etree._Element) -> str:
    """The words of the page's standfirst, or ""."""
    title = next(page.iter("h1"), None)
    if title is None:
        return ""
    for el in itertools.islice(after(title), _NEAR_TITLE):
        if isinstance(el.tag, str) and _CLASS.search(el.get("class") or ""):
            words = spaced_words(el)
            if _WORDS[0] <= len(words.split()) <= _WORDS[1]:
                return words
    return ""


def after(el: etree._Element) -> Iterator[etree._Element]:
    """The elements after ``el`` in document order (not inside it)."""
    node: etree._Element | None = el
    while node is not None:
        for sibling in node.itersiblings():
            yield sibling
            yield from sibling.iterdescendants()
        node = node.getparent()


def give_standfirst(page: etree._Element, article: etree._Element) -> None:
    """Make the standfirst the article's first paragraph (see the module)."""
    words = standfirst(page)
    if not words:
        return
    for heading in article.iter(*_HEADINGS):
        if heading.tag != "h1" and spaced_words(heading) == words:
            heading.tag = "p"
            _in_italics(heading)
            return
    if "".join(words.split()) in "".join("".join(article.itertext()).split()):
        return  # the article has it already, as a paragraph
    first = next(article.iter(*_BLOCKS), None)
    if first is None:
        return
    paragraph = etree.Element("p")
    paragraph.text = words
    _in_italics(paragraph)
    if first.tag == "h1":
        first.addnext(paragraph)
    else:
        first.addprevious(paragraph)


def _in_italics(el: etree._Element) -> None:
    em = etree.SubElement(el, "em")
    em.text = el.text
    el.text = None
    for child in list(el):
        if child is not em:
            em.append(child)
    em.tail = None
