"""trafilatura's XML (its own TEI-like tags) as the HTML the Markdown walker reads.

trafilatura's Markdown writer drops what the reading view shows: a quote's bar, an
ordered list's numbers, a rule, the blank lines in code. Its XML keeps them, so the
article is taken as XML and written by the one walker EPUB and readability use.
"""

from __future__ import annotations

import re

from lxml import etree

VERSION = "5"  # bump when the HTML this makes changes: conversions are versioned

_RENAME = {
    "doc": "body",
    "main": "div",
    "quote": "blockquote",
    "item": "li",
    "row": "tr",
    "lb": "br",
    "graphic": "img",
    "ref": "a",
}
# stands for a space trafilatura would drop (it drops invisible characters too): two
# printable symbols no page puts side by side
KEPT_SPACE = "\u2423\u2e3a"
_HI = {"#i": "em", "#b": "strong", "#t": "code", "#u": "u", "#sub": "sub", "#sup": "sup"}
# trafilatura resolves an in-page link ("#cite-2") against the site, not the page: it
# would lead to the site's front page; as in any page, an in-page link keeps its text only
_IN_PAGE = re.compile(r"[a-z][a-z0-9+.-]*://[^/?#]*/?#", re.I)
IN_PAGE_TARGET = "data-sr-target"  # the fragment an in-page link led to
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
# a <code> in one of these is inline code; anywhere else, or holding a line break, a block
_INLINE_PARENTS = frozenset("p hi ref head cell item del".split())
_PARSER = etree.XMLParser(huge_tree=True, recover=True, resolve_entities=False, no_network=True)


def parse_xml(text: str) -> etree._Element | None:
    """The tree of trafilatura's XML output, or None if there is none to read."""
    if not text.strip():
        return None
    try:
        return etree.fromstring(text.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError:
        return None


def as_html(root: etree._Element) -> etree._Element:
    """``root`` (trafilatura's ``<doc>``) renamed in place into HTML, and returned."""
    for comments in root.findall("comments"):
        root.remove(comments)
    for el in root.iter():
        if el.text and KEPT_SPACE in el.text:
            el.text = el.text.replace(KEPT_SPACE, " ")
        if el.tail and KEPT_SPACE in el.tail:
            el.tail = el.tail.replace(KEPT_SPACE, " ")
    for code in list(root.iter("code")):  # first: a code's place is read in trafilatura's tags
        _code(code)
    for el in list(root.iter()):
        if isinstance(el.tag, str):
            _rename(el)
    return root


def _rename(el: etree._Element) -> None:
    tag = el.tag
    attrs = dict(el.attrib)
    el.attrib.clear()
    if tag == "head":
        rend = attrs.get("rend", "")
        el.tag = rend if rend in _HEADINGS else "h2"
    elif tag == "list":  # its rend is the page's tag: ul, ol or dl
        el.tag = attrs["rend"] if attrs.get("rend") in ("ol", "dl") else "ul"
    elif tag == "item" and attrs.get("rend", "")[:3] in ("dt-", "dd-"):
        el.tag = attrs["rend"][:2]  # a description list's term or description, not a bullet
    elif tag == "cell":
        el.tag = "th" if attrs.get("role") == "head" else "td"
    elif tag == "hi":
        el.tag = _HI.get(attrs.get("rend", ""), "span")
    else:
        el.tag = _RENAME.get(tag, tag)
    target = attrs.get("target", "")
    if el.tag == "a" and target and not (target.startswith("#") or _IN_PAGE.match(target)):
        el.set("href", target)
    elif el.tag == "a" and "#" in target:  # a footnote's mark, say: ``web_notes`` reads it
        el.set(IN_PAGE_TARGET, target.split("#", 1)[1])
    elif el.tag == "img":
        for name in ("src", "alt", "title"):
            if attrs.get(name):
                el.set(name, attrs[name])
    elif el.tag == "pre" and attrs.get("lang"):
        el.set("class", f"language-{attrs['lang']}")


def _code(el: etree._Element) -> None:
    """Inline code inside a run of text; a code block, its line breaks as text, elsewhere."""
    parent = el.getparent()
    text = "".join(_code_text(el))
    inline = parent is not None and parent.tag in _INLINE_PARENTS and "\n" not in text
    if inline:
        el.tag = "code"
        return
    for child in list(el):
        el.remove(child)  # its text is kept below; a tail of a child is part of it
    el.text = text
    el.tag = "pre"


def _code_text(el: etree._Element) -> list[str]:
    """The code's text, with ``<lb/>`` as a line break."""
    parts = [el.text or ""]
    for child in el:
        parts.append("\n" if child.tag == "lb" else "".join(_code_text(child)))
        parts.append(child.tail or "")
    return parts
