"""Tag rules: one normal form, so "Key Point", " key-point " and "KEY-POINT" are one tag."""

from __future__ import annotations

import re

from summitreader.errors import SummitError

_ALLOWED = re.compile(r"^[\w/-]+$")


def normalise_tag(raw: str) -> str:
    """Trim, turn inner spaces into '-', lower-case; refuse what breaks a #hashtag."""
    tag = re.sub(r"\s+", "-", raw.strip()).lower().strip("/")
    if not tag:
        raise SummitError("a tag cannot be empty")
    if not _ALLOWED.match(tag):
        bad = sorted({c for c in tag if not (c.isalnum() or c in "_/-")})
        shown = " ".join(repr(c) for c in bad)
        raise SummitError(f"tag {raw.strip()!r} has characters a #hashtag cannot hold: {shown}")
    if tag.isdigit():
        raise SummitError(f"tag {raw.strip()!r} is only digits, which is not a #hashtag")
    return tag


def merge_tags(existing: list[str], *new: str) -> list[str]:
    """Existing tags plus new ones, without duplicates, keeping order."""
    result = list(existing)
    for tag in new:
        if tag not in result:
            result.append(tag)
    return result


def renamed_tag(tag: str, old: str, new: str) -> str:
    """``tag`` after ``old`` is renamed ``new``: the tags nested under ``old`` move with it
    ("method/survey" becomes "approach/survey"), as Obsidian renames them."""
    if tag == old:
        return new
    if tag.startswith(old + "/"):
        return new + tag[len(old) :]
    return tag


def is_under(tag: str, old: str) -> bool:
    """``tag`` is ``old`` or nested under it."""
    return tag == old or tag.startswith(old + "/")
