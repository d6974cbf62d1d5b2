"""Where the words of an old text went in a new one: a diff, built once per document.

Re-anchoring a highlight with only its selectors cannot tell a passage from a
twin that says the same words with the same surroundings. The old text can:
the diff says which words of the new text stood, unchanged, where in the old
one. Built in two passes, as ``diff`` does: lines first (fast, and most
documents change in a few places), then the words of the lines that differ.
Whitespace is not a word, so re-wrapping changes nothing here.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

from summitreader.annotations.normalised import normalise

__all__ = ["Agreement", "OldToNew", "old_to_new"]

_WORD = re.compile(r"\S+")
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")
# A region of words that differ is diffed word by word up to this many words on a side;
# beyond, only its common head and tail are matched (the rest counts as changed).
MAX_REGION = 20_000
# Words beside a copy that must stand unchanged with it for it to count as one that existed.
RUN = 6
# A passage moved is found by its first this many words, unchanged.
MOVED = 8
# Words of context compared on a side of a quote (``agreement``): enough to tell a moved
# paragraph from a copy of its sentence, few enough to cost little.
AGREE = 64
# A paragraph break among the agreeing words in both texts (or an edge of both) counts as
# this many words: a paragraph moved whole keeps its breaks, and a sentence pasted into
# another paragraph does not.
BREAK = 2
# Agreement continues past an edit of up to SKIP words (on either side) where RESYNC words
# agree again; so many in a row do not agree by chance.
SKIP = 4
RESYNC = 3
# ``new_offset`` looks this many words each way for an unchanged one.
NEAR_WORDS = 2000
_BLANK = re.compile(r"\n[^\S\n]*\n")


class Agreement(NamedTuple):
    """How many old words around a quote stand around a place of its words (``count``),
    and whether its first and last words are cut where they were (``clean``)."""

    count: int
    clean: bool


class _Words:
    __slots__ = ("lines", "starts", "words")

    def __init__(self, text: str) -> None:
        found = list(_WORD.finditer(text))
        self.words = [m.group() for m in found]
        self.starts = [m.start() for m in found]
        self.lines = [m.group() for m in _LINE.finditer(text)]

    def line_words(self, offsets: list[int], first: int, last: int) -> tuple[int, int]:
        """The word indices of lines first..last (exclusive)."""
        a = offsets[first] if first < len(offsets) else offsets[-1]
        b = offsets[last] if last < len(offsets) else offsets[-1]
        return bisect_left(self.starts, a), bisect_left(self.starts, b)


def _offsets(lines: list[str]) -> list[int]:
    out, at = [0], 0
    for line in lines:
        at += len(line)
        out.append(at)
    return out


class OldToNew:
    """The words of ``old`` that stand unchanged in ``new``, each paired with its new place."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        a, b = _Words(old), _Words(new)
        self._a, self._b = a, b
        self._to_new = [-1] * len(a.words)
        self._to_old = [-1] * len(b.words)
        off_a, off_b = _offsets(a.lines), _offsets(b.lines)
        lines = SequenceMatcher(None, a.lines, b.lines, autojunk=True)
        for tag, i1, i2, j1, j2 in _merged(lines.get_opcodes(), a, off_a):
            wa, wb = a.line_words(off_a, i1, i2), b.line_words(off_b, j1, j2)
            if tag == "equal":
                self._pair(wa[0], wb[0], wa[1] - wa[0])
            else:
                self._words(wa, wb)
        self._moved = self._moves()

    def _moves(self) -> list[int]:
        """``_to_old`` with passages moved as well: runs of MOVED words or more, left unpaired
        by the diff (which keeps order), found once among the old text's unpaired words.
        Only for telling copies that existed: a moved passage is not a place to trust."""
        a, b = self._a.words, self._b.words
        to_old = list(self._to_old)
        free = [i for i, j in enumerate(self._to_new) if j < 0]
        seen: dict[tuple[str, ...], int] = {}
        for i in free:
            key = tuple(a[i : i + MOVED])
            seen[key] = -1 if key in seen else i
        taken = set()
        j = 0
        while j < len(b):
            i = seen.get(tuple(b[j : j + MOVED]), -1) if to_old[j] < 0 else -1
            if i < 0 or i in taken:
                j += 1
                continue
            while j < len(b) and i < len(a) and to_old[j] < 0 and self._to_new[i] < 0:
                if a[i] != b[j] or i in taken:
                    break
                to_old[j] = i
                taken.add(i)
                i, j = i + 1, j + 1
        return to_old

    def _pair(self, i: int, j: int, n: int) -> None:
        for k in range(n):
            self._to_new[i + k] = j + k
            self._to_old[j + k] = i + k

    def _words(self, wa: tuple[int, int], wb: tuple[int, int]) -> None:
        (i1, i2), (j1, j2) = wa, wb
        a, b = self._a.words, self._b.words
        head = 0
        while i1 + head < i2 and j1 + head < j2 and a[i1 + head] == b[j1 + head]:
            head += 1
        self._pair(i1, j1, head)
        i1, j1 = i1 + head, j1 + head
        tail = 0
        while i2 - tail > i1 and j2 - tail > j1 and a[i2 - tail - 1] == b[j2 - tail - 1]:
            tail += 1
        self._pair(i2 - tail, j2 - tail, tail)
        i2, j2 = i2 - tail, j2 - tail
        if i1 == i2 or j1 == j2 or max(i2 - i1, j2 - j1) > MAX_REGION:
            return
        matcher = SequenceMatcher(None, a[i1:i2], b[j1:j2], autojunk=False)
        for x, y, n in matcher.get_matching_blocks():
            self._pair(i1 + x, j1 + y, n)

    @staticmethod
    def _span(words: _Words, start: int, end: int) -> tuple[int, int]:
        """The indices of the words that overlap text[start:end]."""
        first = bisect_right(words.starts, start) - 1
        if first < 0 or words.starts[first] + len(words.words[first]) <= start:
            first += 1
        return first, bisect_left(words.starts, end)

    def new_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Where old[start:end] stands in the new text, if all its words are unchanged and
        still together (whitespace between them may differ)."""
        a, b = self._a, self._b
        first, last = self._span(a, start, end)
        if first >= last:
            return None
        to = self._to_new[first:last]
        if to[0] < 0 or any(to[k] != to[0] + k for k in range(len(to))):
            return None
        lead = a.starts[first] - start
        trail = end - (a.starts[last - 1] + len(a.words[last - 1]))
        return b.starts[to[0]] - lead, b.starts[to[-1]] + len(b.words[to[-1]]) + trail

    def new_offset(self, start: int, end: int) -> int:
        """Where old offset ``start`` (of a span ending at ``end``) stands in the new text,
        by the nearest unchanged word before it (else after old[start:end]), within
        NEAR_WORDS: the text before it may have grown or shrunk, so the old offset itself
        says little there (a copy pasted at it is not the highlight moved)."""
        a, b = self._a, self._b
        first, last = self._span(a, start, end)
        for i in range(first - 1, max(-1, first - 1 - NEAR_WORDS), -1):
            if self._to_new[i] >= 0:
                return b.starts[self._to_new[i]] + start - a.starts[i]
        for i in range(last, min(len(a.words), last + NEAR_WORDS)):
            if self._to_new[i] >= 0:
                return b.starts[self._to_new[i]] - (a.starts[i] - start)
        return start

    def agreement(self, old: tuple[int, int], new: tuple[int, int]) -> Agreement | None:
        """How many words around old[old span] stand unchanged around new[new span] (at
        most AGREE a side), whitespace and typography aside; None if the spans' own words
        differ. Where the quote's first (last) word is cut or glued otherwise than it was
        (letters typed onto it, "U." of "U.S." now a word of its own), the span is not
        ``clean`` and that side agrees in nothing.

        The diff pairs words in order, so a moved paragraph is paired with nothing;
        comparing the old surroundings with the new directly finds it wherever it went.
        See ``_side`` for what counts.
        """
        a, b = self._a, self._b
        i0, i1 = self._span(a, *old)
        j0, j1 = self._span(b, *new)
        if i0 >= i1 or i1 - i0 != j1 - j0:
            return None
        head = old[0] - a.starts[i0], new[0] - b.starts[j0]
        tail = old[1] - a.starts[i1 - 1], new[1] - b.starts[j1 - 1]
        first, last = (a.words[i0], b.words[j0]), (a.words[i1 - 1], b.words[j1 - 1])
        if i1 - i0 == 1:
            inside = [(first[0][head[0] : tail[0]], first[1][head[1] : tail[1]])]
        else:
            inside = [(first[0][head[0] :], first[1][head[1] :])]
            inside += [(a.words[i0 + k], b.words[j0 + k]) for k in range(1, i1 - i0 - 1)]
            inside.append((last[0][: tail[0]], last[1][: tail[1]]))
        if not all(_same(x, y) for x, y in inside):
            return None
        left = first[0][: head[0]] == first[1][: head[1]]
        right = last[0][tail[0] :] == last[1][tail[1] :]
        count = self._side(i0 - 1, j0 - 1, -1) if left else 0
        count += self._side(i1, j1, 1) if right else 0
        return Agreement(count, left and right)

    def _side(self, i: int, j: int, step: int) -> int:
        """Words agreeing outward from old word ``i`` and new word ``j`` (``step`` -1:
        backward). Unbroken, but for an edit of up to SKIP words past which RESYNC words
        agree again (a word inserted beside a moved quote leaves its neighbours its own).
        A paragraph break between two places in both texts (or an edge of both) counts
        BREAK words; a break in one text only ends the side: a sentence pasted after a
        paragraph's last one is not that paragraph moved."""
        a, b = self._a, self._b
        count = words = 0
        while words < AGREE:
            # the space between the last word counted and these (past an edit: not checked)
            gap_a, gap_b = (i + 1, j + 1) if step < 0 else (i, j)
            at_a, at_b = self._break(a, self.old, gap_a), self._break(b, self.new, gap_b)
            if at_a != at_b:
                break
            count += BREAK if at_a else 0
            if not (0 <= i < len(a.words) and 0 <= j < len(b.words)):
                break
            if not _same(a.words[i], b.words[j]):
                found = self._resync(i, j, step)
                if found is None:
                    break
                i, j = found
            count, words = count + 1, words + 1
            i, j = i + step, j + step
        return count

    def _resync(self, i: int, j: int, step: int) -> tuple[int, int] | None:
        """The nearest places past old word ``i`` and new word ``j`` (up to SKIP words on
        each) where RESYNC words agree again."""
        a, b = self._a.words, self._b.words
        for total in range(1, 2 * SKIP + 1):
            for di in range(max(0, total - SKIP), min(SKIP, total) + 1):
                ii, jj = i + step * di, j + step * (total - di)
                agree = all(
                    0 <= ii + step * k < len(a)
                    and 0 <= jj + step * k < len(b)
                    and _same(a[ii + step * k], b[jj + step * k])
                    for k in range(RESYNC)
                )
                flat = agree and self._flat(self._a, self.old, i, ii)
                if flat and self._flat(self._b, self.new, j, jj):
                    return ii, jj
        return None

    @staticmethod
    def _flat(words: _Words, text: str, x: int, y: int) -> bool:
        """No paragraph break between words ``x`` and ``y`` (an edit skipped stays within a
        paragraph: a copy pasted just past the highlight's own is not its neighbours)."""
        lo, hi = sorted((x, y))
        return not _BLANK.search(text, words.starts[lo], words.starts[hi])

    @staticmethod
    def _break(words: _Words, text: str, k: int) -> bool:
        """The space before word ``k`` holds a paragraph break, or is an edge of the text."""
        if k <= 0 or k >= len(words.words):
            return True
        after = words.starts[k - 1] + len(words.words[k - 1])
        return bool(_BLANK.search(text, after, words.starts[k]))

    def mostly_elsewhere(self, start: int, end: int, old_start: int, old_end: int) -> bool:
        """Most words of new[start:end], and at least RUN of them, stood unchanged in one
        stretch of the old text outside old[old_start:old_end], and none inside it: a
        twin passage, edited. (A few common words paired elsewhere say nothing.)"""
        first, last = self._span(self._b, start, end)
        back = [i for i in self._moved[first:last] if i >= 0]
        if len(back) < RUN or 2 * len(back) < last - first:
            return False
        was = self._a.starts[min(back)], self._a.starts[max(back)]
        stretch = max(back) - min(back) < 2 * (last - first)
        return stretch and (was[1] < old_start or was[0] >= old_end)

    def existed_elsewhere(self, start: int, end: int, old_start: int, old_end: int) -> bool:
        """The words of new[start:end] stood, unchanged and in a run with their neighbours
        (RUN more words), in the old text, and not within old[old_start:old_end]: a copy
        that was there already, not the words that were highlighted. A word or two the
        diff pairs across an edited paragraph is no such evidence."""
        a, to_old = self._a, self._moved
        first, last = self._span(self._b, start, end)
        if first >= last:
            return False
        back = to_old[first:last]
        if back[0] < 0 or any(back[k] != back[0] + k for k in range(len(back))):
            return False
        lo, hi, need = first, last, last - first + RUN
        while (
            hi - lo < need and lo > 0 and to_old[lo - 1] >= 0 and to_old[lo - 1] == to_old[lo] - 1
        ):
            lo -= 1
        while hi - lo < need and hi < len(to_old) and to_old[hi] == to_old[hi - 1] + 1:
            hi += 1
        if hi - lo < need:
            return False
        was = a.starts[back[0]], a.starts[back[-1]] + len(a.words[back[-1]])
        return was[1] <= old_start or was[0] >= old_end


def _merged(
    opcodes: list[tuple[str, int, int, int, int]], a: _Words, offsets: list[int]
) -> list[tuple[str, int, int, int, int]]:
    """The line diff's regions, with equal runs of fewer than RUN words (a blank line, a
    "....") taken into the changed regions around them: such lines recur, and the line
    diff may pair one with its twin across an edit (the blank line that ended a paragraph
    whose head was deleted with the paragraph break before it), setting a changed line's
    words against the wrong old lines."""
    out: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in opcodes:
        words = a.line_words(offsets, i1, i2)
        if tag == "equal" and words[1] - words[0] < RUN:
            tag = "replace"
        if out and tag != "equal" and out[-1][0] != "equal":
            _, p1, _, q1, _ = out.pop()
            i1, j1 = p1, q1
        out.append((tag, i1, i2, j1, j2))
    return out


def _same(x: str, y: str) -> bool:
    """The same word, typography aside (normalising changes only non-ASCII and "--")."""
    if x == y:
        return True
    plain = x.isascii() and y.isascii() and "--" not in x and "--" not in y
    return not plain and normalise(x) == normalise(y)


@lru_cache(maxsize=4)
def old_to_new(old: str, new: str) -> OldToNew:
    """The diff of ``old`` and ``new``; the last few are kept, as a document's highlights
    are re-anchored one after another."""
    return OldToNew(old, new)
