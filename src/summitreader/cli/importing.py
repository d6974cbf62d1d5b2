"""The import command: highlights made here or elsewhere, brought into the store without
duplicates; what cannot be placed is listed with why."""

from __future__ import annotations

import argparse
from pathlib import Path

from summitreader.cli.common import _err, _store, command
from summitreader.errors import SummitError
from summitreader.settings import paths
from summitreader.sources.text import read_named

FORMATS = ("auto", "w3c", "hypothesis", "kindle")
IMPORT_LIMIT = 500_000_000  # bytes: far past any export of highlights


def import_arguments(imp: argparse.ArgumentParser) -> None:
    imp.add_argument(
        "file",
        metavar="FILE",
        help="W3C Web Annotation JSON (ours, or Hypothesis's and other tools'), or a Kindle's "
        "My Clippings.txt",
    )
    imp.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="the texts the annotations belong to, besides the library (for our own JSON, "
        "default: the sample corpus); an import reads no other file than these and the "
        "library's",
    )
    imp.add_argument(
        "--format",
        choices=FORMATS,
        default="auto",
        help="what FILE is (default: auto, told from its content)",
    )


@command(
    "import",
    "FILE [PATH ...]",
    "highlights from W3C JSON, Hypothesis, Kindle",
    takes_paths=False,
    arguments=import_arguments,
)
def cmd_import(args: argparse.Namespace) -> int:
    from summitreader.export import hypothesis, kindle, w3c
    from summitreader.export.foreign import detect
    from summitreader.library.importing import import_annotations, import_foreign
    from summitreader.sources.files import expand_paths

    path = Path(args.file).expanduser()
    try:
        text = read_named(path, IMPORT_LIMIT).decode("utf-8")
    except UnicodeDecodeError:
        raise SummitError(f"cannot read {path}: it is not UTF-8 text") from None
    try:
        kind = detect(text) if args.format == "auto" else args.format
        own = w3c.parse(text) if kind == "w3c" else None
        read = None if own is not None else (kindle if kind == "kindle" else hypothesis).parse(text)
    except w3c.ImportFileError as exc:
        raise SummitError(f"{path}: {exc}; nothing was imported") from None
    missing = [p for p in args.paths if not Path(p).expanduser().exists()]
    if missing:  # a mistyped text would leave its highlights waiting: say so before any write
        raise SummitError(f"{missing[0]}: no such file; nothing was imported")
    with _store(args) as store:
        try:
            if read is None:  # our own: the sample corpus is named when nothing is
                named = expand_paths(args.paths or [paths.bundled_corpus()])
                report = import_annotations(store, own or [], named)
            else:
                report = import_foreign(store, read, expand_paths(args.paths))
        except w3c.ImportFileError as exc:
            raise SummitError(f"{path}: {exc}; nothing was imported") from None
    for note in report.notes:
        _err(note)
    print(f"{path}: {report.summary()}")
    if report.unplaced:
        print("not placed:")
        for line in report.unplaced:
            print(f"  {line}")
    return 0
