"""A paragraph a page prints twice is read once.

A pull quote sets a sentence of the article large beside it, and trafilatura keeps both:
the sentence was read twice. A pull quote of words the article does not hold otherwise is
the author's own, and stays.
"""

from __future__ import annotations

from lxml import etree

from summitreader.sources.web_notes import bare_text, drop_keeping_tail

SHORTEST = 40  # characters (without spaces): a shorter repeat ("Read more") is left alone


def drop_repeated_blocks(article: etree._Element) -> None:
    """Drop each paragraph or quote whose words another one holds as well (the first of two
    alike: the pull quote comes before the paragraph it quotes, as a rule)."""
    blocks = [
        el
        for el in article.iter("p", "blockquote")
        if not any(a.tag in ("p", "blockquote") for a in el.iterancestors())
    ]
    texts = [bare_text(el) for el in blocks]
    kept = [True] * len(blocks)
    for i, text in enumerate(texts):
        if len(text) < SHORTEST:
            continue
        if any(kept[j] and j != i and text in other for j, other in enumerate(texts)):
            kept[i] = False
            drop_keeping_tail(blocks[i])
