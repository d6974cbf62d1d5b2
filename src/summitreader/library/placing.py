"""Placing highlights made elsewhere: which document of the library each belongs to, and
where in it, or why it cannot be placed. Nothing is guessed.

- A web address names the document read from that page. Addresses are compared without
  what does not change the page: the scheme's and host's case, http or https, a default
  port, a trailing slash, the fragment, and ``utm_*`` tracking parameters.
- A file names the document last seen at that path (or a PATH named after the import).
- A book's title (a Kindle's) names the one document with that title: first compared
  whole, then without a subtitle (after ``:``) or a bracketed series; two documents with
  that title are reported, not chosen between. A quote found in one other document
  places nothing.
- The quote is then found in that document by ``annotations/anchoring.py``, run on the
  loose form of both (``text/loose.py``): markup hidden, whitespace, accents, quotes and
  dashes folded. The prefix and suffix tell repeated words apart, and a position is a hint.
  A Kindle keeps no words around a quote: its quote is placed only if it is there once.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from summitreader.annotations.anchoring import Anchor, locate, occurrences
from summitreader.errors import SummitError
from summitreader.export.foreign import FILE, HASH, TITLE, URL, Foreign
from summitreader.library.catalog import Entry, load
from summitreader.library.intake import Intake, from_path, is_url
from summitreader.sources.text import Source
from summitreader.store.store import Store
from summitreader.text.find import fold
from summitreader.text.loose import LooseText, loose_text, loosen

_DEFAULT_PORTS = {"http": 80, "https": 443}


def normal_url(url: str) -> str:
    """A web address as it is compared (see the module's notes)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if not k.lower().startswith("utm_")]
    scheme = "http" if scheme == "https" else scheme
    return urlunsplit((scheme, host, parts.path.rstrip("/"), urlencode(query), ""))


def title_key(title: str) -> str:
    """A title as it is compared: letters and digits only, case and accents folded."""
    return "".join(ch for ch in fold(title).casefold() if ch.isalnum())


def main_title_key(title: str) -> str:
    """The title without a trailing bracketed series or edition, and without a subtitle."""
    bare = title.strip()
    while (shorter := re.sub(r"\s*[(\[][^()\[\]]*[)\]]$", "", bare)) != bare and shorter:
        bare = shorter
    return title_key(re.split(r"\s*[:：]\s|\s[-–—]\s", bare, maxsplit=1)[0])


def resolved(path: str | Path) -> Path | None:
    """The path as compared: absolute, links followed; None for one that cannot be."""
    try:
        return Path(path).expanduser().resolve()
    except (OSError, ValueError, RuntimeError):  # a NUL byte, a loop of links (3.11)
        return None


class Candidate(NamedTuple):
    """A document an import may place highlights in."""

    id: str
    title: str
    urls: frozenset[str]  # normalised
    paths: frozenset[str]  # resolved
    load: Callable[[], Source]
    intake: Intake | None  # a named file not in the library yet: remembered if it is used


class Placed(NamedTuple):
    source: Source
    candidate: Candidate
    start: int
    end: int
    score: float  # 1.0 for the quote's own words; below for an approximate match


class Library:
    """The documents of the library, and the files named after the import file: the only
    texts an import reads."""

    def __init__(self, store: Store, named: Iterable[Path], notes: list[str]) -> None:
        self.candidates: list[Candidate] = []
        for record in store.library():
            entry = Entry.of(record)
            places = [entry.path, *entry.paths, record.get("url"), record.get("final_url")]
            places = [p for p in places if isinstance(p, str) and p]
            self.candidates.append(
                Candidate(
                    entry.id,
                    entry.title,
                    frozenset(normal_url(p) for p in places if is_url(p)),
                    frozenset(str(r) for p in places if not is_url(p) and (r := resolved(p))),
                    lambda entry=entry: load(store, entry).document.source,
                    None,
                )
            )
        known = {c.id for c in self.candidates}
        for path in named:
            try:
                intake = from_path(path, store)
            except SummitError as exc:
                notes.append(str(exc))
                continue
            if intake.source.sha256 in known:
                continue
            known.add(intake.source.sha256)
            here = resolved(path)
            self.candidates.append(
                Candidate(
                    intake.source.sha256,
                    intake.document.title,
                    frozenset(),
                    frozenset([str(here)] if here else []),
                    lambda intake=intake: intake.source,
                    intake,
                )
            )
        self._texts: dict[str, tuple[Source, LooseText] | str] = {}

    def document(self, item: Foreign) -> Candidate | str:
        """The one document ``item`` names, or why there is none."""
        if item.kind == URL:
            key = normal_url(item.where)
            found = [c for c in self.candidates if key in c.urls]
            missing = (
                f"the page is not in your library: add it with `summitreader add {item.where}`"
            )
        elif item.kind == FILE:
            key = str(resolved(item.where) or "")
            found = [c for c in self.candidates if key in c.paths]
            missing = (
                f"the file is not in your library: add it with `summitreader add {item.where}`, "
                "or name it after the import file"
            )
        elif item.kind == HASH:
            found = [c for c in self.candidates if c.id == item.where]
            missing = "the text it was made on is not in your library"
        elif item.kind == TITLE:
            return self._titled(item.where)
        else:
            return "it names no document"
        if len(found) == 1:
            return found[0]
        return missing if not found else f"{len(found)} documents of the library came from there"

    def _titled(self, title: str) -> Candidate | str:
        for key, of in ((title_key(title), title_key), (main_title_key(title), main_title_key)):
            found = [c for c in self.candidates if key and of(c.title) == key]
            if len(found) == 1:
                return found[0]
            if found:
                return f"{len(found)} documents in the library are titled {title!r}"
        return f"no document in the library is titled {title!r}"

    def text(self, candidate: Candidate) -> tuple[Source, LooseText] | str:
        """The document's text and its loose form (made once), or why it cannot be read."""
        if candidate.id not in self._texts:
            try:
                source = candidate.load()
                self._texts[candidate.id] = (source, loose_text(source.text))
            except SummitError as exc:
                self._texts[candidate.id] = f"its document cannot be read: {exc}"
        return self._texts[candidate.id]


def _anchor(loose: LooseText, item: Foreign) -> tuple[Anchor | None, int]:
    """Where the quote is in the loose text, or None; and how often its words occur."""
    quote = {k: loosen(item.quote.get(k, "")) for k in ("exact", "prefix", "suffix")}
    if not quote["exact"]:
        return None, 0
    count = len(occurrences(loose.text, quote["exact"], 2))
    if not (quote["prefix"] or quote["suffix"]):  # a Kindle's: its words alone, once
        if count != 1:
            return None, count
        start = loose.text.find(quote["exact"])
        return Anchor("anchored", start, start + len(quote["exact"])), 1
    hint = item.position or {"start": 0, "end": 0}
    near = {k: bisect_left(loose.offsets, v) for k, v in hint.items()}
    found = locate(loose.text, quote, near)
    return (None if found.status == "orphaned" else found), count


def place(library: Library, item: Foreign) -> Placed | str:
    """Where ``item`` goes in the library, or why it cannot be placed."""
    candidate = library.document(item)
    if isinstance(candidate, str):
        return candidate
    text = library.text(candidate)
    if isinstance(text, str):
        return text
    source, loose = text
    found, count = _anchor(loose, item)
    name = repr(candidate.title)
    if found is None:
        context = item.quote.get("prefix") or item.quote.get("suffix")
        said = (
            "the words around them do not say which"
            if context
            else ("nothing around them was kept to say which")
        )
        if count > 1:
            return f"its words are in {name} more than once, and {said}"
        if count == 1:
            return f"its words are in {name}, but not the words around them"
        return f"the quote is not found in {name}"
    start, end = loose.span(found.start, found.end)
    score = found.score if found.status == "fuzzy" else 1.0
    return Placed(source, candidate, start, end, score)
