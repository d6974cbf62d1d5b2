"""Passages: the paragraphs and sentences the keyboard moves between and tags.

A passage is a span of text offsets, trimmed of surrounding whitespace and
hidden markup, so that its quote is exactly the words a reader sees.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cache
from typing import NamedTuple, overload

from summitreader.text.block_table import OFFSETS_32, offset_array
from summitreader.text.reading_view import ReadingView
from summitreader.text.words import count_half_words

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "cf",
        "no",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "rev",
        "fig",
        "vol",
        "pp",
        "ca",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
    ]
)


class Passage(NamedTuple):
    start: int  # text offset of the first character
    end: int  # text offset one past the last character
    block: int  # index of the block in the reading view
    paragraph: int  # 1-based paragraph number


def _is_abbreviation(visible: str, dot: int) -> bool:
    """True when the '.' at ``dot`` ends an abbreviation or an initial, not a sentence."""
    word_start = dot
    while word_start > 0 and not visible[word_start - 1].isspace():
        word_start -= 1
    word = visible[word_start:dot].strip("\"'“‘([")
    if not word:
        return False
    if len(word) == 1 and word.isupper():
        return True  # an initial: "Emily B. Landau"
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
        return True  # "U.S", "e.g"
    return word.lower() in _ABBREVIATIONS


@cache
def _sentence_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A sentence's end, and a list item's number: compiled when a paragraph is first split
    into sentences, which no first screen needs (they took 0.3 ms of every start)."""
    return (
        # a footnote's mark may stand between the stop and the space: "life.[1] We", "life.¹"
        re.compile(r"[.!?…]+[\"'”’)\]]*(?:\[\^?[\w-]{1,12}\]|[¹²³⁰-⁹]+)?\s+"),
        re.compile(r"\(?(?:\d+(?:\.\d+)*|[ivxlcdm]+|[IVXLCDM]+|[A-Za-z])\)?"),
    )


def sentence_spans(visible: str, keep: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Split a visible string into sentences, as [start, end) visible indexes; never inside
    one of the ``keep`` ranges (inline code)."""
    sentence_end, enumerator = _sentence_patterns()
    spans: list[tuple[int, int]] = []
    start = len(visible) - len(visible.lstrip())
    for m in sentence_end.finditer(visible):
        if any(a < m.end() and m.start() < b for a, b in keep):
            continue
        nxt = m.end()
        if nxt >= len(visible):
            break
        follower = visible[nxt]
        if not (follower.isupper() or follower.isdigit() or follower in "\"'“‘([*_"):
            continue
        if visible[m.start()] == "." and _is_abbreviation(visible, m.start()):
            continue
        if enumerator.fullmatch(visible[start : m.start()].strip()):
            continue  # "3. Objections", "iv. Sources", "(a) …": a number, not a sentence
        end = len(visible[: m.end()].rstrip())
        if end > start:
            spans.append((start, end))
        start = nxt
    end = len(visible.rstrip())
    if end > start:
        spans.append((start, end))
    return spans


class Paragraphs(Sequence[Passage]):
    """Every paragraph of a text, in order: four machine integers each, in arrays, and a
    ``Passage`` made when one is read. A 100 MB book has 360,000 paragraphs: as tuples
    they took ~80 MB, here 5.8 MB (4 bytes each while offsets fit)."""

    def __init__(self, length: int = OFFSETS_32) -> None:
        """``length``: the text's, which says how wide an offset may be."""
        self.starts: array[int] = offset_array(length)  # sorted: bisect finds one by offset
        self._ends: array[int] = offset_array(length)
        self._blocks: array[int] = array("I")  # fewer blocks than characters, and 4 G
        self._numbers: array[int] = array("I")

    def append(self, start: int, end: int, block: int, number: int) -> None:
        self.starts.append(start)
        self._ends.append(end)
        self._blocks.append(block)
        self._numbers.append(number)

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> Passage: ...
    @overload
    def __getitem__(self, index: slice) -> list[Passage]: ...
    def __getitem__(self, index: int | slice) -> Passage | list[Passage]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return Passage(
            self.starts[index], self._ends[index], self._blocks[index], self._numbers[index]
        )

    def __iter__(self) -> Iterator[Passage]:
        return map(Passage, self.starts, self._ends, self._blocks, self._numbers)


class Survey:
    """The paragraphs and the word count of a view, gathered block by block in order: by
    the layout as it wraps each block (so each is rendered once, not three times), or by
    ``Passages`` itself when asked first."""

    def __init__(self, view: ReadingView) -> None:
        self.view = view
        self.paragraphs = Paragraphs(len(view.text))
        self._halves = 0  # twice the words of the blocks added with ``add``, as shown
        self._number = 0  # the passage blocks seen, empty ones too
        self._added = array("I")  # the blocks added with ``add``
        self._plain = False  # any added with ``add_plain``

    @property
    def words(self) -> int:
        """The words of every passage, as shown (once every block has been added)."""
        return (self._halves + (self._plain_halves() if self._plain else 0)) // 2

    def add(self, index: int) -> None:
        """Block ``index``, the one after the block added last."""
        self._added.append(index)
        if not self.view.block(index).is_passage:
            return
        self._number += 1
        r = self.view.rendered(index)
        text = r.text
        stripped = text.strip()
        if not stripped:
            return
        lead = len(text) - len(text.lstrip())
        start = r.to_source(lead)
        end = r.to_source(lead + len(stripped) - 1) + 1
        self.paragraphs.append(start, end, index, self._number)
        self._halves += count_half_words(text)

    def add_plain(self, index: int, start: int, end: int) -> None:
        """Block ``index``, a passage the caller has measured itself: its words' [start,
        end) in the text (not empty). It must show its text as it is, newlines as spaces,
        and nothing but whitespace may follow it up to the next block."""
        self._number += 1
        self._plain = True
        self.paragraphs.append(start, end, index, self._number)

    def _plain_halves(self) -> int:
        """Twice the words of the plain paragraphs: the text's, less those before the first
        block and those from each other block to the next (a setext heading's underline
        is in no block). One count in C over the whole text (shared with the library)
        instead of a string per word, which ``split`` makes: 17 million for 100 MB."""
        text, starts = self.view.text, self.view.table.starts
        if not starts:
            return 0
        others = count_half_words(text[: starts[0]])
        for k in self._added:
            end = starts[k + 1] if k + 1 < len(starts) else len(text)
            others += count_half_words(text[starts[k] : end])
        return self.view.text_half_words - others


class Passages:
    """Paragraphs and sentences of a reading view, each as text-offset spans."""

    def __init__(self, view: ReadingView) -> None:
        self.view = view
        self._paragraphs: Paragraphs | None = None
        self._words = 0

    @property
    def surveyed(self) -> bool:
        return self._paragraphs is not None

    def adopt(self, survey: Survey) -> None:
        """The paragraphs and words a survey of every block found (the layout's)."""
        self._paragraphs, self._words = survey.paragraphs, survey.words

    @property
    def paragraphs(self) -> Paragraphs:
        if self._paragraphs is None:
            survey = Survey(self.view)
            for index in self.view.passage_blocks:
                survey.add(index)
            self.adopt(survey)
        assert self._paragraphs is not None
        return self._paragraphs

    @property
    def _paragraph_starts(self) -> array[int]:
        return self.paragraphs.starts

    def sentences(self, paragraph: Passage) -> list[Passage]:
        """A heading is one passage: "3. Objections" is a title, not two sentences; so are
        a code block and a table row. Inline code is never split either."""
        if self.view.block(paragraph.block).whole:
            return [paragraph]
        r = self.view.rendered(paragraph.block)
        code = [(s.start, s.end) for s in r.spans if s.style == "code"]
        return [
            Passage(r.to_source(a), r.to_source(b - 1) + 1, paragraph.block, paragraph.paragraph)
            for a, b in sentence_spans(r.text, code)
        ]

    def paragraph_at(self, offset: int) -> Passage | None:
        """The paragraph holding ``offset``, else the nearest one before it (or the first)."""
        if not self.paragraphs:
            return None
        i = max(0, bisect_right(self._paragraph_starts, offset) - 1)
        return self.paragraphs[i]

    def sentence_at(self, offset: int) -> Passage | None:
        """The sentence holding ``offset``, else its paragraph: where a cursor put at an
        offset (a lost highlight's place) covers whole words."""
        paragraph = self.paragraph_at(offset)
        if paragraph is None:
            return None
        return next((s for s in self.sentences(paragraph) if s.start <= offset < s.end), paragraph)

    def span(self, start: int, end: int) -> Passage | None:
        """A passage for an arbitrary span (a highlight), numbered by its paragraph."""
        paragraph = self.paragraph_at(start)
        if paragraph is None:
            return None
        return Passage(start, end, paragraph.block, paragraph.paragraph)

    def paragraph_index(self, offset: int) -> int:
        return max(0, bisect_right(self._paragraph_starts, offset) - 1)

    def next_paragraph(self, offset: int, step: int) -> Passage | None:
        if not self.paragraphs:
            return None
        i = self.paragraph_index(offset) + step
        if offset < self.paragraphs[0].start and step > 0:
            i = 0
        return self.paragraphs[min(max(i, 0), len(self.paragraphs) - 1)]

    def next_sentence(self, current: Passage, step: int) -> Passage | None:
        """The sentence after (step=1) or before (step=-1) ``current``, crossing paragraphs.
        A cursor that is no sentence first becomes one: from a paragraph, forward is its
        first sentence (no sentence is skipped); from a few words inside a sentence (a
        search's match), either way is that sentence."""
        if not self.paragraphs:
            return None
        pi = self.paragraph_index(current.start)
        sentences = self.sentences(self.paragraphs[pi])
        here = next((s for s in sentences if s.start <= current.start < s.end), None)
        narrower = here is not None and current.end <= here.end
        if (
            here is not None
            and (here.start, here.end) != (current.start, current.end)
            and (narrower or (step > 0 and here.start == current.start))
        ):
            return here
        if step > 0:
            for s in sentences:
                if s.start > current.start:
                    return s
            if pi + 1 < len(self.paragraphs):
                return self.sentences(self.paragraphs[pi + 1])[0]
            return sentences[-1] if sentences else None
        for s in reversed(sentences):
            if s.start < current.start:
                return s
        if pi > 0:
            return self.sentences(self.paragraphs[pi - 1])[-1]
        return sentences[0] if sentences else None

    def word_count(self) -> int:
        """The words of every paragraph, as shown."""
        self.paragraphs  # noqa: B018 - a survey counts them
        return self._words
