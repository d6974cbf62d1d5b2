"""Scripts written without spaces between words, which a word count must see apart.

Thai, Lao, Myanmar, Khmer, kana and Han: a run of them is not one word. Two of their
characters count as a word, about what a reader's reading speed takes them for. Korean
is written with spaces, so Hangul is not among them.
"""

from __future__ import annotations

import re

DENSE_RANGES = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)
_PATTERNS = {  # compiled when first used: their wide ranges take milliseconds at start-up
    "DENSE": rf"[{DENSE_RANGES}]",
    "NOT_DENSE": rf"[^{DENSE_RANGES}]+",
    "SPACED_WORD": rf"[^\W{DENSE_RANGES}]+",  # a run of letters of a spaced script
    # the dense scripts' characters with their punctuation (。、「」, fullwidth forms):
    # what is left between them is the spaced words
    "DENSE_OR_ITS_MARKS": rf"[{DENSE_RANGES}\u3000-\u303f\uff00-\uffef]+",
}
DENSE: re.Pattern[str]
NOT_DENSE: re.Pattern[str]
SPACED_WORD: re.Pattern[str]
DENSE_OR_ITS_MARKS: re.Pattern[str]


def __getattr__(name: str) -> re.Pattern[str]:
    if name not in _PATTERNS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    pattern = globals()[name] = re.compile(_PATTERNS[name])
    return pattern


# UTF-8's first byte of every dense character (E0 is Indic's too: a hint, not an answer)
DENSE_LEAD_BYTES = (b"\xe0", b"\xe1", *(bytes([b]) for b in range(0xE3, 0xEA)), b"\xef")
