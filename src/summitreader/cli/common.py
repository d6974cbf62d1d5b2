"""What every command shares: the registry that names each command once, the store it
opens, the documents it acts on, and how it reports."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from summitreader.cli.args import Command
from summitreader.errors import SummitError
from summitreader.settings import paths

if TYPE_CHECKING:
    import argparse

    from summitreader.store.store import Store
    from summitreader.store.text_metadata import MetadataCache
    from summitreader.text.document import Document

    Handler = Callable[[argparse.Namespace], int]

_TEXT_CACHES: WeakKeyDictionary[Store, MetadataCache] = WeakKeyDictionary()
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
    args: argparse.Namespace, store: Store, *, report: bool = True, titles: bool = True
) -> tuple[list[Document], list[str]]:
    """The PATHs given, else every document of the library (which starts out holding the
    sample articles); files that cannot be read are reported, the others still open.
    ``titles``: the command shows titles or places (its texts' metadata and paragraphs
    are then taken from their cache)."""
    from summitreader.library import catalog

    if args.paths:
        from summitreader.library.opening import open_documents

        docs, problems = open_documents(args.paths, store, fetch=False)
    else:
        catalog.seed(store)
        docs, problems = catalog.load_all(store)
        if not docs and not problems:
            raise SummitError("the library is empty: add documents with summitreader add PATH")
    if not docs:
        raise SummitError(unreadable(problems))
    if titles:
        _titles(store, docs)
    if report:
        for problem in problems:
            _err(problem)
    return docs, problems


def _titles(store: Store, docs: list[Document]) -> None:
    from summitreader.store.text_metadata import MetadataCache, metadata_path

    cache = MetadataCache(metadata_path(store.path), writable=not store.read_only)
    cache.fill(docs)
    _TEXT_CACHES[store] = cache  # what the command worked out is kept when it ends


def unreadable(problems: list[str]) -> str:
    """The line a command with nothing to read ends with: the problem itself when there is
    only one (one line in all); else each problem is printed, and a summary follows."""
    if len(problems) == 1:
        return problems[0]
    for problem in problems:
        _err(problem)
    return "no readable documents" + (" (see above)" if problems else "")


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
        if (cache := _TEXT_CACHES.pop(store, None)) is not None:
            cache.keep_paragraphs()
        for line in store.notices():
            _err(line)
        store.close()


STDIN_LIMIT = 100_000_000  # a page piped in is read up to this size


def read_stdin() -> bytes:
    """What is piped in (``summitreader -``), then the terminal back as standard input, so
    the app can read keys as ``less`` does after reading a pipe."""
    data = sys.stdin.buffer.read(STDIN_LIMIT + 1)
    if len(data) > STDIN_LIMIT:
        raise SummitError(f"standard input is larger than {STDIN_LIMIT // 1_000_000} MB")
    return data


def reattach_terminal() -> bool:
    """Point standard input at the terminal again; False if there is none."""
    try:
        fd = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        return False
    os.dup2(fd, 0)
    os.close(fd)
    return True
