"""The headings trafilatura dropped, put back before the paragraphs they stood over.

A heading that opens the page's text (a book's "I. An Early Fright" at the top of its
first chapter, a section's title before its first paragraph) was dropped with no trace:
no outline, and a highlight with no chapter to say where it is. A heading of the page is
put back when the paragraph after it in the page is one of the article's; a box's
heading, over links or furniture the article left out, stays out.
"""

from __future__ import annotations

from lxml import etree

from summitreader.sources.web_notes import bare_text
from summitreader.sources.web_standfirst import after, spaced_words

_HEADINGS = ("h2", "h3", "h4", "h5", "h6")  # an <h1> is the title, which the title block is
_KEY = 80  # characters (without spaces) a paragraph is known by
_LONGEST = 200  # characters: a longer "heading" is a paragraph set large


def _key(el: etree._Element) -> str:
    return bare_text(el)[:_KEY]


def restore_headings(page: etree._Element, article: etree._Element) -> None:
    """Put back each of the page's headings before its paragraph in ``article``."""
    have = {spaced_words(h) for h in article.iter("h1", *_HEADINGS)}
    text = bare_text(article)  # the words it holds otherwise (a dek as a paragraph)
    paragraphs: dict[str, etree._Element] = {}
    for p in article.iter("p"):
        paragraphs.setdefault(_key(p), p)
    for heading in page.iter(*_HEADINGS):
        words = spaced_words(heading)
        if not words or len(words) > _LONGEST or words in have:
            continue
        if len(words.split()) >= 4 and "".join(words.split()) in text:
            continue
        for el in (e for e in after(heading) if isinstance(e.tag, str)):
            if el.tag in _HEADINGS or el.tag == "h1":
                break  # another heading first: this one heads nothing the article has
            if el.tag == "p" and (key := _key(el)):
                target = paragraphs.get(key)
                if target is not None and len(key) >= 20:
                    put = etree.Element(heading.tag)
                    put.text = words
                    target.addprevious(put)
                    have.add(words)
                break
