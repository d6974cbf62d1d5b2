"""The second process of ``parse_ahead``: it reads the file's head, parses the first
chunk and writes it to its standard output, in ``markdown_first``'s form after the
chunk's key end (8 bytes)."""

from __future__ import annotations

import sys
from pathlib import Path

from summitreader.sources.text import source_from_bytes
from summitreader.text.markdown_blocks import first_chunk_kept
from summitreader.text.parse_ahead import HEAD


def main(path: str) -> int:
    with open(path, "rb") as file:
        data = file.read(HEAD)
    if len(data) == HEAD:  # whole lines only (a chunk needing more is refused, by digest)
        data = data[: data.rfind(b"\n") + 1]
    text = source_from_bytes(data, Path(path)).text
    kept = first_chunk_kept(text)
    if kept is None:
        return 1
    first, data = kept
    sys.stdout.buffer.write(first.to_bytes(8, "little") + data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
