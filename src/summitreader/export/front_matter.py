"""The front of an exported file (YAML front matter, or a Logseq page's properties),
updated key by key: summitreader rewrites its own keys and leaves every other line as
the user wrote it.

Keys with nothing to say are left out (no ``author: ""``). Tags the user added to the
``tags`` key stay: the tags summitreader wrote before are known from the blocks it
wrote, and whatever else the key holds is the user's. Where the user's tags are, the
entry keeps their order and their form (a block list stays one, each line as written);
summitreader's new tags come at its end.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from summitreader.export.markdown_text import yaml_list, yaml_str

_YAML_KEY = re.compile(r"^([^\s#:\-][^:]*?):(?:[ \t]|\r?$)")
_LOGSEQ_KEY = re.compile(r"^([A-Za-z0-9_.\-]+)::(?:[ \t]|\r?$)")
# A "#" not after a word character, a backslash or another "#": the "#" comes first, and
# the character before it is looked at after, so the search can skip to each "#" (ten
# times faster over the blocks of 100,000 highlights than the look-behind first)
_HASHTAG = re.compile(r"#(?<![\w\\#]#)([^\s#\\\]\[,]+)")
_WRITTEN_TAG_LIST = re.compile(r"^[ \t]*tags::[ \t]*(.*)$", re.M)


class Front(NamedTuple):
    """How one kind of front is read and written."""

    key: re.Pattern[str]
    tags: Callable[[str], list[str]]  # the tags a ``tags`` entry holds
    tag_entry: Callable[[Sequence[str], str], str]  # a ``tags`` entry, written like the 2nd


def _entries(lines: Sequence[str], key: re.Pattern[str]) -> list[tuple[str | None, str]]:
    """Each key with the lines that continue it (lists, folded text); other lines alone."""
    entries: list[tuple[str | None, str]] = []
    for line in lines:
        m = key.match(line)
        if m:
            entries.append((m[1], line))
        elif entries and entries[-1][0] is not None and line[:1] in (" ", "\t", "-"):
            name, text = entries[-1]
            entries[-1] = (name, text + line)
        else:
            entries.append((None, line))
    return entries


def _scalar(item: str) -> str:
    item = item.strip()
    if len(item) >= 2 and item[0] == item[-1] and item[0] in "\"'":
        try:
            return str(json.loads(item)) if item[0] == '"' else item[1:-1].replace("''", "'")
        except ValueError:
            return item[1:-1]
    return item


def yaml_tags(entry: str) -> list[str]:
    """Tags from a YAML ``tags`` entry in any of the forms Obsidian and people write."""
    value = entry.split(":", 1)[1]
    head, _, rest = value.partition("\n")
    head = head.strip()
    if head.startswith("[") and head.endswith("]"):
        items = re.findall(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|[^,\s][^,]*', head[1:-1])
    elif head:
        items = re.split(r"[,\s]+", head)
    else:
        items = [line.strip()[1:] for line in rest.splitlines() if line.strip().startswith("-")]
    return [t for t in (_scalar(i).lstrip("#") for i in items) if t]


def logseq_tags(entry: str) -> list[str]:
    value = entry.split("::", 1)[1]
    items = (item.strip().strip("[]").lstrip("#") for item in value.split(","))
    return [t for t in items if t]


def yaml_tag_entry(tags: Sequence[str], like: str = "") -> str:
    """A ``tags`` entry; a block list when ``like`` is one, its items' lines kept."""
    head, _, rest = like.partition("\n")
    items = [line for line in rest.splitlines(keepends=True) if line.lstrip().startswith("-")]
    if not items or head.split(":", 1)[1].strip():
        return f"tags: {yaml_list(tags)}\n"
    lines = {}
    for line in items:
        lines.setdefault(_scalar(line.strip()[1:]).lstrip("#"), line)
    dash = items[0][: len(items[0]) - len(items[0].lstrip())] + "- "
    return head + "\n" + "".join(lines.get(t) or f"{dash}{yaml_str(t)}\n" for t in tags)


YAML = Front(_YAML_KEY, yaml_tags, yaml_tag_entry)
LOGSEQ = Front(_LOGSEQ_KEY, logseq_tags, lambda tags, _: f"tags:: {', '.join(tags)}\n")


def tags_written(blocks_text: str) -> set[str]:
    """The tags summitreader wrote into its blocks: hashtags, and Logseq ``tags::``."""
    found = set(_HASHTAG.findall(blocks_text))
    for value in _WRITTEN_TAG_LIST.findall(blocks_text):
        found.update(logseq_tags("tags::" + value))
    return found


def merge_front(
    old: Sequence[str], new: Sequence[str], ours: set[str], written: set[str], front: Front
) -> list[str]:
    """The old front's lines with summitreader's keys (``ours``) taken from ``new``:
    replaced in place, dropped when ``new`` leaves them out, added at the end when new."""
    fresh = {k: text for k, text in _entries(new, front.key) if k is not None}
    out: list[str] = []
    placed: set[str] = set()
    for key, text in _entries(old, front.key):
        if key is None or key not in ours:
            out.append(text)
        elif key not in placed:
            placed.add(key)
            text = fresh.get(key, "")
            if key == "tags":
                text = _with_users_tags(text, front.tags(text) if text else [], old, written, front)
            out.append(text)
    for key, text in fresh.items():
        if key not in placed:
            out.append(text)
    return out


def _with_users_tags(
    text: str, ours: list[str], old: Sequence[str], written: set[str], front: Front
) -> str:
    before = next((t for k, t in _entries(old, front.key) if k == "tags"), "")
    had = front.tags(before)
    tags = list(dict.fromkeys([*(t for t in had if t in ours or t not in written), *ours]))
    if all(t in ours for t in tags):
        return text  # no tag of the user's: the entry is summitreader's alone
    return before if tags == had else front.tag_entry(tags, before)
