"""A W3C export written to its file in one pass, when the collection's head can be
foreseen.

The head (the collection's id and total) depends on every item, so the items used to wait
in a temporary file and were copied after it: 139 MB written twice for 100,000
highlights. The head of the last export to a file is remembered beside the store
(``<store>.w3c-head``), and written first; the items follow it in the file itself. If
the head they make is another (a highlight was added, changed or removed since), the file
is written again with the right head, the items copied from the first one: the bytes are
always those of ``CollectionWriter.chunks``, whole or absent as every export's.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from summitreader.errors import SummitError
from summitreader.export.w3c import CollectionWriter
from summitreader.fsio import (
    TEMP_PREFIX,
    atomic_write_bytes,
    atomic_write_chunks,
    fsync_dir,
    read_regular_file,
)

GUESS_LIMIT = 50_000_000  # bytes: a collection's head, the export's start


def head_path(store_path: Path) -> Path:
    stem = store_path.stem if store_path.suffix else store_path.name
    return store_path.with_name(stem + ".w3c-head")


def _guess(path: Path) -> bytes:
    try:
        return read_regular_file(path, GUESS_LIMIT)
    except (OSError, SummitError):
        return b""


def write_collection(
    target: Path, mode: int, head_file: Path, fill: Callable[[CollectionWriter], object]
) -> tuple[int, bytes]:
    """Write the collection ``fill`` makes (it calls ``add``) to ``target``, atomically;
    returns how many annotations it holds, and its head (the items follow it). OSError if
    it cannot be written."""
    guess = _guess(head_file)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w+b") as fh:
            fh.write(guess)
            writer = CollectionWriter(fh)
            fill(writer)
            head = writer.head()
            if guess and head == guess:
                fh.write(writer.tail())
                fh.flush()
                os.fsync(fh.fileno())
                os.replace(tmp, target)
                fsync_dir(target.parent)
            else:  # foreseen wrongly: the right head, then the items copied over
                atomic_write_chunks(target, writer.chunks(), mode)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    if head != guess:
        with contextlib.suppress(OSError):  # best effort: it is only a guess
            atomic_write_bytes(head_file, head)
    return writer.total, head
