"""A web page's article as Markdown: trafilatura first, readability-lxml when it finds nothing.

The page's own metadata (title, authors, date, site) goes into YAML front matter, which
the reader's ``text.metadata.sniff()`` reads, and the text starts with ``# Title``.
A page with no article text (a paywall stub, a JavaScript shell, navigation only) is
refused with a reason and a way out, rather than stored as a text of menus.
"""

from __future__ import annotations

import codecs
import html as html_lib
import logging
import re
from collections.abc import Callable
from functools import cache
from importlib.metadata import version

import lxml.html
from lxml import etree

from summitreader.sources import scripts, trafilatura_tree
from summitreader.sources.converted import (
    Converted,
    NoArticleError,
    front_matter,
    one_line,
    person_name,
    titled,
)
from summitreader.sources.html_markdown import (
    VERSION as WALKER_VERSION,
)
from summitreader.sources.html_markdown import (
    MarkdownWriter,
    join_blocks,
    math_text,
    parse_html,
)
from summitreader.sources.web_code import give_code_languages
from summitreader.sources.web_headings import restore_headings
from summitreader.sources.web_notes import add_footnotes
from summitreader.sources.web_repeats import drop_repeated_blocks
from summitreader.sources.web_standfirst import give_standfirst

MIN_WORDS = 50  # fewer words than this is a teaser, a stub or a menu, not an article
PAYWALL_WORDS = 150  # a page that declares a paywall must show at least this much
MAX_LINK_SHARE = 0.6  # more of the text than this on lines that are only links: a menu

_HEAD_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
# What browsers do (WHATWG Encoding): these labels mean windows-1252.
_AS_CP1252 = frozenset({"latin_1", "iso8859_1", "ascii", "cp1252"})


def _word_count(text: str) -> int:
    """Words in any script: spaced words, and a word per two characters of those unspaced."""
    return len(scripts.SPACED_WORD.findall(text)) + len(scripts.DENSE.findall(text)) // 2


_PAYWALL_HINTS = re.compile(
    r"subscribe to (?:continue|read)|subscribers only|already a subscriber|"
    r"to continue reading|sign in to (?:continue|read)|create a free account to",
    re.I,
)
_JS_HINTS = re.compile(
    r"enable javascript|javascript is (?:disabled|required)|requires javascript", re.I
)


def _codec(label: str) -> str | None:
    """The Python codec for an encoding label, or None if it names none."""
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    name = name.replace("-", "_")
    return "cp1252" if name in _AS_CP1252 else name


def declared_charset(data: bytes, content_type: str = "") -> str | None:
    """The codec a page declares: the HTTP header first, then ``<meta>`` or the XML
    declaration in its first 4 KB (as a browser reads them). None if it declares none."""
    m = _HEADER_CHARSET.search(content_type)
    if m and (codec := _codec(m.group(1))):
        return codec
    head = data[:_HEAD_BYTES]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        m = pattern.search(head)
        if m and (codec := _codec(m.group(1).decode("ascii"))):
            return codec
    return None


def decode_html(data: bytes, content_type: str = "") -> tuple[str, str]:
    """(text, codec) of a page's bytes: a byte order mark, else the declared charset, else
    UTF-8, else Windows-1252. Undecodable bytes become U+FFFD rather than failing.

    A declared charset is checked against the bytes, since pages lie: "UTF-8" over
    Latin-1 bytes is read as Windows-1252, and Latin-1 over valid UTF-8 as UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    codec = declared_charset(data, content_type)
    if codec in (None, "utf_8", "cp1252", "utf_16", "utf_16_le", "utf_16_be"):
        # a page that says UTF-16 but has no BOM is ASCII-compatible in practice (WHATWG)
        return _utf8_or_cp1252(data)
    return data.decode(codec, errors="replace"), codec


def _utf8_or_cp1252(data: bytes) -> tuple[str, str]:
    """UTF-8 when the bytes are, or mostly are (a stray byte in a UTF-8 page becomes
    U+FFFD); Windows-1252 when fewer of their non-ASCII runs are UTF-8 than are not."""
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127) - text.count("\ufffd")
    if good > bad:
        return text, "utf_8"
    return data.decode("cp1252", errors="replace"), "cp1252"


@cache
def _versions() -> dict[str, str]:
    return {
        "trafilatura": (
            f"{version('trafilatura')}+pre{PREPARED_VERSION}"
            f"+tei{trafilatura_tree.VERSION}+md{WALKER_VERSION}"
        ),
        "readability-lxml": f"{version('readability-lxml')}+md{WALKER_VERSION}",
    }


def words(markdown: str) -> int:
    """Words of text in Markdown, not counting link targets and image sources."""
    return _word_count(re.sub(r"\]\([^)]*\)", "]", markdown))


PREPARED_VERSION = 21  # raised when what trafilatura is given changes (``_prepared``)
_BARE_PRE = re.compile(r"(<pre\b[^>]*>)(?!\s*<code\b)(.*?)(</pre\s*>)", re.I | re.S)
_FIGCAPTION = re.compile(r"<(/?)figcaption\b", re.I)
# a poem's stanza set as a <div> of lines (Gutenberg's "stanza", "verse"): trafilatura
# dropped the whole poem; as a paragraph its lines and their breaks are read
_STANZA = re.compile(
    r"""<div\b([^>]*\bclass=["'][^"']*\b(?:stanza|verse|linegroup)\b[^"']*["'][^>]*)>"""
    r"((?:(?!<div\b).)*?)</div\s*>",
    re.I | re.S,
)
# a documentation box ("Note", "Warning": Sphinx, MkDocs) is a quote under its title in
# bold; trafilatura flattened it into the text, its title a paragraph of one word
_ADMONITION = re.compile(
    r"""<(div|aside)\b[^>]*\bclass=["'][^"']*\badmonition\b[^"']*["'][^>]*>"""
    r"((?:(?!<(?:div|aside)\b).)*?)</\1\s*>",
    re.I | re.S,
)
_ADMONITION_TITLE = re.compile(
    r"""<p\b[^>]*\bclass=["'][^"']*\badmonition-title\b[^"']*["'][^>]*>(.*?)</p\s*>""",
    re.I | re.S,
)
_SUMMARY = re.compile(r"<summary\b[^>]*>(.*?)</summary\s*>", re.I | re.S)
_TIME = re.compile(r"<time\b[^>]*>(.*?)</time\s*>", re.I | re.S)
_CHECKBOX = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?checkbox\b[^>]*>", re.I)


def _as_quote(m: re.Match[str]) -> str:
    inner = _ADMONITION_TITLE.sub(r"<p><b>\1</b></p>", m.group(2))
    return f"<blockquote>{inner}</blockquote>"


def _box(m: re.Match[str]) -> str:
    """A task list's box as the character it looks like (trafilatura drops inputs)."""
    return "☑ " if re.search(r"\bchecked\b", m.group(0), re.I) else "☐ "


_INLINE_TAGS = "a|abbr|b|cite|code|em|i|kbd|mark|q|s|samp|small|span|strong|sub|sup|u|var"
# a space between two runs of words in inline elements (``[2]</a></sup> <a ...>music``),
# which trafilatura drops, gluing the words; only between words, so that no element made
# of images and spaces (a rating's stars) gains text and is kept
_SPACE_BETWEEN_TAGS = re.compile(
    rf"([^\s>](?:</(?:{_INLINE_TAGS})>)+)[ \t\r\n]+(?=(?:<(?:{_INLINE_TAGS})\b[^>]*>)+[^<\s])",
    re.I,
)


_MATH = re.compile(r"<math\b.*?</math\s*>", re.I | re.S)
_MATH_FALLBACK = re.compile(r"<img\b[^>]*\bclass\s*=\s*\"[^\"]*math-fallback[^\"]*\"[^>]*>", re.I)
_HIDING_TAG = re.compile(r"<(?:span|div)\b[^>]*display:\s*none[^>]*>", re.I)
_HIDDEN_STYLE = re.compile(r"\sstyle\s*=\s*\"[^\"]*display:\s*none[^\"]*\"", re.I)


def _math_as_code(m: re.Match[str]) -> str:
    try:
        math = lxml.html.fragment_fromstring(m.group(0))
    except (etree.LxmlError, ValueError):
        return m.group(0)
    tex = math_text(math)
    return f"<code>{html_lib.escape(tex)}</code>" if tex else ""


def _shown_if_math(m: re.Match[str]) -> str:
    """A hidden element that holds a formula for screen readers is shown."""
    tag = m.group(0)
    return _HIDDEN_STYLE.sub("", tag) if re.search(r"class\s*=\s*\"[^\"]*math", tag, re.I) else tag


_DOUBLE_BR = re.compile(r"<br\b[^>]*>\s*(?:&nbsp;|\xa0)?\s*<br\b", re.I)
_LOOSE_HOLDERS = frozenset({"div", "section", "article", "main", "td", "center", "font"})
_BLOCK_TAGS = frozenset(
    "address article aside blockquote center details dialog dd div dl dt fieldset figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table ul".split()
)


def _is_block(el: etree._Element) -> bool:
    return not isinstance(el.tag, str) or el.tag.lower() in _BLOCK_TAGS


def _loose_text_as_paragraphs(text: str) -> str:
    """Text written straight into a ``<div>``, its paragraphs parted by ``<br><br>`` (a
    blog's post body), each put in a ``<p>``: trafilatura split such a paragraph at each
    link and lost the space after it ("See" / "the document for more")."""
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.LxmlError, ValueError):
        return text
    changed = False
    for el in root.iter(*_LOOSE_HOLDERS):
        if _has_loose_text(el) and any(
            isinstance(c.tag, str) and (c.tag == "br" or _is_block(c)) for c in el
        ):
            _wrap_loose(el)
            changed = True
    return lxml.html.tostring(root, encoding="unicode") if changed else text


def _has_loose_text(el: etree._Element) -> bool:
    return bool((el.text or "").strip()) or any((c.tail or "").strip() for c in el)


def _wrap_loose(el: etree._Element) -> None:
    parts: list[etree._Element] = []
    paragraph: etree._Element | None = None

    def open_paragraph() -> etree._Element:
        made = etree.Element("p")
        parts.append(made)
        return made

    if (el.text or "").strip():
        paragraph = open_paragraph()
        paragraph.text = el.text
    el.text = None
    children = list(el)
    for i, child in enumerate(children):
        el.remove(child)  # its tail goes with it
        if _is_block(child):
            tail, child.tail = child.tail, None
            parts.append(child)
            paragraph = None
            if (tail or "").strip():
                paragraph = open_paragraph()
                paragraph.text = tail
        elif child.tag == "br":
            following = children[i + 1] if i + 1 < len(children) else None
            lone = not (child.tail or "").strip()
            if lone and (following is None or following.tag == "br" or _is_block(following)):
                paragraph = None  # <br><br>, or a break before a block: a paragraph ends
            elif paragraph is not None:
                paragraph.append(child)
            elif (child.tail or "").strip():
                paragraph = open_paragraph()
                paragraph.text = child.tail
        else:
            if paragraph is None:
                paragraph = open_paragraph()
            paragraph.append(child)
    el.extend(parts)


def _prepared(text: str) -> str:
    """The page as trafilatura keeps the most of it. Each ``<pre>`` without a ``<code>`` is
    given one: trafilatura keeps only code as code, and made a bare ``<pre>`` (a config
    file, a poem, ASCII art) a paragraph. A ``<figcaption>`` becomes a paragraph:
    trafilatura drops a caption's first words, or the whole caption. A space between two
    inline elements is given as a character trafilatura keeps (and ``as_html`` makes a
    space). MathML, which trafilatura drops (and Wikipedia hides behind an image
    trafilatura drops too), is given as code: the TeX of its ``alttext``. A task list's
    checkbox is the character it shows, ☑ or ☐. A ``<time>`` is its words: trafilatura
    dropped it, and with it each update's time in a live blog ("14.32 GMT"). Text loose in
    a ``<div>`` between ``<br><br>`` is put in paragraphs first."""
    if _DOUBLE_BR.search(text):
        text = _loose_text_as_paragraphs(text)
    if "<pre" in text or "<PRE" in text:
        text = _PRE_BLOCK.sub(_plain_pre, text)
    text = _FIGCAPTION.sub(r"<\1p", _BARE_PRE.sub(r"\1<code>\2</code>\3", text))
    if "checkbox" in text:
        text = _CHECKBOX.sub(_box, text)
    if "<time" in text:
        text = _TIME.sub(r"\1", text)
    if "stanza" in text or "verse" in text or "linegroup" in text:
        text = _STANZA.sub(r"<p\1>\2</p>", text)
    if "admonition" in text:
        text = _ADMONITION.sub(_as_quote, text)
    if "<summary" in text:  # a <details>' summary is a bold line, not a section's heading
        text = _SUMMARY.sub(r"<p><b>\1</b></p>", text)
    if "<math" in text:
        text = _MATH_FALLBACK.sub("", _MATH.sub(_math_as_code, text))
        text = _HIDING_TAG.sub(_shown_if_math, text)
    kept = rf"\1{trafilatura_tree.KEPT_SPACE}"
    return _outside_pre(text, lambda part: _SPACE_BETWEEN_TAGS.sub(kept, part))


_PRE_BLOCK = re.compile(r"<pre\b.*?</pre\s*>", re.I | re.S)
_BR = re.compile(r"<br\b[^>]*>", re.I)
_INNER_TAG = re.compile(r"</?(?!code\b)[A-Za-z][^>]*>")


def _plain_pre(m: re.Match[str]) -> str:
    """A code block as its characters: a ``<br>`` is a line break (Medium's code, a
    poem's), and its highlighter's spans go (trafilatura dropped a line number's anchor
    and a comment's span, its class being "comment", with their text)."""
    block = m.group(0)
    open_end = block.index(">") + 1
    close = block.rindex("<")
    inner = _INNER_TAG.sub("", _BR.sub("\n", block[open_end:close]))
    return block[:open_end] + inner + block[close:]


def _outside_pre(text: str, change: Callable[[str], str]) -> str:
    """``text`` with ``change`` made outside its ``<pre>`` blocks, which keep their spaces
    (trafilatura dropped a whole code block whose spaces were marked)."""
    out: list[str] = []
    pos = 0
    for m in _PRE_BLOCK.finditer(text):
        out.append(change(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(change(text[pos:]))
    return "".join(out)


# What a page hides from sight or marks as its own furniture, whatever the site: skip
# links, screen-reader-only text, Wikipedia's [edit] links, navigation boxes and a
# reference's "^ a b" links back
_UNSEEN_CLASSES = (
    "skip-link",
    "mw-jump-link",
    "screen-reader-text",
    "sr-only",
    "visually-hidden",
    "mw-editsection",
    "navbox",
    "vertical-navbox",
    "mw-cite-backlink",
    # real sites' furniture by its own names: MkDocs' edit button, the Guardian's appeal
    # after an article, Wikipedia's language menu
    "md-content__button",
    "contributions__epic",
    "mw-interlanguage-selector",
    "hatnote",  # Wikipedia's "For other uses, see …", which trafilatura kept half of
    "shortdescription",
    "noprint",  # what Wikipedia leaves out of print: boxes, "[citation needed]"
    # a code block's line numbers (Pygments, Prism, highlight.js): a block of digits
    "linenos",
    "linenodiv",
    "lineno",
    "line-numbers-rows",
    "hljs-ln-numbers",
)
_UNSEEN = [
    "//*["
    + " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in _UNSEEN_CLASSES
    )
    + "]",
    "//*[@hidden]",  # HTML's own "not shown"
    "//*[@id='pg-machine-header' or @id='pg-header' or @id='p-lang-btn' or @id='slot-body-end'"
    " or @id='gateway-content' or @data-testid='inline-message']",  # the NYT's sign-in box
    # a link with nothing to read (GitHub's permalink icon beside each heading): beside a
    # heading, trafilatura took the heading for navigation and dropped it
    "//a[@href and normalize-space(.)='' and not(.//img)]",
    # a heading's permalink mark (Hugo, Sphinx, GitHub: "#", "¶", "§", "🔗"), which read
    # as part of the heading: "Flame graphs#"
    "//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]"
    "//a[normalize-space(.)='#' or normalize-space(.)='¶' or normalize-space(.)='§'"
    " or normalize-space(.)='🔗' or normalize-space(.)='']",
]


def _trafilatura(text: str, url: str, page: etree._Element) -> str:
    import trafilatura

    try:
        found = trafilatura.extract(
            _prepared(text),
            url=url or None,
            output_format="xml",
            include_formatting=True,
            include_links=True,
            include_images=True,
            include_tables=True,
            include_comments=False,
            prune_xpath=_UNSEEN,
        )
    except (ValueError, TypeError, etree.LxmlError):  # a page its parser chokes on
        return ""
    root = trafilatura_tree.parse_xml(found or "")
    if root is None:
        return ""
    article = trafilatura_tree.as_html(root)
    add_footnotes(page, article, "".join(article.itertext()))
    give_code_languages(page, article)
    give_standfirst(page, article)
    restore_headings(page, article)
    drop_repeated_blocks(article)
    blocks = MarkdownWriter(base_url=url).write(article)
    return join_blocks([b for b in blocks if not _FURNITURE.fullmatch(_plain_block(b))])


# Whole blocks that are a site's furniture in any article it serves, whatever the site:
# a comment widget's credit and link, a slideshow's count, an agency's standards line.
_FURNITURE = re.compile(
    r"(?:blog )?comments powered by disqus\.?|view comments|\d+ comments?|leave a comment"
    r"|slideshow \(\s*\d+ images?\s*\)|our standards: the thomson reuters trust principles\.?"
    r"|share (?:this|on) (?:article|story|facebook|twitter|x)\.?|(?:click|tap) to share.*"
    r"|already a subscriber\? log in\.?",
    re.I,
)


def _plain_block(block: str) -> str:
    """A block's words without link targets and emphasis marks, to match furniture."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", block)
    return " ".join(re.sub(r"[*_`\\]", "", text).split())


# A page's furniture by its markup: landmarks no article is, and the class or id words
# sites give ads, share bars and sign-up boxes. Readability keeps all of it on a short page,
# where nothing outweighs it.
_FURNITURE_TAGS = ("nav", "aside", "footer", "form", "dialog")
_FURNITURE_ROLES = frozenset({"navigation", "complementary", "contentinfo", "banner", "search"})
_FURNITURE_WORDS = frozenset(
    "ad ads advert adverts advertisement advertising sponsor sponsored promo promotion "
    "banner cookie cookies consent newsletter subscribe signup share sharing social "
    "sidebar related recommended popup modal paywall".split()
)
_CLASS_WORD = re.compile(r"[a-z]+")


def _is_furniture(el: etree._Element) -> bool:
    if el.tag in _FURNITURE_TAGS or (el.get("role") or "").lower() in _FURNITURE_ROLES:
        return True
    if el.tag == "header":  # a page's banner; an article's own header holds its title
        return not any(a.tag in ("article", "main") for a in el.iterancestors())
    named = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return bool(named.strip()) and not _FURNITURE_WORDS.isdisjoint(_CLASS_WORD.findall(named))


def _without_furniture(text: str) -> str:
    """The page without its furniture, unless that would take the article with it: an
    element that holds an ``article`` or ``main``, or half the page's words, stays."""
    try:
        tree = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return text
    body = tree.find("body")
    if body is None:
        return text
    whole = _word_count(body.text_content())
    for el in list(body.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or not _is_furniture(el):
            continue
        if el.find(".//article") is not None or el.find(".//main") is not None:
            continue
        if _word_count(el.text_content()) * 2 > whole:
            continue
        el.drop_tree()
    return lxml.html.tostring(tree, encoding="unicode")


def _readability(text: str, url: str) -> tuple[str, str]:
    """(Markdown, title) from readability-lxml's cleaned HTML, through our own walker."""
    from readability import Document
    from readability.readability import Unparseable

    # it logs a traceback (to stderr, through the root logger) for a page it cannot parse
    logging.getLogger("readability.readability").disabled = True
    if not text.strip():
        return "", ""
    try:
        doc = Document(_without_furniture(text), url=url or None)
        cleaned = doc.summary(html_partial=True)
        title = doc.short_title() or ""
    except (Unparseable, ValueError, TypeError, etree.LxmlError):
        return "", ""
    if not cleaned.strip():
        return "", title
    writer = MarkdownWriter(base_url=url)
    writer.write(parse_html(cleaned))
    return join_blocks(writer.blocks), title


def _json_ld_paywall(tree: etree._Element) -> bool:
    """schema.org's ``isAccessibleForFree: false``: how news sites declare a paywall."""
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "") or not script.text:
            continue
        if re.search(r'"isAccessibleForFree"\s*:\s*"?(?:false|False|no)', script.text):
            return True
    return False


def _page_text(tree: etree._Element) -> str:
    """The visible words of a page, without scripts, styles and templates."""
    body = tree.find("body")
    if body is None:
        return ""
    parts: list[str] = []
    for el in body.iter():
        if el.tag in ("script", "style", "template", "noscript") or not isinstance(el.tag, str):
            if el.tail:
                parts.append(el.tail)
            continue
        if el.text:
            parts.append(el.text)
        if el.tail and el is not body:
            parts.append(el.tail)
    return " ".join(" ".join(parts).split())


def _link_share(tree: etree._Element, markdown: str) -> float:
    """The share of the text's words that are a link's text on the page: high for a section
    front or a sitemap, low for an article that links as it goes. A link of two words or
    more counts inside a line too: the extractor may run a menu's items into one line."""
    anchors = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    plains = [
        " ".join(re.sub(r"\]\([^)]*\)|^\s*(?:[-*+]|\d+[.)])\s+|[\[\]*_#>\\]", "", line).split())
        for line in markdown.split("\n")
    ]
    everything = "\n".join(plains)
    runs = sorted(
        (a for a in anchors if " " in a and a in everything), key=len, reverse=True
    )  # longest first: a headline is taken whole before a shorter link inside it
    total = linked = 0
    for plain in plains:
        n = _word_count(plain)
        total += n
        if plain in anchors:
            linked += n
            continue
        rest = f" {plain} "
        for run in runs:
            if run in rest:
                rest = rest.replace(f" {run} ", " ")
        linked += n - _word_count(rest)
    return linked / total if total else 1.0


SHORTEST_DECLARED = 20  # words: a page's one <article> this short is still its article


def _short_but_declared(tree: etree._Element, count: int) -> bool:
    """A short text that the page itself marks as its one article (a README, a note)
    and that holds most of that article's words: it is read, not refused as a stub. A
    page that says it is a paywall or a script's is not."""
    declared = tree.xpath("//article | //*[@itemprop='articleBody' or @itemprop='text']")
    if len(declared) != 1 or count < SHORTEST_DECLARED:
        return False
    if _PAYWALL_HINTS.search(_page_text(tree)):
        return False
    return count >= 0.6 * _word_count(" ".join(declared[0].itertext()))


def _why_empty(tree: etree._Element, markdown: str) -> str:
    """The reason a page has no article, in the words a reader would use."""
    if _json_ld_paywall(tree) or _PAYWALL_HINTS.search(_page_text(tree) + " " + markdown):
        return "it looks like a paywall: only a teaser is in the page"
    scripts = sum(1 for _ in tree.iter("script"))
    noscript = " ".join(n.text_content() for n in tree.iter("noscript"))
    if scripts and (_word_count(_page_text(tree)) < MIN_WORDS or _JS_HINTS.search(noscript)):
        return "the page builds its text with JavaScript, which summitreader does not run"
    return "the page holds only navigation, links or too little text"


# More words than this is not a name but a box's text that trafilatura's author rule
# caught (Wikipedia's "Authority control databases International ISNI VIAF …")
MOST_NAME_WORDS = 7
# A wiki's page is written by many: what trafilatura would take for its author is a box
_WIKI = re.compile(r"""<meta\s+name=["']generator["']\s+content=["']MediaWiki""", re.I)
_HEAD_SCAN = 100_000  # characters of the page its <head> is looked for in
_DC_CREATOR = re.compile(
    r"""<meta\s+name=["'](?:dc|dcterms)\.creator["']\s+content=["']([^"'<>]+)["']""", re.I
)
# what a theme writes around an author's name ("View all posts by Daniel Lemire")
_BYLINE_WORDS = re.compile(
    r"^\s*(?:(?:view|see|read|more)\s+(?:all\s+)?(?:posts|articles|stories)\s+by|"
    r"all\s+(?:posts|articles|stories)\s+by|posts\s+by|written\s+by|by|author\s*:)\s+",
    re.I,
)


_BOXES = "//nav | //*[@role='navigation'] | //*[contains(concat(' ', @class, ' '), ' navbox ')]"


def _not_boxes(tree: etree._Element, authors: tuple[str, ...]) -> tuple[str, ...]:
    """Without a "name" that is a navigation box's words (Wikipedia's authority-control
    box, its class holding "author", gave "Authority control databases Wikidata")."""
    if not authors:
        return authors
    boxes = [" ".join(" ".join(el.itertext()).split()) for el in tree.xpath(_BOXES)]
    return tuple(
        a
        for a in authors
        if not any(a == box or (len(a.split()) >= 3 and a in box) for box in boxes)
    )


def _meta(text: str, url: str) -> tuple[str, tuple[str, ...], str, str]:
    """(title, authors, date, site) from the page's metadata, through trafilatura."""
    import trafilatura

    try:
        # extensive=False: the page's own dates (meta tags, <time>, its URL) and no scan of
        # every line for something date-like, which is 7 times slower and guesses more
        meta = trafilatura.extract_metadata(text, default_url=url or None, extensive=False)
    except (ValueError, TypeError, etree.LxmlError):
        return "", (), "", ""
    head = text[:_HEAD_SCAN]
    byline = "" if _WIKI.search(head) else meta.author or ""
    filed = [html_lib.unescape(m) for m in _DC_CREATOR.findall(head)]
    # a catalogue's "Le Fanu, Joseph Sheridan, 1814-1873", which trafilatura split at
    # its commas into two authors, is read as one name here
    listed = filed or re.split(r";", byline)
    names = (person_name(_BYLINE_WORDS.sub("", a)) for a in listed)
    authors = people(
        tuple(dict.fromkeys(n for n in names if n and len(n.split()) <= MOST_NAME_WORDS)),
        meta.sitename or "",
        meta.hostname or url,
    )
    date = meta.date or ""
    return (
        without_site(meta.title or "", meta.sitename or "", meta.hostname or url),
        authors,
        date if re.fullmatch(r"\d{4}(-\d\d){0,2}", date) else "",
        (meta.sitename or ""),
    )


_TITLE_PARTS = re.compile(r"\s+(?:[|·•»:]{1,2}|[-–—])\s+")
# a heading's permalink mark that came with it into the title ("Deploying¶")
_PERMALINK_TAIL = re.compile(r"\s*(?:[¶§#]|🔗)+\Z")
_DATE_LIKE = re.compile(r"[\d./ -]{6,}")


def without_site(title: str, site: str, address: str = "") -> str:
    """A page's title without the site's name (or a date) the page puts after it or, less
    often, before it: "Rust and why | Stack Overflow Blog" is "Rust and why"."""
    title = _PERMALINK_TAIL.sub("", title.strip())
    parts = _TITLE_PARTS.split(title)
    if len(parts) < 2:
        return title
    whole = len(parts)
    names = {_squashed(site)} | {_squashed(p) for p in _host_names(address)}
    names.discard("")

    def is_site(part: str) -> bool:
        squashed = _squashed(part)
        short = len(part.split()) <= 3  # "Stack Overflow Blog" for "Stack Overflow"
        return (
            bool(squashed)
            and any(squashed in n or (short and squashed.startswith(n)) for n in names)
        ) or bool(_DATE_LIKE.fullmatch(part))

    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
    if len(parts) > 1 and is_site(parts[0]) and len(" ".join(parts[1:]).split()) >= 4:
        parts.pop(0)
    if len(parts) == whole:
        return title
    # the separators between the kept parts are the title's own: cut the text, not rejoin
    return title[title.find(parts[0]) : title.rfind(parts[-1]) + len(parts[-1])]


def _squashed(name: str) -> str:
    name = re.sub(r"(?i)\.(?:com|org|net|co\.uk|de|fr|info|io)\b", "", name)
    return re.sub(r"[\W_]+", "", name).casefold()


def _host_names(address: str) -> list[str]:
    """The names in a host: "en.wikipedia.org" is "en" and "wikipedia" (a two-letter
    label, a language or a country, only when it is the whole name)."""
    host = re.sub(r"^[a-z]+://", "", address.strip(), flags=re.I).split("/")[0]
    host = re.sub(r"^www\.", "", host, flags=re.I)
    labels = host.split(".")[:-1] or host.split(".")
    names = [label for label in labels if len(label) > 2 and label not in ("com", "org", "net")]
    return names or ([labels[0]] if host else [])


_COMPANY = re.compile(
    r"\b(?:GmbH|AG|KG|SE|Inc|LLC|Ltd|Limited|Corp|Corporation|S\.?A|Verlag|plc)\b\.?", re.I
)


def people(authors: tuple[str, ...], site: str, address: str = "") -> tuple[str, ...]:
    """The authors a page names, without its publisher: a company ("… GmbH") and the city
    and country after it, the site's own name beside real names ("Denis Dilba; Heise
    Online"), or a list that only spells out the site ("SPIEGEL ONLINE; Hamburg; Germany")."""
    kept: list[str] = []
    after_company = False
    for name in authors:
        if _COMPANY.search(name):
            after_company = True
        elif not (after_company and len(name.split()) == 1):
            kept.append(name)
    site_name = _squashed(site)
    if len(authors) > 1 and site_name and all(_squashed(a) in site_name for a in authors):
        return ()
    hosts = [_squashed(h) for h in _host_names(address) if h]
    if len(kept) > 1:
        others = [
            a for a in kept if not any(h and (h in _squashed(a)) for h in [*hosts, site_name])
        ]
        kept = others or kept
    return tuple(kept)


def _canonical(tree: etree._Element) -> str:
    """The address a saved page names as its own (``<link rel="canonical">``, ``og:url``,
    ``<base href>``): its relative links lead there, not nowhere."""
    for xpath in (
        "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href",
        "//meta[@property='og:url']/@content",
        "//base/@href",
    ):
        for found in tree.xpath(xpath):
            address = str(found).strip()
            if re.match(r"https?://[^/\s]+", address, re.I):
                return address
    return ""


def extract_article(
    page: bytes | str,
    url: str = "",
    *,
    name: str = "",
    content_type: str = "",
    min_words: int = MIN_WORDS,
    extractor: str = "auto",
) -> Converted:
    """The article in a web page as Markdown with YAML front matter.

    ``url`` resolves relative links and images and is recorded as ``source``; without
    one, the page's own canonical address resolves them;
    ``name`` names the page in a refusal (a path, "standard input"), else ``url`` does;
    ``content_type`` is the HTTP header, whose charset wins over the page's own.
    ``extractor`` "auto" tries trafilatura, then readability-lxml; naming one forces it.
    Raises NoArticleError when there is no article text (paywall, JavaScript, menus only).
    """
    text = decode_html(page, content_type)[0] if isinstance(page, bytes) else page
    text = re.sub(r"\A\s*<\?xml[^>]*\?>", "", text)
    tree = parse_html(text)
    base = url or _canonical(tree)
    body, used, fallback_title = "", "trafilatura", ""
    if extractor in ("auto", "trafilatura"):
        body = _trafilatura(text, base, tree)
    if extractor == "readability-lxml" or (extractor == "auto" and words(body) < min_words):
        found, fallback_title = _readability(text, base)
        if words(found) > words(body):
            body, used = found, "readability-lxml"
    count = words(body)
    paywalled = _json_ld_paywall(tree)
    if (
        # a bar set higher than the default is held to
        (count < min_words and not (min_words <= MIN_WORDS and _short_but_declared(tree, count)))
        or (paywalled and count < PAYWALL_WORDS)
        or _link_share(tree, body) > MAX_LINK_SHARE
    ):
        where = name or url or "this page"
        way_out = "; save the page from your browser and open the saved file" if url else ""
        raise NoArticleError(f"{where}: no article text found ({_why_empty(tree, body)}){way_out}")
    title, authors, date, site = _meta(text, url)
    authors = _not_boxes(tree, authors)
    title = one_line(title or fallback_title)
    head = front_matter(title, authors, date, site, url)
    return Converted(
        markdown=head + titled(body, title) + "\n",
        title=title,
        authors=tuple(one_line(a) for a in authors),
        date=date,
        site=one_line(site),
        extractor=used,
        extractor_version=_versions()[used],
    )
