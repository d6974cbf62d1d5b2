"""Where the reader is, kept the way a highlight is kept: an offset and the words there.

An offset alone points at other words once the text above it is edited; with a short
quote of the words at the top of the pane (and their context), the position is found
again by the same anchoring as a highlight, and follows the text it was on.
"""

from __future__ import annotations

from typing import Any

MARK_LENGTH = 48  # characters of the text kept with the position


def mark(text: str, offset: int) -> dict[str, Any]:
    """The words at ``offset``, as selectors (stored with the reading state)."""
    from summitreader.annotations.anchoring import selectors  # not to open a text

    offset = max(0, min(offset, len(text)))
    end = min(len(text), offset + MARK_LENGTH)
    quote, position = selectors(text, offset, end)
    return {"quote": quote, "position": position}


def follow(
    text: str, marked: dict[str, Any] | None, fallback: int, *, old_text: str | None = None
) -> int:
    """Where the marked words are in ``text`` now; ``fallback`` if they are gone.
    ``old_text`` is the text they were marked in, if known (see ``locate``)."""
    if not marked:
        return min(fallback, len(text))
    from summitreader.annotations.anchoring import locate

    try:
        found = locate(text, marked["quote"], marked["position"], old_text=old_text)
    except (KeyError, TypeError):
        return min(fallback, len(text))
    if found.status == "orphaned":
        return min(fallback, len(text))
    return found.start
