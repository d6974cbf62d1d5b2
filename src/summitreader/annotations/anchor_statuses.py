"""What anchoring can say of a highlight, apart from the anchoring itself: the records'
checks read them as a store opens, which need not import the anchoring (it re-anchors
only a changed text)."""

from __future__ import annotations

STATUSES = ("anchored", "moved", "fuzzy", "orphaned")
