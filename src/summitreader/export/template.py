"""User export templates (``--template FILE``): Jinja2, sandboxed, Markdown-safe by default.

A template sees the same fields the built-in format writes (the shipped
``templates/markdown.md.j2`` rebuilds the built-in output from them, and a test holds
the two equal). Every ``{{ value }}`` is escaped as Markdown text unless a filter has
already formatted it (``blockquote``, ``yaml``, ``yaml_date``, ``hashtags``) or the template says
``| raw``: text from an article cannot turn into headings, links or HTML by accident.

The environment is sandboxed and has no loader, so a template can neither reach Python
internals nor read other files.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from summitreader.annotations.model import Record, all_tags
from summitreader.errors import SummitError
from summitreader.export.markdown_blocks import managed
from summitreader.export.markdown_text import (
    block_keys,
    blockquote,
    date_value,
    highlight_markdown,
    location_text,
    paragraphs,
    quoted,
    reference,
    section_of,
    short_id,
    shown_markdown,
    source_link,
    yaml_list,
    yaml_str,
)
from summitreader.export.selection import UNTAGGED, DocumentHighlights, by_tag
from summitreader.export.user_markdown import note_markdown
from summitreader.fsio import read_regular_file

BUILT_IN = "markdown.md.j2"
TEMPLATE_LIMIT = 1_000_000  # bytes: a template is a page or two


class Markdown(str):
    """Text already formatted for the output: the template writes it as it is."""


def _finalize(value: Any) -> Any:
    if isinstance(value, Markdown) or not isinstance(value, str):
        return value
    return paragraphs(value)  # each line escaped: literal text in any Markdown context


def _hashtags(tags: Sequence[str]) -> Markdown:
    return Markdown(" ".join(f"#{t}" for t in tags))


FILTERS = {
    "blockquote": lambda text: Markdown(
        quoted(text) if isinstance(text, Markdown) else blockquote(text)
    ),
    "yaml": lambda value: Markdown(
        yaml_list(value) if isinstance(value, list) else yaml_str(value)
    ),
    "yaml_date": lambda value: Markdown(date_value(value)),
    "hashtags": _hashtags,
    "raw": Markdown,
    # {% filter managed(key) %}...{% endfilter %}: a block updated in place on export
    "managed": lambda body, key: Markdown(managed(str(key), str(body))),
}


def highlight_fields(
    item: DocumentHighlights, record: Record, block_id: str, flavor: str
) -> dict[str, Any]:
    doc = item.document
    start, end = record["position"]["start"], record["position"]["end"]
    status = record.get("anchor", "anchored")
    paragraph, line = doc.location(start) if status != "orphaned" else (None, None)
    note = record.get("note", "").strip()
    shown_id = block_id if flavor == "obsidian" else None
    return {
        "id": record["id"],
        "short_id": short_id(record["id"]),
        "block_id": block_id,
        "quote": record["quote"]["exact"],  # the source slice, as W3C's ``exact``
        "shown": Markdown(shown_markdown(doc, record)),  # Markdown of what was on screen
        "note": Markdown(note_markdown(note)),  # the user's Markdown, kept inside its block
        "note_text": note,  # the same note as literal text: escaped when written
        "markdown": Markdown(highlight_markdown(doc, record, shown_id)),
        "tags": list(record.get("tags", [])),
        "location": location_text(doc, record),
        "section": section_of(doc, record),
        "paragraph": paragraph,
        "line": line,
        "start": start,
        "end": end,
        "anchor": status,
        "created": record.get("created", ""),
        "modified": record.get("modified", record.get("created", "")),
        "document_title": doc.title,
    }


def document_fields(item: DocumentHighlights, flavor: str = "obsidian") -> dict[str, Any]:
    doc = item.document
    keys = block_keys(item.annotations)
    fields = {r["id"]: highlight_fields(item, r, keys[r["id"]], flavor) for r in item.annotations}
    groups = []
    placed: dict[str, str] = {}
    for tag, records in by_tag(item.annotations):
        first = [r for r in records if r["id"] not in placed]
        references = [
            Markdown(reference(flavor, keys[r["id"]], r, placed[r["id"]]))
            for r in records
            if r["id"] in placed
        ]
        placed.update((r["id"], tag) for r in first)
        groups.append(
            {
                "tag": None if tag == UNTAGGED else tag,
                "highlights": [fields[r["id"]] for r in records],
                "placed": [fields[r["id"]] for r in first],
                "references": references,
            }
        )
    return {
        "title": doc.title,
        "author": doc.meta.author,
        "date": doc.meta.date,
        "source": source_link(doc),
        "source_path": doc.source.where,
        "source_sha256": doc.source.sha256,
        "key": doc.source.sha256[:12],
        "tags": all_tags(item.annotations),
        "highlights": list(fields.values()),
        "groups": groups,
    }


class ExportTemplate:
    """A compiled user template and the file it came from, for messages."""

    def __init__(self, source: str, name: str) -> None:
        from jinja2 import BaseLoader, StrictUndefined, TemplateSyntaxError
        from jinja2.sandbox import SandboxedEnvironment

        self.name = name
        env = SandboxedEnvironment(
            loader=BaseLoader(),  # finds nothing: {% include %} and {% import %} fail
            undefined=StrictUndefined,
            finalize=_finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,
        )
        env.filters.update(FILTERS)
        try:  # compiled under the file's name, so runtime errors trace to its lines
            code = env.compile(source, name=name, filename=name)
        except TemplateSyntaxError as exc:
            raise SummitError(f"{name}, line {exc.lineno}: {exc.message}") from None
        self._template = env.template_class.from_code(env, code, env.make_globals(None))

    def render(
        self,
        items: Sequence[DocumentHighlights],
        group_by: str,
        sort: str,
        flavor: str = "obsidian",
    ) -> str:
        documents = [document_fields(i, flavor) for i in items]
        context = {
            "documents": documents,
            "document": documents[0] if documents else None,
            "highlights": [h for d in documents for h in d["highlights"]],
            "tags": sorted({t for d in documents for t in d["tags"]}),
            "group_by": group_by,
            "sort": sort,
            "flavor": flavor,
        }
        try:
            return self._template.render(context)
        except Exception as exc:  # a template is the user's program: any error is theirs
            raise SummitError(f"{self.name}{self._line()}: {_describe(exc)}") from None

    def _line(self) -> str:
        """The template line of the error being handled, from Jinja's rewritten traceback."""
        tb = sys.exc_info()[2]
        line = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self.name:
                line = tb.tb_lineno
            tb = tb.tb_next
        return f", line {line}" if line else ""


def _describe(exc: Exception) -> str:
    from jinja2 import TemplateNotFound
    from jinja2.exceptions import SecurityError

    if isinstance(exc, TemplateNotFound):
        return "a template cannot include or import other files"
    if isinstance(exc, SecurityError):
        return f"not allowed in a template: {exc}"
    return str(exc) or type(exc).__name__


def load_template(path: Path) -> ExportTemplate:
    """Read and compile ``path``; every problem is a message naming the file."""
    try:
        source = read_regular_file(path, TEMPLATE_LIMIT).decode("utf-8")
    except UnicodeDecodeError:
        raise SummitError(f"{path}: a template must be UTF-8 text") from None
    except OSError as exc:
        raise SummitError(f"cannot read the template {path}: {exc.strerror or exc}") from None
    return ExportTemplate(source, str(path))


def template_text(name: str) -> str:
    return files("summitreader.export").joinpath("templates", name).read_text(encoding="utf-8")


def built_in_template() -> ExportTemplate:
    """The shipped template that writes what the built-in format writes: a starting point."""
    return ExportTemplate(template_text(BUILT_IN), BUILT_IN)
