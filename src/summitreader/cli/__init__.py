"""The command line. Only ``open`` imports Textual, so the other commands start fast.

Each command is declared once, with ``@command``, in the module of its kind; importing
them (``dispatch.register_all``) fills the registry from which the usage text, the parser
and the dispatch are built; ``summitreader PATH`` imports only ``open``'s. ``main``
pauses the collector before it imports any of them: its passes over the objects those
imports make cost a first screen about 5 ms, for nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from summitreader import collector


def main(argv: Sequence[str] | None = None) -> int:
    collector.pause_for_start_up()  # the app resumes it after its first frame
    try:
        from summitreader.cli.dispatch import run

        return run(argv)
    finally:
        collector.resume()
