"""The in-place export, tried on random histories: highlights added, deleted, retagged and
annotated in summitreader while the user writes lines anywhere in the file (between
blocks, inside them, at the end, in the front matter), with an export after any step.

After every export: each line the user wrote is there exactly once, each highlight is
exactly one block, a deleted highlight has no live block, and exporting again changes
nothing. 2,000 histories in each run, in every flavour.
"""

from __future__ import annotations

import re

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.export.markdown import render_markdown
from summitreader.export.markdown_text import short_id
from summitreader.export.selection import ExportOptions
from summitreader.export.updating import syntax_of, update
from tests.support.in_place import document, highlight, item

DOC = document()
SLOTS = 12  # paragraphs that can be highlighted

TAGS = st.lists(st.sampled_from(["a", "b", "key-point", "x/y"]), max_size=3, unique=True)
# Notes are the user's Markdown: anything a person types, fences and headings included.
NOTES = st.lists(
    st.sampled_from([*"ab #*_[]()>!-`~=|:\n\t<%$", "```", "---", "<!--", "\n- "]), max_size=20
).map("".join)
# A line the user writes: never starts like summitreader's own marks (see the README).
WORDS = st.text(alphabet=st.sampled_from(list("abcXYZ 0123#*_[]()>!-`:.")), max_size=25)

OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, SLOTS - 1), TAGS, NOTES),
        st.tuples(st.just("delete"), st.integers(0, SLOTS - 1)),
        st.tuples(st.just("retag"), st.integers(0, SLOTS - 1), TAGS),
        st.tuples(st.just("note"), st.integers(0, SLOTS - 1), NOTES),
        st.tuples(st.just("write"), st.integers(0, 10_000), WORDS),
        st.tuples(st.just("front"), WORDS),
        st.tuples(st.just("export")),
    ),
    min_size=1,
    max_size=14,
)


class History:
    def __init__(self, options: ExportOptions, first: dict[int, dict]) -> None:
        self.options = options
        self.syntax = syntax_of(options)
        self.records = first
        self.text = self.render()
        self.mine: list[str] = []  # every line the user wrote, each unique

    def render(self) -> str:
        return render_markdown([item(DOC, self.records)], self.options)

    def export(self) -> None:
        self.text = update(self.text, self.render(), self.options).text
        self.check()

    def write(self, where: int, words: str) -> None:
        """A line of the user's at any line of a Markdown file; in a Logseq page, where
        Logseq would put it: a block or a child block between blocks, or more lines in
        a block (which makes it a block they edited)."""
        line = f"U{len(self.mine)}: {words}".rstrip() + "\n"
        front = len(self.syntax.parse(self.text).front)
        lines = self.text[front:].splitlines(keepends=True)
        places = list(range(len(lines) + 1))
        if self.options.flavor == "logseq":
            between = [i for i in places if i == len(lines) or lines[i].startswith("- ")]
            inside = [i + 1 for i in places[:-1] if lines[i].startswith("- ")]
            places = between + inside
            line = ("- ", "\t- ", "  ")[where % 3 if inside else where % 2] + line
            places = inside if line.startswith("  ") else between
        at = places[where % len(places)]
        self.text = self.text[:front] + "".join(lines[:at]) + line + "".join(lines[at:])
        self.mine.append(line)

    def front(self, words: str) -> None:
        n = len(self.mine)
        if self.options.flavor == "logseq":
            line = f"mine-{n}:: {words.strip() or 'v'}\n"
            self.text = line + self.text
        else:
            line = f"mine_{n}: {yaml_value(words)}\n"
            close = self.text.index("\n---\n", 3) + 1
            self.text = self.text[:close] + line + self.text[close:]
        self.mine.append(line)

    def check(self) -> None:
        text = self.text
        for line in self.mine:
            assert text.count(line) == 1, line
        parsed = self.syntax.parse(text)
        keys = parsed.keys
        assert len(keys) == len(set(keys))
        live = {short_id(r["id"]) for r in self.records.values()}
        edited = {b.key for b, _ in parsed.blocks if b.edited}
        assert live <= set(keys)
        for key in keys:
            if re.fullmatch(r"[0-9a-f]{8}", key):
                assert key in live or key in edited, key
        for key in live:  # no highlight twice, even outside a block
            assert (
                len(
                    re.findall(
                        rf"(?m)^(?:<!-- |  )summitreader:{key} |"
                        rf"^  summitreader:: {key} ",
                        text,
                    )
                )
                == 1
            )
        assert update(text, self.render(), self.options).text == text  # nothing new: no change
        if self.options.flavor != "logseq":
            fm = yaml.safe_load(text[4 : text.index("\n---\n", 3)])
            assert fm["highlights"] == len(self.records) and fm["summitreader"] == 1


def yaml_value(words: str) -> str:
    return '"' + words.replace("\\", "\\\\").replace('"', '\\"') + '"'


@settings(max_examples=2000, deadline=None)
@given(
    st.sampled_from(["obsidian", "commonmark", "logseq"]),
    st.sampled_from(["remove", "strike"]),
    st.sampled_from(["doc", "tag"]),
    st.sets(st.integers(0, SLOTS - 1), max_size=4),
    OPS,
)
def test_no_user_line_is_lost_and_no_highlight_is_doubled(flavor, deleted, group_by, start, ops):
    options = ExportOptions(group_by=group_by, flavor=flavor, deleted=deleted)
    history = History(options, {n: highlight(DOC, n) for n in start})
    for op, *args in ops:
        records = history.records
        if op == "add":
            n, tags, note = args
            records[n] = highlight(DOC, n, tags, note)
        elif op == "delete":
            records.pop(args[0], None)
        elif op in ("retag", "note") and args[0] in records:
            records[args[0]]["tags" if op == "retag" else "note"] = args[1]
        elif op == "write":
            history.write(*args)
        elif op == "front":
            history.front(*args)
        history.export() if op == "export" else None
    history.export()
