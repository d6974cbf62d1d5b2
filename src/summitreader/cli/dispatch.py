"""Runs one command: its arguments parsed, its handler called, and what went wrong said in
one line (a bug too, unless SUMMITREADER_DEBUG is set).

``summitreader PATH ...``, the way a text is opened, imports only the module of ``open``:
the other commands' modules, and the parser built from them all, are for the rest."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from summitreader import collector
from summitreader.cli.args import only_paths, parse_args
from summitreader.cli.common import COMMANDS, _err
from summitreader.errors import SummitError, UsageError

if TYPE_CHECKING:
    import argparse

    from summitreader.cli.common import Handler

# Commands that read every highlight and end: what they make is freed by reference counting
# (records are plain dicts, without cycles), and the collector's passes over 100,000 of them
# as they are read took 0.4 s of `search` and 0.5 s of `export --format w3c`, for no memory
# back (the peak was the same). It stays paused while they run, as for start-up.
THROUGH_THE_LIBRARY = ("list", "search", "export", "tags")

# Every command's name, so that a first argument that names none is known to be a path
# before any command's module is imported (a unit test holds it to the registry).
NAMES = frozenset(
    {
        "add",
        "annotate",
        "check",
        "config",
        "export",
        "forget",
        "import",
        "list",
        "open",
        "recover",
        "refresh",
        "search",
        "stats",
        "tags",
    }
)


def register_all() -> None:
    """Declare every command, as its module is imported (in this order: the usage's)."""
    from summitreader.cli import (  # noqa: F401 - they register, in this order
        exporting,
        highlights,
        importing,
        reading,
    )


def _command(argv: list[str]) -> tuple[argparse.Namespace, Handler]:
    """The command's arguments and handler: for paths alone, ``open``'s without the parser."""
    if (plain := only_paths(argv, NAMES)) is not None:
        from summitreader.cli.reading import cmd_open

        return plain, cmd_open  # type: ignore[return-value] - read as a Namespace is
    register_all()
    args = parse_args(argv, [COMMANDS[name][0] for name in COMMANDS])
    return args, COMMANDS[args.command][1]


def run(argv: Sequence[str] | None) -> int:
    args, handler = _command(list(sys.argv[1:] if argv is None else argv))
    if args.command not in ("open", *THROUGH_THE_LIBRARY):
        collector.resume()
    try:
        return handler(args)
    except SummitError as exc:
        _err(str(exc))
        return 2 if isinstance(exc, UsageError) else 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line, not a traceback
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:  # stdout to a full disk
            _err("cannot write the output: no space is left where it goes")
            return 1
        if os.environ.get("SUMMITREADER_DEBUG"):
            raise
        _err(
            f"unexpected error: {type(exc).__name__}: {exc} (set SUMMITREADER_DEBUG=1 for details)"
        )
        return 1
