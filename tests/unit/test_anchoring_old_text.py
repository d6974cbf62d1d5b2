"""Anchoring given the old text, where the highlight's words stand more than once in the
new one: a copy pasted elsewhere, and the highlight's own paragraph moved as well."""

from __future__ import annotations

from summitreader.annotations.anchoring import locate, selectors
from summitreader.annotations.old_to_new import OldToNew
from summitreader.sources.text import load_source
from tests.support.corpus import GOMEZ, LANDAU

PARAGRAPHS = [
    "The talks opened in Hanoi on a cold morning. Delegates argued about the agenda for hours.",
    "Sanctions relief was the first demand. The envoy said the pledge would hold only if the "
    "border stayed quiet. Nobody in the room believed the timetable.",
    "Reform of the harbor authority came next. The ministers signed a short memo about the "
    "winter schedule.",
    "Later that week the missile tests resumed. Observers called it a setback for everyone.",
    "In the end the summit closed without a joint statement. Both sides promised to meet again.",
]
QUOTE = "The envoy said the pledge would hold only if the border stayed quiet."
OLD = "\n\n".join(PARAGRAPHS) + "\n"


def _joined(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


def _highlight(old: str = OLD) -> tuple[dict[str, str], dict[str, int]]:
    at = old.index(QUOTE)
    return selectors(old, at, at + len(QUOTE))


def _span(text: str, at: int) -> tuple[int, int]:
    return at, at + len(QUOTE)


def test_a_copy_before_the_original_whose_paragraph_moved_is_not_taken_for_it():
    """The quote pasted into the first paragraph, and its own paragraph moved to the end:
    the ordered diff pairs the old span with the copy (it is in order, the original is
    not); the old words around the original, which moved with it, say where it went."""
    first = PARAGRAPHS[0] + " " + QUOTE
    new = _joined([first, *PARAGRAPHS[2:], PARAGRAPHS[1]])
    quote, position = _highlight()
    copy, original = new.index(QUOTE), new.rindex(QUOTE)
    at = OLD.index(QUOTE)
    assert OldToNew(OLD, new).new_span(at, at + len(QUOTE)) == _span(new, copy)
    found = locate(new, quote, position, old_text=OLD)
    assert (found.status, found.start, found.end) == ("moved", *_span(new, original))


def test_a_copy_whose_stored_context_matches_better_is_not_taken_either():
    """The copy is pasted after a sentence ending in the same words as the highlight's
    stored prefix; the original's paragraph moved and the word before it was changed.
    The old words beyond that word still came with the original."""
    moved = PARAGRAPHS[1].replace("the first demand.", "the first request.")
    third = PARAGRAPHS[2].replace("came next.", "was the first demand. " + QUOTE)
    new = _joined([PARAGRAPHS[0], third, PARAGRAPHS[3], moved, PARAGRAPHS[4]])
    quote, position = _highlight()
    copy, original = new.index(QUOTE), new.rindex(QUOTE)
    assert new[copy - len("the first demand. ") : copy] == quote["prefix"][-18:]
    found = locate(new, quote, position, old_text=OLD)
    assert (found.start, found.end) == _span(new, original)


def test_a_copy_pasted_with_the_old_neighbours_makes_an_orphan_not_a_guess():
    """The quote is pasted with the sentences that stood around it, while the moved
    original's neighbours were edited: the copy now carries more of the old text than the
    original does. That is not enough to choose: an orphan, never the copy."""
    moved = (
        PARAGRAPHS[1]
        .replace("Sanctions relief was the first demand.", "Relief came first, they said.")
        .replace(" Nobody in the room", " Few believed it; nobody in the room")
    )
    pasted = "Sanctions relief was the first demand. " + QUOTE + " Nobody in the room believed it."
    third = PARAGRAPHS[2].replace("came next.", "came next. " + pasted)
    new = _joined([PARAGRAPHS[0], third, PARAGRAPHS[3], PARAGRAPHS[4], moved])
    quote, position = _highlight()
    copy, original = new.index(QUOTE), new.rindex(QUOTE)
    selectors_alone = locate(new, quote, position)
    assert (selectors_alone.start, selectors_alone.end) == _span(new, copy)  # their limit
    found = locate(new, quote, position, old_text=OLD)
    assert found.status == "orphaned" or (found.start, found.end) == _span(new, original)


def test_a_copy_at_the_end_of_the_paragraph_before_is_not_the_paragraph_moved():
    """The quote began a paragraph; a copy is appended to the paragraph before it, so the
    copy's prefix is the original's old one, but without the paragraph break between."""
    second = QUOTE + " Nobody in the room believed the timetable."
    old = _joined([PARAGRAPHS[0], second, *PARAGRAPHS[2:]])
    moved = second.replace(" Nobody", " Almost nobody")
    new = _joined([PARAGRAPHS[0] + " " + QUOTE, *PARAGRAPHS[2:], moved])
    quote, position = _highlight(old)
    found = locate(new, quote, position, old_text=old)
    assert (found.status, found.start, found.end) == ("moved", *_span(new, new.rindex(QUOTE)))


NOTES = [
    "The authors write in a personal capacity.",
    "Emily Landau is a senior research fellow at the Institute for National Security "
    "Studies and head of its Arms Control and Regional Security Program.",
    "Shimon Stein is a senior research fellow at the Institute for National Security "
    "Studies and a former ambassador to Germany.",
    "For the full article, see the journal.",
]


def test_a_twin_passage_that_moved_is_not_taken_for_the_deleted_highlight():
    """Two author notes share their middle. The highlighted one is deleted and the other
    moved: the other carries the shared words and their context, but it explains them
    better as its own than the highlight's, so it is an orphan."""
    old = _joined(NOTES)
    words = "a senior research fellow at the Institute for National Security Studies"
    at = old.index(words, old.index("Shimon"))
    quote, position = selectors(old, at, at + len(words))
    new = _joined([NOTES[0], NOTES[3], NOTES[1]])
    assert locate(new, quote, position, old_text=old).status == "orphaned"


def test_agreement_counts_the_old_words_that_came_along():
    first = PARAGRAPHS[0] + " " + QUOTE
    new = _joined([first, *PARAGRAPHS[2:], PARAGRAPHS[1]])
    diff = OldToNew(OLD, new)
    at = OLD.index(QUOTE)
    old_span = (at, at + len(QUOTE))
    original = diff.agreement(old_span, _span(new, new.rindex(QUOTE)))
    assert original is not None and original.clean
    # before: 6 words, then the paragraph break (2) in both; after: 7 words, then a break
    # in the old text and the end of the new one (2); past them the neighbours differ
    assert original.count == 6 + 2 + 7 + 2
    assert diff.agreement(old_span, _span(new, new.index(QUOTE))) == (0, True)
    # letters typed onto the first word: that side agrees in nothing, and it is not clean
    glued = new.replace(QUOTE, "x" + QUOTE)
    x = glued.rindex(QUOTE)
    assert OldToNew(OLD, glued).agreement(old_span, (x, x + len(QUOTE))) == (7 + 2, False)
    other = new.replace(QUOTE, QUOTE.replace("pledge", "promise"))
    assert OldToNew(OLD, other).agreement(old_span, (x, x + len(QUOTE))) is None


def test_agreement_resumes_past_a_small_edit_but_not_past_a_paragraph_break():
    inserted = PARAGRAPHS[1].replace("Nobody in the room", "Truly, nobody at all in the room")
    new = _joined([PARAGRAPHS[0], inserted, *PARAGRAPHS[2:]])
    diff = OldToNew(OLD, new)
    at = OLD.index(QUOTE)
    agreement = diff.agreement((at, at + len(QUOTE)), _span(new, new.index(QUOTE)))
    agree = agreement.count if agreement else None
    # before: 6 words and on into the first paragraph (its 17 words and the break between);
    # after: "in the room believed the timetable." (6) once the edit is passed, then the
    # break and the next paragraph (up to AGREE words a side in all)
    assert agree is not None and agree > 6 + 2 + 17 + 6
    short = (
        PARAGRAPHS[1]
        .replace("believed the timetable.", "cared.")
        .replace("Nobody in the room", "Nobody")
    )
    old = _joined([PARAGRAPHS[0], short, *PARAGRAPHS[2:]])
    pasted = _joined([PARAGRAPHS[0], short, QUOTE + " " + PARAGRAPHS[2], *PARAGRAPHS[3:]])
    at, copy = old.index(QUOTE), pasted.rindex(QUOTE)
    # the copy begins the next paragraph: two words ("Nobody cared.") and a paragraph
    # break past the original's end, the old words go on after it; that is no small edit
    assert old[at + len(QUOTE) :].split()[2:5] == pasted[copy + len(QUOTE) :].split()[:3]
    assert OldToNew(old, pasted).agreement((at, at + len(QUOTE)), _span(pasted, copy)) == (0, True)


def test_a_twin_passage_edited_is_not_taken_for_the_highlight_whose_context_was_rewritten():
    """The Landau article's two author notes share "at the [Institute ... (INSS)](#)". The
    highlighted one keeps those words but its context is rewritten on both sides, and a
    letter of the other note's is deleted ("at" now "t"). The edited twin, with its
    context, matches approximately; given the old text, its words stood there already (all
    but one), so it is never taken. (Found by the property test with 20,000 examples.)"""
    old = load_source(LANDAU).text
    words = "at the [Institute for National Security Studies \\(INSS\\)](#)"
    at = old.index(words, old.index("Emily Landau is"))
    quote, position = selectors(old, at, at + len(words))
    twin = old.index("fellow at the", old.index("Shimon Stein is")) + len("fellow ")
    new = old[:twin] + old[twin + 1 :]  # "at" -> "t"
    end = at + len(words)
    new = new[: end + 1] + "summit" + new[end + 17 :]
    new = new[: at - 26] + "summit" + new[at - 1 :]
    truth = new.index(words)
    selectors_alone = locate(new, quote, position)
    assert selectors_alone.status == "fuzzy"  # the limit of the selectors: the twin
    assert new[selectors_alone.start : selectors_alone.end] == words[1:]
    found = locate(new, quote, position, old_text=old)
    assert found.status == "orphaned" or (found.start, found.end) == (truth, truth + len(words))


def test_a_copy_pasted_where_the_old_position_now_falls_is_not_taken_for_the_highlight():
    """The Gomez article's "the second summit" occurs three times. Text is deleted near
    the top, the highlighted one's context is rewritten on both sides, and a copy pasted
    as a paragraph of its own just where the old offset now falls (the deletion moved the
    highlight that far back). The other two stood there already and are never taken; of
    the two left, neither has its context, and the copy is the nearer the old offset. The
    diff says where the old offset went: to the highlight. (Found by the property test.)"""
    old = load_source(GOMEZ).text
    words = "the second summit"
    at = old.index(words + " with Kim")
    quote, position = selectors(old, at, at + len(words))
    paste = old.index("\n\n*Eric Gomez") + 2
    cut = old.index("Kim Jong-un")
    new = old[:cut] + old[cut + paste - at - 13 :]  # the paste point falls 13 after `at`
    end = new.index(words + " with Kim") + len(words)
    new = new[: end + 1] + "summit" + new[end + 18 :]  # "with Kim to move " rewritten
    start = new.index(words + " summit")
    new = new[: start - 20] + "talks" + new[start - 1 :]  # "s. If Trump can use" too
    truth = new.index(words + " summit")
    paste = new.index("\n\n*Eric Gomez") + 2
    assert abs(paste - at) < abs(truth - at) / 10  # the copy goes near the old offset
    new = new[:paste] + words + "\n\n" + new[paste:]
    assert new.count(words) == 4
    found = locate(new, quote, position, old_text=old)
    assert found.status == "orphaned" or (found.start, found.end) == (truth, truth + len(words))


def test_a_blank_line_paired_across_an_edit_does_not_hide_a_copy_that_stood_there():
    """Text cut from the middle of the Gomez article's first paragraph to the middle of
    its second (the break between them with it), a letter of the third deleted, and the
    highlighted "for the United States" deleted with its paragraph. Another "for the
    United States" stands unchanged in the second paragraph: it stood there already, so
    it is not the highlight. The line diff paired the blank line after the second
    paragraph with the one after the first, setting the second paragraph's words
    against the third's (a stray "the" paired, the copy's run broken), unless equal
    runs of a few words are taken into the changed regions around them."""
    old = load_source(GOMEZ).text
    words = "for the United States"
    at = old.index(words + " to shift")
    quote, position = selectors(old, at, at + len(words))
    cut = old.index("substance to the Singapore"), old.index("administration should take")
    new = old[: cut[0]] + old[cut[1] :]
    new = new.replace("\n\nTrump's primary goal", "\n\nrump's primary goal")
    mine = new.index("It is time " + words)
    new = new[:mine] + new[new.index("\n\n", mine) + 2 :]
    assert new.count(words) == 2
    assert locate(new, quote, position, old_text=old).status == "orphaned"
