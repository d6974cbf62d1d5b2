"""The command line. Only ``open`` imports Textual, so the other commands start fast."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from summitreader import __version__, paths
from summitreader.document import Document, open_documents
from summitreader.errors import SummitError

COMMANDS = ("open", "list", "export")
USAGE = """\
summitreader [--db PATH] [PATH ...]            read and annotate (default: the sample corpus)
       summitreader list [--db PATH] [PATH ...]       documents, metadata, highlight counts
       summitreader export [--db PATH] [PATH ...] [--format markdown] [-o FILE]
       summitreader --version | --help"""
EPILOG = """\
PATH may be files or folders. With no PATH, the bundled sample corpus is used.
The store is --db PATH, else $SUMMITREADER_DB, else the user data directory.
The config is $SUMMITREADER_CONFIG, else config.toml in the user config directory.
Exit codes: 0 success, 1 error, 2 usage error."""


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", help="annotation store (default: $SUMMITREADER_DB)")
    common.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")

    top = argparse.ArgumentParser(
        prog="summitreader",
        usage=USAGE,
        description="A terminal reader and annotator for articles.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"summitreader {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("open", parents=[common], help="read and annotate (the default)")
    sub.add_parser("list", parents=[common], help="list documents with metadata and counts")
    export = sub.add_parser("export", parents=[common], help="export highlights (to stdout)")
    export.add_argument("--format", choices=["markdown"], default="markdown")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    return top


def _with_command(argv: list[str]) -> list[str]:
    """Put the command first; with none given, ``open`` is implied."""
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            break
        if token in ("--db", "-o", "--output", "--format"):
            i += 2
            continue
        if not token.startswith("-") or token == "-":
            if token in COMMANDS:
                return [token, *argv[:i], *argv[i + 1 :]]
            break
        i += 1
    if any(a in ("-h", "--help", "--version") for a in argv[:i]):
        return argv
    return ["open", *argv]


def _err(message: str) -> None:
    print(f"summitreader: {message}", file=sys.stderr)


def _documents(
    args: argparse.Namespace, *, report: bool = True
) -> tuple[list[Document], list[str]]:
    """Load the PATHs; files that cannot be read are reported, the others still open."""
    docs, problems = open_documents(args.paths or [paths.bundled_corpus()])
    if report or not docs:
        for problem in problems:
            _err(problem)
    if not docs:
        raise SummitError("no readable documents" + (" (see above)" if problems else ""))
    return docs, problems


def _open_store(args: argparse.Namespace):  # -> Store, imported lazily to keep --help fast
    from summitreader.store import Store

    return Store(paths.store_path(args.db))


def cmd_list(args: argparse.Namespace) -> int:
    docs, _ = _documents(args)
    store = _open_store(args)
    try:
        counts = store.count_by_source()
        for doc in docs:
            meta = doc.meta
            n = counts.get(doc.source.sha256, 0)
            details = [
                meta.author or "unknown author",
                meta.date or "no date",
                f"{doc.word_count} words",
                f"{n} highlight{'s' if n != 1 else ''}",
            ]
            print(doc.title)
            print("  " + " · ".join(details))
            print(f"  {doc.source.path}")
    finally:
        store.close()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from summitreader.export_markdown import DocumentHighlights, render_markdown, write_export

    docs, _ = _documents(args)
    store = _open_store(args)
    try:
        items = [DocumentHighlights(d, store.for_source(d.source)) for d in docs]
    finally:
        store.close()
    if len(items) > 1:
        items = [i for i in items if i.annotations] or items
    text = render_markdown(items)
    if args.output:
        target = write_export(Path(args.output).expanduser(), text)
        count = sum(len(i.annotations) for i in items)
        _err(f"exported {count} highlights from {len(items)} document(s) to {target}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from summitreader.config import load_config

    docs, problems = _documents(args, report=False)  # shown inside the app instead
    config = load_config()
    store = _open_store(args)
    from summitreader.tui.app import SummitApp

    single = len(docs) == 1 and bool(args.paths)
    app = SummitApp(docs, store, config, open_single=single, problems=problems)
    try:
        app.run()
    finally:
        store.close()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(_with_command(list(sys.argv[1:] if argv is None else argv)))
    handler = {"open": cmd_open, "list": cmd_list, "export": cmd_export}[args.command]
    try:
        return handler(args)
    except SummitError as exc:
        _err(str(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line, not a traceback
        if os.environ.get("SUMMITREADER_DEBUG"):
            raise
        _err(
            f"unexpected error: {type(exc).__name__}: {exc} (set SUMMITREADER_DEBUG=1 for details)"
        )
        return 1
