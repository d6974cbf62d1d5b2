"""What every converter returns (web page, EPUB, PDF): Markdown text and where it came from.

A conversion is a function of the bytes and of the converter's version, so both the
extractor's name and its version travel with the text: a new converter makes a new
snapshot instead of silently changing the text highlights anchor to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from summitreader.errors import SummitError


class ConversionError(SummitError):
    """The bytes cannot become a text (encrypted, broken, no text in them): one line why."""


class NoArticleError(ConversionError):
    """A web page holds no article text: a paywall stub, a JavaScript shell, navigation only."""


class OutlineEntry(NamedTuple):
    """One table-of-contents entry; ``offset`` indexes the Markdown of its ``Converted``."""

    title: str
    level: int
    offset: int


@dataclass(frozen=True, slots=True)
class Converted:
    """A document turned into Markdown, with the metadata its format declared."""

    markdown: str
    title: str
    authors: tuple[str, ...]
    date: str  # ISO 8601 (or a year), or ""
    site: str
    extractor: str
    extractor_version: str
    outline: tuple[OutlineEntry, ...] = ()
    pages: tuple[int, ...] = ()  # PDF: the offset in ``markdown`` where each page starts


def one_line(value: str) -> str:
    """Metadata from a file is one line: controls and runs of whitespace become one space."""
    return " ".join(
        "".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in value).split()
    )


_PLAIN = re.compile(r"[\w(][\w .,;()'’/&+@-]*")


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar that text/metadata.py's small reader also reads back as is:
    plain when it can be, else quoted, escaping only where no quote style avoids it."""
    value = one_line(value)
    if (
        _PLAIN.fullmatch(value)
        and not value.endswith(" ")
        and value.lower() not in _YAML_WORDS
        and not re.fullmatch(r"[-+.\d]+", value)  # a number would be read as one
    ):
        return value
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


_YAML_WORDS = frozenset("true false yes no on off null ~ y n".split())


_LIFE_DATES = re.compile(r",?\s*\(?\d{3,4}\s*[-–]\s*(?:\d{3,4})?\)?\s*\Z")
_FILED_AS = re.compile(r"([^,]+),\s*([^,]+)")


def person_name(raw: str) -> str:
    """A name as a catalogue files it ("Le Fanu, Joseph Sheridan, 1814-1873", as Project
    Gutenberg and libraries give it) as it is written: "Joseph Sheridan Le Fanu"."""
    name = _LIFE_DATES.sub("", raw.strip())
    m = _FILED_AS.fullmatch(name)
    if m and 1 <= len(m[2].split()) <= 3 and not _SEPARATES_NAMES.search(m[2]):
        return f"{m[2].strip()} {m[1].strip()}"
    return name


# what the reader's ``sniff`` splits a scalar author at: a name holding one is a list's item
_SEPARATES_NAMES = re.compile(r",|;|&|\band\b")


def front_matter(
    title: str,
    authors: tuple[str, ...] = (),
    date: str = "",
    site: str = "",
    source: str = "",
    **extra: str,
) -> str:
    """A YAML front matter block (ending in a blank line) with the keys the reader's
    ``sniff()`` understands (title, author, date) and where the text came from."""
    lines = ["---"]
    if title:
        lines.append(f"title: {yaml_scalar(title)}")
    names = [one_line(a) for a in authors if one_line(a)]
    if len(names) == 1 and not _SEPARATES_NAMES.search(names[0]):
        lines.append(f"author: {yaml_scalar(names[0])}")
    elif names:
        lines.append("author:")
        lines.extend(f"  - {yaml_scalar(a)}" for a in names)
    for key, value in (("date", date), ("site", site), ("source", source), *extra.items()):
        if one_line(value):
            lines.append(f"{key}: {yaml_scalar(value)}")
    if len(lines) == 1:
        return ""
    return "\n".join([*lines, "---", "", ""])


def _same(heading: str, title: str) -> bool:
    def norm(text: str) -> str:
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a heading that links to itself
        text = re.sub(r"[\\*_`]", "", text)
        return " ".join(re.sub(r"\s+([:;,.!?])", r"\1", text).split()).casefold()

    return norm(heading) == norm(title)


_EARLY_BLOCKS = 6  # where a page repeats its title below a date line, a lead image


def titled(body: str, title: str) -> str:
    """``body`` starting with a ``# Title`` heading: its own if it starts with an h1, or
    with an h2 that is the title; else the title is added above it, and the same title
    repeated as a heading in the first few blocks (below a date line or a lead image) is
    dropped: it read twice, and listed twice in the outline."""
    from summitreader.sources.html_markdown import escape_text  # lxml: not for a plain open

    body = body.strip("\n")
    first = re.match(r"(#{1,2}) (.+)", body)
    if not title or (first and (first.group(1) == "#" or _same(first.group(2), title))):
        return body
    blocks = body.split("\n\n", _EARLY_BLOCKS)
    for i, block in enumerate(blocks[:_EARLY_BLOCKS]):
        heading = re.fullmatch(r"#{1,3} (.+)", block)
        if heading and _same(heading.group(1), title):
            body = "\n\n".join(blocks[:i] + blocks[i + 1 :])
            break
    return f"# {escape_text(one_line(title), line_start=True)}\n\n{body}"
