"""Pages of a converted PDF: where each begins in its Markdown. Kept apart from the PDF
converter, so that naming a page in an export does not load pdfium, lxml and the rest."""

from __future__ import annotations

from bisect import bisect_right


def page_of(pages: tuple[int, ...], offset: int) -> int:
    """The page (1-based) that holds the Markdown character at ``offset``."""
    if not pages:
        return 1
    return max(1, bisect_right(pages, offset))
