"""The command line's arguments: the usage text, the parser of every command, and putting
the command first (with none given, ``open`` is implied)."""

from __future__ import annotations

import argparse

from summitreader import __version__, compat

COMMANDS = (
    "open",
    "list",
    "export",
    "annotate",
    "check",
    "import",
    "recover",
    "tags",
    "search",
    "config",
)
USAGE = """\
summitreader [--db PATH] [PATH ...]            read and annotate (default: the sample corpus)
       summitreader list [--db PATH] [PATH ...]       documents, metadata, highlight counts
       summitreader export [PATH ...] [--format markdown|w3c] [-o FILE | --out-dir DIR]
                           [--group-by doc|tag] [--sort position|created] [--tag T ...]
                           [--template FILE | --print-template]
       summitreader annotate PATH --quote TEXT [--tag T ...] [--note N] [--occurrence K]
       summitreader check [PATH ...]                  anchor highlights again; counts per status
       summitreader import FILE.json [PATH ...]       Web Annotation JSON, without duplicates
       summitreader recover [--empty]                 after a corrupt store: restore the backup
       summitreader search QUERY [PATH ...]           highlights whose quote, note or tags match
       summitreader tags [rename OLD NEW]             tags with counts; rename or merge one
       summitreader config                            the config file in use, and its settings
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
    export.add_argument("--format", choices=["markdown", "w3c"], default="markdown")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    export.add_argument(
        "--out-dir", metavar="DIR", help="one Markdown file per document, named from its title"
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

    db_only = argparse.ArgumentParser(add_help=False)
    db_only.add_argument("--db", metavar="PATH", help="annotation store")
    annotate = sub.add_parser(
        "annotate", parents=[db_only], help="highlight a quote; prints its id"
    )
    annotate.add_argument("path", metavar="PATH")
    annotate.add_argument("--quote", required=True, metavar="TEXT", help="the exact text")
    annotate.add_argument("--tag", action="append", default=[], metavar="T", help="repeatable")
    annotate.add_argument("--note", default="", metavar="N")
    annotate.add_argument(
        "--occurrence", type=int, metavar="K", help="which occurrence, counting from 1"
    )
    sub.add_parser("check", parents=[common], help="anchor again; per-document status counts")
    imp = sub.add_parser("import", parents=[db_only], help="import Web Annotation JSON")
    imp.add_argument("file", metavar="FILE.json")
    imp.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="the texts the annotations belong to (default: the sample corpus); an import "
        "reads no other file than these and the library's",
    )
    recover = sub.add_parser("recover", parents=[db_only], help="deal with a corrupt store file")
    recover.add_argument(
        "--empty", action="store_true", help="start the bad file afresh instead of from a backup"
    )
    search = sub.add_parser(
        "search", parents=[db_only], help="find highlights: words and #tags, all must match"
    )
    search.add_argument("query", metavar="QUERY", help='several words go in quotes: "a b"')
    search.add_argument("paths", nargs="*", metavar="PATH", help="files or folders")
    tags = sub.add_parser("tags", parents=[db_only], help="tags and their counts")
    tags_sub = tags.add_subparsers(dest="tags_command", metavar="rename")
    rename = tags_sub.add_parser(
        "rename", parents=[db_only], help="rename OLD to NEW in every document"
    )
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    sub.add_parser("config", help="print the config file in use and the effective settings")
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


def _with_command(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
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
            if token in COMMANDS:
                return [token, *argv[:i], *argv[i + 1 :]]
            break
        i += 1
    if any(a in ("-h", "--help", "--version") for a in argv[:i]):
        return argv
    return ["open", *argv]


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The arguments of one command; usage errors exit 2, as argparse does."""
    parser = _parser()
    return parser.parse_args(_with_command(argv, parser))
