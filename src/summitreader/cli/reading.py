"""Commands that read: open the app, list the library, add and forget documents, the
config in use."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from summitreader.cli import args as cli_args
from summitreader.cli.common import (
    _documents,
    _err,
    _open_store,
    _store,
    command,
    read_stdin,
    reattach_terminal,
    unreadable,
)
from summitreader.errors import SummitError
from summitreader.settings import paths
from summitreader.text.words import counted

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, MutableMapping

    from summitreader.store.store import Store
    from summitreader.text.document import Document


@command("list", "[--db PATH] [PATH ...]", "the library, or these files: progress, counts")
def cmd_list(args: argparse.Namespace) -> int:
    from summitreader.library import catalog

    with _store(args) as store:
        if args.paths:
            docs, _ = _documents(args, store)
            for doc in docs:
                n = store.count_for(doc.source)
                _print_entry(
                    doc.title,
                    [
                        doc.meta.author or "unknown author",
                        doc.meta.date or "no date",
                        f"{doc.view.text_words} words",  # as the library counts it
                        counted(n, "highlight"),
                    ],
                    doc.source.where,
                )
            return 0
        catalog.seed(store)
        entries = catalog.entries(store)  # the library, from the index alone: no text read
    if not entries:
        print("the library is empty: add documents with summitreader add PATH")
    for e in entries:
        read = f"read {e.furthest:.0%}" if e.furthest else "not read yet"
        _print_entry(
            e.title,
            [
                e.author or "unknown author",
                e.date or "no date",
                f"{e.words} words",
                counted(e.highlights, "highlight"),
                read,
                e.status,
            ],
            e.path + (" (the file is gone: the library's copy is read)" if _gone(e.path) else ""),
        )
    return 0


def _gone(path: str) -> bool:
    """A file the library saw that is no longer there (a URL or a pipe is never a file)."""
    from pathlib import Path

    try:
        return Path(path).is_absolute() and not Path(path).exists()
    except (OSError, ValueError):
        return False


def _print_entry(title: str, details: list[str], path: str) -> None:
    from summitreader.text.sanitize import excerpt

    print(excerpt(title, 200))
    print("  " + " · ".join(details))
    print(f"  {excerpt(path, 400)}")


@command(
    "add",
    "PATH|URL|- ... [--url URL]",
    "add files, folders and web pages to the library",
    arguments=cli_args.source_arguments,
)
def cmd_add(args: argparse.Namespace) -> int:
    from summitreader.library import catalog

    if not args.paths:
        raise SummitError("add needs a PATH: a file, a folder to search through, or a URL")
    piped = read_stdin() if "-" in args.paths else None
    with _store(args) as store:
        catalog.seed(store)  # a first run still starts with the samples beside yours
        report = catalog.add(store, args.paths, stdin=piped, stdin_url=args.url or "")
    if report.only_skipped_one:  # nothing else to report: one line says why
        [(why, [name])] = report.skipped.items()
        raise SummitError(f"{name}: {why}")
    for why, files in sorted(report.skipped.items()):
        for name in files[:20]:
            _err(f"skipped ({why}): {name}")
        if len(files) > 20:
            _err(f"skipped ({why}): … and {len(files) - 20} more")
    print(report.summary())
    if not (report.added or report.already or report.skipped):
        _err(f"no file to add in {', '.join(args.paths)}: it holds no text, page or book")
    return 0 if report.added or report.already else 1


@command(
    "forget",
    "PATH|ID [--delete-highlights]",
    "take a document out of the library",
    takes_paths=False,
    arguments=cli_args.forget_arguments,
)
def cmd_forget(args: argparse.Namespace) -> int:
    from summitreader.library import catalog

    with _store(args) as store:
        forgotten = catalog.forget(store, args.key, delete_highlights=args.delete_highlights)
    kept = "deleted" if args.delete_highlights else "kept in the store"
    for record in forgotten:
        print(
            f"forgot {record.get('title') or record['path']} ({record['id'][:12]}); "
            f"its highlights are {kept}"
        )
    return 0


@command(
    "refresh",
    "URL|ID",
    "fetch a web page (or read a file) again; highlights follow",
    takes_paths=False,
    arguments=cli_args.refresh_arguments,
)
def cmd_refresh(args: argparse.Namespace) -> int:
    from summitreader.library.refreshing import refresh

    with _store(args) as store:
        for refreshed in refresh(store, args.key):
            print(refreshed.summary())
    return 0


@command("stats", "[--db PATH] [PATH ...]", "tags and highlights per document")
def cmd_stats(args: argparse.Namespace) -> int:
    from summitreader.annotations.model import most_used

    with _store(args) as store:
        docs, _ = _documents(args, store)
        per_doc = [(doc, store.for_source(doc.source)) for doc in docs]
    every = [r for _, records in per_doc for r in records]
    print(
        f"{counted(len(every), 'highlight')} in {sum(1 for _, rs in per_doc if rs)} of "
        f"{counted(len(docs), 'document')}"
    )
    for tag, n in most_used(every):
        print(f"{n:>6}  #{tag}")
    for doc, records in sorted(per_doc, key=lambda dr: -len(dr[1])):
        if records:
            print(f"{len(records):>6}  {doc.title}")
    return 0


@command(
    "open",
    "[--db PATH] [PATH|URL|- ...]",
    "read and annotate (default: your library)",
    arguments=cli_args.source_arguments,
)
def cmd_open(args: argparse.Namespace) -> int:
    from summitreader.errors import StoreCorrupt
    from summitreader.settings.config import load_config

    quick_escape(os.environ)

    config = load_config()
    piped = read_stdin() if "-" in args.paths else None
    if piped is not None and not reattach_terminal():
        raise SummitError("summitreader - reads a page from a pipe, then needs a terminal")
    while True:  # again after the recovery screen, if the store was damaged meanwhile
        store = _open_store_or_recover(args)
        if store is None:
            return 1
        _keep_first_screens(store)
        try:  # a damaged text's file shows the recovery screen, not a traceback
            docs, problems, seed = _to_open(args, store, piped)
        except StoreCorrupt:
            store.close()
            continue
        _parse_ahead(docs)
        from summitreader.tui.app import SummitApp

        app = SummitApp(
            docs,
            store,
            config,
            open_single=len(docs) == 1,
            problems=problems,
            notices=store.notices(),
            seed=seed,
        )
        with store:
            app.run()
        if not isinstance(app.store_problem, StoreCorrupt):
            if app.store_problem is not None:
                raise app.store_problem
            return app.return_code or 0


ESCAPE_DELAY_MS = "25"  # as htop has it; Textual waits 100 ms


def quick_escape(environ: MutableMapping[str, str]) -> None:
    """After Escape, Textual waits ESCDELAY ms for the rest of a key sequence before it
    takes the key as Escape: every Escape (leave the search, cancel a dialog, go back)
    came 100 ms late. A terminal sends a sequence in one write, so 25 ms is plenty; an
    ESCDELAY the user set is kept. Set before Textual is imported, which reads it then."""
    environ.setdefault("ESCDELAY", ESCAPE_DELAY_MS)


def _keep_first_screens(store: Store) -> None:
    """A Markdown text opened again shows its first screen before markdown-it is imported:
    its first blocks are kept beside the store (as the export's cache is), unless the
    store is read-only (nothing is written beside it then)."""
    from summitreader.text import markdown_first

    path = store.path
    stem = path.stem if path.suffix else path.name
    markdown_first.use(None if store.read_only else path.with_name(stem + ".first-screens"))


# words people type for a command that has another name here
_OTHER_NAMES = {
    "review": "check --review",
    "rename": "tags rename OLD NEW",
    "remove": "forget",
    "rm": "forget",
    "delete": "forget",
    "ls": "list",
    "find": "search",
    "grep": "search",
    "help": "--help",
    "highlights": "search",
}


def meant_command(paths: list[str]) -> str:
    """For one word that is no file and reads as a command: the command it may mean."""
    import difflib
    from pathlib import Path

    if len(paths) != 1 or Path(paths[0]).exists() or any(c in paths[0] for c in "/.\\"):
        return ""

    from summitreader.cli.dispatch import NAMES

    word = paths[0].lower()
    meant = _OTHER_NAMES.get(word) or next(iter(difflib.get_close_matches(word, NAMES, 1)), "")
    return f" (to run a command: summitreader {meant})" if meant else ""


def _parse_ahead(docs: list[Document]) -> None:
    """A Markdown text opened for the first time: its first screen's blocks are parsed in
    a child process, on another core, while this one imports Textual (150 ms). The app then
    finds them kept, as for a text opened again, and shows its first screen without
    importing markdown-it first (20 ms) or parsing (6 ms); the rest is parsed after it."""
    import threading

    from summitreader.text import markdown_first
    from summitreader.text.document import is_markdown

    if len(docs) != 1 or not hasattr(os, "fork") or not markdown_first.enabled():
        return
    if threading.active_count() > 1 or not is_markdown(docs[0].source):
        return  # a process with threads is not forked
    pid = os.fork()
    if pid == 0:  # the child: keep the blocks and end, running nothing of the parent's
        try:
            from summitreader.text.markdown_blocks import keep_first_chunk

            keep_first_chunk(docs[0].source.text)
        finally:
            os._exit(0)
    markdown_first.coming(pid)


def _to_open(
    args: argparse.Namespace, store: Store, piped: bytes | None
) -> tuple[list[Document], list[str], Callable[[], None] | None]:
    """The documents ``open`` shows (none: the library), each one's highlights read once,
    so that a damaged file is met before the app starts; and the seeding of a first run's
    library (it holds the samples, whatever it opens), for the app to do after its first
    frame when a text is shown first."""
    from summitreader.library import catalog
    from summitreader.library.intake import is_url
    from summitreader.library.opening import open_documents

    if not args.paths:
        catalog.seed(store)
        return [], [], None
    seed = catalog.seed_later(store)
    for url in filter(is_url, args.paths) if sys.stderr.isatty() else ():
        _err(f"fetching {url} … (Ctrl+C stops)")  # a slow server: say what the wait is for
    docs, problems = open_documents(args.paths, store, stdin=piped, stdin_url=args.url or "")
    if not docs:
        if seed is not None:
            seed()
        store.close()
        raise SummitError(unreadable(problems) + meant_command(args.paths))
    for doc in docs:
        store.count_for(doc.source)
    return docs, problems, seed


def _open_store_or_recover(args: argparse.Namespace):  # -> Store | None
    """Open the store and read the files of the texts to show; if one is damaged, let the
    user choose on the recovery screen (until the store opens, or they quit).

    The start-up backup is the app's to take, after its first frame."""
    from summitreader.errors import StoreCorrupt

    path = paths.store_path(args.db)
    while True:
        try:
            return _open_store(args)
        except StoreCorrupt as exc:
            problem, what = str(exc), exc.what  # the screen offers what to do itself
        from summitreader.library.relisting import recover_and_relist  # a damaged store's
        from summitreader.store.store import backup_for
        from summitreader.tui.screens.recovery import RecoveryApp

        good = backup_for(path)
        choice = RecoveryApp(what, good.when if good else None).run()
        if choice is None:
            _err(problem)
            return None
        for line in recover_and_relist(path, empty=choice == "empty"):
            _err(line)


@command("config", "", "the config file in use, and its settings", takes_paths=False)
def cmd_config(args: argparse.Namespace) -> int:
    from summitreader.settings.config import load_config

    config = load_config()
    shown = "" if config.path.exists() else "  (not there: the defaults apply)"
    print(f"config: {config.path}{shown}")
    print(f"store:  {paths.store_path(None)}")
    if config.error:
        print(f"problem: {config.error}")
    from summitreader.tui.key_check import (  # loads Textual
        DEFAULT_THEME,
        binding_ids,
        key_clashes,
        theme_problem,
        unknown_ids,
        usable_keymap,
    )

    usable, problems = usable_keymap(config.keys, config.key_lines)
    unknown = unknown_ids(config.keys, config.key_lines) if config.keys else []
    unknown += key_clashes(config.keys, config.key_lines) if config.keys else []
    theme = config.theme
    if (why := theme_problem(theme)) is not None:
        theme = DEFAULT_THEME  # what the app uses: the list gives the settings in force
        problems.append(f"{why}; the app uses {theme}")
    for problem in [*problems, *unknown]:
        print(f"problem: {config.path}: {problem}")
    print(f"theme = {theme}")
    print(f"reading_width = {config.reading_width}")
    print(f"export_dir = {config.export_dir}")
    print(f"export.flavor = {config.export_flavor}")
    print(f"export.deleted = {config.export_deleted}")
    print("tags:")
    for spec in config.tags:
        print(f"  {spec.key}  #{spec.name:<20} {spec.color}")
    known = binding_ids() if usable else frozenset()
    if in_use := {k: v for k, v in usable.items() if k in known}:  # those the app takes
        print("keys:")
        for binding_id, keys in sorted(in_use.items()):
            print(f"  {binding_id} = {keys}")
    return 0
