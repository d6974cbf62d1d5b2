"""Export files: a stable name per document that no other document shares, updated in
place (see ``updating``), never written over when summitreader did not write it, and left
alone when its bytes would not change."""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from summitreader.errors import SummitError
from summitreader.export.markdown import render_markdown
from summitreader.export.markdown_text import source_link
from summitreader.export.rendered import RenderCache
from summitreader.export.selection import DEFAULTS, DocumentHighlights, ExportOptions
from summitreader.export.updating import syntax_of, update
from summitreader.fsio import atomic_write_bytes, check_target, read_regular_file, shared_mode
from summitreader.text.document import Document

_SLUG_DROP = re.compile(r"[^\w-]+")
_SOURCE = re.compile(r"^source(?::|::)[ \t]*(.+?)[ \t]*$", re.M)
_SOURCE_SHA = re.compile(r"^source[_-]sha256(?::|::)[ \t]*\"?([0-9a-f]{64})\"?[ \t]*$", re.M)
READ_LIMIT = 50_000_000  # bytes: an export file larger than this is not read back


class NotOurs(SummitError):
    """The target exists and summitreader did not write it."""


def _latin_folded(c: str) -> str:
    """A Latin letter without its accents (é: e); any other script's letters as they are
    (北朝鮮, Война), so a title in them names its file rather than a hash."""
    if c.isascii() or ord(c) >= 0x250:
        return c
    return "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d))


def _ascii_only(title: str) -> str:
    return unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()


def slug(title: str, fallback: str) -> str:
    """A file name from a title that cannot leave its directory."""
    text = "".join(map(_latin_folded, unicodedata.normalize("NFKC", title)))
    name = _SLUG_DROP.sub("-", text.lower()).strip("-_.")[:80]
    while len(name.encode("utf-8")) > 160:  # room for "-<hash>.md" in a 255-byte name
        name = name[:-1]
    return name.strip("-_.") or fallback


def write_export(path: Path, content: str) -> Path:
    """Write atomically; on failure nothing half-written is left behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, content.encode("utf-8"), shared_mode(path))
    except OSError as exc:
        raise SummitError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def _read(path: Path) -> str | None:
    """The file's text, or None when there is no file. A file that is not UTF-8 text, or
    is not a file at all, cannot be summitreader's; a link is never read through."""
    if path.is_symlink():
        raise NotOurs(_refusal(path, "it is a link"))
    if not check_target(path):
        return None  # nothing there; writing says why if it cannot be written
    try:
        if path.stat().st_size > READ_LIMIT:
            raise NotOurs(_refusal(path, "it is too large to be one"))
        return read_regular_file(path, READ_LIMIT).decode("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except UnicodeDecodeError:
        raise NotOurs(_refusal(path, "it is not UTF-8 text")) from None
    except OSError as exc:
        raise SummitError(f"cannot read {path}: {exc.strerror or exc}") from None


def _refusal(path: Path, why: str = "") -> str:
    because = f" ({why})" if why else ""
    return (
        f"{path} was not written by summitreader{because}, so it was left as it is: "
        "choose another file or folder, or add --force to replace it"
    )


def _source_of(text: str) -> tuple[str, str]:
    link = _SOURCE.search(text)
    sha = _SOURCE_SHA.search(text)
    value = link[1] if link else ""
    if value.startswith('"'):
        with contextlib.suppress(ValueError):
            value = str(json.loads(value))
    return value, sha[1] if sha else ""


def _other_text(old: str, new: str) -> str | None:
    """The source named by ``old``, an export of one text, when ``new`` is an export of
    another (neither their text's hash nor its place agree); else None. An update in place
    over another text's notes would strike out every highlight in them."""
    old_link, old_sha = _source_of(old[:20_000])
    new_link, new_sha = _source_of(new[:20_000])
    if not (old_sha and new_sha) or old_sha == new_sha or (old_link and old_link == new_link):
        return None
    return old_link or old_sha[:12]


def belongs_to(text: str, doc: Document) -> bool:
    """The file was exported from this document: it names the same source or text."""
    link, sha = _source_of(text[:20_000])
    return link == source_link(doc) or sha == doc.source.sha256


def _claim(doc: Document, directory: Path, taken: set[Path]) -> Path:
    """The document's file in ``directory``: the one already exported from it, or its
    title's name while nothing else is there, or the title with a hash of the text."""
    base = slug(doc.title, doc.source.sha256[:12])
    plain = directory / f"{base}.md"
    hashed = directory / f"{base}-{doc.source.sha256[:8]}.md"
    others = sorted(directory.glob(f"{glob_escape(base)}-*.md")) if directory.is_dir() else []
    ascii_base = slug(_ascii_only(doc.title), doc.source.sha256[:12])  # as earlier versions did
    earlier = [
        directory / f"{ascii_base}.md",
        directory / f"{ascii_base}-{doc.source.sha256[:8]}.md",
    ]
    for path in dict.fromkeys((plain, hashed, *others, *earlier)):
        if path not in taken and belongs_to(_peek(path), doc):
            return path
    if plain in taken or _another_export(plain):
        return hashed
    return plain  # free, or the user's own file: refused unless forced


def _another_export(path: Path) -> bool:
    """``path`` holds another document's export (not this one's: that was looked for)."""
    return bool(_SOURCE_SHA.search(_peek(path)))


def _peek(path: Path) -> str:
    """The start of a file, to see whose export it is; "" when it cannot be read or is
    a link."""
    if path.is_symlink():
        return ""
    try:
        with path.open("rb") as f:
            return f.read(20_000).decode("utf-8", "replace")
    except OSError:
        return ""


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


class Written(NamedTuple):
    path: Path
    changed: bool  # the file's bytes were written
    added: int = 0
    updated: int = 0
    removed: int = 0
    kept: tuple[str, ...] = ()  # blocks the user edited, left as they are


def _plan(
    path: Path,
    content: str,
    count: int,
    options: ExportOptions,
    force: bool,
    cache: RenderCache | None = None,
) -> tuple[Written, str | None]:
    """What writing ``content`` to ``path`` will do, and the text to write (None: the
    file stays as it is). Raises NotOurs for a file summitreader did not write.

    With ``cache``, a merge of these very texts that changed nothing is not made again;
    nor is the merge of an export over what the last one wrote, whole or merged, when it
    kept no block the user edited: that changes nothing, as exporting again after any
    export does (a property test tries it on thousands of histories)."""
    how = f"{options.flavor} {options.deleted} {options.template is None} {options.full_text}"
    try:
        old = _read(path)
    except NotOurs:
        if not force:
            raise
        old = None
    if old is None:
        if cache is not None:
            cache.remember_unchanged(content, content, how, [0, 0, 0, []])
        return Written(path, True, added=count), content
    if cache is not None and (same := cache.unchanged(old, content, how)) is not None:
        return Written(path, False, same[0], same[1], same[2], tuple(same[3])), None
    if old == content:  # the file is this very export: laid over itself, nothing changes
        if cache is not None:  # (parsing both and merging took a second at 100,000 blocks)
            cache.remember_unchanged(old, content, how, [0, 0, 0, []])
        return Written(path, False), None
    syntax = syntax_of(options)
    parsed = syntax.parse(old)  # once: whose the file is, then what the export changes
    if not syntax.owned(parsed):
        if not force:
            raise NotOurs(_refusal(path))
        if cache is not None:
            cache.remember_unchanged(content, content, how, [0, 0, 0, []])
        return Written(path, True, added=count), content
    if (other := _other_text(old, content)) is not None:
        if not force:
            raise NotOurs(
                f"{path} holds the highlights of another text ({other}), so it was left as "
                "it is: choose another file, or add --force to replace it"
            )
        return Written(path, True, added=count), content
    merged = update(old, content, options, parsed)
    changed = merged.text != old
    if cache is not None and not changed:
        report = [merged.added, merged.changed, merged.removed, list(merged.kept)]
        cache.remember_unchanged(old, content, how, report)
    elif cache is not None and not merged.kept:  # no block of it is the user's: see above
        cache.remember_unchanged(merged.text, content, how, [0, 0, 0, []])
    written = Written(path, changed, merged.added, merged.changed, merged.removed, merged.kept)
    return written, merged.text if changed else None


def export_file(
    path: Path,
    content: str,
    count: int,
    options: ExportOptions = DEFAULTS,
    force: bool = False,
    cache: RenderCache | None = None,
) -> Written:
    """Write ``content`` (an export of ``count`` highlights) over the export at ``path``."""
    written, text = _plan(path, content, count, options, force, cache)
    if text is not None:
        write_export(path, text)
    return written


def unique(items: Sequence[DocumentHighlights]) -> list[DocumentHighlights]:
    """Each document once, however many times it was named."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.document.source.sha256 not in seen:
            seen.add(item.document.source.sha256)
            out.append(item)
    return out


class DirectoryExport(NamedTuple):
    files: list[Written]  # one per document, in the order given

    @property
    def unchanged(self) -> int:
        return sum(not w.changed for w in self.files)

    @property
    def kept(self) -> int:
        return sum(len(w.kept) for w in self.files)


def export_to_directory(
    items: Sequence[DocumentHighlights],
    directory: Path,
    options: ExportOptions = DEFAULTS,
    force: bool = False,
) -> DirectoryExport:
    """One file per document; a file whose bytes would not change is not written again,
    so a re-export leaves nothing for version control to see. Every target is checked
    before any is written: a file summitreader did not write stops the whole export."""
    if directory.exists() and not directory.is_dir():
        raise SummitError(f"cannot export to {directory}: it is a file, not a folder")
    taken: set[Path] = set()
    plan = []
    for item in unique(items):
        path = _claim(item.document, directory, taken)
        taken.add(path)
        content = render_markdown([item], options)
        plan.append(_plan(path, content, len(item.annotations), options, force))
    for written, text in plan:
        if text is not None:
            write_export(written.path, text)
    return DirectoryExport([written for written, _ in plan])


def export_document(
    item: DocumentHighlights, directory: Path, options: ExportOptions = DEFAULTS
) -> Written:
    """Export one document into ``directory``, to the file that is its own."""
    [written] = export_to_directory([item], directory, options).files
    return written


def describe(files: Sequence[Written]) -> str:
    """ ", 1 unchanged; 2 new, 1 changed, 1 removed; 1 block you edited kept as it is"."""
    parts = []
    if unchanged := sum(not w.changed for w in files):
        parts.append(f"{unchanged} unchanged")
    counts = [
        (sum(w.added for w in files if w.changed), "new"),
        (sum(w.updated for w in files), "changed"),
        (sum(w.removed for w in files), "removed"),
    ]
    if edits := [(n, word) for n, word in counts if n]:
        parts.append(", ".join(f"{n} {word}" for n, word in edits))
    if kept := sum(len(w.kept) for w in files):
        block = "block you edited" if kept == 1 else "blocks you edited"
        parts.append(f"{kept} {block} left as you wrote {'it' if kept == 1 else 'them'}")
    return "".join(f"; {p}" if i else f", {p}" for i, p in enumerate(parts))
