"""A web page's code blocks keep their language through trafilatura, which drops every
class: the language is read from the page (the ways highlighters mark it) and given back
to the article's block with the same code."""

from __future__ import annotations

import re

from lxml import etree

# language-py (CommonMark, Prism, highlight.js), lang-js, highlight-source-rust (GitHub),
# highlight-python (Sphinx), "brush: js" (SyntaxHighlighter), "sourceCode haskell" (Pandoc)
_CLASS = re.compile(
    r"(?:^|\s)(?:language-|lang-|highlight-source-|highlight-|brush:\s*|sourceCode\s+)"
    r"([A-Za-z][\w+#.-]*)"
)
_NOT_LANGUAGES = frozenset(
    {"none", "text", "plaintext", "plain", "nohighlight", "notranslate", "default"}
    | {"box", "block", "code", "wrapper", "container"}
)
_KEY_LENGTH = 300  # characters of a block's code (without spaces) it is known by


def _key(el: etree._Element) -> str:
    return "".join("".join(el.itertext()).split())[:_KEY_LENGTH]


def language_of(pre: etree._Element) -> str:
    """The language a page gives a ``<pre>``: on it, its ``<code>``, the two boxes around
    it, or the highlighter's box further out (MkDocs: a table of line numbers inside)."""
    near = [*pre.iterchildren("code"), pre]
    for depth, parent in enumerate(pre.iterancestors()):
        if depth >= 6:
            break
        if depth < 2 or "highlight" in (parent.get("class") or ""):
            near.append(parent)
    for el in near:
        for name in ("data-lang", "data-language"):
            value = (el.get(name) or "").strip()
            if re.fullmatch(r"[A-Za-z][\w+#.-]*", value) and value.lower() not in _NOT_LANGUAGES:
                return value.lower()
        for m in _CLASS.finditer(el.get("class") or ""):
            if m[1].lower() not in _NOT_LANGUAGES:
                return m[1].lower()
    return ""


def give_code_languages(page: etree._Element, article: etree._Element) -> None:
    """Mark each code block of ``article`` with the language its twin in ``page`` has."""
    languages: dict[str, str] = {}
    for pre in page.iter("pre"):
        if (language := language_of(pre)) and (key := _key(pre)):
            languages.setdefault(key, language)
    if not languages:
        return
    for pre in article.iter("pre"):
        language = languages.get(_key(pre))
        if language and not language_of(pre):
            pre.set("class", f"language-{language}")
