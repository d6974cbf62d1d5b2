"""The export command: Markdown (updated in place), W3C Web Annotation JSON, templates."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summitreader.cli import args as cli_args
from summitreader.cli.common import _documents, _err, _store, command
from summitreader.errors import SummitError


@command(
    "export",
    "[PATH ...] [--format markdown|w3c] [-o FILE | --out-dir DIR] [--force]\n"
    "                           [--flavor obsidian|logseq|commonmark] [--full-text]\n"
    "                           [--group-by doc|tag] [--sort position|created] [--tag T ...]\n"
    "                           [--template FILE | --print-template]",
    "export highlights (to stdout); files are updated in place",
    arguments=cli_args.export_arguments,
)
def cmd_export(args: argparse.Namespace) -> int:
    from summitreader.annotations.tags import normalise_tag
    from summitreader.export.files import describe, export_file, export_to_directory, unique
    from summitreader.export.markdown import render_markdown
    from summitreader.export.selection import DocumentHighlights, ExportOptions, select, to_export
    from summitreader.export.template import BUILT_IN, load_template, template_text
    from summitreader.settings.config import load_config

    if args.print_template:
        sys.stdout.write(template_text(BUILT_IN))
        return 0
    if args.out_dir and (args.output or args.format == "w3c"):
        raise SummitError("--out-dir writes Markdown files itself: use it without -o and --format")
    if args.template and args.format == "w3c":
        raise SummitError("--template writes Markdown: use it without --format w3c")
    if args.full_text and (args.template or args.format == "w3c" or args.group_by == "tag"):
        raise SummitError(
            "--full-text writes the text in its own order: use it without --template, "
            "--format w3c and --group-by tag"
        )
    config = load_config()
    if config.error:
        _err(config.error)
    template = load_template(Path(args.template).expanduser()) if args.template else None
    tags = tuple(normalise_tag(t) for t in args.tag)
    flavor = args.flavor or config.export_flavor
    options = ExportOptions(
        args.group_by, args.sort, tags, template, flavor, config.export_deleted, args.full_text
    )
    with _store(args) as store:
        docs, _ = _documents(args, store)
        items = unique([DocumentHighlights(d, store.for_source(d.source)) for d in docs])
    items = to_export(items, options) if len(items) > 1 or args.out_dir else select(items, options)
    count = sum(len(i.annotations) for i in items)
    if args.out_dir:
        result = export_to_directory(items, Path(args.out_dir).expanduser(), options, args.force)
        for written in result.files:
            print(written.path)
        _err(
            f"exported {_count(count, 'highlight')} to {_count(len(result.files), 'file')}"
            f"{describe(result.files)}"
        )
        return 0
    if args.format == "w3c":
        from summitreader.export import w3c

        paths_by_id = {i.document.source.sha256: i.document.source.where for i in items}
        records = [r for i in items for r in i.annotations]
        text = w3c.dumps(w3c.to_collection(records, paths_by_id))
    else:
        text = render_markdown(items, options)
    if args.output:
        target = Path(args.output).expanduser()
        if args.format == "w3c":
            from summitreader.export.files import write_export

            write_export(target, text)
            _err(f"exported {_count(count, 'highlight')} from {_documents_n(items)} to {target}")
        else:
            written = export_file(target, text, count, options, args.force)
            _err(
                f"exported {_count(count, 'highlight')} from {_documents_n(items)} to {target}"
                f"{describe([written])}"
            )
    else:
        sys.stdout.write(text)
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _documents_n(items: list) -> str:
    return _count(len(items), "document")
