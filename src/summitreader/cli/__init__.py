"""The command line. Only ``open`` imports Textual, so the other commands start fast.

Each command is declared once, with ``@command``, in the module of its kind; importing
them (``dispatch.register_all``) fills the registry from which the usage text, the parser
and the dispatch are built; ``summitreader PATH`` imports only ``open``'s. ``main`` pauses the collector before it imports any of them: its
passes over the objects those imports make cost a first screen about 5 ms, for nothing.
``summitreader FILE.md`` has its first chunk parsed by a second process meanwhile
(``parse_ahead``).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from summitreader import collector
from summitreader.text import parse_ahead


def main(argv: Sequence[str] | None = None) -> int:
    collector.pause_for_start_up()  # the app resumes it after its first frame
    parse_ahead.start(list(sys.argv[1:] if argv is None else argv))
    try:
        from summitreader.cli.dispatch import run

        return run(argv)
    finally:
        parse_ahead.discard()
        collector.resume()
