"""The command line. Only ``open`` imports Textual, so the other commands start fast."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from summitreader import cli_args, collector
from summitreader.cli_args import Command, parse_args
from summitreader.errors import SummitError
from summitreader.settings import paths

if TYPE_CHECKING:
    from summitreader.text.document import Document


Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[Command, Handler]] = {}


def command(
    name: str,
    synopsis: str,
    help: str,
    *,
    takes_paths: bool = True,
    arguments: Callable[[argparse.ArgumentParser], None] | None = None,
) -> Callable[[Handler], Handler]:
    """Declare a command: its name, usage and options, next to what it does (the one
    place it is named)."""

    def register(handler: Handler) -> Handler:
        COMMANDS[name] = (Command(name, synopsis, help, takes_paths, arguments), handler)
        return handler

    return register


def _err(message: str) -> None:
    print(f"summitreader: {message}", file=sys.stderr)


def _documents(
    args: argparse.Namespace, *, report: bool = True
) -> tuple[list[Document], list[str]]:
    """Load the PATHs; files that cannot be read are reported, the others still open."""
    from summitreader.library.opening import open_documents

    docs, problems = open_documents(args.paths or [paths.bundled_corpus()])
    if report or not docs:
        for problem in problems:
            _err(problem)
    if not docs:
        raise SummitError("no readable documents" + (" (see above)" if problems else ""))
    return docs, problems


def _open_store(args: argparse.Namespace):  # -> Store, lazily
    from summitreader.store.store import Store

    return Store(paths.store_path(args.db))


@contextmanager
def _store(args: argparse.Namespace):  # -> Iterator[Store]
    """The store for one command; afterwards, what the user should know about it (records
    set aside as damaged), whether the command succeeded or not."""
    store = _open_store(args)
    try:
        yield store
    finally:
        for line in store.notices():
            _err(line)
        store.close()


@command("list", "[--db PATH] [PATH ...]", "documents, metadata, highlight counts")
def cmd_list(args: argparse.Namespace) -> int:
    docs, _ = _documents(args)
    with _store(args) as store:
        for doc in docs:
            meta = doc.meta
            n = store.count_for(doc.source)
            details = [
                meta.author or "unknown author",
                meta.date or "no date",
                f"{doc.word_count} words",
                f"{n} highlight{'s' if n != 1 else ''}",
            ]
            print(doc.title)
            print("  " + " · ".join(details))
            print(f"  {doc.source.path}")
    return 0


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
    docs, _ = _documents(args)
    with _store(args) as store:
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

        paths_by_id = {i.document.source.sha256: str(i.document.source.path) for i in items}
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


@command("open", "[--db PATH] [PATH ...]", "read and annotate (default: the sample corpus)")
def cmd_open(args: argparse.Namespace) -> int:
    from summitreader.errors import StoreCorrupt
    from summitreader.settings.config import load_config

    docs, problems = _documents(args, report=False)  # shown inside the app instead
    config = load_config()
    while True:  # again after the recovery screen, if the store was damaged meanwhile
        store = _open_store_or_recover(args, docs)
        if store is None:
            return 1
        from summitreader.tui.app import SummitApp

        single = len(docs) == 1 and bool(args.paths)
        app = SummitApp(
            docs, store, config, open_single=single, problems=problems, notices=store.notices()
        )
        with store:
            app.run()
        if not isinstance(app.store_problem, StoreCorrupt):
            if app.store_problem is not None:
                raise app.store_problem
            return app.return_code or 0
        problems = []


def _open_store_or_recover(args: argparse.Namespace, docs: list[Document]):  # -> Store | None
    """Open the store and read the files of the texts to show; if one is damaged, let the
    user choose on the recovery screen (until the store opens, or they quit).

    The start-up backup is the app's to take, after its first frame."""
    from summitreader.errors import StoreCorrupt
    from summitreader.store.repair import recover
    from summitreader.store.store import backup_for

    path = paths.store_path(args.db)
    while True:
        try:
            store = _open_store(args)
            try:
                for doc in docs:  # a damaged file shows the recovery screen, not a traceback
                    store.count_for(doc.source)
            except BaseException:
                store.close()
                raise
            return store
        except StoreCorrupt as exc:
            problem = str(exc)
        from summitreader.tui.screens.recovery import RecoveryApp

        good = backup_for(path)
        choice = RecoveryApp(problem, good.when if good else None).run()
        if choice is None:
            _err(problem)
            return None
        for line in recover(path, empty=choice == "empty"):
            _err(line)


@command(
    "annotate",
    "PATH --quote TEXT [--tag T ...] [--note N] [--occurrence K]",
    "highlight a quote; prints its id",
    takes_paths=False,
    arguments=cli_args.annotate_arguments,
)
def cmd_annotate(args: argparse.Namespace) -> int:
    from summitreader.annotations.anchoring import occurrences

    docs, _ = _documents(argparse.Namespace(paths=[args.path]))
    source = docs[0].source
    quote = args.quote
    if not quote:
        raise SummitError("--quote must not be empty")
    hits = occurrences(source.text, quote, limit=len(source.text))
    if not hits:
        raise SummitError(f"the quote does not occur in {source.path}")
    if args.occurrence is None and len(hits) > 1:
        raise SummitError(
            f"the quote occurs {len(hits)} times in {source.path}; "
            f"choose one with --occurrence 1..{len(hits)}"
        )
    k = args.occurrence or 1
    if not 1 <= k <= len(hits):
        raise SummitError(f"--occurrence {k} is out of range: the quote occurs {len(hits)} time(s)")
    with _store(args) as store:
        record = store.add(source, hits[k - 1], hits[k - 1] + len(quote), args.tag, args.note)
    print(record["id"], flush=True)
    return 0


@command("check", "[PATH ...]", "anchor highlights again; counts per status")
def cmd_check(args: argparse.Namespace) -> int:
    from summitreader.annotations.anchoring import STATUSES

    docs, _ = _documents(args)
    with _store(args) as store:
        for doc in docs:
            store.remember_source(doc.source, doc.meta)
            records = store.reanchor(doc.source)
            counts = {s: 0 for s in STATUSES}
            for r in records:
                counts[r.get("anchor", "anchored")] += 1
            line = ", ".join(f"{n} {status}" for status, n in counts.items())
            print(f"{doc.title}\n  {line}\n  {doc.source.path}")
            for r in records:
                if r.get("anchor") == "orphaned":
                    print(f"  orphaned: {r['quote']['exact'][:70]!r} (id {r['id'][:8]})")
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


@command(
    "recover",
    "[--empty]",
    "after a corrupt store: restore the backup",
    takes_paths=False,
    arguments=cli_args.recover_arguments,
)
def cmd_recover(args: argparse.Namespace) -> int:
    from summitreader.store.repair import recover

    for line in recover(paths.store_path(args.db), empty=args.empty):
        print(line)
    return 0


@command(
    "search",
    "QUERY [PATH ...]",
    "highlights whose quote, note or tags match",
    takes_paths=False,
    arguments=cli_args.search_arguments,
)
def cmd_search(args: argparse.Namespace) -> int:
    from summitreader.annotations.model import document_order
    from summitreader.export.markdown_text import location_text
    from summitreader.library.search import Query, document_name
    from summitreader.text.sanitize import excerpt

    query = Query.parse(args.query)
    if not query:
        raise SummitError("the query is empty: give words, #tags, doc:NAME or from:/to:/on:DATE")
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        words = " ".join([args.query, *missing])
        raise SummitError(
            f"{missing[0]}: no such file (to search for several words, quote them:"
            f' summitreader search "{words}")'
        )
    docs, _ = _documents(args)
    found = 0
    with _store(args) as store:
        for doc in docs:
            name = document_name(doc.title, str(doc.source.path))
            mine = [r for r in store.for_source(doc.source) if query.matches(r, name)]
            hits = sorted(mine, key=document_order)
            if not hits:
                continue
            print(excerpt(doc.title, 100))
            print(f"  {excerpt(str(doc.source.path), 200)}")
            for record in hits:
                tags = " ".join(f"#{t}" for t in record.get("tags", []))
                where = location_text(doc, record)
                print(f"  {where:<16} {excerpt(record['quote']['exact'], 90)}")
                if tags or record.get("note"):
                    note = excerpt(record.get("note", ""), 60)
                    print(f"  {'':<16} {tags}{'  ✎ ' + note if note else ''}")
            found += len(hits)
    if not found:
        _err(f"no highlight matches {args.query!r}")
        return 1
    print(f"{found} highlight{'s' if found != 1 else ''}")
    return 0


@command(
    "tags",
    "[rename OLD NEW]",
    "tags with counts; rename or merge one",
    takes_paths=False,
    arguments=cli_args.tags_arguments,
)
def cmd_tags(args: argparse.Namespace) -> int:
    from summitreader.annotations.tags import normalise_tag

    with _store(args) as store:
        if args.tags_command == "rename":
            changed = store.rename_tag(args.old, args.new)
            old, new = normalise_tag(args.old), normalise_tag(args.new)
            print(f"renamed #{old} to #{new} on {changed} highlight{'s' if changed != 1 else ''}")
            return 0
        counts = store.tag_counts()
    if not counts:
        print("no tags yet")
    for tag, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"{n:>6}  #{tag}")
    return 0


@command("config", "", "the config file in use, and its settings", takes_paths=False)
def cmd_config(args: argparse.Namespace) -> int:
    from summitreader.settings.config import load_config

    config = load_config()
    shown = "" if config.path.exists() else "  (not there: the defaults apply)"
    print(f"config: {config.path}{shown}")
    print(f"store:  {paths.store_path(None)}")
    if config.error:
        print(f"problem: {config.error}")
    print(f"theme = {config.theme}")
    print(f"reading_width = {config.reading_width}")
    print(f"export_dir = {config.export_dir}")
    print("tags:")
    for spec in config.tags:
        print(f"  {spec.key}  #{spec.name:<20} {spec.color}")
    if config.keys:
        print("keys:")
        for binding_id, keys in sorted(config.keys.items()):
            print(f"  {binding_id} = {keys}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    collector.pause_for_start_up()  # the app resumes it after its first frame
    try:
        return _main(argv)
    finally:
        collector.resume()


def _main(argv: Sequence[str] | None) -> int:
    ordered = [COMMANDS[name][0] for name in COMMANDS]
    args = parse_args(list(sys.argv[1:] if argv is None else argv), ordered)
    handler = COMMANDS[args.command][1]
    if args.command != "open":
        collector.resume()
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
