"""War and Peace, vendored in ``benchmarks/data/`` (see the README there), for the
benchmarks of long texts: the text itself, or a decompressed copy where a path is needed."""

from __future__ import annotations

import gzip
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

WAR_AND_PEACE = Path(__file__).resolve().parent / "data" / "war-and-peace.txt.gz"


def war_and_peace() -> str:
    return gzip.decompress(WAR_AND_PEACE.read_bytes()).decode("utf-8")


@contextmanager
def war_and_peace_file() -> Iterator[Path]:
    """``war-and-peace.txt`` in a temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="summitreader-bench-") as tmp:
        path = Path(tmp) / "war-and-peace.txt"
        path.write_bytes(gzip.decompress(WAR_AND_PEACE.read_bytes()))
        yield path
