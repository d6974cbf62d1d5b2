"""Anchoring's rule over random edits of real prose: a unique surviving quote is found, a
deleted quote is an orphan, and nothing is ever attached to the wrong words.

Each example edits one of the sample articles the way a revision does: words inserted and
passages deleted elsewhere, the quote's context rewritten, its lines re-wrapped, its words
copied into another paragraph, letters changed inside it. The true span of the quote is
kept up to date through every edit (``Edited.replace``), so "right" is exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from summitreader.annotations.anchoring import locate, selectors
from summitreader.annotations.normalised import normalise
from summitreader.sources.text import load_source
from tests.support.corpus import GOMEZ, LANDAU

TEXTS = [load_source(path).text for path in (GOMEZ, LANDAU)]
WORDS = "summit talks envoy treaty border missile pledge reform harbor winter".split()
# Long enough to be believed wherever it is found once (anchoring.ALONE is 24).
LONG = 24


@dataclass
class Edited:
    """A text under edits, with the quote's true span kept up to date (None once deleted)."""

    text: str
    truth: tuple[int, int] | None

    def replace(self, a: int, b: int, new: str) -> bool:
        """text[a:b] = new, if the edit lies clear of the quote or strictly inside it (its
        first and last two characters kept); False, and nothing done, otherwise."""
        if self.truth is None:
            self.text = self.text[:a] + new + self.text[b:]
            return True
        s, e = self.truth
        delta = len(new) - (b - a)
        if b <= s and (a < b or a < s):
            self.truth = (s + delta, e + delta)
        elif a >= e and (a < b or a > e):
            pass
        elif s + 2 <= a and b <= e - 2:
            self.truth = (s, e + delta)
        else:
            return False
        self.text = self.text[:a] + new + self.text[b:]
        return True


def spans(text: str, pattern: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(pattern, text)]


@st.composite
def a_quote(draw: st.DrawFn, *, once: bool, long: bool = False) -> tuple[str, int, int]:
    """A text and a span in it: a sentence, or a run of 3-8 words inside one; with
    ``once``, one whose words (normalised) occur once; with ``long``, at least LONG long."""
    text = draw(st.sampled_from(TEXTS))
    sentences = [(a, b) for a, b in spans(text, r"[A-Z][^.!?\n]{10,300}[.!?]") if b - a >= 12]
    a, b = draw(st.sampled_from(sentences))
    words = spans(text[a:b], r"\S+")
    if len(words) >= 4 and draw(st.booleans()):
        n = draw(st.integers(3, min(8, len(words))))
        i = draw(st.integers(0, len(words) - n))
        a, b = a + words[i][0], a + words[i + n - 1][1]
    quoted = normalise(text[a:b])
    assume(not long or len(quoted) >= LONG)
    assume(not once or normalise(text).count(quoted) == 1)
    return text, a, b


def elsewhere(draw: st.DrawFn, ed: Edited, quote_len: int) -> None:
    """Words inserted and passages deleted away from the quote and its stored context."""
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(ed.text)))
        if ed.truth and ed.truth[0] - 40 < at < ed.truth[1] + 40:
            continue
        if draw(st.booleans()):
            ed.replace(at, at, " " + " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=9))))
        else:
            stop = min(len(ed.text), at + draw(st.integers(1, 300)))
            if not ed.truth or stop <= ed.truth[0] - 40 or at >= ed.truth[1] + 40:
                ed.replace(at, stop, "")


def rewrite_context(draw: st.DrawFn, ed: Edited) -> None:
    """New words on either side of the quote, up to the space that touches it."""
    assert ed.truth is not None
    s, e = ed.truth
    if draw(st.booleans()) and e + 1 < len(ed.text):
        stop = min(len(ed.text), e + 1 + draw(st.integers(5, 60)))
        ed.replace(e + 1, stop, " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1))))
    s, e = ed.truth
    if draw(st.booleans()) and s > 1:
        start = max(0, s - 1 - draw(st.integers(5, 60)))
        ed.replace(start, s - 1, " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1))))


def rewrap(draw: st.DrawFn, ed: Edited) -> None:
    """Spaces inside the quote become line breaks or doubled spaces."""
    assert ed.truth is not None
    s, e = ed.truth
    inside = [(s + a, s + b) for a, b in spans(ed.text[s:e], r" ")]
    for a, b in reversed(inside):
        if draw(st.booleans()):
            ed.replace(a, b, draw(st.sampled_from(["\n", "  ", " \n"])))


def shared_edit(draw: st.DrawFn, ed: Edited, edit: str) -> None:
    """One edit of both tests' kinds around the quote at ``ed.truth``: letters inside it,
    its context rewritten, the text re-wrapped, or the quote copied to another paragraph."""
    assert ed.truth is not None
    s, e = ed.truth
    if edit == "letters" and e - s > 8:
        at = draw(st.integers(s + 2, e - 4))
        n = draw(st.integers(1, 2))
        ed.replace(at, at + n, draw(st.text("xqzjk", max_size=3)))
    elif edit == "context":
        rewrite_context(draw, ed)
    elif edit == "rewrap":
        rewrap(draw, ed)
    elif edit == "copy":
        breaks = [b for _, b in spans(ed.text, r"\n\n") if not s - 40 < b < e + 40]
        if breaks:
            at = draw(st.sampled_from(breaks))
            ed.replace(at, at, ed.text[s:e] + "\n\n")


@settings(max_examples=120, deadline=None)
@given(a_quote(once=True, long=True), st.data())
def test_a_unique_surviving_quote_is_found(quoted, data):
    """Words that survive unchanged, once in the new text, are found exactly, whatever
    happened to their context and however far the rest of the text moved them."""
    text, start, end = quoted
    quote, position = selectors(text, start, end)
    ed = Edited(text, (start, end))
    elsewhere(data.draw, ed, end - start)
    if data.draw(st.booleans()):
        rewrite_context(data.draw, ed)
    if data.draw(st.booleans()):
        rewrap(data.draw, ed)
    assert ed.truth is not None
    s, e = ed.truth
    assert normalise(ed.text[s:e]) == normalise(quote["exact"])  # the bookkeeping itself
    assume(normalise(ed.text).count(normalise(quote["exact"])) == 1)
    found = locate(ed.text, quote, position)
    assert found.status != "orphaned", (quote, ed.truth)
    assert (found.start, found.end) == ed.truth


@settings(max_examples=120, deadline=None)
@given(a_quote(once=True), st.data())
def test_a_deleted_quote_is_an_orphan(quoted, data):
    """Words that occurred once, deleted (alone, or with their sentence or paragraph), are
    not found anywhere else: not at words like them, however short they were.

    (A quote whose words also stood elsewhere, deleted, leaves a twin that is the only
    copy left: anchoring cannot tell that from the quote with its context rewritten, and
    issue 21 asks for that one to be found; the benchmark measures how often it happens.)"""
    text, start, end = quoted
    quote, position = selectors(text, start, end)
    ed = Edited(text, (start, end))
    elsewhere(data.draw, ed, end - start)
    assert ed.truth is not None
    s, e = ed.truth
    how = data.draw(st.sampled_from(["alone", "sentence", "paragraph"]))
    if how == "sentence":
        s = max(ed.text.rfind(". ", 0, s) + 2, ed.text.rfind("\n", 0, s) + 1, 0)
        e = max(e, ed.text.find(". ", e) + 2 if ". " in ed.text[e:] else len(ed.text))
    elif how == "paragraph":
        s = max(ed.text.rfind("\n\n", 0, s) + 2, 0)
        e = ed.text.find("\n\n", e) + 2 if "\n\n" in ed.text[e:] else len(ed.text)
    ed.truth = None
    ed.replace(s, e, "")
    found = locate(ed.text, quote, position)
    assert found.status == "orphaned", (how, quote, found, ed.text[found.start : found.end])


@settings(max_examples=200, deadline=None)
@given(a_quote(once=True), st.data())
def test_nothing_is_ever_attached_to_the_wrong_words(quoted, data):
    """Any mix of edits: letters changed inside the quote, or copies of it put in other
    paragraphs, with its context rewritten and its lines re-wrapped; the quote is found
    at its true span or is an orphan, never elsewhere.

    Letters are not changed inside a quote that was also copied: the copy would then be
    its words surviving word for word, once, and issue 21 asks for those to be found.
    The quote's words occur once in the original: words that also stood elsewhere with
    the same context (the two author notes of the Landau article) leave a twin that the
    stored selectors cannot tell from the highlight once its own context is rewritten;
    the benchmark counts those cases (its "repeated" rows).
    """
    text, start, end = quoted
    quote, position = selectors(text, start, end)
    ed = Edited(text, (start, end))
    elsewhere(data.draw, ed, end - start)
    copies = data.draw(st.booleans())
    kinds = ["copy", "context", "rewrap"] if copies else ["letters", "context", "rewrap"]
    for _ in range(data.draw(st.integers(0, 3))):
        shared_edit(data.draw, ed, data.draw(st.sampled_from(kinds)))
    found = locate(ed.text, quote, position)
    if found.status != "orphaned":
        assert (found.start, found.end) == ed.truth, (quote, ed.text[found.start : found.end])


def repeated_runs(text: str) -> list[tuple[str, int, int]]:
    """Runs of 3-8 words (the longest at each place) whose words occur more than once."""
    words = spans(text, r"\S+")
    flat = normalise(text)
    found = []
    for i in range(len(words)):
        for n in range(8, 2, -1):
            if i + n <= len(words):
                a, b = words[i][0], words[i + n - 1][1]
                if flat.count(normalise(text[a:b])) > 1:
                    found.append((text, a, b))
                    break
    return found


REPEATED = [run for text in TEXTS for run in repeated_runs(text)]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(REPEATED), st.data())
def test_given_the_old_text_nothing_is_wrong_even_for_repeated_words(quoted, data):
    """With the text it was made on (``old_text``), a quote whose words occur more than
    once, with any mix of edits, its deletion among them, is found at its true span or
    is an orphan: a copy that stood in the old text already is never taken for it (the
    Landau article's two author notes share over 60 characters). A quote copied is not
    then edited or deleted, as in the test above: the copy would be its words surviving
    word for word (a cut and paste), and issue 21 asks for those to be found."""
    text, start, end = quoted
    quote, position = selectors(text, start, end)
    ed = Edited(text, (start, end))
    elsewhere(data.draw, ed, end - start)
    copies = data.draw(st.booleans())
    kinds = ["copy", "context", "rewrap"] if copies else ["letters", "context", "rewrap", "delete"]
    for _ in range(data.draw(st.integers(0, 3))):
        if ed.truth is None:
            break
        edit = data.draw(st.sampled_from(kinds))
        if edit != "delete":
            shared_edit(data.draw, ed, edit)
        else:
            s, e = ed.truth
            if data.draw(st.booleans()):  # with its paragraph
                s = max(ed.text.rfind("\n\n", 0, s) + 2, 0)
                e = ed.text.find("\n\n", e) + 2 if "\n\n" in ed.text[e:] else len(ed.text)
            ed.truth = None
            ed.replace(s, e, "")
    found = locate(ed.text, quote, position, old_text=text)
    if found.status != "orphaned":
        assert (found.start, found.end) == ed.truth, (quote, ed.text[found.start : found.end])


def move_own_paragraph(draw: st.DrawFn, ed: Edited) -> None:
    """The quote's paragraph (with the blank line after it) moved to another paragraph
    break; a quote in the last paragraph, which has no blank line after it, stays."""
    assert ed.truth is not None
    s, e = ed.truth
    a = ed.text.rfind("\n\n", 0, s) + 2 if "\n\n" in ed.text[:s] else 0
    b = ed.text.find("\n\n", e)
    if b < 0:
        return
    chunk, rest = ed.text[a : b + 2], ed.text[:a] + ed.text[b + 2 :]
    targets = [0] + [x for _, x in spans(rest, r"\n\n") if x != a]
    to = draw(st.sampled_from([t for t in targets if t != a] or [a]))
    ed.text = rest[:to] + chunk + rest[to:]
    ed.truth = (to + s - a, to + e - a)


def copy_into_a_sentence(draw: st.DrawFn, ed: Edited) -> None:
    """The quote's words once more, as a sentence of another paragraph."""
    assert ed.truth is not None
    s, e = ed.truth
    a = ed.text.rfind("\n\n", 0, s)
    b = ed.text.find("\n\n", e)
    own = (a, len(ed.text) if b < 0 else b)
    ends = [x - 1 for _, x in spans(ed.text, r"[.!?] ") if not own[0] <= x - 1 <= own[1]]
    if ends:
        at = draw(st.sampled_from(ends))
        ed.replace(at, at, " " + ed.text[s:e])


@settings(max_examples=200, deadline=None)
@given(a_quote(once=True), st.data())
def test_given_the_old_text_a_moved_paragraph_is_found_past_a_copy(quoted, data):
    """The quote copied as a sentence into another paragraph, before or after it, and its
    own paragraph moved (in either order): given the old text, the quote is found at its
    true span, not at the copy, though the ordered diff may pair the copy with it. With
    its context rewritten as well, it is found or an orphan, never the copy."""
    text, start, end = quoted
    quote, position = selectors(text, start, end)
    ed = Edited(text, (start, end))
    elsewhere(data.draw, ed, end - start)
    edits = [move_own_paragraph, copy_into_a_sentence]
    for edit in edits if data.draw(st.booleans()) else reversed(edits):
        edit(data.draw, ed)
    rewritten = data.draw(st.booleans())
    if rewritten:
        rewrite_context(data.draw, ed)
    assert ed.truth is not None
    s, e = ed.truth
    assert ed.text[s:e] == quote["exact"]  # the bookkeeping itself
    found = locate(ed.text, quote, position, old_text=text)
    if rewritten and found.status == "orphaned":
        return
    assert found.status != "orphaned", (quote, ed.truth)
    assert (found.start, found.end) == ed.truth, (quote, ed.text[found.start : found.end])
