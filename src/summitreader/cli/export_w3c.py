"""`summitreader export --format w3c`: Web Annotation JSON, a text at a time; to a file,
each text's part of the last export to that file is taken from it again when neither
the text's highlights nor anything else it was made from changed since.

Making the items of 100,000 highlights (reading 51 MB of JSON, a dict per annotation,
orjson's indenting) took about 0.6 s of the 1 s of CPU an export cost. Where each text's
items lie in the file written last, and their ids (the collection's id is made from every
id), are kept beside the store (``<store>.w3c-last.json``, ``store.shard_digests``), each
under the signatures of the text's file of highlights as they were read; the whole is
kept under the export's options, the paths of the texts (an orphaned highlight names the
text it was made on), the code, the target's path and the signature (inode, size, mtime)
of the file written. A file changed since, by anyone, has another signature, and every
text is made again.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import stat
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from summitreader.cli.common import _documents, _err, _store
from summitreader.errors import SummitError
from summitreader.export import w3c
from summitreader.export.selection import DocumentHighlights, ExportOptions, select
from summitreader.export.w3c_file import head_path, write_collection
from summitreader.fsio import check_target, code_signature, file_signature, shared_mode
from summitreader.store.shard_digests import ShardDigests, digests_path
from summitreader.text.words import counted

if TYPE_CHECKING:
    from summitreader.store.store import Store
    from summitreader.text.document import Document

VERSION = 1
PACKAGE = Path(__file__).resolve().parents[1]
TICK_NS = 20_000_000  # twice the coarsest clock tick a file's mtime is stamped with (HZ=100)
ITEM_START, ITEM_END = b"      {", b"      }"  # of every document's part


def _key(options: ExportOptions, paths: dict[str, str]) -> list[Any] | None:
    """Everything a text's part is made from but its highlights: the options, every text's
    path, the code (None: a module cannot be read, nothing is kept)."""
    code = code_signature(VERSION, PACKAGE.rglob("*.py"))
    if code is None:
        return None
    where = hashlib.sha256(orjson.dumps(paths, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return [code, options.sort, list(options.tags), where]


class Earlier:
    """The last export to ``target``, when it is still the file that export wrote."""

    def __init__(self, store: Store, target: Path, key: list[Any] | None) -> None:
        self.fd: int | None = None
        self.parts = ShardDigests(digests_path(store.path, "w3c-last"), None)
        if key is None:
            return
        with contextlib.suppress(OSError):
            fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                os.close(fd)
                return
            self.fd = fd
            code = [key, str(target), [st.st_ino, st.st_size, st.st_mtime_ns]]
            self.parts = ShardDigests(digests_path(store.path, "w3c-last"), code, writable=False)

    def part(self, sid: str, signature: tuple[int, ...] | None) -> tuple[list[str], bytes] | None:
        """The ids and bytes of a text's part of the file (no ids: it had none)."""
        found = self.parts.get(sid, signature)
        if self.fd is None or not (isinstance(found, list) and len(found) == 3):
            return None
        at, size, ids = found
        if not ids:
            return [], b""
        try:
            text = os.pread(self.fd, size, at)
        except (OSError, TypeError, ValueError):
            return None
        if len(text) != size or not (text.startswith(ITEM_START) and text.endswith(ITEM_END)):
            return None
        return ids, text

    def unchanged(self, store: Store, docs: list[Document]) -> int | None:
        """How many annotations the file holds when it is already, byte for byte, the
        export of ``docs`` (each text's part would be copied from where it already lies:
        nothing changed since it was written); None otherwise. As a Markdown export over
        an unchanged file, it is then not written again (139 MB, and its fsync)."""
        if self.fd is None:
            return None
        moment, ids, parts = time.time(), [], []
        for doc in docs:
            signature = store.highlights_signature(doc.source)
            found = self.parts.get(doc.source.sha256, signature)  # type: ignore[arg-type]
            if not (ShardDigests.trusted(signature, moment) and isinstance(found, list)):
                return None
            if len(found) != 3:
                return None
            if found[2]:
                parts.append((found[0], found[1]))
                ids += found[2]
        head = w3c.collection_head(ids)
        at = len(head)
        for start, size in parts:  # where they would go: where they are
            if start != at:
                return None
            at += size + len(w3c.SEPARATOR)
        end = at - len(w3c.SEPARATOR) + len(w3c.TAIL) if parts else len(head)
        with contextlib.suppress(OSError):
            if os.fstat(self.fd).st_size == end and os.pread(self.fd, len(head), 0) == head:
                return len(ids)
        return None

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _remember(
    store: Store, target: Path, key: list[Any] | None, head: bytes, parts: list[Any]
) -> None:
    """Where each text's part lies in the file just written, kept with its signature. It
    is taken once the clock has moved on by two ticks from the file's mtime: a later
    write to it then has a later mtime (a write within the same tick may not)."""
    if key is None or store.read_only:
        return
    signature = file_signature(target)
    if signature is not None and (wait := signature[2] + TICK_NS - time.time_ns()) > 0:
        time.sleep(wait / 1e9)
        signature = signature if file_signature(target) == signature else None
    if signature is None:
        return
    kept = ShardDigests(digests_path(store.path, "w3c-last"), [key, str(target), list(signature)])
    for sid, shard, segment in parts:
        where = [len(head) + segment.at, segment.size, segment.ids] if segment else [0, 0, []]
        kept.put(sid, shard, where)
    kept.save()


def export_w3c(args: argparse.Namespace, options: ExportOptions) -> int:
    """W3C Web Annotation JSON, a text at a time: the store lets go of each text's
    highlights once they are written, so 100,000 of them are never in memory at once."""
    with _store(args) as store:
        docs, _ = _documents(args, store, titles=False)
        # A highlight no longer found in its text is exported against the one it was made
        # on, named by its path when that text is one of these.
        paths = {d.source.sha256: d.source.where for d in docs}
        if not args.output:
            with w3c.CollectionWriter() as writer:
                _fill(store, docs, paths, options, writer, None)
                for chunk in writer.chunks():
                    sys.stdout.buffer.write(chunk)
            return 0
        target = Path(args.output).expanduser()
        check_target(target)
        key = _key(options, paths)
        earlier = Earlier(store, target.absolute(), key)
        parts: list[Any] = []
        try:
            if (total := earlier.unchanged(store, docs)) is not None:
                _err(f"exported {counted(total, 'highlight')} to {target}")
                return 0  # the file holds these very bytes: it stays as it is
            target.parent.mkdir(parents=True, exist_ok=True)
            total, head = write_collection(
                target,
                shared_mode(target),
                head_path(store.path),
                lambda writer: parts.extend(_fill(store, docs, paths, options, writer, earlier)),
            )
        except OSError as exc:
            raise SummitError(f"cannot write {target}: {exc.strerror or exc}") from None
        finally:
            earlier.close()
        _remember(store, target.absolute(), key, head, parts)
    _err(f"exported {counted(total, 'highlight')} to {target}")
    return 0


def _fill(
    store: Store,
    docs: list[Document],
    paths: dict[str, str],
    options: ExportOptions,
    writer: w3c.CollectionWriter,
    earlier: Earlier | None,
) -> list[Any]:
    """Add each document's annotations to ``writer``: its part of the earlier file, else
    made from its highlights. Returns, for each text whose highlights' file was left alone,
    (its id, that file's signatures, where its part went or None)."""
    # for_source gives document order: sorted again by the same key, nothing moves
    again = options.sort != "position" or bool(options.tags)
    moment = time.time()
    parts = []
    for doc in docs:
        sid = doc.source.sha256
        signature = store.highlights_signature(doc.source)
        trusted = ShardDigests.trusted(signature, moment)
        found = earlier.part(sid, signature) if earlier and trusted else None  # type: ignore[arg-type]
        if found is not None:
            ids, text = found
            parts.append((sid, signature, writer.add_items(ids, text) if ids else None))
            continue
        records = store.for_source(doc.source, copy=False)  # only read, then let go
        if again:
            [item] = select([DocumentHighlights(doc, records)], options)
            records = list(item.annotations)
        segment = writer.add(records, paths)
        store.release()
        if trusted and store.highlights_file_signature(sid) == signature:
            parts.append((sid, signature, segment))
    return parts
