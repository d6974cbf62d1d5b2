"""Reviewing what moved: which highlights a reader should look at after their text changed,
how one is settled or re-attached, and a word diff of the old and new text around it.

Pure functions over records and texts, like the rest of ``annotations``: the library
finds the old text (its snapshot) and the store keeps the result.

A highlight is settled for one move only: ``settled`` records the status and the earlier
text it was accepted for, so the next edit that moves it brings it back for review
without anything having to clear the mark.
"""

from __future__ import annotations

import difflib
import re
from itertools import pairwise
from typing import Any, NamedTuple, TypedDict

from summitreader.annotations.anchoring import locate, selectors
from summitreader.annotations.model import Record, now_iso
from summitreader.text.sanitize import visible

REVIEWED = ("moved", "fuzzy", "orphaned")  # the anchor statuses a reader is asked about
CONTEXT = 80  # characters of text shown on each side of a highlight in its diff
SAME = "(the same words around it: only its place in the text changed)"
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
_BREAK = re.compile(r"[ \t]*\n[ \t]*\n\s*")


# A highlight's optional ``settled`` field (older stores have none): when a reader accepted
# it where it is (ISO 8601 UTC), with which status, and moved from which earlier text.
Settled = TypedDict("Settled", {"at": str, "anchor": str, "from": str | None})


def _moved_from(record: Record) -> str | None:
    previous = record.get("previous")
    return previous.get("source_id") if isinstance(previous, dict) else None


def needs_review(record: Record) -> bool:
    """Moved, fuzzy or orphaned, and not accepted as it is now."""
    status = record.get("anchor", "anchored")
    if status not in REVIEWED:
        return False
    settled: Any = record.get("settled")
    return not (
        isinstance(settled, dict)
        and settled.get("anchor") == status
        and settled.get("from") == _moved_from(record)
    )


def settled(record: Record, *, stamp: str | None = None) -> Record:
    """``record`` accepted where it is: off the review list until its text changes again."""
    mark: Settled = {
        "at": stamp or now_iso(),
        "anchor": record.get("anchor", "anchored"),
        "from": _moved_from(record),
    }
    return {**record, "settled": mark}  # type: ignore[typeddict-item]


def reattached(record: Record, text: str, start: int, end: int) -> Record:
    """``record`` on text[start:end] of its current text, with its id, tags, note and
    creation kept: anchored there, with nothing left to review."""
    quote, position = selectors(text, start, end)
    again: dict[str, Any] = {
        k: v for k, v in record.items() if k not in ("previous", "anchor_score", "settled")
    }
    again.update(quote=quote, position=position, anchor="anchored")
    return again  # type: ignore[return-value]


# where an orphan's place is in the new text ------------------------------------------


def _word_start(text: str, at: int) -> int:
    """``at`` moved forward to the start of a word (a window does not begin mid-word)."""
    at = max(0, at)
    if at == 0 or not text[at - 1 : at].isalnum():
        return at
    while at < len(text) and text[at].isalnum():
        at += 1
    return at


def _word_end(text: str, at: int) -> int:
    at = min(len(text), at)
    if at == len(text) or not text[at : at + 1].isalnum():
        return at
    while at > 0 and text[at - 1].isalnum():
        at -= 1
    return at


def _find(old: str, start: int, end: int, new: str) -> tuple[int, int] | None:
    """Where old[start:end] is in ``new``, by the same anchoring as a highlight."""
    if end - start < 4:
        return None
    quote, position = selectors(old, start, end)
    found = locate(new, quote, position, old_text=old)
    return None if found.status == "orphaned" else (found.start, found.end)


class Windows(NamedTuple):
    """The stretch of each text a diff covers, and the highlight inside each."""

    old: tuple[int, int]
    old_quote: tuple[int, int]
    new: tuple[int, int] | None  # None: nothing around it could be found in the new text
    new_quote: tuple[int, int] | None  # None for an orphan
    gap: int | None  # an orphan's place in the new text, where the text before it ends


def windows(
    old: str, old_span: tuple[int, int], new: str, new_span: tuple[int, int] | None
) -> Windows:
    """The context on each side of the old highlight, found again in the new text: the
    diff then compares the same stretch of prose, and an orphan's gap is between them."""
    qs, qe = old_span
    ws, we = _word_start(old, qs - CONTEXT), _word_end(old, qe + CONTEXT)
    reach = 2 * CONTEXT + 2 * (qe - qs)  # context found further away is another passage
    before = _find(old, ws, qs, new)
    after = _find(old, qe, we, new)
    if new_span is not None:
        ns, ne = new_span
        near_before = before is not None and 0 <= ns - before[1] <= reach
        near_after = after is not None and 0 <= after[0] - ne <= reach
        start = before[0] if before and near_before else _word_start(new, ns - CONTEXT)
        end = after[1] if after and near_after else _word_end(new, ne + CONTEXT)
        return Windows((ws, we), (qs, qe), (min(start, ns), max(end, ne)), new_span, None)
    if before and after and 0 <= after[0] - before[1] <= reach:
        return Windows((ws, we), (qs, qe), (before[0], after[1]), None, before[1])
    if before:
        end = _word_end(new, before[1] + CONTEXT)
        return Windows((ws, we), (qs, qe), (before[0], max(end, before[1])), None, before[1])
    if after:
        start = _word_start(new, after[0] - CONTEXT)
        return Windows((ws, we), (qs, qe), (min(start, after[0]), after[1]), None, after[0])
    return Windows((ws, we), (qs, qe), None, None, None)


# the diff -----------------------------------------------------------------------------


class Segment(NamedTuple):
    text: str
    changed: bool  # only on this side: deleted from the old text, or new in the new one
    quote: bool  # inside the highlight


class Diff(NamedTuple):
    """Two lines: the text around the highlight before the edit, and now. An orphan's
    place in the new line, where known, is an empty segment inside the quote."""

    old: tuple[Segment, ...]
    new: tuple[Segment, ...]  # empty when nothing around the highlight is left


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def _segments(
    tokens: list[str],
    changed: list[bool],
    base: int,
    quote: tuple[int, int] | None,
    cuts: set[int] | frozenset[int] = frozenset(),
) -> tuple[Segment, ...]:
    """Runs of characters with the same (changed, inside the quote) flags; an empty
    changed segment before each token in ``cuts`` (words taken out of the other side)."""
    out: list[Segment] = []
    at = base
    for index, (token, is_changed) in enumerate(zip(tokens, changed, strict=True)):
        if index in cuts and not is_changed:
            inside = quote is not None and quote[0] <= at < quote[1]
            out.append(Segment("", True, inside))
        for ch_start, ch_end in _split(at, at + len(token), quote):
            inside = quote is not None and quote[0] <= ch_start < quote[1]
            piece = token[ch_start - at : ch_end - at]
            if out and out[-1].text and out[-1].changed == is_changed and out[-1].quote == inside:
                out[-1] = Segment(out[-1].text + piece, is_changed, inside)
            else:
                out.append(Segment(piece, is_changed, inside))
        at += len(token)
    return tuple(out)


def _split(start: int, end: int, quote: tuple[int, int] | None) -> list[tuple[int, int]]:
    cuts = sorted({start, end, *(c for c in quote or () if start < c < end)})
    return list(pairwise(cuts))


def diff(old: str, new: str, w: Windows) -> Diff:
    """A word diff of the two windows: what was deleted is marked in the old line, what
    was added in the new one, and the highlight's words on each."""
    o_start, o_end = w.old
    old_tokens = _tokens(old[o_start:o_end])
    if w.new is None:
        return Diff(_segments(old_tokens, [True] * len(old_tokens), o_start, w.old_quote), ())
    n_start, n_end = w.new
    new_tokens = _tokens(new[n_start:n_end])
    old_changed = [True] * len(old_tokens)
    new_changed = [True] * len(new_tokens)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    # where words were cut from one side with nothing put in their place: the other side
    # gets an empty change there, so a shortened line still shows where it happened
    old_cuts = {i1 for tag, i1, _, _, _ in matcher.get_opcodes() if tag == "insert"}
    new_cuts = {j1 for tag, _, _, j1, _ in matcher.get_opcodes() if tag == "delete"}
    for block in blocks:
        for k in range(block.size):
            old_changed[block.a + k] = False
            new_changed[block.b + k] = False
    _bridge(old_tokens, old_changed)
    _bridge(new_tokens, new_changed)
    old_keep = (0, len(old_tokens))
    new_keep = (0, len(new_tokens))
    if blocks:  # text past the last shared word on one side only: the window, not an edit
        head_a, head_b = blocks[0].a, blocks[0].b
        tail_a, tail_b = blocks[-1].a + blocks[-1].size, blocks[-1].b + blocks[-1].size
        old_spot, new_spot = w.old_quote, w.new_quote or (w.gap, w.gap)
        if head_a == 0 and _outside(new_tokens, n_start, 0, head_b, new_spot):
            new_keep = (head_b, new_keep[1])
        if head_b == 0 and _outside(old_tokens, o_start, 0, head_a, old_spot):
            old_keep = (head_a, old_keep[1])
        if tail_a == len(old_tokens) and _outside(
            new_tokens, n_start, tail_b, len(new_tokens), new_spot
        ):
            new_keep = (new_keep[0], tail_b)
        if tail_b == len(new_tokens) and _outside(
            old_tokens, o_start, tail_a, len(old_tokens), old_spot
        ):
            old_keep = (old_keep[0], tail_a)
    new_line, n_base = _line(new_tokens, new_changed, new_keep, n_start, w.new_quote, new_cuts)
    if w.gap is not None:
        new_line = _with_gap(new_line, w.gap - n_base)
    old_line, _ = _line(old_tokens, old_changed, old_keep, o_start, w.old_quote, old_cuts)
    return Diff(old_line, new_line)


def _line(
    tokens: list[str],
    changed: list[bool],
    keep: tuple[int, int],
    start: int,
    quote: tuple[int, int] | None,
    cuts: set[int],
) -> tuple[tuple[Segment, ...], int]:
    """One side's segments for the tokens kept, and the text offset they start at."""
    base = start + sum(len(t) for t in tokens[: keep[0]])
    first, last = keep
    segments = _segments(
        tokens[first:last], changed[first:last], base, quote, {c - first for c in cuts}
    )
    return segments, base


def _outside(
    tokens: list[str], base: int, first: int, last: int, spot: tuple[int | None, int | None]
) -> bool:
    """Whether tokens[first:last] lie clear of ``spot`` (the highlight, or an orphan's gap)."""
    if first >= last:
        return False
    if spot[0] is None or spot[1] is None:
        return True
    start = base + sum(len(t) for t in tokens[:first])
    end = start + sum(len(t) for t in tokens[first:last])
    return end < spot[0] or start > spot[1]


def _bridge(tokens: list[str], changed: list[bool]) -> None:
    """Spaces between two changed words belong to the change: one run, not two."""
    for k in range(1, len(tokens) - 1):
        if changed[k - 1] and changed[k + 1] and not tokens[k].strip():
            changed[k] = True


def _with_gap(segments: tuple[Segment, ...], at: int) -> tuple[Segment, ...]:
    """``segments`` with an empty quote segment ``at`` characters in: the orphan's place."""
    out: list[Segment] = []
    seen = 0
    placed = False
    for seg in segments:
        if not placed and seen <= at < seen + len(seg.text):
            cut = at - seen
            if cut:
                out.append(seg._replace(text=seg.text[:cut]))
            out.append(Segment("", False, True))
            out.append(seg._replace(text=seg.text[cut:]))
            placed = True
        else:
            out.append(seg)
        seen += len(seg.text)
    if not placed:
        out.append(Segment("", False, True))
    return tuple(out)


def unchanged(d: Diff) -> bool:
    """Nothing around the highlight changed: it only moved (text added or cut elsewhere)."""
    return bool(d.new) and not any(seg.changed for seg in (*d.old, *d.new))


def compact(segments: tuple[Segment, ...], keep: int = 60) -> tuple[Segment, ...]:
    """The same line with the middle of each long unchanged stretch cut to " … ", so a
    diff of a long paragraph shows its changes and their surroundings, not every word.
    The text before the first change keeps its end, the text after the last its start."""
    out: list[Segment] = []
    last = len(segments) - 1
    for i, seg in enumerate(segments):
        text = seg.text
        if seg.changed or len(text) <= 2 * keep + 5:
            out.append(seg)
            continue
        head = "" if i == 0 else _cut_after(text[:keep])
        tail = "" if i == last else _cut_before(text[-keep:])
        out.append(seg._replace(text=f"{head} … {tail}" if head and tail else head or tail))
    return tuple(out)


def _cut_after(text: str) -> str:
    """``text`` ending at a word boundary."""
    cut = text.rfind(" ")
    return text[:cut] if cut > len(text) // 2 else text


def _cut_before(text: str) -> str:
    cut = text.find(" ")
    return text[cut + 1 :] if 0 <= cut < len(text) // 2 else text


def flat(text: str) -> str:
    """A piece of a diff on one line: a paragraph break shows as ¶, other line breaks as
    spaces, controls as symbols (``visible``)."""
    return visible(_BREAK.sub(" ¶ ", text))


def plain_lines(d: Diff) -> tuple[str, str]:
    """The diff for a terminal without colour: ``[-deleted-]`` and ``{+added+}`` (as
    wdiff writes them), and the highlight between « and »."""
    old, new = compact(d.old), compact(d.new)
    if unchanged(d):
        return _plain(old, "", ""), SAME
    return _plain(old, "[-", "-]"), _plain(new, "{+", "+}") if new else ""


def _plain(segments: tuple[Segment, ...], open_: str, close: str) -> str:
    out: list[str] = []
    inside = False
    for seg in segments:
        if seg.quote and not inside:
            out.append("«")
        if not seg.quote and inside:
            out.append("»")
        inside = seg.quote
        text = flat(seg.text)
        if seg.changed and text.strip():
            core = text.strip()
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            text = f"{lead}{open_}{core}{close}{trail}"
        out.append(text)
    if inside:
        out.append("»")
    return re.sub(" {2,}", " ", "".join(out)).strip()
