"""Kindle's ``My Clippings.txt``: the highlights and notes a Kindle keeps, as it writes them.

Each entry ends with a line of ten ``=``. Its first line is ``Title (Author)`` (the file,
and on some firmware each entry, may begin with a byte order mark); its second says what
it is, where and when, in the Kindle's language::

    - Your Highlight on page 12 | Location 123-125 | Added on Monday, 1 January 2024 12:00:00
    - Highlight Loc. 123-25 | Added on Thursday, April 21, 2011, 08:27 AM      (older firmware)
    - Ihre Notiz bei Position 130 | Hinzugefügt am Montag, 1. Januar 2024 12:00:00

then a blank line and the text. Nothing in a quote is escaped, so a quote holding a line of
exactly ten ``=`` cannot be told from the end of an entry; ten ``=`` within a line can.

A note is an entry of its own at one location: it belongs to the highlight that ends at, or
else holds, that location in the same book, and one that no single highlight holds is
reported. A highlight extended later is written again whole, so of two highlights where one
holds the other's words at overlapping locations only the longer is kept. Bookmarks hold no
text, and are counted and left out. Kindle keeps no words around a quote: the book's title
says which document it belongs to (``library/placing.py``).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import NamedTuple

from summitreader.annotations.record_checks import shown
from summitreader.export.foreign import (
    KINDLE_SEPARATOR,
    TITLE,
    Foreign,
    Read,
    Unplaceable,
    stamp,
)
from summitreader.export.w3c import ImportFileError

HIGHLIGHT, NOTE, BOOKMARK = "highlight", "note", "bookmark"
BOOKMARKS = "left out (bookmarks)"
MERGED = "merged (a highlight extended later)"
# The word each language's Kindle uses for each kind, looked for in that order.
_KIND_WORDS = (
    (BOOKMARK, ("bookmark", "lesezeichen", "signet", "marcador", "segnalibro", "bladwijzer")),
    (BOOKMARK, ("закладка", "书签", "ブックマーク", "북마크")),
    (NOTE, ("note", "notiz", "nota", "notitie", "заметка", "笔记", "メモ", "메모")),
    (HIGHLIGHT, ("highlight", "markierung", "surlignement", "subrayado", "evidenziazione")),
    (HIGHLIGHT, ("markering", "destaque", "выделен", "标注", "ハイライト", "하이라이트")),
)
_LOCATION = re.compile(
    r"(?:location|loc\.?|position|emplacement|posici[oó]n|posizione|posi[cç][aã]o|locatie"
    r"|местоположение|位置(?:\s*no\.)?|위치)\s*#?\s*(\d+)(?:\s*-\s*(\d+))?",
    re.IGNORECASE,
)
_PAGE = re.compile(
    r"(?:page|seite|p[aá]gina|страниц\w*)\s+([0-9ivxlcdm]+)\b|(\d+)\s*(?:页|ページ|페이지)",
    re.IGNORECASE,
)
_MONTH_NAMES = (
    "january jan januar janvier enero gennaio januari janeiro января",
    "february feb februar février fevrier febrero febbraio februari fevereiro февраля",
    "march mar märz marz mars marzo maart março marco марта",
    "april apr avril abril aprile апреля",
    "may mai mayo maggio mei maio мая",
    "june jun juni juin junio giugno junho июня",
    "july jul juli juillet julio luglio julho июля",
    "august aug août aout agosto augustus августа",
    "september sep sept septembre septiembre settembre setembro сентября",
    "october oct oktober octobre octubre ottobre outubro октября",
    "november nov novembre noviembre novembro ноября",
    "december dec dezember décembre decembre diciembre dicembre dezembro декабря",
)
_MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s*m\b\.?)?", re.IGNORECASE)
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


class Clipping(NamedTuple):
    """One entry of the file, as the Kindle wrote it."""

    number: int  # its place in the file, from 1
    line: int  # the line its title is on
    title: str
    author: str
    kind: str  # HIGHLIGHT, NOTE, BOOKMARK, or "" for a kind we do not know
    start: int | None  # its location (a highlight's first and last)
    end: int | None
    page: str | None
    added: datetime | None  # the Kindle's local time: it records no zone
    text: str
    header: str  # the second line, for messages

    @property
    def label(self) -> str:
        return f"{self.title} ({self.author})" if self.author else self.title


def split_title(line: str) -> tuple[str, str]:
    """``Title (Author)`` as (title, author). The author is the last bracketed group, which
    may hold brackets of its own ("Inconnu(e)"); a title without one has no author."""
    line = line.strip()
    if not line.endswith(")"):
        return line, ""
    depth = 0
    for i in range(len(line) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(line[i], 0)
        if depth == 0:
            title = line[:i].strip()
            return (title, line[i + 1 : -1].strip()) if title else (line, "")
    return line, ""


def _kind(words: str) -> str:
    folded = words.casefold()
    return next((k for k, names in _KIND_WORDS if any(n in folded for n in names)), "")


def _location(words: str) -> tuple[int | None, int | None]:
    """The first and last location; ``123-25`` (older firmware) is 123 to 125."""
    found = _LOCATION.search(words)
    if found is None:
        return None, None
    first, last = found.group(1), found.group(2)
    if last is None:
        return int(first), int(first)
    if len(last) < len(first) and int(last) < int(first):
        last = first[: len(first) - len(last)] + last
    return int(first), max(int(first), int(last))


def added(words: str) -> datetime | None:
    """When the entry was added, read from its "Added on …" in any language we know the
    months of; None if it cannot be read (the import's own time stands in)."""
    clock = _TIME.search(words)
    hour, minute, second = (0, 0, 0)
    rest = words
    if clock is not None:
        hour, minute, second = (int(clock.group(i) or 0) for i in (1, 2, 3))
        half = (clock.group(4) or "").lower() or ("p" if "下午" in words else "")
        if half == "p" and hour < 12:
            hour += 12
        elif half == "a" and hour == 12:
            hour = 0
        rest = words[: clock.start()] + " " + words[clock.end() :]
    if cjk := _CJK_DATE.search(rest):
        year, month, day = (int(g) for g in cjk.groups())
    else:
        years = re.findall(r"(?<!\d)\d{4}(?!\d)", rest)
        month = next(
            (_MONTHS[w] for w in re.findall(r"[^\W\d_]+", rest.casefold()) if w in _MONTHS), 0
        )
        days = re.findall(r"(?<!\d)\d{1,2}(?!\d)", re.sub(r"(?<!\d)\d{4}(?!\d)", " ", rest))
        if not (years and month and days):
            return None
        year, day = int(years[0]), int(days[0])
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _entry(number: int, line: int, lines: list[str]) -> Clipping:
    while lines and not lines[0].strip("\ufeff \t"):
        lines, line = lines[1:], line + 1
    title, author = split_title(lines[0].replace("\ufeff", ""))
    header = lines[1].strip() if len(lines) > 1 else ""
    if not title or not header.startswith("-"):
        raise ImportFileError(
            f"entry {number} (line {line + 1}): {shown(header)} is not the line a Kindle writes "
            "there, such as '- Your Highlight on page 12 | Location 123-125 | Added on …'"
        )
    parts = [p.strip() for p in re.split(r"[|｜]", header.lstrip("- "))]
    what = " ".join(parts[:-1]) if len(parts) > 1 else parts[0]
    body = lines[2:]
    if body and not body[0].strip():
        body = body[1:]
    page = _PAGE.search(what)
    return Clipping(
        number=number,
        line=line,
        title=title,
        author=author,
        kind=_kind(what),
        start=_location(what)[0],
        end=_location(what)[1],
        page=(page.group(1) or page.group(2)) if page else None,
        added=added(parts[-1]) if len(parts) > 1 else None,
        text="\n".join(body).strip(),
        header=header,
    )


def clippings(text: str) -> list[Clipping]:
    """Every entry of the file, in order, or ImportFileError naming the first that is not
    a Kindle's. A last entry without its line of ``=`` (a file cut short) still counts."""
    found: list[Clipping] = []
    lines: list[str] = []
    first = 1
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if line.replace("\ufeff", "").strip() != KINDLE_SEPARATOR:
            lines.append(line)
            continue
        if any(s.strip("\ufeff \t") for s in lines):
            found.append(_entry(len(found) + 1, first, lines))
        lines, first = [], number + 1
    if any(s.strip("\ufeff \t") for s in lines):
        found.append(_entry(len(found) + 1, first, lines))
    return found


def _overlap(a: Clipping, b: Clipping) -> bool:
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return a.page is None or b.page is None or a.page == b.page
    return a.start <= b.end and b.start <= a.end


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _longest(highlights: list[Clipping]) -> dict[int, list[Clipping]]:
    """The highlights to keep, each with those it replaces (itself first): a highlight whose
    words another holds at an overlapping location is an earlier, shorter version of it."""
    kept: dict[int, list[Clipping]] = {}
    for clip in sorted(highlights, key=lambda c: (-len(_squeezed(c.text)), c.number)):
        words = _squeezed(clip.text)
        longer = next(
            (k for k in kept.values() if words in _squeezed(k[0].text) and _overlap(clip, k[0])),
            None,
        )
        if longer is None:
            kept[clip.number] = [clip]
        else:
            longer.append(clip)
    return dict(sorted(kept.items()))


def _holder(note: Clipping, highlights: list[Clipping]) -> tuple[Clipping | None, str]:
    """The one highlight a note belongs to, or why there is none."""
    if note.start is not None:
        at = note.start
        where = f"location {at}"
        ending = [h for h in highlights if h.end == at]
        holding = [h for h in highlights if h.start is not None and h.start <= at <= (h.end or 0)]
    elif note.page is not None:
        where = f"page {note.page}"
        ending, holding = [], [h for h in highlights if h.page == note.page]
    else:
        return None, "a note that gives no location"
    for group in (ending, holding):
        if len(group) == 1:
            return group[0], ""
        if group:
            return None, f"a note at {where}, where {len(group)} highlights are: which is not known"
    return None, f"a note at {where}, where no highlight is (a note belongs to a highlight)"


def _gone(clip: Clipping) -> str | None:
    """Why an entry holds no words to place, or None."""
    text = clip.text
    if not text:
        return f"an empty {clip.kind}"
    if text.startswith("<") and text.endswith(">") and "limit" in text.lower():
        return "the Kindle kept no text: the book's limit on clippings was reached"
    return None


def parse(text: str) -> Read:
    """The highlights to place, each with its notes; what cannot be placed, with why; and
    how many entries were left out on purpose."""
    read = Read([], [], {})
    books: dict[tuple[str, str], tuple[list[Clipping], list[Clipping]]] = {}
    for clip in clippings(text):
        if clip.kind == BOOKMARK:
            read.set_aside[BOOKMARKS] = read.set_aside.get(BOOKMARKS, 0) + 1
        elif not clip.kind:
            why = f"a kind of entry not known: {shown(clip.header)}"
            read.unplaceable.append(Unplaceable(clip.number, clip.label, clip.text, why))
        elif why := _gone(clip):
            read.unplaceable.append(Unplaceable(clip.number, clip.label, clip.text, why))
        else:
            highlights, notes = books.setdefault((clip.title, clip.author), ([], []))
            (highlights if clip.kind == HIGHLIGHT else notes).append(clip)
    for highlights, notes in books.values():
        kept = _longest(highlights)
        if merged := len(highlights) - len(kept):
            read.set_aside[MERGED] = read.set_aside.get(MERGED, 0) + merged
        said: dict[int, list[str]] = {n: [] for n in kept}
        for note in notes:
            holder, why = _holder(note, [k[0] for k in kept.values()])
            if holder is None:
                read.unplaceable.append(Unplaceable(note.number, note.label, note.text, why))
            else:
                said[holder.number].append(note.text)
        for number, versions in kept.items():
            clip = versions[0]
            times = sorted(v.added for v in versions if v.added is not None)
            read.highlights.append(
                Foreign(
                    number=number,
                    kind=TITLE,
                    where=clip.title,
                    label=clip.label,
                    quote={"exact": clip.text, "prefix": "", "suffix": ""},
                    note="\n\n".join(said[number]),
                    created=stamp(times[0]) if times else None,
                    modified=stamp(times[-1]) if times else None,
                )
            )
    read.highlights.sort(key=lambda f: f.number)
    read.unplaceable.sort(key=lambda u: u.number)
    return read
