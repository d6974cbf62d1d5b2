"""Runs one command: its arguments parsed, its handler called, and what went wrong said in
one line (a bug too, unless SUMMITREADER_DEBUG is set)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from summitreader import collector
from summitreader.cli import (  # noqa: F401 - they register, in this order
    exporting,
    highlights,
    importing,
    reading,
)
from summitreader.cli.args import parse_args
from summitreader.cli.common import COMMANDS, _err
from summitreader.errors import SummitError

# Commands that read every highlight and end: what they make is freed by reference counting
# (records are plain dicts, without cycles), and the collector's passes over 100,000 of them
# as they are read took 0.4 s of `search` and 0.5 s of `export --format w3c`, for no memory
# back (the peak was the same). It stays paused while they run, as for start-up.
THROUGH_THE_LIBRARY = ("list", "search", "export", "tags")


def run(argv: Sequence[str] | None) -> int:
    ordered = [COMMANDS[name][0] for name in COMMANDS]
    args = parse_args(list(sys.argv[1:] if argv is None else argv), ordered)
    handler = COMMANDS[args.command][1]
    if args.command not in ("open", *THROUGH_THE_LIBRARY):
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
