"""EPUB to Markdown with zipfile and lxml: the spine in reading order, one chapter after
another, each under its heading, and the table of contents as an outline of offsets.

A book is opened in two steps so a reader can show the first chapter at once: ``EpubBook``
reads the container, the package (OPF) and the table of contents; ``chapter()`` converts
one spine document. ``convert_epub`` does the whole book.
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import unquote, urldefrag, urlsplit

from lxml import etree

from summitreader.sources.converted import (
    ConversionError,
    Converted,
    OutlineEntry,
    front_matter,
    one_line,
    person_name,
)
from summitreader.sources.epub_headings import follow_contents
from summitreader.sources.html_markdown import (
    NOTE,
    NOTE_REF,
    MarkdownWriter,
    parse_html,
)
from summitreader.sources.html_markdown import VERSION as WALKER_VERSION
from summitreader.sources.web_notes import (
    LABEL_DROP,
    MARK,
    drop_keeping_tail,
    is_back_link,
    unique_label,
)

VERSION = f"7+md{WALKER_VERSION}"
EXTRACTOR = "summitreader-epub"
MAX_ENTRY_BYTES = 64_000_000  # one XHTML file larger than this is not a chapter but a trap

_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "enc": "http://www.w3.org/2001/04/xmlenc#",
}
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
# Font obfuscation (IDPF, Adobe) is not encryption of the text: such books read fine.
_OBFUSCATION = frozenset({"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"})
_XML = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
_IMAGES_ONLY = re.compile(r"(?:!\[[^\]]*\]\([^)]*\)\s*)*")
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._-]+)""")


class EpubError(ConversionError):
    """An EPUB that cannot be read: not a zip, no container or package, encrypted."""


@dataclass(frozen=True, slots=True)
class SpineItem:
    path: str  # inside the zip
    media_type: str
    linear: bool


@dataclass(frozen=True, slots=True)
class TocEntry:
    title: str
    level: int
    path: str  # the spine document it points into
    fragment: str


def _xml(data: bytes, what: str) -> etree._Element:
    try:
        return etree.fromstring(data, _XML)
    except etree.XMLSyntaxError as exc:
        raise EpubError(f"broken EPUB: {what} is not valid XML ({exc.msg})") from None


def _text(el: etree._Element | None) -> str:
    return one_line("".join(el.itertext())) if el is not None else ""


_NO_DATE = "0101-01-01"  # what Calibre writes for a book whose date it does not know


def _iso_date(value: str) -> str:
    m = re.match(r"\s*(\d{4}(?:-\d\d(?:-\d\d)?)?)", value)
    return m.group(1) if m and m.group(1) != _NO_DATE else ""


class EpubBook:
    """An opened EPUB: its metadata, spine and table of contents, chapters on demand."""

    def __init__(self, data: bytes, name: str = "") -> None:
        self.name = name
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError):
            if data.startswith(b"PK\x03\x04"):
                raise self.error(
                    "a damaged EPUB: its zip archive is cut short or corrupt (download or "
                    "copy it again)"
                ) from None
            raise self.error("not an EPUB: it is not a zip archive") from None
        self._notes = _Notes()
        self._infos = _entries(self.zip)
        self._names = set(self._infos)
        self._check_encryption()
        self.opf_path = self._rootfile()
        opf = _xml(self._read(self.opf_path, "its package file"), self.opf_path)
        self._opf = opf
        self._opf_dir = posixpath.dirname(self.opf_path)
        self.manifest: dict[str, tuple[str, str, str]] = {}  # id -> (path, type, properties)
        for item in opf.iterfind("opf:manifest/opf:item", _NS):
            href = item.get("href")
            if item.get("id") and href:
                self.manifest[item.get("id")] = (
                    self._resolve(self._opf_dir, href),
                    item.get("media-type", ""),
                    item.get("properties", ""),
                )
        self.spine = self._spine()
        if not self.spine:
            raise self.error("broken EPUB: its spine lists no documents to read")

    def error(self, problem: str) -> EpubError:
        return EpubError(f"{self.name}: {problem}" if self.name else problem)

    def _read(self, path: str, what: str) -> bytes:
        info = self._infos.get(path)
        if info is None:
            raise self.error(f"broken EPUB: {what} ({path}) is missing")
        if info.file_size > MAX_ENTRY_BYTES:
            raise self.error(
                f"broken EPUB: {path} would unpack to {info.file_size / 1e6:.0f} MB, more than "
                f"the {MAX_ENTRY_BYTES // 1_000_000} MB a chapter can be"
            )
        try:
            return self.zip.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise self.error(f"broken EPUB: {path} cannot be unpacked ({exc})") from None
        except NotImplementedError:
            raise self.error(f"broken EPUB: {path} uses an unknown compression") from None

    @staticmethod
    def _resolve(base_dir: str, href: str) -> str:
        path = unquote(urlsplit(href).path)
        return posixpath.normpath(posixpath.join(base_dir, path)).lstrip("/")

    def _check_encryption(self) -> None:
        if "META-INF/rights.xml" in self._names:
            raise self.error("encrypted EPUB (DRM): summitreader cannot read it")
        if "META-INF/encryption.xml" not in self._names:
            return
        root = _xml(self._read("META-INF/encryption.xml", "encryption.xml"), "encryption.xml")
        for data in root.iterfind(".//enc:EncryptedData", _NS):
            method = data.find("enc:EncryptionMethod", _NS)
            algorithm = method.get("Algorithm", "") if method is not None else ""
            ref = data.find(".//enc:CipherReference", _NS)
            target = unquote(ref.get("URI", "")) if ref is not None else ""
            if algorithm in _OBFUSCATION:
                continue
            if re.search(r"\.(?:x?html?|xml|ncx|opf)$", target, re.I) or not target:
                raise self.error("encrypted EPUB (DRM): summitreader cannot read it")

    def _rootfile(self) -> str:
        if "META-INF/container.xml" not in self._names:
            raise self.error("broken EPUB: META-INF/container.xml is missing")
        root = _xml(self._read("META-INF/container.xml", "container.xml"), "container.xml")
        for rootfile in root.iterfind(".//c:rootfile", _NS):
            full = rootfile.get("full-path")
            if full and rootfile.get("media-type", "application/oebps-package+xml").endswith(
                "package+xml"
            ):
                if full not in self._names:
                    raise self.error(f"broken EPUB: its package file {full} is missing")
                return full
        raise self.error("broken EPUB: container.xml names no package file")

    def _spine(self) -> list[SpineItem]:
        linear: list[SpineItem] = []
        extra: list[SpineItem] = []
        for ref in self._opf.iterfind("opf:spine/opf:itemref", _NS):
            found = self.manifest.get(ref.get("idref", ""))
            if found is None or ("html" not in found[1] and not found[0].endswith("htm")):
                continue
            is_linear = ref.get("linear", "yes") != "no"
            if not is_linear and "nav" in found[2].split():
                continue  # the reading system's own contents: its entries are the outline
            item = SpineItem(found[0], found[1], is_linear)
            (linear if is_linear else extra).append(item)
        return linear + extra  # notes and asides the spine keeps aside come last, not lost

    # -- metadata -------------------------------------------------------------------------

    @cached_property
    def title(self) -> str:
        return _text(self._opf.find("opf:metadata/dc:title", _NS))

    @cached_property
    def authors(self) -> tuple[str, ...]:
        meta = self._opf.find("opf:metadata", _NS)
        if meta is None:
            return ()
        roles = {
            m.get("refines", "").lstrip("#"): _text(m)
            for m in meta.iterfind("opf:meta[@property='role']", _NS)
        }
        names = []
        for creator in meta.iterfind("dc:creator", _NS):
            role = creator.get(f"{{{_NS['opf']}}}role") or roles.get(creator.get("id", ""), "")
            if role in ("", "aut") and _text(creator):
                names.append(person_name(_text(creator)))
        return tuple(names)

    @cached_property
    def date(self) -> str:
        return _iso_date(_text(self._opf.find("opf:metadata/dc:date", _NS)))

    @cached_property
    def language(self) -> str:
        return _text(self._opf.find("opf:metadata/dc:language", _NS))

    # -- table of contents ----------------------------------------------------------------

    @cached_property
    def toc(self) -> list[TocEntry]:
        """The EPUB 3 navigation document's toc, else the EPUB 2 NCX; [] if neither."""
        for path, _type, props in self.manifest.values():
            if "nav" in props.split() and path in self._names:
                entries = self._nav_toc(path)
                if entries:
                    return entries
        spine_toc = self._opf.find("opf:spine", _NS)
        ncx_id = spine_toc.get("toc", "") if spine_toc is not None else ""
        ncx = self.manifest.get(ncx_id) or next(
            (v for v in self.manifest.values() if v[1] == "application/x-dtbncx+xml"), None
        )
        if ncx is not None and ncx[0] in self._names:
            return self._ncx_toc(ncx[0])
        return []

    def _entry(self, base: str, href: str, title: str, level: int) -> TocEntry | None:
        if not href or not title or urlsplit(href).scheme:
            return None
        target, fragment = urldefrag(href)
        return TocEntry(title, level, self._resolve(posixpath.dirname(base), target), fragment)

    def _nav_toc(self, path: str) -> list[TocEntry]:
        root = self._document(path)
        navs = [n for n in root.iter("{*}nav", "nav") if "toc" in _epub_type(n)]
        if not navs:
            return []
        entries: list[TocEntry] = []

        def walk(ol: etree._Element, level: int) -> None:
            for li in ol:
                if _local(li) != "li":
                    continue
                for child in li:
                    tag = _local(child)
                    if tag in ("a", "span"):
                        entry = self._entry(path, child.get("href", ""), _text(child), level)
                        if entry is not None:
                            entries.append(entry)
                    elif tag == "ol":
                        walk(child, level + 1)

        for ol in navs[0]:
            if _local(ol) == "ol":
                walk(ol, 1)
        return entries

    def _ncx_toc(self, path: str) -> list[TocEntry]:
        root = _xml(self._read(path, "its table of contents"), path)
        entries: list[TocEntry] = []

        def walk(parent: etree._Element, level: int) -> None:
            for point in parent.iterfind("ncx:navPoint", _NS):
                label = _text(point.find("ncx:navLabel/ncx:text", _NS))
                content = point.find("ncx:content", _NS)
                href = content.get("src", "") if content is not None else ""
                entry = self._entry(path, href, label, level)
                if entry is not None:
                    entries.append(entry)
                walk(point, level + 1)

        nav_map = root.find("ncx:navMap", _NS)
        if nav_map is not None:
            walk(nav_map, 1)
        return entries

    # -- chapters -------------------------------------------------------------------------

    def _document(self, path: str) -> etree._Element:
        """A spine document's tree: as XML when it is well formed, else as HTML (which
        copes with named entities such as &nbsp; and unclosed tags)."""
        data = self._read(path, "a chapter")
        try:
            return etree.fromstring(data, _XML)
        except etree.XMLSyntaxError:
            m = _XML_ENCODING.match(data)
            encoding = m.group(1).decode("ascii") if m else "utf-8"
            try:
                text = data.decode(encoding, errors="replace")
            except LookupError:
                text = data.decode("utf-8", errors="replace")
            return parse_html(text)

    @property
    def missing_notes(self) -> set[str]:
        """The labels of notes a chapter read so far marks but none holds."""
        return self._notes.missing

    def chapter(self, index: int) -> tuple[list[str], dict[str, int]]:
        """The Markdown blocks of spine document ``index`` and, for each element id in it,
        the index of the block that holds it. Its headings take their levels from the
        table of contents, which gives its label to a document with no title of its own."""
        item = self.spine[index]
        root = self._document(item.path)
        body = root.find("{*}body")
        if body is None:
            body = root.find("body")
        writer = MarkdownWriter(
            link=_external_only,
            image=lambda src: self._resolve(posixpath.dirname(item.path), src),
            want_anchors=True,
        )
        self._notes.mark(body if body is not None else root, item.path)
        _tidy_chapter(body if body is not None else root)
        writer.write(body if body is not None else root)
        has_title = next(root.iter("{*}h1", "{*}h2", "h1", "h2"), None) is not None
        entries = [(e.title, e.level, e.fragment) for e in self.toc if e.path == item.path]
        return follow_contents(writer.blocks, writer.anchors, entries, has_title)


def _entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The archive's entries by name. A name stored in UTF-8 without the zip's flag that
    says so (Info-ZIP's zip does this) is read as CP437 by zipfile: "表紙.xhtml" became
    "Φí¿τ┤Ö.xhtml", and the OPF's chapter was "missing". Such a name is known both ways."""
    infos: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        infos.setdefault(info.filename, info)
        if not info.flag_bits & 0x800 and not info.filename.isascii():
            with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                infos.setdefault(info.filename.encode("cp437").decode("utf-8"), info)
    return infos


_PAGE_BREAK = frozenset({"pagebreak", "doc-pagebreak"})
_NOTE_REF = frozenset({"noteref", "doc-noteref"})
_NOTE_REF_CLASSES = frozenset({"noteref", "footnote-ref", "footnoteref", "fnref", "endnote-ref"})
_CONTENTS = frozenset({"toc", "doc-toc"})
# A box beside the text (a sidebar, a note, a tip): its heading is not the book's section.
_BOXES = frozenset(
    "sidebar note tip warning caution important hint notice callout admonition".split()
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LINE_NUMBER_CLASSES = frozenset({"lnum", "linenum", "line-number", "linenumber", "lineno"})


_NOTES = frozenset(
    {"footnote", "endnote", "rearnote", "doc-footnote", "doc-endnote", "doc-rearnote"}
)
_BACKLINK = frozenset({"backlink", "doc-backlink"})


class _Notes:
    """A book's notes as Markdown footnotes: each mark (``epub:type="noteref"``) and the
    note it leads to (a footnote, an endnote, a rearnote, in its chapter or in a file of
    notes) get one label, the mark's own ("1", "*") unless another note has it already.
    The reader then jumps from the mark to the note and back (``f``)."""

    def __init__(self) -> None:
        self._labels: dict[tuple[str, str], str] = {}
        self._taken: set[str] = set()
        self.marked: set[str] = set()  # labels a mark refers to
        self.noted: set[str] = set()  # labels a note carries
        self._marks: set[str] = set()  # ids of the marks and their <sup>: a note's way back

    @property
    def missing(self) -> set[str]:
        return self.marked - self.noted

    def _label(self, key: tuple[str, str], shown: str) -> str:
        if (found := self._labels.get(key)) is not None:
            return found
        base = LABEL_DROP.sub("", shown)[:12] or LABEL_DROP.sub("", key[1])[:12] or "note"
        label = self._labels[key] = unique_label(base, self._taken)
        return label

    def mark(self, root: etree._Element, path: str) -> None:
        here = posixpath.dirname(path)
        for el in list(root.iter()):
            if not isinstance(el.tag, str):
                continue
            kinds = {*_epub_type(el).split(), *(el.get("role") or "").split()}
            if _NOTE_REF_CLASSES & set((el.get("class") or "").lower().split()):
                kinds.add("noteref")  # an EPUB 2 book (Calibre's too) has no epub:type
            elif _looks_like_mark(el):
                kinds.add("noteref")  # nor any class: "<sup><a href=…#fn1>1</a></sup>"
            key = el.get("id", "")
            if not kinds & _NOTES and key and (path, key) in self._labels:
                # what a mark leads to is a note, however it is set (its way back no mark)
                kinds, el = {"footnote"}, _note_block(el)
            # a way back already dropped with its note is no mark (looked for only here:
            # the walk up to the root is not for every element of a chapter)
            is_mark = kinds & _NOTE_REF and el is not root and not _detached(el, root)
            if is_mark and (href := el.get("href") or _inner_href(el)):
                target, _, fragment = href.partition("#")
                if fragment:
                    where = EpubBook._resolve(here, target) if target else path
                    shown = " ".join("".join(el.itertext()).split()).strip("[]()")
                    label = self._label((where, unquote(fragment)), shown)
                    el.set(NOTE_REF, label)
                    self.marked.add(label)
                    for named in (el, el.getparent(), *el.iter()):  # its <sup> or <a>
                        if named is not None and named.get("id"):
                            self._marks.add(named.get("id", ""))
            elif kinds & _NOTES and key:
                label = self._label((path, key), key)
                for link in [a for a in el.iter() if _local(a) == "a"]:
                    link_kinds = {*_epub_type(link).split(), *(link.get("role") or "").split()}
                    # a way back its book did not mark as one: to the mark, or the number
                    if link_kinds & _BACKLINK or is_back_link(link, self._marks, label):
                        drop_keeping_tail(link)
                _without_own_number(el, label)
                _as_note_block(el)
                el.set(NOTE, label)
                self.noted.add(label)


_BLOCK_TAGS = frozenset({"p", "div", "li", "aside", "section", "dd", "blockquote", "td"})


def _detached(el: etree._Element, root: etree._Element) -> bool:
    return next((a for a in el.iterancestors() if a is root), None) is None


def _looks_like_mark(el: etree._Element) -> bool:
    """A link to a place in the book that reads as a note's mark ("1", "[1]", "*") and is
    set as one: raised, or in brackets."""
    if _local(el) != "a" or "#" not in (href := el.get("href") or "") or "://" in href:
        return False
    shown = " ".join("".join(el.itertext()).split())
    if not MARK.fullmatch(shown):
        return False
    raised = any(_local(a) == "sup" for a in (el, *el.iter(), *el.iterancestors()))
    return raised or shown.startswith(("[", "("))


def _note_block(el: etree._Element) -> etree._Element:
    """The block a note's anchor (``<a id="fn1">``, ``<span id>``) stands in; a block is
    its own."""
    if _local(el) in _BLOCK_TAGS:
        return el
    return next((a for a in el.iterancestors() if _local(a) in _BLOCK_TAGS), el)


def _without_own_number(note: etree._Element, label: str) -> None:
    """A note that begins with its own number ("2. The south…") as plain text: the
    number goes, the footnote's label says it ("[2]: 2. The south" read it twice)."""
    own = re.compile(rf"\s*[\[(]?{re.escape(label)}[\])]?[.):]?\s+")
    for node in (note, *note.iterdescendants()):
        if not isinstance(node.tag, str):
            continue
        if node.text and node.text.strip():
            if m := own.match(node.text):
                node.text = node.text[m.end() :]
            return


def _inner_href(el: etree._Element) -> str:
    """The link of a mark set as ``<sup epub:type="noteref"><a href>``."""
    link = next((a for a in el.iter() if _local(a) == "a" and a.get("href")), None)
    return link.get("href", "") if link is not None else ""


def _as_note_block(el: etree._Element) -> None:
    """A note set as a list item (an endnotes ``<ol>``) is made a block the walker writes
    as a footnote; its list, once all its items are notes, a plain block."""
    if _local(el) != "li":
        return
    el.tag = "div"
    parent = el.getparent()
    if (
        parent is not None
        and _local(parent) in ("ol", "ul")
        and all(_local(c) != "li" for c in parent if isinstance(c.tag, str))
    ):
        parent.tag = "div"


def undefined_notes(blocks: list[str], missing: set[str]) -> list[str]:
    """``blocks`` with each mark of a ``missing`` note (a file of notes left out of the
    book) written as its label in brackets: an undefined ``[^1]`` would show as it is.
    Only the marks this converter wrote: a text's own "[^abc]" is escaped, or in code."""
    if not missing:
        return blocks
    labels = "|".join(re.escape(label) for label in sorted(missing, key=len, reverse=True))
    mark = re.compile(rf"(?<!\\)\[\^({labels})\](?!:)")
    return [mark.sub(lambda m: f"\\[{m.group(1)}\\]", b) for b in blocks]


def _tidy_chapter(root: etree._Element) -> None:
    """What a printed book's markup adds for other readers, made fit to read as text: a
    page break's number is dropped (it stood mid-sentence: "than in the 203 drain"), as is
    a poem's line number ("the Hofgarten,10"); a note's mark is bracketed ("currency.[1]",
    not "currency.1"); each line of a poem set as ``<span class="line">`` ends in a break;
    a contents page the spine reads shows its list, which a web page's ``<nav>`` would not;
    a box's heading ("Note", "Tip") is a bold line, not an entry of the book's outline."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        kinds = {*_epub_type(el).split(), *(el.get("role") or "").split()}
        classes = set((el.get("class") or "").split())
        if kinds & _PAGE_BREAK or classes & _LINE_NUMBER_CLASSES:
            drop_keeping_tail(el)
        elif kinds & _NOTE_REF and el.get(NOTE_REF) is None:  # a mark leading nowhere
            mark = " ".join("".join(el.itertext()).split())
            for child in list(el):
                el.remove(child)
            el.text = f"[{mark}]" if mark and not mark.startswith("[") else mark
        elif "line" in classes and _local(el) == "span":
            el.addnext(etree.Element("br"))
        elif _local(el) == "nav" and kinds & _CONTENTS and el.get("hidden") is None:
            el.tag = "div"  # a contents page in the reading order: its list is its text
        boxed = kinds | classes | {el.get("data-type") or ""}
        if _local(el) == "aside" or (_local(el) == "div" and boxed & _BOXES):
            for heading in [h for h in el.iter() if _local(h) in _HEADINGS]:
                _as_bold_line(heading)


def _as_bold_line(heading: etree._Element) -> None:
    """A box's heading ("Note", "Tip") as a bold paragraph: the outline is the book's."""
    strong = etree.SubElement(heading, "strong")
    strong.text, heading.text = heading.text, None
    for child in list(heading):
        if child is not strong:
            strong.append(child)  # moves it, with its tail
    heading.tag = "p"
    heading.attrib.pop("class", None)


def _local(el: etree._Element) -> str:
    return el.tag.rpartition("}")[2].lower() if isinstance(el.tag, str) else ""


def _epub_type(el: etree._Element) -> str:
    return el.get(_EPUB_TYPE) or el.get("epub:type") or el.get("type") or ""


def _external_only(href: str) -> str | None:
    """Links out of the book are kept; links inside it lead nowhere in Markdown."""
    scheme = urlsplit(href).scheme.lower()
    return href if scheme in ("http", "https", "mailto") else None


def convert_epub(data: bytes, *, name: str = "") -> Converted:
    """The whole book as Markdown: front matter, then the spine's documents in order.
    ``outline`` maps each table-of-contents entry to the offset of its heading."""
    book = EpubBook(data, name)
    head = front_matter(book.title, book.authors, book.date, language=book.language)
    body: list[str] = []
    pos = len(head)
    chapter_at: dict[str, tuple[int, list[int], dict[str, int]]] = {}
    chapters = [book.chapter(index) for index in range(len(book.spine))]
    fixed = iter(undefined_notes([b for blocks, _ in chapters for b in blocks], book.missing_notes))
    chapters = [([next(fixed) for _ in blocks], anchors) for blocks, anchors in chapters]
    for item, (blocks, anchors) in zip(book.spine, chapters, strict=True):
        offsets = []
        for block in blocks:
            pos += 2 if body else 0  # the blank line between blocks
            offsets.append(pos)
            body.append(block)
            pos += len(block)
        if offsets:
            first_heading = next((i for i, b in enumerate(blocks) if b.startswith("#")), 0)
            chapter_at.setdefault(item.path, (offsets[first_heading], offsets, anchors))
    if all(_IMAGES_ONLY.fullmatch(block) for block in body):
        raise book.error("this EPUB holds no text (only images, or empty chapters)")
    outline = []
    for entry in book.toc:
        found = chapter_at.get(entry.path)
        if found is None:
            continue
        heading, offsets, anchors = found
        index = anchors.get(entry.fragment) if entry.fragment else None
        offset = offsets[min(index, len(offsets) - 1)] if index is not None else heading
        outline.append(OutlineEntry(entry.title, entry.level, offset))
    return Converted(
        markdown=head + "\n\n".join(body) + "\n",
        title=book.title,
        authors=book.authors,
        date=book.date,
        site="",
        extractor=EXTRACTOR,
        extractor_version=VERSION,
        outline=tuple(outline),
    )
