"""A note is the user's Markdown: exported as written, so its wikilinks, tags, links and
emphasis keep working, yet kept inside its highlight's block.

Nothing in a note may reach past its block: a fence left open would turn the rest of
the file into code, an HTML block opener (a comment, ``<script>``, ``<?``) would swallow
the blocks after it, and an Obsidian ``%%`` comment or ``$$`` formula left open would
hide them. Those are closed or made literal; nothing else is touched.
"""

from __future__ import annotations

import re

from summitreader.text.sanitize import inert_export

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
# HTML block starts (CommonMark types 1-5) that do not end at a blank line.
_HTML_OPENER = re.compile(r"^( {0,3})<(?=(?:script|pre|style|textarea)(?:[\s>]|$)|!|\?)", re.I)
# A line that reads as one of summitreader's own block marks.
_MARK = re.compile(r"^<!-- /?summitreader:")
_SPANNING = ("%%", "$$")  # Obsidian comments and display maths run across blocks
# what any of the above starts with; a note without one is written as it is
_RISKY = re.compile(r"[`~<%$]")


def _closes(fence: str, line: str) -> bool:
    m = _FENCE.match(line)
    return bool(m and m[2][0] == fence[0] and len(m[2]) >= len(fence) and not m[3].strip())


def note_markdown(note: str) -> str:
    """The note as Markdown that ends where it began; empty for a blank note."""
    if not _RISKY.search(note):  # no fence, HTML opener, mark or %% / $$: kept as it is
        kept = inert_export(note).strip("\n").rstrip()
        return kept if kept.strip() else ""
    lines = inert_export(note).strip("\n").rstrip().split("\n")
    out: list[str] = []
    fence = ""
    counts = dict.fromkeys(_SPANNING, 0)
    for line in lines:
        if fence:
            if _closes(fence, line):
                fence = ""
            elif _MARK.match(line):
                line = " " + line  # still the same code, no longer a mark
            out.append(line)
            continue
        if (m := _FENCE.match(line)) and not (m[2][0] == "`" and "`" in m[3]):
            fence = m[2]
        else:
            line = _HTML_OPENER.sub(r"\1\\<", line)
            for token in _SPANNING:
                counts[token] += line.count(token)
        out.append(line)
    if fence:
        out.append(fence)
    out.extend(token for token, n in counts.items() if n % 2)
    return "\n".join(out).strip("\n") if any(line.strip() for line in out) else ""
