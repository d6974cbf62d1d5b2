"""The export command: Markdown (updated in place), W3C Web Annotation JSON, templates."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from summitreader.cli import args as cli_args
from summitreader.cli.common import _documents, _err, _store, command
from summitreader.errors import UsageError
from summitreader.text.words import counted

if TYPE_CHECKING:
    from summitreader.cli.export_library import LibraryExport
    from summitreader.export.selection import ExportOptions


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
    output = args.output if args.output not in (None, "-") else None
    folder = Path(output).expanduser().parent if output else None
    folder = Path(args.out_dir).expanduser() if args.out_dir else folder
    missing = _first_missing(folder) if folder is not None else None
    code = _export(args)
    if missing is not None and missing.is_dir():  # a typo in a path is seen at once
        _err(f"made the folder {missing}: it was not there")
    return code


def _first_missing(folder: Path) -> Path | None:
    """The outermost folder of ``folder``'s path that does not exist yet, if any."""
    missing = None
    for place in (folder, *folder.absolute().parents):
        if place.exists():
            return missing
        missing = place
    return missing


def _export(args: argparse.Namespace) -> int:
    from summitreader.annotations.tags import normalise_tag
    from summitreader.export.selection import ExportOptions
    from summitreader.settings.config import load_config

    if args.print_template:
        from summitreader.export.template import BUILT_IN, template_text

        sys.stdout.write(template_text(BUILT_IN))
        return 0
    if args.output == "-":
        args.output = None  # "-o -": standard output, as other tools read it
    if args.out_dir and (args.output or args.format == "w3c"):
        raise UsageError("--out-dir writes Markdown files itself: use it without -o and --format")
    if args.template and args.format == "w3c":
        raise UsageError("--template writes Markdown: use it without --format w3c")
    if args.full_text and (args.template or args.format == "w3c" or args.group_by == "tag"):
        raise UsageError(
            "--full-text writes the text in its own order: use it without --template, "
            "--format w3c and --group-by tag"
        )
    config = load_config()
    if config.error:
        _err(config.error)
    template = None
    if args.template:
        from summitreader.export.template import load_template

        template = load_template(Path(args.template).expanduser())
    tags = tuple(normalise_tag(t) for t in args.tag)
    flavor = args.flavor or config.export_flavor
    options = ExportOptions(
        args.group_by, args.sort, tags, template, flavor, config.export_deleted, args.full_text
    )
    if args.format == "w3c":
        from summitreader.cli.export_w3c import export_w3c  # not the Markdown modules

        return export_w3c(args, options)
    from summitreader.cli.export_library import can_cache, library_markdown
    from summitreader.export.files import describe, export_file, export_to_directory, unique
    from summitreader.export.markdown import render_markdown
    from summitreader.export.selection import DocumentHighlights, select, to_export

    with _store(args) as store:
        docs, _ = _documents(args, store)
        if len(docs) > 1 and not args.out_dir and can_cache(options):
            done = library_markdown(store, docs, options)
            if done is not None:
                return _write_library(args, done, options)
        items = unique([DocumentHighlights(d, store.for_source(d.source)) for d in docs])
    items = to_export(items, options) if len(items) > 1 or args.out_dir else select(items, options)
    count = sum(len(i.annotations) for i in items)
    if args.out_dir:
        result = export_to_directory(items, Path(args.out_dir).expanduser(), options, args.force)
        for written in result.files:
            print(written.path)
        _err(
            f"exported {counted(count, 'highlight')} to {counted(len(result.files), 'file')}"
            f"{describe(result.files)}"
        )
        return 0
    text = render_markdown(items, options)
    if args.output:
        target = Path(args.output).expanduser()
        written = export_file(target, text, count, options, args.force)
        _err(
            f"exported {counted(count, 'highlight')} from {_documents_n(items)} to {target}"
            f"{describe([written])}"
        )
    else:
        sys.stdout.write(text)
    return 0


def _write_library(args: argparse.Namespace, done: LibraryExport, options: ExportOptions) -> int:
    """``export`` of several documents, made by ``library_markdown``: written as any."""
    from summitreader.export.files import describe, export_file

    try:
        if args.output:
            target = Path(args.output).expanduser()
            written = export_file(target, done.text, done.count, options, args.force, done.cache)
            _err(
                f"exported {counted(done.count, 'highlight')} from "
                f"{counted(done.documents, 'document')} to {target}{describe([written])}"
            )
        else:
            sys.stdout.write(done.text)
    finally:
        done.cache.save()
    return 0


def _documents_n(items: list) -> str:
    return counted(len(items), "document")
