"""The command line's arguments: ``summitreader PATH ...`` is read without building every
command's parser, and must give what that parser gives. And the Escape delay ``open`` sets."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from summitreader.cli import args
from summitreader.cli.common import COMMANDS
from summitreader.cli.dispatch import NAMES, register_all
from summitreader.cli.reading import quick_escape

register_all()
ORDERED = [COMMANDS[name][0] for name in COMMANDS]


def by_the_parser(argv: list[str]):
    parser = args._parser(ORDERED)
    return parser.parse_args(args._with_command(argv, parser, {c.name for c in ORDERED}))


@pytest.mark.parametrize(
    "argv",
    [
        ["book.md"],
        ["a.txt", "b.md", "notes folder"],
        ["https://example.org/page"],
        ["a.md", "list"],  # a command's name after a path is a path
        ["list"],
        ["a.md", "--db", "x.json"],
        ["-", "--url", "https://example.org"],
    ],
)
def test_paths_alone_read_as_the_parser_reads_them(argv: list[str]) -> None:
    assert vars(args.parse_args(argv, ORDERED)) == vars(by_the_parser(argv))


def test_only_plain_paths_skip_the_parser() -> None:
    assert args.only_paths(["book.md", "other.md"], NAMES) is not None
    for argv in ([], ["list"], ["book.md", "--db", "x"], ["-"], ["--version"]):
        assert args.only_paths(argv, NAMES) is None


def test_the_names_known_before_any_command_is_imported_are_every_command() -> None:
    """A command missing from NAMES would be opened as a file of that name."""
    assert set(COMMANDS) == NAMES


def test_escape_is_taken_after_25_ms_unless_the_user_set_escdelay():
    """Textual reads ESCDELAY when it is imported; ``open`` sets it first, to 25 ms."""
    chosen = {"ESCDELAY": "300"}
    quick_escape(chosen)
    assert chosen == {"ESCDELAY": "300"}
    code = (
        "import os; from summitreader.cli.reading import quick_escape; "
        "quick_escape(os.environ); from textual import constants; print(constants.ESCAPE_DELAY)"
    )
    env = {k: v for k, v in os.environ.items() if k != "ESCDELAY"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.stdout.strip() == "0.025", done.stderr
