"""Inline markup hidden: a block's visible string, and the compact map back to the text.

``inline`` walks the raw inline source of a block (emphasis, code, links, escapes; in
Markdown also strikethrough, images, reference links, footnote marks and hard breaks)
and emits each character a reader should see with the text offset it came from. The map
is kept as runs of visible characters contiguous in the text, so a plain paragraph costs
one run, not a dictionary per character.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from summitreader.text.by_value import ByValue
from summitreader.text.sanitize import visible as sanitise

_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]*)>")
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
INLINE_SPECIAL = re.compile(r"[\\`*_\[<]")
MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[<~!]| \n")
IMAGE_LABEL = "image: "  # drawn before an image's alt text, not part of the text map


def label_key(label: str) -> str:
    """A reference label as CommonMark matches it: case and inner whitespace ignored."""
    return " ".join(label.split()).casefold()


class Span(NamedTuple):
    """A styled range of a block's visible string."""

    start: int
    end: int
    style: str  # "em", "strong", "code", "link", "strike", "image" or "footnote"
    url: str = ""


_RENDERED_FIELDS = ("text", "run_vis", "run_src", "spans", "breaks", "cells", "inserts")


class Rendered(ByValue):
    """A block's visible string and how it maps back to the text.

    ``breaks``: visible indexes where a new screen row must start (code lines, hard
    breaks). ``cells``: a table row's cells as visible ranges. ``inserts``: text drawn
    before a visible index that maps to no offset (an image's label).

    Not a dataclass, which took 0.4 ms of every start to make (see ``ByValue``).
    """

    __slots__ = _RENDERED_FIELDS

    def __init__(
        self,
        text: str,
        run_vis: list[int],
        run_src: list[int],
        spans: list[Span] | None = None,
        breaks: tuple[int, ...] = (),
        cells: tuple[tuple[int, int], ...] = (),
        inserts: tuple[tuple[int, str], ...] = (),
    ) -> None:
        self.text = text
        self.run_vis = run_vis
        self.run_src = run_src
        self.spans: list[Span] = [] if spans is None else spans
        self.breaks = breaks
        self.cells = cells
        self.inserts = inserts

    def to_source(self, v: int) -> int:
        """Text offset of visible index ``v`` (``v == len`` maps past the last char)."""
        if v >= len(self.text):
            return self.to_source(len(self.text) - 1) + 1 if self.text else self.run_src[0]
        i = bisect_right(self.run_vis, v) - 1
        return self.run_src[i] + (v - self.run_vis[i])

    def sources(self, start: int, end: int) -> list[int]:
        """``[to_source(v) for v in range(start, end)]``, a run at a time (a row's worth of
        calls was a sixth of drawing it)."""
        run_vis, run_src = self.run_vis, self.run_src
        if not run_vis or start < run_vis[0] or end > len(self.text):
            return [self.to_source(v) for v in range(start, end)]
        found: list[int] = []
        i = bisect_right(run_vis, start) - 1
        v = start
        while v < end:
            stop = min(end, run_vis[i + 1] if i + 1 < len(run_vis) else end)
            at = run_src[i] + (v - run_vis[i])
            found.extend(range(at, at + stop - v))
            v, i = stop, i + 1
        return found

    def to_visible(self, s: int) -> int:
        """Visible index of text offset ``s``; hidden characters map to the next visible one."""
        i = bisect_right(self.run_src, s) - 1
        if i < 0:
            return 0
        run_end = self.run_vis[i + 1] if i + 1 < len(self.run_vis) else len(self.text)
        v = self.run_vis[i] + (s - self.run_src[i])
        return min(v, run_end)


def runs_of(offs: list[int]) -> tuple[list[int], list[int]]:
    """The run map of a list of offsets, one per visible character."""
    run_vis: list[int] = []
    run_src: list[int] = []
    prev = -2
    for v, s in enumerate(offs):
        if s != prev + 1:
            run_vis.append(v)
            run_src.append(s)
        prev = s
    return run_vis, run_src


class Builder:
    """Accumulates visible characters with their text offsets."""

    def __init__(
        self,
        refs: dict[str, str] | None = None,
        notes: frozenset[str] = frozenset(),
        *,
        markdown: bool = False,
    ) -> None:
        self.chars: list[str] = []
        self.offs: list[int] = []
        self.spans: list[Span] = []
        self.breaks: list[int] = []
        self.inserts: list[tuple[int, str]] = []
        self.refs = refs or {}
        self.notes = notes
        self.markdown = markdown

    def emit(self, ch: str, off: int) -> None:
        self.chars.append(ch)
        self.offs.append(off)

    def emit_range(self, s: str, offs: list[int], lo: int, hi: int) -> None:
        self.chars.extend(s[lo:hi])
        self.offs.extend(offs[lo:hi])

    def finish(self, fallback: int, cells: tuple[tuple[int, int], ...] = ()) -> Rendered:
        text = sanitise("".join(self.chars))
        run_vis, run_src = runs_of(self.offs)
        if not run_vis:
            run_vis, run_src = [0], [fallback]
        spans = sorted(self.spans, key=lambda s: s.start)
        return Rendered(
            text, run_vis, run_src, spans, tuple(self.breaks), cells, tuple(self.inserts)
        )


def _closing_emphasis(s: str, start: int, marker: str, end: int) -> int:
    """Index of a closing run equal to ``marker`` in s[start:end], or -1: the first of the
    text's closers after ``start``, found once for every opener of the text (one search
    per opener made a paragraph of 20,000 unclosed ``*`` take minutes)."""
    last = _last_closers.get(marker)
    if last is None or last[0] is not s or last[1] != end:
        last = _last_closers[marker] = (s, end, _emphasis_closers(s, marker, end))
    closers = last[2]
    k = bisect_right(closers, start)
    return closers[k] if k < len(closers) else -1


_last_closers: dict[str, tuple[str, int, list[int]]] = {}  # per marker: * and _ interleave


def _emphasis_closers(s: str, marker: str, end: int) -> list[int]:
    """Every place in s[:end] where a run equal to ``marker`` can close emphasis: not after
    a space or an odd number of backslashes, not part of a longer run, and for ``_`` not
    followed by a letter or digit."""
    found: list[int] = []
    n = len(marker)
    j = s.find(marker, 1, end)
    while j >= 0:
        slashes = 0
        while j - slashes - 1 >= 0 and s[j - slashes - 1] == "\\":
            slashes += 1
        before_ok = not s[j - 1].isspace() and slashes % 2 == 0  # not "\\*"
        run_ok = (j + n >= len(s) or s[j + n] != marker[0]) and s[j - 1] != marker[0]
        after_ok = marker[0] != "_" or j + n >= len(s) or not s[j + n].isalnum()
        if before_ok and run_ok and after_ok:
            found.append(j)
        j = s.find(marker, j + 1, end)
    return found


def _closing(s: str, i: int, hi: int, pair: str, *, code: bool = False) -> int:
    """Where the ``pair[0]`` at ``i`` is closed by ``pair[1]`` (escapes skipped; with
    ``code``, brackets in code spans do not count), or -1.

    One pass from ``i`` finds the closer of every opener after it too, kept for the next
    call on the same text: asked opener by opener, a line of 10,000 ``[`` (minified JSON)
    was scanned to its end 10,000 times, 18 s before its first frame."""
    last = _last_pass.get((pair, code))
    if last is not None and last[0] is s and last[1] == hi and i >= last[2]:
        found = last[3].get(i)
        if found is not None:
            return found
    closers = _closers(s, i, hi, pair, code)
    _last_pass[(pair, code)] = (s, hi, i, closers)  # one per kind: links ask [] then ()
    return closers.get(i, -1)


_last_pass: dict[tuple[str, bool], tuple[str, int, int, dict[int, int]]] = {}
_BACKTICKS = re.compile("`+")


def _closers(s: str, i: int, hi: int, pair: str, code: bool) -> dict[int, int]:
    """The closer of each opener in s[i:hi] (-1 for none), by one pass with a stack."""
    opener, closer = pair
    found: dict[int, int] = {}
    stack: list[int] = []
    k = i
    while k < hi:
        c = s[k]
        if c == "\\":
            k += 2
            continue
        if code and c == "`":
            m = _BACKTICKS.match(s, k, hi)
            run = m.end() - k if m else 1
            close = s.find("`" * run, k + run, hi)
            k = close + run if close > 0 else k + run
            continue
        if c == opener:
            stack.append(k)
        elif c == closer and stack:
            found[stack.pop()] = k
        k += 1
    for k in stack:
        found[k] = -1
    return found


def matching_bracket(s: str, i: int, hi: int, *, code: bool = False) -> int:
    """The ``]`` closing the ``[`` at ``i``; with ``code``, brackets in code spans do not count."""
    return _closing(s, i, hi, "[]", code=code)


def _destination(s: str, start: int, hi: int) -> tuple[str, int] | None:
    """(URL, index after the closing parenthesis) of ``(url "title")`` at ``start``."""
    if start >= hi or s[start] != "(":
        return None
    k = _closing(s, start, hi, "()")
    if k < 0:
        return None
    inside = s[start + 1 : k].strip()
    if inside.startswith("<"):
        url = inside[1 : inside.find(">")] if ">" in inside else inside[1:]
    else:
        url = inside.split()[0] if inside else ""
    return url, k + 1


def _reference(s: str, close: int, hi: int, label: str, refs: dict[str, str]) -> tuple[str, int]:
    """(URL, end) of a reference link whose text ends at ``close``, or ("", -1)."""
    after = close + 1
    if after < hi and s[after] == "[":
        end = s.find("]", after + 1, hi)
        if end > 0:
            key = label_key(s[after + 1 : end]) or label_key(label)
            if key in refs:
                return refs[key], end + 1
            return "", -1
    key = label_key(label)
    if key in refs:
        return refs[key], after
    return "", -1


def inline(s: str, offs: list[int], lo: int, hi: int, out: Builder) -> None:
    """Hide inline markup in s[lo:hi], emitting what a reader should see."""
    special = MARKDOWN_SPECIAL if out.markdown else INLINE_SPECIAL
    i = lo
    while i < hi:
        m = special.search(s, i, hi)
        stop = m.start() if m else hi
        out.emit_range(s, offs, i, stop)
        i = stop
        if i >= hi:
            return
        i = _markup(s, offs, i, hi, out)


def _markup(s: str, offs: list[int], i: int, hi: int, out: Builder) -> int:
    """Handle the markup character at ``i``; returns where to go on."""
    ch = s[i]
    md = out.markdown
    if ch == "\\" and i + 1 < hi and s[i + 1] in _PUNCT:
        out.emit(s[i + 1], offs[i + 1])
        return i + 2
    if md and ch == "\\" and i + 1 < hi and s[i + 1] == "\n":
        out.emit("\n", offs[i + 1])
        out.breaks.append(len(out.chars))
        return i + 2
    if md and ch == " ":  # "  \n": a hard break after two spaces
        j = i
        while j > 0 and s[j - 1] == " ":
            j -= 1
        if i - j >= 1:
            out.emit(" ", offs[i])
            out.emit("\n", offs[i + 1])
            out.breaks.append(len(out.chars))
            return i + 2
        out.emit(" ", offs[i])
        return i + 1
    if ch == "`":
        run = len(s[i:hi]) - len(s[i:hi].lstrip("`"))
        close = s.find("`" * run, i + run, hi)
        while md and close > 0 and close + run < hi and s[close + run] == "`":
            close = s.find("`" * run, close + run + 1, hi)
        if close > i + run:
            v0 = len(out.chars)
            out.emit_range(s, offs, i + run, close)
            out.spans.append(Span(v0, len(out.chars), "code"))
            return close + run
        if md:
            out.emit_range(s, offs, i, i + run)
            return i + run
    if md and ch == "~" and s.startswith("~~", i) and i + 2 < hi and not s[i + 2].isspace():
        close = s.find("~~", i + 2, hi)
        if close > i + 2 and not s[close - 1].isspace():
            v0 = len(out.chars)
            inline(s, offs, i + 2, close, out)
            out.spans.append(Span(v0, len(out.chars), "strike"))
            return close + 2
    if md and ch == "!" and i + 1 < hi and s[i + 1] == "[":
        close = matching_bracket(s, i + 1, hi, code=True)
        dest = _destination(s, close + 1, hi) if close > 0 else None
        if dest is None and close > 0:
            url, end = _reference(s, close, hi, s[i + 2 : close], out.refs)
            dest = (url, end) if end > 0 else None
        if dest is not None:
            v0 = len(out.chars)
            out.emit("[", offs[i + 1])
            alt = s[i + 2 : close].strip()
            out.inserts.append((len(out.chars), IMAGE_LABEL if alt else IMAGE_LABEL.rstrip(": ")))
            inline(s, offs, i + 2, close, out)
            out.emit("]", offs[close])
            out.spans.append(Span(v0, len(out.chars), "image", dest[0]))
            return dest[1]
    if ch == "[":
        if md and s.startswith("[^", i):
            close = s.find("]", i + 2, hi)
            label = s[i + 2 : close] if close > 0 else ""
            if label and label in out.notes:
                v0 = len(out.chars)
                out.emit("[", offs[i])
                out.emit_range(s, offs, i + 2, close + 1)
                out.spans.append(Span(v0, len(out.chars), "footnote", label))
                return close + 1
        close = matching_bracket(s, i, hi, code=md)
        if close > i:
            dest = None
            if close + 1 < hi and s[close + 1] == "(":
                paren = s.find(")", close + 2, hi)
                if paren > 0 and "\n" not in s[close + 2 : paren]:
                    dest = (s[close + 2 : paren].strip().split(" ")[0], paren + 1)
                if md:
                    dest = _destination(s, close + 1, hi)
            if dest is None and md:
                url, end = _reference(s, close, hi, s[i + 1 : close], out.refs)
                dest = (url, end) if end > 0 else None
            if dest is not None:
                v0 = len(out.chars)
                inline(s, offs, i + 1, close, out)
                out.spans.append(Span(v0, len(out.chars), "link", dest[0]))
                return dest[1]
    if ch == "<":
        auto = _AUTOLINK.match(s, i, hi)
        if auto:
            v0 = len(out.chars)
            out.emit_range(s, offs, i + 1, auto.end() - 1)
            out.spans.append(Span(v0, len(out.chars), "link", auto.group(1)))
            return auto.end()
    if ch in "*_":
        return _emphasis(s, offs, i, hi, out)
    out.emit(ch, offs[i])
    return i + 1


def _emphasis(s: str, offs: list[int], i: int, hi: int, out: Builder) -> int:
    ch = s[i]
    run = 1
    while i + run < hi and s[i + run] == ch and run < 3:
        run += 1
    marker = ch * run
    opens = i + run < hi and not s[i + run].isspace()
    if ch == "_" and i > 0 and s[i - 1].isalnum():
        opens = False
    if opens:
        close = _closing_emphasis(s, i + run, marker, hi)
        if close > i + run:
            v0 = len(out.chars)
            inline(s, offs, i + run, close, out)
            v1 = len(out.chars)
            if run in (1, 3):
                out.spans.append(Span(v0, v1, "em"))
            if run in (2, 3):
                out.spans.append(Span(v0, v1, "strong"))
            return close + run
    out.emit_range(s, offs, i, i + run)
    return i + run
