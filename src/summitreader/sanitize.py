"""Make content inert: control characters become visible symbols, one for one.

The mapping is one code point to one code point, so offsets into the text stay
valid for the sanitised string. Tabs and newlines become spaces because the
reading view reflows paragraphs.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        table[code] = chr(0x2400 + code)  # ␀ … ␟ (Control Pictures)
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):
        table[code] = "\ufffd"
    for ch in _BIDI:
        table[ord(ch)] = "\u2194"  # ↔ marks a direction control
    for ch in "\u2028\u2029\u0085":
        table[ord(ch)] = "\u23ce"  # ⏎ unusual line breaks
    table[ord("\t")] = " "
    table[ord("\n")] = " "
    table[ord("\r")] = " "
    return table


DISPLAY_TABLE = _build_table()
_NEEDS_TABLE = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in DISPLAY_TABLE if c != ord("\n")) + "]"
)


def visible(text: str) -> str:
    """Return ``text`` with every control shown as a symbol; same length.

    Most prose holds no control but newlines, and ``str.replace`` is many
    times faster than ``translate`` with a table, which matters for a book.
    """
    if _NEEDS_TABLE.search(text) is None:
        return text.replace("\n", " ")
    return text.translate(DISPLAY_TABLE)


def excerpt(text: str, limit: int = 140) -> str:
    """One line of at most ``limit`` characters, controls shown, for lists and messages."""
    flat = " ".join(visible(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
