"""The import command: highlights made elsewhere, brought into the store without duplicates."""

from __future__ import annotations

import argparse
from pathlib import Path

from summitreader.cli.common import _err, _store, command
from summitreader.errors import SummitError
from summitreader.settings import paths


def import_arguments(imp: argparse.ArgumentParser) -> None:
    imp.add_argument("file", metavar="FILE.json")
    imp.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="the texts the annotations belong to (default: the sample corpus); an import "
        "reads no other file than these and the library's",
    )


@command(
    "import",
    "FILE.json [PATH ...]",
    "Web Annotation JSON, without duplicates",
    takes_paths=False,
    arguments=import_arguments,
)
def cmd_import(args: argparse.Namespace) -> int:
    from summitreader.export import w3c
    from summitreader.library.importing import import_annotations
    from summitreader.sources.files import expand_paths

    path = Path(args.file).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SummitError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        incoming = w3c.parse(text)
    except w3c.ImportFileError as exc:
        raise SummitError(f"{path}: {exc}; nothing was imported") from None
    named = expand_paths(args.paths or [paths.bundled_corpus()])
    with _store(args) as store:
        try:
            report = import_annotations(store, incoming, named)
        except w3c.ImportFileError as exc:
            raise SummitError(f"{path}: {exc}; nothing was imported") from None
    for note in report.notes:
        _err(note)
    print(f"{path}: {report.summary()}")
    return 0
