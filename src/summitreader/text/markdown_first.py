"""The blocks of a Markdown text's first chunk, kept on disk, so that a text opened again
draws its first screen before markdown-it is imported (about 17 ms of a start that takes
about 250). The rest of the text is parsed as before, after the first frame.

A text not opened before has its first chunk parsed by a helper process, on another core,
while the app imports Textual (``cli.reading``): the app waits for it (``coming``) before it
looks for the entry, a few milliseconds at most, as it started 150 ms earlier.

An entry is found by a digest of the chunk's own characters, and kept only under the same
code (a signature of the modules that make blocks): an edit anywhere in the first chunk, or
a new version of the parser's code, is a miss, never a stale screen. The cache is off until
the command line names its folder (``use``); a folder that cannot be written is no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import time
from importlib.machinery import PathFinder
from pathlib import Path
from typing import Any

from summitreader.fsio import atomic_write_bytes, code_signature
from summitreader.text.block import Block, Table

VERSION = 1
AHEAD_WAIT = 0.25  # seconds the app waits at most for the helper, then parses itself
_folder: Path | None = None
_code: bytes | None = None
_ahead: int | None = None  # the helper process making the first chunk, until it ends


def enabled() -> bool:
    """True while first chunks are kept (the command line named a folder)."""
    return _folder is not None


def coming(pid: int) -> None:
    """The process ``pid`` is keeping a first chunk: ``load`` waits for it."""
    global _ahead
    _ahead = pid


def _wait_for_ahead() -> None:
    """Until the helper ends (it is reaped), for AHEAD_WAIT at most."""
    global _ahead
    if _ahead is None:
        return
    deadline = time.monotonic() + AHEAD_WAIT
    while True:
        try:
            done, _ = os.waitpid(_ahead, os.WNOHANG)
        except ChildProcessError:
            done = _ahead
        if done or time.monotonic() > deadline:
            break
        time.sleep(0.001)
    if done:
        _ahead = None


def use(folder: Path | None) -> None:
    """Keep first chunks in ``folder`` (made when first written); None turns the cache off."""
    global _folder
    _folder = folder


def _signature() -> bytes | None:
    """The code the blocks come from: these modules, the parser's packages (found, not
    imported: an upgrade rewrites their files), and this Python's marshal format."""
    global _code
    if _code is None:
        here = Path(__file__).parent
        names = (
            "markdown_blocks.py",
            "markdown_convert.py",
            "markdown_first.py",
            "block.py",
            "metadata.py",
        )
        files = [here / name for name in names]
        for package in ("markdown_it", "mdit_py_plugins"):
            spec = PathFinder.find_spec(package)
            if spec is None or spec.origin is None:
                return None
            files.append(Path(spec.origin))
        found = code_signature(VERSION, files)
        if found is None:
            return None
        _code = repr((found, sys.version_info[:2], marshal.version)).encode()
    return _code


def _digest(code: bytes, text: str, end: int) -> str:
    """Of the characters up to ``end`` and the one after it: a chunk's end is where the
    next line starts with a non-space (or where the text ends), and blocks ending there
    are right only while that holds (a text made longer is another entry)."""
    digest = hashlib.blake2b(code, digest_size=20)
    digest.update(text[: end + 1].encode("utf-8", "surrogatepass"))  # at the end: no more
    return digest.hexdigest()


def _path(text: str, end: int) -> tuple[Path, bytes] | None:
    code = _signature()
    if _folder is None or code is None:
        return None
    return _folder / f"{_digest(code, text, end)}.blocks", code


def load(text: str, end: int, *, wait: bool = True) -> tuple[int, list[Block]] | None:
    """(where the first chunk ends, its blocks) kept for a text whose first ``end``
    characters are these; None when none are kept (or they are for other characters).
    ``wait``: for a helper keeping them first."""
    if wait:
        _wait_for_ahead()
    found = _path(text, end)
    if found is None:
        return None
    path, code = found
    try:
        version, chunk_end, digest, tables, rows = marshal.loads(path.read_bytes())
        if version != VERSION:
            return None
        # a chunk made longer to close a fence: its further characters must match too
        if chunk_end != end and digest != _digest(code, text, chunk_end):
            return None
        return chunk_end, _blocks(tables, rows)
    except (OSError, EOFError, ValueError, TypeError):
        return None  # none kept, or unreadable: the parser makes them again


def save(text: str, end: int, chunk_end: int, blocks: list[Block]) -> None:
    """Keep the first chunk's blocks, found by its first ``end`` characters (best effort:
    a cache that cannot be written is left alone)."""
    found = _path(text, end)
    rows = _rows(blocks)
    if found is None or rows is None:
        return
    path, code = found
    tables, flat = rows
    data = marshal.dumps((VERSION, chunk_end, _digest(code, text, chunk_end), tables, flat))
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        # not synced: written before a new text's first frame, where two fsyncs cost ms
        atomic_write_bytes(path, data, durable=False)
        _prune(path.parent)


KEEP = 200  # first chunks kept: a few hundred bytes to a few kilobytes each


def _prune(folder: Path) -> None:
    """The oldest entries go once there are more than KEEP."""
    entries = [e for e in os.scandir(folder) if e.name.endswith(".blocks")]
    if len(entries) <= KEEP:
        return
    entries.sort(key=lambda e: e.stat().st_mtime_ns)
    for entry in entries[: len(entries) - KEEP]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


_PLAIN = (type(None), bool, int, str)


def _rows(blocks: list[Block]) -> tuple[list[tuple], list[tuple]] | None:
    """Blocks as marshal's plain values; a ``Table`` shared by its rows is kept once. None
    if a block holds something else (it is not kept)."""
    tables: list[tuple] = []
    index: dict[int, int] = {}
    flat = []
    for b in blocks:
        extra: Any = b.extra
        if isinstance(extra, Table):
            if id(extra) not in index:
                index[id(extra)] = len(tables)
                tables.append((extra.first, extra.rows, tuple(extra.aligns)))
            extra = ("table", index[id(extra)])
        elif not isinstance(extra, _PLAIN):
            return None
        flat.append((b.kind, b.start, b.end, b.level, b.lead, b.cont, b.gap, b.segs, extra))
    return tables, flat


def _blocks(tables: list[tuple], flat: list[tuple]) -> list[Block]:
    made = [Table(first, rows, list(aligns)) for first, rows, aligns in tables]
    blocks = []
    for kind, start, end, level, lead, cont, gap, segs, extra in flat:
        if isinstance(extra, tuple):
            extra = made[extra[1]]
        blocks.append(Block(kind, start, end, level, lead, cont, gap, segs, extra))
    return blocks
