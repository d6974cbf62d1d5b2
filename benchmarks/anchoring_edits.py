"""Realistic edits for the anchoring benchmark, with the true new span of every highlight.

A text gets highlights (sentences, short phrases of 3-6 words, some of them
quotes that occur more than once), then each highlight gets one kind of edit
and the rest of the text gets edits elsewhere. Every change goes through
``EditedText.replace``, which keeps each highlight's true span up to date, so
the benchmark can tell a right answer from a wrong one exactly.

The rule for an edit at a highlight's edge: whitespace and whole words put next
to a quote lie outside it (a reader's selection would not take them in); letters
glued onto its first or last word, and changes to its own characters, lie inside.
"""

from __future__ import annotations

import random
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from summitreader.annotations.anchoring import CONTEXT, selectors
from summitreader.annotations.normalised import normalise
from summitreader.library.opening import open_documents

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = [
    ROOT / "sample_corpus" / "gomez-second-summit.txt",
    ROOT / "sample_corpus" / "landau-stein-third-summit.txt",
]

# Each highlight gets one of these; "context touched" is given afterwards to an
# untouched highlight whose context another edit changed.
KINDS = {
    "untouched": "words and context untouched; text inserted and deleted elsewhere",
    "paragraph moved": "its whole paragraph moved elsewhere",
    "context touched": "words untouched, context changed by an edit made for something else",
    "whitespace": "re-wrapped: line breaks, doubled spaces in and around the quote",
    "typography": "curly or straight quotes, apostrophes, dashes, ellipses swapped",
    "context rewritten": "quote word for word, the words on one or both sides rewritten",
    "copied": "the quote also copied into another paragraph, before or after it",
    "boundary": "edits right at the quote's edges (spaces, words, first or last letters)",
    "edited <=10%": "1-10% of the quote's characters edited",
    "edited 10-30%": "10-30% of the quote's characters edited",
    "deleted": "the quote deleted, alone or with its sentence or paragraph",
}
WEIGHTS = {
    "untouched": 22,
    "paragraph moved": 6,
    "whitespace": 8,
    "typography": 8,
    "context rewritten": 10,
    "copied": 10,
    "boundary": 10,
    "edited <=10%": 9,
    "edited 10-30%": 9,
    "deleted": 8,
}
LETTERS = "abcdefghijklmnopqrstuvwxyz"
TYPOGRAPHY = {'"': "“”", "'": "’", "’": "'", "“": '"', "”": '"', "—": "--", "...": "…", "…": "..."}


@dataclass
class Highlight:
    quote: dict[str, str]
    position: dict[str, int]
    truth: tuple[int, int] | None  # where its words are now; None once deleted
    short: bool = False  # a phrase of 3-6 words
    repeated: bool = False  # its words occur more than once in the original text
    kind: str = "untouched"
    touched: bool = False  # an edit made for something else reached its context

    @property
    def row(self) -> str:
        return "context touched" if self.kind == "untouched" and self.touched else self.kind


def sentences_of(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text as the reader loads it, and its sentences (the reader's passage splitter)."""
    with tempfile.TemporaryDirectory(prefix="summitreader-bench-") as tmp:
        path = Path(tmp) / "text.txt"
        path.write_text(text, encoding="utf-8")
        docs, problems = open_documents([path])
        if not docs:
            raise SystemExit(f"cannot open the text: {problems}")
    doc = docs[0]
    spans = [
        (s.start, s.end)
        for p in doc.passages.paragraphs
        for s in doc.passages.sentences(p)
        if 8 <= s.end - s.start <= 600
    ]
    return doc.source.text, spans


def _phrase(text: str, span: tuple[int, int], rng: random.Random) -> tuple[int, int] | None:
    """3-6 whole words from inside a sentence."""
    words = [m.span() for m in re.finditer(r"\S+", text[span[0] : span[1]])]
    n = rng.randint(3, 6)
    if len(words) < n + 1:
        return None
    i = rng.randrange(len(words) - n + 1)
    return span[0] + words[i][0], span[0] + words[i + n - 1][1]


def pick_highlights(
    text: str, sentences: list[tuple[int, int]], count: int, rng: random.Random
) -> list[Highlight]:
    """About half sentences, half short phrases, with a share of quotes that occur twice."""
    spans: list[tuple[int, int]] = []
    for _ in range(count * 3):
        if len(spans) >= count:
            break
        sentence = rng.choice(sentences)
        if rng.random() < 0.5:
            spans.append(sentence)
            continue
        tries = 12 if rng.random() < 0.4 else 1  # look harder for a phrase that repeats
        for _ in range(tries):
            phrase = _phrase(text, rng.choice(sentences) if tries > 1 else sentence, rng)
            if phrase and (tries == 1 or text.count(text[phrase[0] : phrase[1]]) > 1):
                spans.append(phrase)
                break
    chosen: list[tuple[int, int]] = []
    for s, e in sorted(set(spans)):
        if not chosen or s > chosen[-1][1]:  # never overlapping or touching
            chosen.append((s, e))
    result = []
    for s, e in chosen:
        quote, position = selectors(text, s, e)
        words = len(quote["exact"].split())
        repeated = text.find(quote["exact"], text.find(quote["exact"]) + 1) >= 0
        result.append(Highlight(quote, position, (s, e), 3 <= words <= 6, repeated))
    return result


class EditedText:
    """A text under edits, with the true span of every highlight kept up to date."""

    def __init__(self, text: str, highlights: list[Highlight], rng: random.Random) -> None:
        self.text = text
        self.hl = highlights
        self.rng = rng
        self.vocabulary = re.findall(r"[A-Za-z]+", text[:200_000]) or ["word"]

    # bookkeeping ------------------------------------------------------------------

    def replace(self, a: int, b: int, new: str, owner: Highlight | None = None) -> None:
        """text[a:b] = new. ``owner`` takes it in (an edit inside or on its edge);
        every other highlight must lie wholly before, after or inside [a, b)."""
        delta = len(new) - (b - a)
        for h in self.hl:
            if h.truth is None:
                continue
            s, e = h.truth
            if h is owner:
                assert s <= a <= b <= e, "an edit of a quote outside it"
                h.truth = (s, e + delta)
                continue
            reach = (
                (a < e + CONTEXT and b > s - CONTEXT) if a < b else s - CONTEXT < a < e + CONTEXT
            )
            h.touched |= reach
            if b <= s:
                h.truth = (s + delta, e + delta)
            elif a >= e:
                pass
            elif a <= s and e <= b and a < b:
                h.truth = None
            else:
                raise AssertionError("an edit elsewhere cut into a highlight")
        self.text = self.text[:a] + new + self.text[b:]

    def room(self, h: Highlight) -> tuple[int, int]:
        """The stretch around ``h`` that holds no other highlight."""
        assert h.truth is not None
        s, e = h.truth
        lo = max((g.truth[1] + 1 for g in self.hl if g.truth and g.truth[1] < s), default=0)
        hi = min((g.truth[0] - 1 for g in self.hl if g.truth and g.truth[0] > e), default=None)
        return lo, len(self.text) if hi is None else hi

    def free(self, a: int, b: int) -> bool:
        """No highlight overlaps or touches [a, b]."""
        return all(h.truth is None or b < h.truth[0] or a > h.truth[1] for h in self.hl)

    def words(self, n: int) -> str:
        return " ".join(self.rng.choices(self.vocabulary, k=n))

    # edits elsewhere ----------------------------------------------------------------

    def insert_elsewhere(self) -> None:
        for _ in range(50):
            at = self.rng.randrange(len(self.text))
            if self.free(at, at):
                self.replace(at, at, " " + self.words(self.rng.randint(1, 12)) + " ")
                return

    def delete_elsewhere(self) -> None:
        for _ in range(50):
            a = self.rng.randrange(len(self.text))
            b = min(len(self.text), a + self.rng.randint(1, 200))
            if self.free(a, b):
                self.replace(a, b, "")
                return

    def paragraph_of(self, at: int) -> tuple[int, int]:
        """[start, end) of the paragraph holding ``at``, with the blank line after it."""
        a = self.text.rfind("\n\n", 0, at)
        b = self.text.find("\n\n", at)
        return (0 if a < 0 else a + 2), (len(self.text) if b < 0 else b + 2)

    def move(self, a: int, b: int) -> bool:
        """Move text[a:b] (whole paragraphs) to another paragraph break."""
        breaks = [m.end() for m in re.finditer(r"\n\n", self.text)]
        targets = [t for t in breaks if (t < a or t > b) and self.free(t, t)]
        if not targets or any(h.truth and h.truth[0] < a < h.truth[1] for h in self.hl):
            return False
        if any(h.truth and h.truth[0] < b < h.truth[1] for h in self.hl):
            return False
        to = self.rng.choice(targets)
        chunk = self.text[a:b]
        inside = [
            (h, h.truth[0] - a, h.truth[1] - h.truth[0])
            for h in self.hl
            if h.truth and a <= h.truth[0] < b
        ]
        for h, off, n in inside:
            h.touched |= off < CONTEXT or off + n > len(chunk) - CONTEXT
            h.truth = None  # out of the text for a moment
        self.replace(a, b, "")
        dest = to if to < a else to - len(chunk)
        self.replace(dest, dest, chunk)
        for h, off, n in inside:
            h.truth = (dest + off, dest + off + n)
        return True

    # what happens to one highlight -------------------------------------------------

    def apply(self, h: Highlight, kind: str) -> None:
        """Give ``h`` its edit; a highlight the edit cannot be made on stays untouched."""
        edit = {
            "paragraph moved": self.move_own_paragraph,
            "whitespace": self.rewrap,
            "typography": self.typography,
            "context rewritten": self.rewrite_context,
            "copied": self.copy_elsewhere,
            "boundary": self.edit_boundary,
            "edited <=10%": lambda h: self.edit_inside(h, 0.01, 0.10),
            "edited 10-30%": lambda h: self.edit_inside(h, 0.10, 0.30),
            "deleted": self.delete,
        }.get(kind)
        if edit is not None and h.truth is not None and edit(h) is not False:
            h.kind = kind

    def move_own_paragraph(self, h: Highlight) -> bool:
        assert h.truth is not None
        return self.move(*self.paragraph_of(h.truth[0]))

    def rewrap(self, h: Highlight) -> bool:
        """Change whitespace runs in the quote and its context, as re-wrapping does."""
        assert h.truth is not None
        lo, hi = self.room(h)
        s, e = h.truth
        runs = list(re.finditer(r"\s+", self.text[max(lo, s - CONTEXT) : min(hi, e + CONTEXT)]))
        base = max(lo, s - CONTEXT)
        changed = False
        for m in reversed(runs):
            a, b = base + m.start(), base + m.end()
            if self.rng.random() < 0.5 or "\n\n" in m.group():
                continue
            new = self.rng.choice([" ", "\n", "  ", " \n", "\n ", "\t"])
            if new == m.group():
                continue
            s, e = h.truth
            inside = s < a and b < e
            if not inside and (a < e and b > s):
                continue  # a run on the quote's own edge: left to the boundary kind
            self.replace(a, b, new, h if inside else None)
            changed = True
        return changed

    def typography(self, h: Highlight) -> bool:
        """Swap straight and curly quote marks, dashes and ellipses in and around the quote."""
        assert h.truth is not None
        lo, hi = self.room(h)
        s, e = h.truth
        base = max(lo, s - CONTEXT)
        window = self.text[base : min(hi, e + CONTEXT)]
        found = list(re.finditer(r"\.\.\.|—|[\"'’“”…]", window))
        changed = False
        for m in reversed(found):
            if self.rng.random() < 0.2:
                continue
            a, b = base + m.start(), base + m.end()
            old = m.group()
            new = TYPOGRAPHY[old]
            if old == '"':
                opening = a == 0 or self.text[a - 1].isspace()
                new = new[0] if opening else new[1]
            s, e = h.truth
            inside = s <= a and b <= e
            if not inside and a < e and b > s:
                continue
            self.replace(a, b, new, h if inside else None)
            changed = True
        return changed

    def rewrite_context(self, h: Highlight) -> bool:
        """New words on one or both sides, up to the character touching the quote."""
        assert h.truth is not None
        lo, hi = self.room(h)
        side = self.rng.choice(("before", "after", "both", "both"))
        changed = False
        if side in ("after", "both"):
            s, e = h.truth
            a, b = e + 1, min(hi, e + 1 + self.rng.randint(10, 70))
            if b - a >= 4:
                self.replace(a, b, self.words(max(1, (b - a) // 6)) + " ")
                changed = True
        if side in ("before", "both"):
            s, e = h.truth
            a, b = max(lo, s - 1 - self.rng.randint(10, 70)), s - 1
            if b - a >= 4:
                self.replace(a, b, " " + self.words(max(1, (b - a) // 6)))
                changed = True
        return changed

    def copy_elsewhere(self, h: Highlight) -> bool:
        """The quote's words once more, as a sentence of another paragraph."""
        assert h.truth is not None
        s, e = h.truth
        words = self.text[s:e]
        own = self.paragraph_of(s)
        ends = [m.end() - 1 for m in re.finditer(r"[.!?][\"'”’]? ", self.text)]
        near = self.rng.random() < 0.4
        before = self.rng.random() < 0.5
        spots = [
            t
            for t in ends
            if not own[0] <= t < own[1]
            and self.free(t, t)
            and (not near or abs(t - s) < 1500)
            and (t < s if before else t > e)
        ]
        if not spots:
            return False
        at = self.rng.choice(spots)
        self.replace(at, at, " " + words)
        return True

    def edit_boundary(self, h: Highlight) -> bool:
        assert h.truth is not None
        lo, hi = self.room(h)
        s, e = h.truth
        rng = self.rng
        op = rng.choice(
            (
                "space before",
                "space after",
                "word before",
                "word after",
                "first letters",
                "last letters",
                "context before",
                "context after",
                "closing mark",
            )
        )
        space = rng.choice((" ", "\n", " \n", "  "))
        if op == "space before" and s > lo:
            self.replace(s, s, self.no_blank_line(s, space))
        elif op == "space after" and e < hi:
            self.replace(e, e, self.no_blank_line(e, space))
        elif op == "word before" and s > lo:
            self.replace(s, s, self.words(1) + " ")
        elif op == "word after" and e < hi:
            self.replace(e, e, " " + self.words(1))
        elif op == "first letters" and e - s > 8:
            n = rng.randint(1, 2)
            how = rng.choice(("sub", "ins", "del"))
            if how == "sub":
                head = self.text[s : s + n]
                self.replace(s, s + n, head.swapcase() if head.swapcase() != head else "x" * n, h)
            elif how == "ins":
                self.replace(s, s, "".join(rng.choices(LETTERS, k=n)), h)
            elif not re.search(r"\s", self.text[s : s + n + 1]):  # part of the first word
                self.replace(s, s + n, "", h)
            else:
                return False
        elif op == "last letters" and e - s > 8:
            n = rng.randint(1, 2)
            how = rng.choice(("sub", "ins", "del"))
            new = "".join(rng.choices(LETTERS + ".!?,;", k=n))
            if how == "sub":
                self.replace(e - n, e, new, h)
            elif how == "ins":
                self.replace(e, e, new, h)
            elif not re.search(r"\s", self.text[e - n - 1 : e]):  # part of the last word
                self.replace(e - n, e, "", h)
            else:
                return False
        elif op == "context before" and s - 3 >= lo and not self.text[s - 3 : s].isspace():
            self.replace(s - 3, s - 1, rng.choice((";", ", ", " -", "", "xyz")))
        elif op == "context after" and e + 4 <= hi and not self.text[e + 1 : e + 3].isspace():
            self.replace(e + 1, e + 3, rng.choice((";", ",", " -", "", "xy")))
        elif op == "closing mark" and self.text[e - 1] in "\"”'’":
            self.replace(e - 1, e, {'"': "”", "”": '"', "'": "’", "’": "'"}[self.text[e - 1]], h)
        elif op == "closing mark" and e < hi and self.text[e] in "\"”'’":
            self.replace(e, e + 1, {'"': "”", "”": '"', "'": "’", "’": "'"}[self.text[e]])
        else:
            return False
        return True

    def no_blank_line(self, at: int, space: str) -> str:
        """``space`` to insert at ``at``, without a line break that would make a blank line
        (a new paragraph) with one already there."""
        return " " if "\n" in space and "\n" in self.text[max(0, at - 1) : at + 1] else space

    def edit_inside(self, h: Highlight, low: float, high: float) -> bool:
        """Change between ``low`` and ``high`` of the quote's characters, away from its edges."""
        assert h.truth is not None
        s, e = h.truth
        m = e - s
        budget = round(m * self.rng.uniform(low, high))
        budget = max(budget, int(m * low) + 1, 1)
        if budget > m * high or m < 6:
            return False
        spent = 0
        while spent < budget:
            s, e = h.truth
            n = min(budget - spent, self.rng.randint(1, 4))
            if e - s - 2 <= n:
                break
            at = self.rng.randrange(s + 1, e - n)
            op = self.rng.choice(("sub", "ins", "del", "word"))
            letters = "".join(self.rng.choices(LETTERS, k=n))
            if op == "ins":
                self.replace(at, at, letters, h)
            elif op == "del" and e - s - n > 2 * n:
                self.replace(at, at + n, "", h)
            elif op == "word":  # another word of about the same length
                word = re.search(r"[A-Za-z]+", self.text[at : e - 1])
                if not word:
                    continue
                others = [w for w in self.rng.choices(self.vocabulary, k=20) if w != word.group()]
                other = min(others or ["x"], key=lambda w: abs(len(w) - len(word.group())))
                n = max(len(word.group()), len(other))
                if n > budget - spent:
                    continue
                a = at + word.start()
                self.replace(a, a + len(word.group()), other, h)
            else:
                self.replace(at, at + n, letters, h)
            spent += n
        return True

    def delete(self, h: Highlight) -> bool:
        """The quote alone (most often), or with its sentence, or with its paragraph."""
        assert h.truth is not None
        s, e = h.truth
        lo, hi = self.room(h)
        how = self.rng.random()
        a, b = s, e
        if how > 0.6:
            a0, b0 = self.paragraph_of(s) if how > 0.85 else self._sentence_around(s, e)
            if lo <= a0 and b0 <= hi:
                a, b = a0, b0
        self.replace(a, b, "")
        return True

    def _sentence_around(self, s: int, e: int) -> tuple[int, int]:
        """From the end of the sentence before ``s`` to the end of the one holding ``e``."""
        dot, line = self.text.rfind(". ", 0, s), self.text.rfind("\n", 0, s)
        a = max(dot + 2 if dot >= 0 else 0, line + 1)
        after = self.text.find(". ", e)
        return min(a, s), max(e, after + 2 if after >= 0 else len(self.text))


def edit_text(
    text: str, highlights: list[Highlight], rng: random.Random, weights: dict[str, int] = WEIGHTS
) -> tuple[str, list[Highlight]]:
    """Give every highlight a kind of edit, then edit the text elsewhere; the new text."""
    ed = EditedText(text, highlights, rng)
    kinds = list(weights)
    order = list(highlights)
    rng.shuffle(order)
    for h in order:
        ed.apply(h, rng.choices(kinds, weights=[weights[k] for k in kinds])[0])
    # Edits elsewhere in proportion to the text: an article revised gets one insertion, one
    # deletion and one moved paragraph, a book one of each every 20 KB (moves every 100 KB).
    for _ in range(max(1, len(text) // 20000)):
        ed.insert_elsewhere()
        ed.delete_elsewhere()
    for _ in range(max(1, len(text) // 100000)):
        a, b = ed.paragraph_of(rng.randrange(len(ed.text)))
        ed.move(a, b)
    for h in highlights:
        check(ed.text, h)
    return ed.text, highlights


def check(new: str, h: Highlight) -> None:
    """The bookkeeping itself: words that were kept are where the truth says."""
    if h.truth is None:
        return
    s, e = h.truth
    if h.kind in ("untouched", "paragraph moved", "context rewritten", "copied"):
        assert new[s:e] == h.quote["exact"], (h.kind, new[s:e], h.quote["exact"])
    elif h.kind in ("whitespace", "typography"):
        assert normalise(new[s:e]) == normalise(h.quote["exact"]), (h.kind, new[s:e])
