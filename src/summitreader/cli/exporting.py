"""Commands that move highlights in and out: export (Markdown, W3C, templates) and import."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from summitreader.cli import args as cli_args
from summitreader.cli.common import _documents, _err, _store, command
from summitreader.errors import SummitError
from summitreader.settings import paths

if TYPE_CHECKING:
    from summitreader.export.selection import ExportOptions


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
    if args.format == "w3c":
        return _export_w3c(args, options)
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
    text = render_markdown(items, options)
    if args.output:
        target = write_export(Path(args.output).expanduser(), text)
        _err(f"exported {count} highlights from {len(items)} document(s) to {target}")
    else:
        sys.stdout.write(text)
    return 0


def _export_w3c(args: argparse.Namespace, options: ExportOptions) -> int:
    """W3C Web Annotation JSON, a text at a time: the store lets go of each text's
    highlights once they are written, so 100,000 of them are never in memory at once."""
    from summitreader.export import w3c
    from summitreader.export.selection import DocumentHighlights, select
    from summitreader.fsio import atomic_write_chunks, shared_mode

    with _store(args) as store, w3c.CollectionWriter() as writer:
        docs, _ = _documents(args, store)
        # A highlight no longer found in its text is exported against the one it was made
        # on, named by its path when that text is one of these.
        paths = {d.source.sha256: d.source.where for d in docs}
        having = 0
        for doc in docs:
            [item] = select([DocumentHighlights(doc, store.for_source(doc.source))], options)
            store.release()
            writer.add(item.annotations, paths)
            having += bool(item.annotations)
        if not args.output:
            for chunk in writer.chunks():
                sys.stdout.buffer.write(chunk)
            return 0
        target = Path(args.output).expanduser()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_chunks(target, writer.chunks(), shared_mode(target))
        except OSError as exc:
            raise SummitError(f"cannot write {target}: {exc.strerror or exc}") from None
    _err(f"exported {writer.total} highlights from {max(1, having)} document(s) to {target}")
    return 0


@command(
    "import",
    "FILE.json [PATH ...]",
    "Web Annotation JSON, without duplicates",
    takes_paths=False,
    arguments=cli_args.import_arguments,
)
def cmd_import(args: argparse.Namespace) -> int:
    from summitreader.export import w3c
    from summitreader.library.importing import import_annotations
    from summitreader.sources.files import expand_paths

    path = Path(args.file).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SummitError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        incoming = w3c.parse(text)
    except w3c.ImportFileError as exc:
        raise SummitError(f"{path}: {exc}; nothing was imported") from None
    named = expand_paths(args.paths or [paths.bundled_corpus()])
    with _store(args) as store:
        try:
            report = import_annotations(store, incoming, named)
        except w3c.ImportFileError as exc:
            raise SummitError(f"{path}: {exc}; nothing was imported") from None
    for note in report.notes:
        _err(note)
    print(f"{path}: {report.summary()}")
    return 0
