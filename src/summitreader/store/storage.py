"""A TinyDB Storage that is on disk before it returns, and shared safely between processes.

TinyDB's JSONStorage rewrites its file in place, so a killed writer can leave
it unreadable. Here every write goes to a temp file in the same directory, is
fsynced, then renamed over the store, and the directory is fsynced. Reads are
served from memory and re-read only when the file changed on disk; under its lock
the store calls ``verify``, so a write always starts from the disk. Verifying
compares a digest of the file's bytes with those last read or written: with
10,000 highlights in a file, parsing it again cost 100 ms on every edit.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from summitreader.annotations.record_checks import split_bad
from summitreader.errors import StoreCorrupt, StoreError
from summitreader.fsio import TEMP_PREFIX, atomic_write_bytes
from summitreader.store.journal import apply_change, log_path_of, names_file, read_changes


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


UNVERIFIED = (-1, -1, -1)  # a signature no file has


def remove_stale_temps(directory: Path) -> int:
    """Delete temp files left by killed writers. Call only while holding the store lock."""
    removed = 0
    for tmp in directory.glob(TEMP_PREFIX + "*"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed += 1
    return removed


def read_store_bytes(path: Path) -> bytes | None:
    """The bytes of ``path``, None if there is no file; StoreError otherwise."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except PermissionError:
        raise StoreError(
            f"cannot read the store file {path}: permission denied. "
            f"Nothing was changed; fix it with: chmod u+rw '{path}'"
        ) from None
    except OSError as exc:
        raise StoreError(f"cannot read the store file {path}: {exc.strerror or exc}") from None


def parse_store_file(path: Path, raw: bytes | None = None) -> dict[str, Any] | None:
    """The JSON object in ``path`` (or its ``raw`` bytes already read), None if there is no
    file; StoreError/StoreCorrupt otherwise."""
    if raw is None and (raw := read_store_bytes(path)) is None:
        return None
    if not raw.strip():
        raise StoreCorrupt(f"the store file {path} is empty")
    try:
        data = orjson.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreCorrupt(f"the store file {path} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise StoreCorrupt(f"the store file {path} does not hold TinyDB tables")
    return data


def encode(data: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON; orjson writes the same bytes as ``json.dumps`` 20 times faster."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError as exc:  # e.g. a lone surrogate from undecodable argv
        raise StoreError(f"cannot store this text: {exc}") from None


def _digest(raw: bytes) -> bytes:
    return hashlib.sha256(raw).digest()  # SHA-NI: 5 ms for 7.5 MB, blake2b 15 ms


def corrupt_name(path: Path) -> Path:
    """Where a corrupt file is moved: ``<name>.corrupt-<UTC timestamp>``, never an existing file."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    return target


COMPACT_AT = 1 << 20  # bytes of journal before the file is written whole again (at least)


def shard_signature(path: Path) -> tuple[int, ...] | None:
    """What changes when a store file or its journal is written: both signatures."""
    base = _signature(path)
    if base is None:
        return None
    return (*base, *(_signature(log_path_of(path)) or (0, 0, 0)))


SETTLED = 2.0  # seconds a file must have been left alone for its signature to be trusted


def settled(signature: tuple[int, ...] | None, now: float) -> bool:
    """Whether both files behind a ``shard_signature`` (inode, size, mtime_ns; then the
    journal's) were last changed ``SETTLED`` seconds before ``now`` (no file at all:
    settled). A cache keyed by a signature trusts only these, as git treats a file changed
    in the same second as its index: a file written twice within one tick of the clock
    could otherwise keep its signature."""
    if signature is None:
        return True
    limit = int((now - SETTLED) * 1e9)
    return all(signature[i] < limit for i in range(2, len(signature), 3))


class AtomicJSONStorage(Storage):
    """JSON storage with atomic, durable writes, an in-memory read cache, and a journal.

    A small change (``append``: records put or removed) is one line appended to a journal
    beside the file (``<name>.json.log``) and fsynced, instead of the whole file written
    again: with 10,000 highlights in a file, each edit wrote 7.5 MB (encode, hash, write,
    fsync: 30 ms and more). The journal's first line names the SHA-256 of the file it
    follows and a nonce; a reader applies its complete lines to that file's data, and
    only to that file's. A line cut short by a killed writer was never acknowledged: it
    is ignored, and the next writer (under the lock) cuts it off before appending. When
    the journal grows past half the file (at least ``COMPACT_AT``), or on any whole
    write, the file is written whole (atomically) and the journal removed. A journal
    that names another file is still applied (see ``_apply_log``), and the next write
    is a whole one. Under the lock, a journal that names our file's digest and nonce
    also vouches for the file (only a whole write changes it, and a whole write leaves
    no such journal), so checking costs reading the journal, not hashing the file."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.log_path = log_path_of(self.path)
        for file in (self.path, self.log_path):
            if file.is_symlink():  # a link could steer writes, or a corrupt-file move, anywhere
                raise StoreError(
                    f"the store file {file} is a symbolic link (to {os.readlink(file)}); "
                    "summitreader keeps its store only in real files. Use --db with the real "
                    "path."
                )
        self._data: dict[str, Any] | None = None
        self._sig: tuple[int, int, int] | None = None  # UNVERIFIED once told to check
        self._base_sig: tuple[int, int, int] | None = None  # the file's, when last checked
        self._digest: bytes | None = None  # of the bytes behind ``_data``
        self._log_sig: tuple[int, int, int] | None = None
        self._log_header: bytes | None = None  # of the journal applied to ``_data``
        self._log_used = 0  # bytes of that journal applied (whole lines)
        self._needs_whole = False  # a journal of another file was applied: write whole next
        self._ids: dict[str, dict[str, str]] = {}  # per table: record id -> doc id
        self.read_signature: tuple[int, ...] | None = None  # of the file and journal last read
        self.generation = 0  # bumped whenever the data may differ from before
        self.loads = 0  # bumped when data comes from the disk: someone else may have written

    def invalidate(self) -> None:
        """Forget the cached copy: the next read parses the file again."""
        self._data, self._sig, self._digest = None, None, None
        self._base_sig, self._log_sig, self._log_header, self._log_used = None, None, None, 0
        self._ids, self._needs_whole = {}, False

    def verify(self) -> None:
        """Trust no file signature: the next read compares the file's bytes with ours."""
        self._sig = UNVERIFIED  # not None: that is the signature of a file that is gone

    def read(self) -> dict[str, Any] | None:
        sig, log_sig = _signature(self.path), _signature(self.log_path)
        if self._data is not None and sig == self._sig and log_sig == self._log_sig:
            return self._data
        if (
            self._data is not None
            and sig is not None
            and sig == self._base_sig
            and self._follow_log(log_sig)  # the journal vouches for the file, and is applied
        ):
            self._sig = sig
            return self._data
        raw = read_store_bytes(self.path) if sig is not None else None
        digest = _digest(raw) if raw is not None else None
        if (
            self._data is not None
            and digest is not None
            and digest == self._digest
            and (log_sig == self._log_sig or self._follow_log(log_sig))
        ):
            self._sig, self._base_sig = sig, sig
            return self._data  # the same file, and the same journal (or more of it)
        self.invalidate()  # nothing is cached until the new bytes have passed every check
        data = parse_store_file(self.path, raw) if raw is not None else None
        header, used, stale = None, 0, False
        if data is not None and digest is not None:
            header, used, stale = self._apply_log(data, digest)
        self.generation += 1
        self.loads += 1
        if data is not None:
            # what the checks may be remembered under: the signatures, unless the file or
            # its journal changed while they were read (then the bytes may be another's)
            after = _signature(self.path), _signature(self.log_path)
            self.read_signature = (
                (*sig, *(log_sig or (0, 0, 0))) if sig and after == (sig, log_sig) else None
            )
            data = self.vetted(data)  # may rewrite the file, and remember() what it wrote
        if self._data is None:
            self._data, self._sig, self._base_sig, self._digest = data, sig, sig, digest
            self._log_sig, self._log_header, self._log_used = log_sig, header, used
            self._needs_whole = stale
        return self._data

    # the journal -----------------------------------------------------------------------

    def _header_for(self, digest: bytes, nonce: str) -> bytes:
        return encode({"base": digest.hex(), "nonce": nonce}) + b"\n"

    def _read_log(self) -> bytes | None:
        try:
            return self.log_path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read the store file {self.log_path}: {exc}") from None

    def _follow_log(self, log_sig: tuple[int, int, int] | None) -> bool:
        """Whether the journal on disk is the one applied to our data (same digest and
        nonce), then applying the lines appended to it since; False means read the file."""
        if log_sig is None or self._log_header is None or self._digest is None:
            return False
        if log_sig == self._log_sig:
            return True
        raw = self._read_log()
        if raw is None or not raw.startswith(self._log_header) or len(raw) < self._log_used:
            return False
        ops, used = read_changes(raw, self._log_used, self.log_path)
        if ops:
            fresh = {table: puts for table, puts, _ in ops}
            if any(split_bad({t: p})[1] for t, p in fresh.items()):
                return False  # a damaged record: the whole read sets it aside
            assert self._data is not None
            for op in ops:
                apply_change(self._data, *op)
            self._ids = {}
            self.generation += 1
            self.loads += 1  # another process wrote
        self._log_used, self._log_sig = used, log_sig
        return True

    def _apply_log(self, data: dict[str, Any], digest: bytes) -> tuple[bytes | None, int, bool]:
        """Apply the journal beside the file to its ``data``: (its header if it names
        this file, the bytes applied, whether it named another). A journal naming another
        file is applied too: after a whole write it is left only by a crash before its
        removal, and its changes are then in the file already (putting a record again, or
        removing one again, changes nothing); but after the file was changed by hand, or
        restored from a backup, they are not, and ignoring them would lose acknowledged
        edits. Such a journal is never appended to: the next write is a whole one."""
        raw = self._read_log()
        if raw is None or (end := raw.find(b"\n") + 1) == 0:
            return None, 0, False
        header = raw[:end]
        ops, used = read_changes(raw, end, self.log_path)
        for op in ops:
            apply_change(data, *op)
        if names_file(header, digest):
            return header, used, False
        return None, used, bool(ops)

    def from_disk(self) -> tuple[dict[str, Any], bytes] | None:
        """The file's data with its journal applied, and the file's bytes, as they are on
        disk now (for the store's checks, under its lock); None if there is no file."""
        raw = read_store_bytes(self.path)
        if raw is None:
            return None
        data = parse_store_file(self.path, raw) or {}
        self._apply_log(data, _digest(raw))
        return data, raw

    def append(self, table: str, puts: dict[str, Any], dels: list[str]) -> None:
        """Put records (by doc id) and remove others, durably, as one journal line. Call
        while holding the store's lock, after ``read`` (the data is the disk's)."""
        data = self.read()
        if data is None or self._digest is None or self._needs_whole:
            data = {} if data is None else data  # no file yet, or a journal of another file
            apply_change(data, table, puts, dels)
            self.write(data)
            return
        line = encode({"t": table, "put": puts, "del": dels}) + b"\n"
        try:
            if self._log_header is None:  # a journal of its own, made whole
                header = self._header_for(self._digest, os.urandom(8).hex())
                atomic_write_bytes(self.log_path, header + line)
                self._log_header, self._log_used = header, len(header) + len(line)
            else:
                self._append_line(line)
        except OSError as exc:
            self.invalidate()  # unsure what the disk holds now: read it again next time
            raise StoreError(
                f"cannot write the store {self.log_path}: {exc.strerror or exc}"
            ) from None
        ids = self._ids.get(table)
        if ids is not None:
            rows = data.get(table, {})
            for doc_id in dels:
                if doc_id in rows:
                    ids.pop(str(rows[doc_id].get("id")), None)
            ids.update({str(r.get("id")): k for k, r in puts.items()})
        apply_change(data, table, puts, dels)
        self._log_sig = _signature(self.log_path)
        self._sig = self._base_sig
        self.generation += 1
        if self._log_used > max(COMPACT_AT, (self._base_sig or (0, 0, 0))[1] // 2):
            self.write(data)  # written whole, and the journal goes

    def _append_line(self, line: bytes) -> None:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(self.log_path, flags)
        try:
            if os.fstat(fd).st_size != self._log_used:  # a line a killed writer left half
                os.ftruncate(fd, self._log_used)
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        self._log_used += len(line)

    def compact(self) -> None:
        """Write the file whole with its journal applied, and remove the journal (a stale
        one too). Call while holding the store's lock."""
        data = self.read()
        if data is not None and self.log_path.exists():
            self.write(data)  # the journal, applied, goes into the file

    def record_ids(self, table: str) -> dict[str, str]:
        """Record id -> doc id in ``table``, kept up to date by ``append``; made again when
        the data is read again or written whole."""
        data = self.read() or {}
        ids = self._ids.get(table)
        if ids is None:
            rows = data.get(table, {})
            ids = self._ids[table] = {str(r.get("id")): k for k, r in rows.items()}
        return ids

    # -----------------------------------------------------------------------------------

    def held(self) -> tuple[tuple[int, ...], dict[str, Any]] | None:
        """(the file's and its journal's signatures, its data) while the data in memory is
        known to be what they hold now; None when it is not (unread, or to be checked)."""
        if self._data is None or self._sig is None or self._sig == UNVERIFIED:
            return None
        if _signature(self.path) != self._sig or _signature(self.log_path) != self._log_sig:
            return None
        return (*self._sig, *(self._log_sig or (0, 0, 0))), self._data

    def vetted(self, data: dict[str, Any]) -> dict[str, Any]:
        """What a subclass makes of data fresh from the disk (StoreCorrupt if it cannot)."""
        return data

    def remember(self, data: dict[str, Any], raw: bytes) -> None:
        """Serve ``data`` from memory: the file now holds ``raw`` (and no journal of it:
        any journal beside it named the file before)."""
        self._data, self._sig, self._digest = data, _signature(self.path), _digest(raw)
        self._base_sig, self._log_sig = self._sig, _signature(self.log_path)
        self._log_header, self._log_used, self._ids, self._needs_whole = None, 0, {}, False
        self.generation += 1

    def write(self, data: dict[str, Any]) -> None:
        try:
            raw = encode(data)
        except StoreError:
            self.invalidate()  # TinyDB changed the cached copy before asking us to write
            raise
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, raw)
        except OSError as exc:
            self.invalidate()  # memory may be ahead of disk: re-read next time
            raise StoreError(f"cannot write the store {self.path}: {exc.strerror or exc}") from None
        with contextlib.suppress(FileNotFoundError, OSError):
            self.log_path.unlink()  # stale now (it names the file before); harmless if kept
        self.remember(data, raw)

    def close(self) -> None:
        self.invalidate()
