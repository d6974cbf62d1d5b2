"""What you highlight is what you export: the showcase's highlights from code, a table,
lists and quotes export as clean Markdown of what was on screen (a golden file), while the
W3C ``exact`` stays the text's own characters."""

from __future__ import annotations

from markdown_it import MarkdownIt

from summitreader.export.markdown import render_markdown
from summitreader.export.selection import ExportOptions
from summitreader.export.template import built_in_template
from summitreader.export.w3c import to_annotation
from tests.support.corpus import SHOWCASE
from tests.support.export_checks import golden, showcase_items, split_front_matter

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def test_the_showcase_exports_as_its_golden_file():
    assert render_markdown(showcase_items()) == golden("showcase.md", SHOWCASE)


def test_the_shipped_template_writes_the_same_file():
    options = ExportOptions(template=built_in_template())
    assert render_markdown(showcase_items(), options) == golden("showcase.md", SHOWCASE)


def test_each_quote_reads_back_as_the_construct_it_came_from():
    _, body = split_front_matter(render_markdown(showcase_items()))
    tokens = MD.parse(body)
    inside = []  # (token type, depth of blockquotes) for everything inside a quote
    depth = 0
    for tok in tokens:
        depth += tok.type == "blockquote_open"
        depth -= tok.type == "blockquote_close"
        if depth:
            inside.append((tok.type, depth, tok.info, tok.content))
    assert max(d for _, d, _, _ in inside) == 1  # the source's nested quote left no marker
    fences = [(info, content) for kind, _, info, content in inside if kind == "fence"]
    assert [info for info, _ in fences] == ["python"]
    assert '        return f"Hello' in fences[0][1]  # its indentation kept
    assert sum(kind == "bullet_list_open" for kind, *_ in inside) == 3  # nested twice
    html = MD.render(body)
    assert "<code>if name:</code>" in html and "<em>emphasis</em>" in html
    assert '<a href="https://example.org/reference">reference link</a>' in html
    assert "Escaped | pipe | yes | 3" in html  # a row's cells, its escaped pipe a pipe
    assert "\\" not in html and "&gt;" not in html  # no escape or marker shown as text


def test_the_w3c_exact_stays_the_source_slice():
    [item] = showcase_items()
    text = item.document.source.text
    for record in item.annotations:
        exact = to_annotation(record, {})["target"]["selector"][0]["exact"]
        position = record["position"]
        assert exact == text[position["start"] : position["end"]]
    exacts = [r["quote"]["exact"] for r in item.annotations]
    assert "> > And a quote" in exacts[-1] and exacts[3].startswith("| Code |")
