"""The Hypothesis client's way of anchoring a highlight again, for plain text.

The anchoring benchmark compares summitreader against this method in the same
run, so it has to choose what the Hypothesis browser client would choose,
including its mistakes: it accepts any candidate, however poor.

This is a re-implementation in Python, written from reading (no code copied):

- hypothesis/client (BSD-2-Clause), commit 9d28950c:
  ``src/annotator/anchoring/html.ts`` (``anchor``: the order of strategies),
  ``src/annotator/anchoring/types.ts`` (``TextPositionAnchor``,
  ``TextQuoteAnchor.toPositionAnchor``), ``src/annotator/anchoring/text-range.ts``
  (which offsets resolve), ``src/annotator/anchoring/match-quote.ts``
  (``search``, ``textMatchScore``, ``matchQuote``), ``src/annotator/guest.ts``
  (``locate``: a text annotation needs a TextQuoteSelector);
- robertknight/approx-string-match-js (MIT), v2.0.0, ``src/index.ts``: Myers'
  bit-parallel approximate matching, which reports only the lowest-error matches.

What the client does with a plain text's selectors:

1. ``TextPositionSelector`` first (html.ts ``anchor``, after a RangeSelector,
   which plain text has none of): the offsets are taken as they are and kept
   only if the text between them equals ``exact`` (``maybeAssertQuote``).
2. Otherwise ``TextQuoteSelector`` through ``matchQuote`` with the position's
   start as hint: every occurrence of ``exact`` if there is one, else the
   lowest-error approximate matches with at most ``min(256, len(exact) / 2)``
   errors; each is scored 50 quote + 20 prefix + 20 suffix + 2 position over 92,
   and the first best wins. There is no minimum score.

One deliberate difference: JavaScript counts UTF-16 code units and Python
counts code points, so lengths, errors and offsets differ only for characters
outside the Basic Multilingual Plane. Offsets here are Python string offsets,
the same as summitreader's.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

# matchQuote's weights (match-quote.ts, lines 112-115).
QUOTE_WEIGHT = 50  # how like the quote the matched text is
PREFIX_WEIGHT = 20  # how like the stored prefix the text before it is
SUFFIX_WEIGHT = 20  # how like the stored suffix the text after it is
POSITION_WEIGHT = 2  # how near the old start it is: only breaks ties
MAX_ERRORS_CAP = 256  # matchQuote: maxErrors = Math.min(256, quote.length / 2)

# Lanes of the parallel search are about this many times an alignment's reach,
# so the columns each lane repeats from its neighbour cost at most a quarter more.
_LANE_REACH_FACTOR = 4
_MIN_LANE = 256


@dataclass(frozen=True)
class Match:
    """One approximate match, as approx-string-match reports it."""

    start: int
    end: int
    errors: int


@lru_cache(maxsize=64)
def _peq(pattern: str) -> dict[str, int]:
    """Bit i of a character's mask is set where pattern[i] is that character.

    Cached: matchQuote scores every candidate against the same prefix and suffix.
    Callers must not change the dict.
    """
    masks: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    return masks


def _lowest_error_ends(
    text: str, pattern: str, max_errors: float, lane_len: int | None = None
) -> list[tuple[int, int]]:
    """(end, errors) of every match with the fewest errors, if at most ``max_errors``.

    Same result as approx-string-match's ``findMatchEnds``: the distance D(j) of
    the pattern to the best substring ending at j is computed for every j with
    Myers' bit-vector recurrence, and the ends whose D is the overall minimum are
    reported in text order. ``max_errors`` may be fractional, as in JavaScript.
    Python ints serve as bit vectors of any length, so there are no 32-bit
    blocks. ``lane_len`` forces the parallel search's lane length (for tests).
    """
    m, n = len(pattern), len(text)
    if m == 0 or n == 0:
        return []
    limit = min(max_errors, m)  # approx-string-match clamps to the pattern length
    if limit < 0:
        return []
    threshold = math.floor(limit)
    reach = m + threshold  # the longest a match with at most `threshold` errors can be
    target = lane_len or max(_LANE_REACH_FACTOR * reach, _MIN_LANE)
    if lane_len is None and n <= 2 * target:
        found = _one_lane(text, pattern, threshold)
    else:
        found = _many_lanes(text, pattern, threshold, max(1, n // target), reach)
    if not found:
        return []
    best = min(errors for _, errors in found)
    return sorted((end, errors) for end, errors in found if errors == best)


def _one_lane(text: str, pattern: str, threshold: int) -> list[tuple[int, int]]:
    """Candidate (end, errors) pairs, lowering the threshold as better ones appear.

    Only the bits of the pattern's rows are kept in the vertical deltas; bits
    above them never reach lower ones (carries and shifts go upwards).
    """
    masks = _peq(pattern)
    get = masks.get
    rows = (1 << len(pattern)) - 1
    last = 1 << (len(pattern) - 1)
    pv, mv, score = rows, 0, len(pattern)  # first column: D grows by one per row
    found = []
    for j, ch in enumerate(text, 1):
        eq = get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | ~(xh | pv)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph <<= 1  # the first row's horizontal delta is 0: a match may start anywhere
        mh <<= 1
        pv = (mh | ~(xv | ph)) & rows
        mv = ph & xv
        if score <= threshold:
            found.append((j, score))
            threshold = score
    return found


def _lane_columns(text: str, pad: str, lanes: int, stride: int, warmup: int) -> Iterator[str]:
    """The characters every lane reads at each column, lane 0 first.

    Lane L reads text[L*stride - warmup : (L+1)*stride]; the text is padded with
    a character absent from the pattern, which changes no distance: starting a
    match on a non-matching character is never cheaper than skipping it.
    """
    padded = pad * warmup + text + pad * (lanes * stride - len(text))
    span = (lanes - 1) * stride + 1
    for c in range(warmup + stride):
        yield padded[c : c + span : stride]


def _many_lanes(
    text: str, pattern: str, threshold: int, lanes: int, warmup: int
) -> list[tuple[int, int]]:
    """``_one_lane`` over a long text, cut into lanes that run side by side.

    Python pays per operation, not per bit, so one big int holds a column of
    every lane: each lane is a field of W bits (the pattern's rows plus at least
    one guard bit that stops the addition's carry), and the per-lane scores sit
    in another int with the same fields. Each lane first re-reads the last
    ``warmup`` (= m + k) characters before its own, the longest a match with at
    most k errors can be, so its distances are exact where it reports.
    """
    m, n = len(pattern), len(text)
    stride = -(-n // lanes)
    masks = _peq(pattern)
    field_bytes = m // 8 + 1
    width = 8 * field_bytes
    ones = int.from_bytes((b"\x01" + bytes(field_bytes - 1)) * lanes, "little")
    rows = ones * ((1 << m) - 1)  # every lane's pattern bits
    top = ones << (width - 1)  # every lane's highest bit
    last = m - 1
    size = lanes * field_bytes

    pad = next(chr(i) for i in range(m + 1) if chr(i) not in masks)
    as_bytes = {ch: masks.get(ch, 0).to_bytes(field_bytes, "little") for ch in set(text) | {pad}}
    lookup = as_bytes.__getitem__
    columns = (
        int.from_bytes(b"".join(map(lookup, col)), "little")
        for col in _lane_columns(text, pad, lanes, stride, warmup)
    )

    pv, mv = rows, 0
    score = ones * m
    # Adding bias sets a lane's top bit exactly when its score exceeds threshold.
    bias = ones * ((1 << (width - 1)) - threshold - 1)
    found = []
    for c, eq in enumerate(columns):
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & rows)
        mh = pv & xh
        score += ((ph >> last) & ones) - ((mh >> last) & ones)
        ph <<= 1
        mh <<= 1
        pv = (mh | ~(xv | ph)) & rows
        mv = ph & xv
        if c < warmup:
            continue
        over = (score + bias) & top
        if over == top:
            continue
        flags = (over ^ top).to_bytes(size, "little")[field_bytes - 1 :: field_bytes]
        values = score.to_bytes(size, "little")
        lane = flags.find(0x80)
        while lane != -1:
            end = lane * stride + (c - warmup) + 1
            if end <= n:
                at = lane * field_bytes
                errors = int.from_bytes(values[at : at + field_bytes], "little")
                found.append((end, errors))
                if errors < threshold:
                    threshold = errors
                    bias = ones * ((1 << (width - 1)) - threshold - 1)
            lane = flags.find(0x80, lane + 1)
    return found


def approx_search(text: str, pattern: str, max_errors: float) -> list[Match]:
    """approx-string-match's ``search``: the lowest-error matches, with starts.

    Each start is found by searching the reversed pattern in the reversed text
    before the end (as far back as the pattern's length plus the errors) with the
    same error count, taking the farthest start, i.e. the longest match.
    """
    matches = []
    reversed_pattern = pattern[::-1]
    for end, errors in _lowest_error_ends(text, pattern, max_errors):
        earliest = max(0, end - len(pattern) - errors)
        window = text[earliest:end][::-1]
        back = _lowest_error_ends(window, reversed_pattern, errors)
        start = min((end - r for r, _ in back), default=end)
        matches.append(Match(start, end, errors))
    return matches


def _exact_starts(text: str, pattern: str) -> list[int]:
    """Every start of ``pattern`` in ``text``, overlapping ones included."""
    starts = []
    at = text.find(pattern)
    while at != -1:
        starts.append(at)
        at = text.find(pattern, at + 1)
    return starts


def search(text: str, pattern: str, max_errors: float) -> list[Match]:
    """match-quote.ts ``search``: exact occurrences if any, else approximate ones.

    The shortcut is the client's own, so it changes results as well as speed:
    when the quote occurs anywhere unchanged, no approximate match competes.
    """
    exact = _exact_starts(text, pattern)
    if exact:
        return [Match(s, s + len(pattern), 0) for s in exact]
    return approx_search(text, pattern, max_errors)


def text_match_score(text: str, expected: str) -> float:
    """match-quote.ts ``textMatchScore``: 1 - (fewest errors / len(expected)).

    The client reads the errors of its first match; all reported matches share
    the lowest count, so the starts it also computes are skipped here.
    """
    if not expected or not text:
        return 0.0
    if expected in text:
        return 1.0
    ends = _lowest_error_ends(text, expected, len(expected))
    return 1 - ends[0][1] / len(expected)


def match_quote(
    text: str,
    quote: str,
    prefix: str | None = None,
    suffix: str | None = None,
    hint: int | None = None,
) -> tuple[int, int, float] | None:
    """match-quote.ts ``matchQuote``: the best-scoring candidate, or None if none.

    Returns (start, end, score in [0, 1]). Empty prefix or suffix counts as a
    perfect context (the client tests them for truthiness).
    """
    if not quote:
        return None
    max_errors = min(MAX_ERRORS_CAP, len(quote) / 2)
    candidates = search(text, quote, max_errors)
    if not candidates:
        return None

    def score(match: Match) -> float:
        quote_score = 1 - match.errors / len(quote)
        prefix_score = (
            text_match_score(text[max(0, match.start - len(prefix)) : match.start], prefix)
            if prefix
            else 1.0
        )
        suffix_score = (
            text_match_score(text[match.end : match.end + len(suffix)], suffix) if suffix else 1.0
        )
        position_score = 1.0 if hint is None else 1.0 - abs(match.start - hint) / len(text)
        raw = (
            QUOTE_WEIGHT * quote_score
            + PREFIX_WEIGHT * prefix_score
            + SUFFIX_WEIGHT * suffix_score
            + POSITION_WEIGHT * position_score
        )
        return raw / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)

    # The client sorts by score, stably, and takes the first: max keeps the first too.
    best, best_score = max(((m, score(m)) for m in candidates), key=lambda pair: pair[1])
    return best.start, best.end, best_score


def _position_span(text: str, position: dict) -> tuple[int, int] | None:
    """Where a TextPositionSelector lands, as TextPositionAnchor.toRange resolves it.

    Negative offsets and offsets past the text throw in the client (TextPosition,
    resolveOffsets). A start after the end gives a DOM range collapsed at the end.
    """
    start, end = position.get("start"), position.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    if min(start, end) < 0 or max(start, end) > len(text):
        return None
    return (start, end) if start <= end else (end, end)


def hypothesis_locate(text: str, quote: dict, position: dict) -> tuple[int, int] | None:
    """The span the Hypothesis client would anchor a plain-text highlight to.

    ``quote`` and ``position`` are the W3C TextQuoteSelector and
    TextPositionSelector values recorded against the old text; ``text`` is the
    new one. Strategies in the client's order (html.ts ``anchor``): the position,
    kept only if the text there is still ``exact``; then the quote, searched with
    the position's start as hint. None when neither finds anything.
    """
    position = position or {}
    exact = quote.get("exact") or ""
    span = _position_span(text, position)
    # maybeAssertQuote: an empty exact asserts nothing.
    if span is not None and (not exact or text[span[0] : span[1]] == exact):
        return span
    hint = position.get("start")
    found = match_quote(
        text,
        exact,
        prefix=quote.get("prefix"),
        suffix=quote.get("suffix"),
        hint=hint if isinstance(hint, int) else None,
    )
    return None if found is None else (found[0], found[1])


# --- checks -------------------------------------------------------------------


def _reference_distances(text: str, pattern: str) -> list[int]:
    """D(j) for j = 1..len(text) by the plain dynamic programme, to check Myers against."""
    column = list(range(len(pattern) + 1))
    out = []
    for ch in text:
        new = [0]
        for i, pc in enumerate(pattern, 1):
            new.append(min(column[i - 1] + (pc != ch), column[i] + 1, new[i - 1] + 1))
        column = new
        out.append(column[-1])
    return out


def _reference_ends(text: str, pattern: str, max_errors: float) -> list[tuple[int, int]]:
    if not pattern or not text:
        return []
    dist = _reference_distances(text, pattern)
    best = min(dist)
    if best > math.floor(min(max_errors, len(pattern))):
        return []
    return [(j + 1, d) for j, d in enumerate(dist) if d == best]


def _selectors(text: str, start: int, end: int, context: int = 32) -> tuple[dict, dict]:
    """The selectors the client records for text[start:end] (contextLen 32, types.ts)."""
    quote = {
        "exact": text[start:end],
        "prefix": text[max(0, start - context) : start],
        "suffix": text[end : end + context],
    }
    return quote, {"start": start, "end": end}


def _sample_text(words: int, seed: int) -> str:
    rng = random.Random(seed)
    vocab = (
        "summit ridge glacier rope camp ascent descent weather storm tent oxygen "
        "porter route col cornice serac crevasse axe boot dawn night wind snow "
        "the a of and to in was on with that"
    ).split()
    return " ".join(rng.choice(vocab) for _ in range(words))


def _cases() -> list[tuple[str, str, tuple[int, int] | None, tuple[int, int] | None]]:
    """(name, what decides it, the true span now, what the method returns)."""
    base = _sample_text(400, 7)
    a = base.index(" ", 600) + 1
    b = base.index(" ", a + 60)
    quote, position = _selectors(base, a, b)
    exact = quote["exact"]
    out = [("unchanged", "position verified", (a, b), hypothesis_locate(base, quote, position))]

    inserted = "A new opening paragraph, inserted before everything. " + base
    shift = len(inserted) - len(base)
    got = hypothesis_locate(inserted, quote, position)
    out.append(("text inserted before", "exact quote search", (a + shift, b + shift), got))

    edited_quote = exact[:5] + "XY" + exact[7:20] + exact[21:40] + "Q" + exact[40:]
    edited = base[:a] + edited_quote + base[b:]
    got = hypothesis_locate(edited, quote, position)
    out.append(("3 characters edited inside", "approximate", (a, a + len(edited_quote)), got))

    # Two identical passages: the position still holds the quote, so it wins outright.
    twice = base[:a] + exact + " " + base[a:]
    q2, p2 = _selectors(twice, a + len(exact) + 1, b + len(exact) + 1)
    got = hypothesis_locate(twice, q2, p2)
    out.append(("duplicate, position holds", "position first", (p2["start"], p2["end"]), got))

    gone = base[:a] + base[b:]
    got = hypothesis_locate(gone, quote, position)
    out.append(("quote deleted", "nothing within len/2 errors", None, got))

    # A like sentence elsewhere: with no minimum score, the deleted quote lands on it.
    said = "At dawn the porters left the high camp and climbed toward the col. "
    like = "At night the porter left the low camp and walked toward the col. "
    story = base[:300] + like + base[300:a] + said + base[a:]
    s = 300 + len(like) + (a - 300)
    q3, p3 = _selectors(story, s, s + len(said) - 1)
    story_gone = story[:s] + story[s + len(said) :]
    got = hypothesis_locate(story_gone, q3, p3)
    out.append(("quote deleted, like text", "no minimum score: wrong span", None, got))
    return out


def selfcheck() -> list[str]:
    """Failures of the documented behaviours and of Myers against the plain DP."""
    failures = []
    for name, _why, truth, got in _cases():
        if name == "quote deleted, like text":
            if got is None or got == truth:
                failures.append(f"{name}: expected a wrong span, got {got}")
        elif got != truth:
            failures.append(f"{name}: expected {truth}, got {got}")

    rng = random.Random(1)
    for trial in range(400):
        alphabet = "abcd" if trial % 2 else "ab c"
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90)))
        pattern = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 70)))
        max_errors = rng.choice([0, 1, 2.5, len(pattern) / 2, len(pattern), 300])
        want = _reference_ends(text, pattern, max_errors)
        for lane_len in (None, 7, 23):
            got = _lowest_error_ends(text, pattern, max_errors, lane_len=lane_len)
            if got != want:
                failures.append(
                    f"myers lane_len={lane_len} text={text!r} pattern={pattern!r} "
                    f"k={max_errors}: {got} != {want}"
                )
                break
    # Only the lowest-error matches, each from its farthest start (checked against the JS).
    got_matches = approx_search("xx summit ridge yy summit ridge", "sumit ridge", 5)
    if got_matches != [Match(3, 15, 1), Match(19, 31, 1)]:
        failures.append(f"approx_search: {got_matches}")
    return failures


def _timing(size: int = 1_000_000, quote_len: int = 200, seed: int = 3) -> tuple[float, bool]:
    """Seconds for one hypothesis_locate on ``size`` characters with 5% of the quote edited."""
    rng = random.Random(seed)
    text = _sample_text(size // 5, seed)[:size]
    a = text.index(" ", size // 2) + 1
    b = a + quote_len
    quote, position = _selectors(text, a, b)
    chars = list(quote["exact"])
    for i in rng.sample(range(quote_len), quote_len // 20):
        chars[i] = "#"
    new = text[:a] + "".join(chars) + text[b:]
    began = time.perf_counter()
    got = hypothesis_locate(new, quote, position)
    return time.perf_counter() - began, got == (a, b)


def main() -> int:
    for name, why, truth, got in _cases():
        print(f"{name:27} {why:30} true span {truth!s:14} got {got}")
    failures = selfcheck()
    for failure in failures:
        print("FAIL", failure)
    print(f"selfcheck: {len(failures)} failure(s)")
    if "--timing" in sys.argv:
        seconds, right = _timing()
        print(f"1 MB text, 200-char quote with 5% edited: {seconds:.3f} s, right span: {right}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
