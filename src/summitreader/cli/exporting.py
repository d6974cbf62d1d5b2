"""Commands that move highlights in and out: export (Markdown, W3C, templates) and import."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summitreader.cli import args as cli_args
from summitreader.cli.common import _documents, _err, _store, command
from summitreader.errors import SummitError


@command(
    "export",
    "[PATH ...] [--format markdown|w3c] [-o FILE | --out-dir DIR]\n"
    "                           [--group-by doc|tag] [--sort position|created] [--tag T ...]\n"
    "                           [--template FILE | --print-template]",
    "export highlights (to stdout)",
    arguments=cli_args.export_arguments,
)
def cmd_export(args: argparse.Namespace) -> int:
    from summitreader.annotations.tags import normalise_tag
    from summitreader.export.files import export_to_directory, write_export
    from summitreader.export.markdown import render_markdown
    from summitreader.export.selection import DocumentHighlights, ExportOptions, select, to_export
    from summitreader.export.template import BUILT_IN, load_template, template_text

    if args.print_template:
        sys.stdout.write(template_text(BUILT_IN))
        return 0
    if args.out_dir and (args.output or args.format == "w3c"):
        raise SummitError("--out-dir writes Markdown files itself: use it without -o and --format")
    if args.template and args.format == "w3c":
        raise SummitError("--template writes Markdown: use it without --format w3c")
    template = load_template(Path(args.template).expanduser()) if args.template else None
    tags = tuple(normalise_tag(t) for t in args.tag)
    options = ExportOptions(args.group_by, args.sort, tags, template)
    with _store(args) as store:
        docs, _ = _documents(args, store)
        items = [DocumentHighlights(d, store.for_source(d.source)) for d in docs]
    items = to_export(items, options) if len(items) > 1 or args.out_dir else select(items, options)
    count = sum(len(i.annotations) for i in items)
    if args.out_dir:
        result = export_to_directory(items, Path(args.out_dir).expanduser(), options)
        for path in result.files:
            print(path)
        files = len(result.files)
        kept = f", {result.unchanged} unchanged" if result.unchanged else ""
        _err(f"exported {count} highlights to {files} file{'s' if files != 1 else ''}{kept}")
        return 0
    if args.format == "w3c":
        from summitreader.export import w3c

        paths_by_id = {i.document.source.sha256: i.document.source.where for i in items}
        records = [r for i in items for r in i.annotations]
        text = w3c.dumps(w3c.to_collection(records, paths_by_id))
    else:
        text = render_markdown(items, options)
    if args.output:
        target = write_export(Path(args.output).expanduser(), text)
        _err(f"exported {count} highlights from {len(items)} document(s) to {target}")
    else:
        sys.stdout.write(text)
    return 0
