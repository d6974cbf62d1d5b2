"""The tags an export wrote are read back from its blocks by one pattern; it was made ten
times faster by looking at the "#" before what precedes it. It must find what the pattern
it replaced found, in any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.export.front_matter import tags_written

# the pattern before: the character before the "#" looked at first
LOOK_BEHIND_FIRST = re.compile(r"(?<![\w\\#])#([^\s#\\\]\[,]+)")
PIECES = st.sampled_from(["#", "##", "\\", "a", "é", "_", " ", "\n", ",", "[", "]", "t3", "·", "-"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_the_tags_found_are_those_the_earlier_pattern_found(text):
    assert tags_written(text) == set(LOOK_BEHIND_FIRST.findall(text))


def test_a_tag_after_a_word_a_backslash_or_a_hash_is_not_one():
    assert tags_written("#a x#b \\#c ##d #e,f [#g]") == {"a", "e", "g"}
