"""Title, authors and date: from YAML front matter, else guessed from the first lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from itertools import islice
from typing import NamedTuple

from summitreader.text.sanitize import visible

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# The date patterns and the byline's end are compiled when first used (``re`` keeps them
# compiled): the month patterns took 0.4 ms of every start, and most first lines need one
# date pattern, or none.
_DATE_PATTERNS = (
    (r"(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})", 0),
    (_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.I),
    (r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})", re.I),
)
DATE_REACH = 160
_YEAR = re.compile(r"\d{4}")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_PARTICLES = frozenset("de del della der van von da di du dos das la le bin ibn al y".split())
_INITIALS = re.compile(r"^(?:[A-Z]\.)+(?:[A-Z]\.?)?$")
# Capitalised words that begin lines of web pages and books but are no one's name.
_NOT_NAMES = frozenset(
    """the of and in on for to a an with at by from is are was were this that these those
    our your my his her its their it we you i as or not no any all every each
    table contents chapter one two three part section volume book introduction abstract
    summary preface foreword appendix index home news menu share subscribe sign up log
    advertisement photo photos image images caption credit credits updated published
    opinion analysis comments comment related read more listen article articles min
    minute minutes hours ago today yesterday newsletter follow email print copyright
    rights reserved privacy policy terms search skip content main navigation editorial
    board staff writer writers reporter reporting correspondent editor editors
    contributor contributing fellow senior professor director press associated
    wikipedia free encyclopedia""".split()
)
_BYLINE = re.compile(r"^[*_]*(?:(?:written|words|story|text|reporting)\s+)?by:?\s+(.*)$", re.I)
_HEADING = re.compile(r"#{1,6}(?:\s|$)")  # an ATX heading line
# A line of its own that opens a part of a book ("BOOK ONE: 1805", "CHAPTER XII",
# "Chapter 3. The Voyage", "FIRST EPILOGUE: 1813 - 20"): a plain text's heading, and
# not the book's title; (level, match) by the word that opens it.
CHAPTER_LINE = re.compile(
    r"(?:(?:FIRST|SECOND|THIRD|FOURTH|FIFTH|LAST|First|Second|Third|Fourth|Fifth|Last)\s+)?"
    r"(BOOK|PART|VOLUME|EPILOGUE|PROLOGUE|CHAPTER|Book|Part|Volume|Epilogue|Prologue|Chapter)"
    r"(?:\s+(?:[IVXLCDM]+|\d{1,3}|[A-Z][A-Za-z-]{2,14}))?\.?(?:\s*[:.—–-]\s*[^\n]{0,60})?[ \t]*\Z"
)
CHAPTER_LEVEL = {"chapter": 2}  # the others open a part: level 1


def chapter_level(line: str) -> int:
    """1 for a part's line, 2 for a chapter's, 0 for any other line."""
    if len(line) > 80 or not (m := CHAPTER_LINE.match(line.strip())):
        return 0
    return CHAPTER_LEVEL.get(m.group(1).lower(), 1)


_PARTIAL_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?")
_BYLINE_END = r"\s+(?:[/|·•—–]|-{1,2})\s+|\s*[*_]+$"


class Metadata(NamedTuple):
    title: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""  # ISO 8601 (YYYY-MM-DD) or ""

    @property
    def author(self) -> str:
        return join_authors(self.authors)


def join_authors(authors: tuple[str, ...] | list[str]) -> str:
    """ "A", "A and B", "A, B and C": how people write bylines."""
    if len(authors) <= 2:
        return " and ".join(authors)
    return ", ".join(authors[:-1]) + " and " + authors[-1]


def parse_date(line: str) -> str:
    """Return the first date in ``line`` as ISO 8601, or "".

    Only the line's start is searched: a dateline is short, and the month
    pattern is slow across a long paragraph.
    """
    line = line[:DATE_REACH]
    if not _YEAR.search(line):  # every pattern needs a year; most lines have none
        return ""
    for pattern, flags in _DATE_PATTERNS:
        m = re.search(pattern, line, flags)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"].lower()]
        try:
            return date(int(groups["year"]), month, int(groups["day"])).isoformat()
        except ValueError:
            continue
    return ""


def front_matter_span(text: str) -> tuple[int, int] | None:
    """Source span of a leading YAML front matter block, markers included."""
    m = _FRONT_MATTER.match(text)
    return (m.start(), m.end()) if m else None


_YAML_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_YAML_CHARS = {"n": "\n", "t": "\t", "0": "\0", "r": "\r", "_": "\u00a0", "N": "\u0085"}


def _yaml_char(m: re.Match[str]) -> str:
    code = m.group(1)
    if len(code) > 1:
        value = int(code[1:], 16)
        if 0xD800 <= value <= 0xDFFF:  # half of a pair: not a character, and not storable
            return "\ufffd"
        return chr(value) if value <= 0x10FFFF else ""
    return _YAML_CHARS.get(code, code)  # \" \\ \/ and a space stand for themselves


def _unquote(value: str) -> str:
    """A YAML scalar's text: "double quoted" with its escapes (\\u00e9, \\"), 'single
    quoted' with '' for a quote, or plain."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return _YAML_ESCAPE.sub(_yaml_char, value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return value


def _parse_front_matter(body: str) -> dict[str, str | list[str]]:
    """A deliberately small YAML subset: ``key: value`` (a str), ``key: [a, b]`` and
    ``- item`` lists (a list, even of one: a list's item is never split again)."""
    result: dict[str, str | list[str]] = {}
    key: str | None = None
    for raw in body.splitlines():
        line = raw.rstrip()
        if not line or line.lstrip().startswith("#"):
            continue
        item = re.match(r"^\s+-\s+(.*)$", line) or re.match(r"^-\s+(.*)$", line)
        if item and key is not None:
            items = result.get(key)
            if not isinstance(items, list):
                items = result[key] = []
            items.append(_unquote(item.group(1)))
            continue
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        if value.startswith("[") and value.endswith("]"):
            result[key] = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
        elif value:
            result[key] = _unquote(value)
    return result


def _first(fields: dict[str, str | list[str]], key: str) -> str:
    value = fields.get(key) or ""
    return value if isinstance(value, str) else value[0]


def _split_authors(text: str) -> tuple[str, ...]:
    labels = _LINK.findall(text)
    if labels:
        return tuple(label.strip() for label in labels if label.strip())
    parts = re.split(r"\s*(?:,\s*and\s+|,|;|&|\band\b)\s*", text)
    return tuple(p.strip() for p in parts if p.strip())


def _name_word(word: str) -> bool:
    if word in _PARTICLES or _INITIALS.match(word):
        return True
    bare = word.rstrip(".")
    return (
        bool(bare)
        and bare[0].isupper()
        and all(c.isalpha() or c in "'’-." for c in bare)
        and bare.lower() not in _NOT_NAMES
    )


def _looks_like_name(text: str, min_words: int = 2) -> bool:
    """One person's name: one to five capitalised words (with particles such as "de")."""
    words = text.split()
    return (
        min_words <= len(words) <= 5
        and all(_name_word(w) for w in words)
        and any(w not in _PARTICLES for w in words)
    )


def _names(text: str, *, byline: bool) -> tuple[str, ...]:
    """The authors in a line of names, or () if it is not one. After "By", a part that is
    a role ("Staff Writer") is dropped; a first part that is not a name means the line
    is a sentence ("By the end of the decade, …")."""
    least = 1 if byline else 2
    parts = _split_authors(text)
    if not parts or not _looks_like_name(parts[0], least):
        return ()
    names = [p for p in parts if _looks_like_name(p, least)]
    others = [p for p in parts if not _looks_like_name(p, least)]
    if others and not (byline and all(_title_case(p) for p in others)):
        return ()
    return tuple(names)


def _title_case(text: str) -> bool:
    """A role after a byline's name ("Staff Writer"), not the rest of a sentence."""
    words = text.split()
    return 1 <= len(words) <= 4 and all(w[0].isupper() for w in words)


def _byline(line: str) -> tuple[tuple[str, ...], str] | None:
    """(authors, date) from a line such as "By Jane Roe — March 3, 2020", or None."""
    m = _BYLINE.match(line)
    if m is None:
        return None
    rest = m.group(1)
    names = re.split(_BYLINE_END, rest, maxsplit=1)[0].strip(" ,.*_")
    authors = _names(names, byline=True)
    if not authors:
        return None
    return authors, parse_date(rest)


_IMAGE = re.compile(r"!\[[^\]]*\](?:\([^)]*\)|\[[^\]]*\])")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LINK_TEXT = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _untagged(line: str) -> str:
    return _TAG.sub("", line)


def _decoration(line: str) -> bool:
    """A line with no words of its own: images (badges, a logo), HTML tags, links around
    them; or links alone (a README's other languages)."""
    bare = _TAG.sub(" ", _IMAGE.sub(" ", line))
    links = _LINK_TEXT.findall(bare)
    outside = _LINK_TEXT.sub(" ", bare)
    words_outside = len(re.findall(r"\w+", outside))
    if (links and not words_outside) or (len(links) >= 3 and words_outside <= len(links)):
        return True
    return not re.search(r"\w", _LINK_TEXT.sub(r"\1", bare))


def _strip_inline(line: str) -> str:
    line = _BLOCK_MARKERS.sub("", line.strip())
    line = _LINK.sub(r"\1", line)
    line = re.sub(r"\\(.)", r"\1", line)
    return line.strip("*_ ").strip()


_BLOCK_MARKERS = re.compile(r"^(?:>\s*)*(?:[-*+]\s+|\d{1,9}[.)]\s+)?(?:#{1,6}\s+)?")
TITLE_LIMIT = 200  # a longer first line is a paragraph (or a whole text on one line), not a title


def _lines(text: str) -> Iterator[str]:
    """Lines one at a time, so a book's metadata costs its first lines, not the whole book."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield text[start:end]
        start = end + 1


def sniff(text: str, max_lines: int = 12) -> Metadata:
    """Guess metadata the way a reader would, from the first non-empty lines."""
    fields: dict[str, str | list[str]] = {}
    span = front_matter_span(text)
    if span:
        fields = _parse_front_matter(text[span[0] : span[1]].strip("-.\n"))
        text = text[span[1] :]
    title = _first(fields, "title")
    named = fields.get("authors") or fields.get("author") or ()
    # "author: A and B" is two people; a list's one item ("W3C (MIT, ERCIM, Keio)") is one
    authors = _split_authors(named) if isinstance(named, str) else tuple(named)
    given = _first(fields, "date").strip()
    # a book's year ("1869"), or year and month, is a date as it stands: ISO 8601 has it
    iso = given if _PARTIAL_DATE.fullmatch(given) else parse_date(given)

    head = islice((ln.strip() for ln in _lines(text) if ln.strip()), max_lines)
    lines = list(head)
    while lines and _decoration(lines[0]):
        lines = lines[1:]  # a README's badges, logo and HTML wrappers come before its title
    if not title and lines and len(first := _strip_inline(_untagged(lines[0]))) <= TITLE_LIMIT:
        if not chapter_level(first):  # a book that opens on "BOOK ONE" has no title line
            title = first
        lines = lines[1:]
    for line in lines:
        if authors and iso:
            break
        if len(line) > TITLE_LIMIT:
            continue  # prose, not a byline or a date
        plain = _strip_inline(line)
        if not authors and (found_by := _byline(line.strip("*_ "))) is not None:
            authors, dated = found_by
            iso = iso or dated
            continue
        found = parse_date(line)
        if found and not iso and len(line) <= 40:
            iso = found
            continue
        if not authors and not _HEADING.match(line) and plain != title:
            authors = _names(plain, byline=False)  # a heading, or the title again, is no name
    # Metadata names files and fills lists and front matter: never a raw control in it.
    if len(title) > TITLE_LIMIT:  # from front matter
        title = title[: TITLE_LIMIT - 1].rstrip() + "…"
    return Metadata(
        title=visible(title).strip(), authors=tuple(visible(a) for a in authors), date=iso
    )
