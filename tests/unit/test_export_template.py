"""User export templates: the built-in format rebuilt from the same fields, Markdown-safe
values, the sandbox, and errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitreader.errors import SummitError
from summitreader.export.markdown import render_markdown
from summitreader.export.selection import DocumentHighlights, ExportOptions
from summitreader.export.template import built_in_template, load_template
from tests.support.export_checks import (
    GOLDEN,
    HOSTILE,
    VARIANTS,
    as_exported,
    blockquotes,
    golden,
    gomez_items,
    hostile_item,
    split_front_matter,
)


def write(tmp_path: Path, text: str, name: str = "t.md.j2") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "options", "quotes"), VARIANTS, ids=[v[0] for v in VARIANTS])
def test_the_shipped_template_writes_every_golden_variant(name, options, quotes):
    options = options._replace(template=built_in_template())
    assert render_markdown(gomez_items(), options) == golden(name)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(HOSTILE, min_size=1, max_size=3), HOSTILE, HOSTILE),
        min_size=1,
        max_size=2,
    ),
    st.sampled_from(["doc", "tag"]),
)
def test_the_shipped_template_equals_the_built_in_format_on_any_text(documents, group_by):
    items = [i for i in (hostile_item(*d) for d in documents) if i is not None]
    if not items:
        return
    plain = ExportOptions(group_by=group_by)
    templated = plain._replace(template=built_in_template())
    assert render_markdown(items, templated) == render_markdown(items, plain)


def test_a_user_template_gets_every_value_escaped_as_markdown_text():
    template = load_template(GOLDEN / "list.md.j2")
    text = render_markdown(gomez_items(), ExportOptions(template=template))
    assert text == (GOLDEN / "gomez-list-template.md").read_text(encoding="utf-8")


def test_raw_and_the_formatting_filters_are_not_escaped_again(tmp_path):
    path = write(
        tmp_path,
        "{{ q }}|{{ q | raw }}\n{{ '# T' }}\n{{ 'a: b' | yaml }}\n{{ ['x'] | yaml }}\n"
        "{{ ['a', 'b/c'] | hashtags }}\n{{ 'l1\\nl2' | blockquote }}",
    )
    template = load_template(path)
    out = template._template.render(q="*em* #h")
    assert out.split("\n") == [
        r"\*em\* \#h|*em* #h",
        r"\# T",
        '"a: b"',
        '["x"]',
        "#a #b/c",
        "> l1",
        "> l2",
    ]


@settings(max_examples=200, deadline=None)
@given(HOSTILE)
def test_a_quote_written_bare_in_a_list_item_stays_one_item_of_its_own_text(quote):
    item = hostile_item([quote], "", "t")
    if item is None:
        return
    template = load_template_text("{% for h in highlights %}- {{ h.quote }}\n{% endfor %}")
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(
        render_markdown([item], ExportOptions(template=template))
    )
    opened = [t.type for t in tokens if t.type.endswith("_open")]
    assert opened.count("list_item_open") == 1
    assert not {"heading_open", "blockquote_open", "fence", "code_block"} & {t.type for t in tokens}
    text = "\n".join(
        "".join(c.content if c.type == "text" else "\n" for c in t.children)
        for t in tokens
        if t.children
    )
    assert text.split() == as_exported(item.annotations[0]["quote"]["exact"]).split()


def load_template_text(text: str):
    from summitreader.export.template import ExportTemplate

    return ExportTemplate(text, "inline.j2")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a\n{% for x in %}\n", "line 2: Expected an expression"),
        ("a\n\n{{ highlights[0].nope }}\n", "line 3: 'dict object' has no attribute 'nope'"),
        ("{{ missing }}", "line 1: 'missing' is undefined"),
        ("x\n{{ ''.__class__.__mro__ }}", "line 2: not allowed in a template: access to attribute"),
        ("{% include '/etc/passwd' %}", "line 1: a template cannot include or import other files"),
        ("{% import 'x.j2' as m %}", "line 1: a template cannot include or import other files"),
        ("{% for i in range(10**9) %}{% endfor %}", "line 1: Range too big"),
    ],
)
def test_a_bad_template_is_a_message_naming_the_file_and_line(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(SummitError) as caught:
        render_markdown(gomez_items(), ExportOptions(template=load_template(path)))
    assert str(caught.value).startswith(f"{path}, {message}")


def test_a_template_that_is_not_text_or_not_there_is_a_message(tmp_path):
    binary = tmp_path / "b.j2"
    binary.write_bytes(b"\xff\xfe{{")
    with pytest.raises(SummitError, match="must be UTF-8"):
        load_template(binary)
    with pytest.raises(SummitError, match=r"cannot read the template .*No such file"):
        load_template(tmp_path / "none.j2")


def test_front_matter_written_with_the_yaml_filter_is_valid_yaml_for_any_title():
    items = gomez_items()
    template = load_template_text(
        "---\ntitle: {{ document.title | yaml }}\ntags: {{ document.tags | yaml }}\n---\n"
        "{% for h in highlights %}\n\n{{ h.quote | blockquote }}\n{% endfor %}"
    )
    text = render_markdown(items, ExportOptions(template=template))
    fm, body = split_front_matter(text)
    assert fm == {"title": items[0].document.title, "tags": ["key-point", "reciprocity"]}
    assert len(blockquotes(body)) == 2


def test_items_without_highlights_still_render(tmp_path):
    item = DocumentHighlights(gomez_items()[0].document, [])
    template = load_template_text("{{ document.title }}: {{ highlights | length }}")
    assert render_markdown([item], ExportOptions(template=template)) == (
        "The Second Trump-Kim Summit: The Devil Is in the Details: 0\n"
        "<!-- summitreader: written by a template, and replaced whole on export -->\n"
    )
