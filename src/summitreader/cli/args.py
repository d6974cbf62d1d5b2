"""The command line's arguments: each command's own options, the parser built from the
commands the command line declares (each named once, in ``cli.py``), and putting the
command first (with none given, ``open`` is implied)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, NamedTuple, NoReturn

from summitreader import __version__, compat

if TYPE_CHECKING:  # argparse is imported when a parser is built: not to open a text
    import argparse

EPILOG = """\
PATH may be files or folders. With no PATH, the bundled sample corpus is used.
The store is --db PATH, else $SUMMITREADER_DB, else the user data directory.
The config is $SUMMITREADER_CONFIG, else config.toml in the user config directory.
Exit codes: 0 success, 1 error, 2 usage error."""


class Command(NamedTuple):
    name: str
    synopsis: str  # after the name, in the usage text
    help: str
    takes_paths: bool = True  # PATH ... after the options; else only --db
    arguments: Callable[[argparse.ArgumentParser], None] | None = None


def usage(commands: Sequence[Command]) -> str:
    lines = []
    for c in sorted(commands, key=lambda c: c.name != "open"):  # the default first
        head = "summitreader" if c.name == "open" else f"summitreader {c.name}"
        line = f"{head} {c.synopsis}".rstrip()
        fits = "\n" not in c.synopsis and len(line) < 47
        lines.append(f"{line:<46} {c.help}" if fits else line)
    lines.append("summitreader --version | --help")
    return "\n       ".join(lines)


def export_arguments(export: argparse.ArgumentParser) -> None:
    export.add_argument("--format", choices=["markdown", "w3c"], default="markdown")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    export.add_argument(
        "--out-dir", metavar="DIR", help="one Markdown file per document, named from its title"
    )
    export.add_argument(
        "--flavor",
        choices=["obsidian", "logseq", "commonmark"],
        help="block references, tags and properties as this tool reads them "
        "(default: the config's export.flavor, else obsidian)",
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="replace a target file that summitreader did not write",
    )
    export.add_argument(
        "--full-text",
        action="store_true",
        help="the whole text with its highlights marked ==like this==, tags and notes as footnotes",
    )
    export.add_argument("--group-by", choices=["doc", "tag"], default="doc")
    export.add_argument("--sort", choices=["position", "created"], default="position")
    export.add_argument(
        "--tag", action="append", default=[], metavar="T", help="only these tags (repeatable)"
    )
    export.add_argument(
        "--template", metavar="FILE", help="a Jinja2 template (sandboxed) instead of the format"
    )
    export.add_argument(
        "--print-template",
        action="store_true",
        help="print the built-in format as a template to start one from, and stop",
    )


def annotate_arguments(annotate: argparse.ArgumentParser) -> None:
    annotate.add_argument("path", metavar="PATH|URL")
    annotate.add_argument("--quote", required=True, metavar="TEXT", help="the exact text")
    annotate.add_argument("--tag", action="append", default=[], metavar="T", help="repeatable")
    annotate.add_argument("--note", default="", metavar="N")
    annotate.add_argument(
        "--occurrence", type=int, metavar="K", help="which occurrence, counting from 1"
    )


def check_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "--review",
        action="store_true",
        help="list the highlights that moved, became fuzzy or were orphaned, each with a "
        "diff of the old and new text around it",
    )
    check.add_argument(
        "--accept",
        action="append",
        default=[],
        metavar="ID",
        help="with --review: settle this highlight where it is (an id or its first "
        "characters, as listed; 'all' for every one listed); repeatable",
    )


def recover_arguments(recover: argparse.ArgumentParser) -> None:
    recover.add_argument(
        "--empty", action="store_true", help="start the bad file afresh instead of from a backup"
    )


def search_arguments(search: argparse.ArgumentParser) -> None:
    search.add_argument("query", metavar="QUERY", help='several words go in quotes: "a b"')
    search.add_argument("paths", nargs="*", default=[], metavar="PATH", help="files or folders")
    search.add_argument(
        "--text",
        action="store_true",
        help="search the full text of every document, not only the highlights",
    )


def source_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url", metavar="URL", help="with -: the address the page on standard input came from"
    )


def refresh_arguments(refresh: argparse.ArgumentParser) -> None:
    refresh.add_argument("key", metavar="URL|ID", help="a web page's address, or a document's id")


def forget_arguments(forget: argparse.ArgumentParser) -> None:
    forget.add_argument("key", metavar="PATH|ID", help="a path it was seen at, or its id")
    forget.add_argument(
        "--delete-highlights",
        action="store_true",
        help="delete its highlights too (else they stay in the store)",
    )


def tags_arguments(tags: argparse.ArgumentParser) -> None:
    tags.add_argument(
        "words",
        nargs="*",
        metavar="PATH | rename OLD NEW",
        help="count the tags of these files (default: the library), or rename OLD to NEW "
        "in every document",
    )


def _parser(commands: Sequence[Command]) -> argparse.ArgumentParser:
    import argparse

    with_paths = argparse.ArgumentParser(add_help=False)
    with_paths.add_argument(
        "--db", metavar="PATH", help="annotation store (default: $SUMMITREADER_DB)"
    )
    with_paths.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    db_only = argparse.ArgumentParser(add_help=False)
    db_only.add_argument("--db", metavar="PATH", help="annotation store")

    top = argparse.ArgumentParser(
        prog="summitreader",
        usage=usage(commands),
        description="A terminal reader and annotator for articles.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"summitreader {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for command in commands:
        parser = sub.add_parser(
            command.name,
            prog=f"summitreader {command.name}",  # not the whole usage, which argparse puts in
            parents=[with_paths if command.takes_paths else db_only],
            help=command.help,
        )
        if command.arguments is not None:
            command.arguments(parser)
    return top


def _value_options(parser: argparse.ArgumentParser) -> set[str]:
    """Every option, of any command, that takes a value (so its value is not a command)."""
    found: set[str] = set()
    for sub in compat.subparsers(parser):
        found |= _value_options(sub)
    for action in compat.actions(parser):
        if action.option_strings and action.nargs != 0:
            found.update(action.option_strings)
    return found


def _with_command(argv: list[str], parser: argparse.ArgumentParser, names: set[str]) -> list[str]:
    """Put the command first; with none given, ``open`` is implied."""
    takes_value = _value_options(parser)
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--":
            break
        if token in takes_value:
            i += 2
            continue
        if not token.startswith("-") or token == "-":
            if token in names:
                return [token, *argv[:i], *argv[i + 1 :]]
            break
        i += 1
    if any(a in ("-h", "--help", "--version") for a in argv[:i]):
        return argv
    return ["open", *argv]


def only_paths(argv: list[str], names: Collection[str]) -> SimpleNamespace | None:
    """``summitreader PATH ...``, the way a text is opened, read without building the
    parser of every command (about 3 ms of the first screen), nor importing argparse:
    plain paths, none an option, the first not a command's name (``names``). The
    namespace holds what the parser's would. None for anything else."""
    if not argv or argv[0] in names or any(a.startswith("-") for a in argv):
        return None
    return SimpleNamespace(command="open", db=None, paths=list(argv), url=None)


def parse_args(argv: list[str], commands: Sequence[Command]) -> argparse.Namespace:
    """The arguments of one command; usage errors exit 2, as argparse does."""
    if (plain := only_paths(argv, {c.name for c in commands})) is not None:
        return plain  # type: ignore[return-value] - its handler reads it as one
    parser = _parser(commands)
    _suggest_for_dashed_files(parser, argv)
    return parser.parse_args(_with_command(argv, parser, {c.name for c in commands}))


def _suggest_for_dashed_files(parser: argparse.ArgumentParser, argv: list[str]) -> None:
    """A file whose name starts with "-" reads as an option: argparse's error then says
    how to name it (``./-notes.md``, or after ``--``)."""
    import os

    dashed = next((a for a in argv if len(a) > 1 and a[0] == "-" and os.path.exists(a)), None)
    if dashed is None or "--" in argv:
        return
    usage_error = parser.error

    def error(message: str) -> NoReturn:
        usage_error(f"{message} (for the file {dashed}, write ./{dashed} or -- {dashed})")

    parser.error = error  # type: ignore[method-assign]
    for sub in compat.subparsers(parser):
        sub.error = error  # type: ignore[method-assign]
