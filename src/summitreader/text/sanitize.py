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
    # A zero-width joiner makes terminals join cells each its own way (tmux takes the next
    # character into the cell before), so the columns after it move; a zero-width space
    # is zero-width everywhere, and is what rich measured.
    table[0x200D] = "\u200b"
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


# In an export: every C0 control but tab and newline, DEL and the C1 controls. A note
# holding ESC ]52;… would otherwise reach a terminal that shows the file (cat, less -R,
# a pager) as a command. And the bidi embeddings and overrides (not the marks and
# isolates right-to-left writing uses): an override turns the rest of a line round in
# Obsidian, and hides what a line says ("Trojan Source").
_EXPORT_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def inert_export(text: str) -> str:
    """Markdown with each control shown as its symbol (␛, ␇, ␡; C1 as �; an override
    as ↔), one for one."""
    return _EXPORT_CONTROLS.sub(lambda m: DISPLAY_TABLE[ord(m.group())], text)


_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029]")


def inert_json(text: str) -> str:
    """JSON with DEL, the C1 controls and the Unicode line separators as ``\\u`` escapes,
    which json.dumps leaves raw: the same data, and no raw control in the file."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
