"""Markdown texts whose first chunk matters (long ones, and one whose first fence runs
past the first chunk's end), and blocks as comparable values."""

from __future__ import annotations

from summitreader.text.block import Table
from summitreader.text.markdown_blocks import FIRST_CHUNK

SECTION = """## Part {n}

A paragraph with *emphasis* and a [link](https://example.org/{n}).

| a | b |
|:--|--:|
| {n} | two |

- one
  - nested {n}
- [x] done

> a quote
"""


def long_text(sections: int = 120) -> str:
    return "# Title\n\n" + "".join(SECTION.format(n=n) for n in range(sections))


def fenced_across_the_first_chunk() -> str:
    """A fence opened before the first chunk's end and closed well after it: the chunk is
    parsed again, longer, and its blocks depend on characters past the first end."""
    head = "".join(f"Paragraph {n} of ordinary words.\n\n" for n in range(FIRST_CHUNK // 60))
    code = "".join(f"line {n} of code\n\n" for n in range(FIRST_CHUNK // 10))
    return head + "```\n" + code + "```\n\nAfter the fence.\n\n" + long_text(20)


def plain(blocks: list) -> list[tuple]:
    """Blocks as comparable values (a table's rows share one object, compared by fields)."""
    out = []
    for b in blocks:
        extra = b.extra
        if isinstance(extra, Table):
            extra = ("table", extra.first, extra.rows, tuple(extra.aligns))
        out.append((b.kind, b.start, b.end, b.level, b.lead, b.cont, b.gap, b.segs, extra))
    return out
