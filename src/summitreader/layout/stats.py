"""Figures for the stats screen, drawn as text: bars and a strip of where highlights fall.
No Textual here, so the drawing is tested on its own."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from summitreader.annotations.model import Record

EIGHTHS = " ▏▎▍▌▋▊▉█"
LEVELS = " ▁▂▃▄▅▆▇█"


def tag_counts(records: Iterable[Record]) -> list[tuple[str, int]]:
    """Most used first, then by name."""
    counts = Counter(t for r in records for t in r.get("tags", []))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def bar(value: int, largest: int, width: int) -> str:
    """A horizontal bar of ``width`` cells at most, in eighths of a cell; any value above
    zero shows at least an eighth, so a count of 1 beside 1,000 is still seen."""
    if value <= 0 or largest <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def spread(records: Iterable[Record], length: int, bins: int) -> list[int]:
    """How many highlights start in each of ``bins`` equal stretches of a text."""
    counts = [0] * bins
    if length <= 0 or bins <= 0:
        return counts
    for r in records:
        if r.get("anchor") == "orphaned":
            continue
        start = min(max(r["position"]["start"], 0), length - 1)
        counts[start * bins // length] += 1
    return counts


def strip(counts: Sequence[int]) -> str:
    """One character per stretch, taller where more highlights fall; empty stretches are
    a dot, so the strip's length (the whole text) stays visible."""
    top = max(counts, default=0)
    if top == 0:
        return "·" * len(counts)
    return "".join("·" if c == 0 else LEVELS[max(1, round(c / top * 8))] for c in counts)
