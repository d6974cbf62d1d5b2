"""Formats in (issue 18): web pages, URLs, EPUB and PDF to Markdown, each against what the
conversion cannot avoid doing, measured in the same run.

- URL to Markdown, a 100 KB article page served on 127.0.0.1, against fetching it alone;
- extracting the article from 1 MB of HTML, against lxml parsing the same bytes;
- a 10 MB EPUB to its first chapter, and to the whole book, against unzipping every entry;
- a 300-page PDF to its first page, and to every page, against pdfium's text extraction.

Goals: the EPUB's first chapter in at most 1 s; the PDF's first page in at most 2 s.
Everything is generated here (this file imports nothing from tests/).

    python benchmarks/formats.py [--runs 5]
"""

from __future__ import annotations

import argparse
import ctypes
import functools
import html
import io
import random
import statistics
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import lxml.html
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from summitreader.sources.epub import EpubBook, convert_epub
from summitreader.sources.html import extract_article
from summitreader.sources.pdf import convert_pdf
from summitreader.sources.web import fetch

VOCABULARY = (
    "summit treaty sanctions reactor missile talks envoy border trade pledge accord verify "
    "freeze inspection dialogue pressure alliance deterrence economy reform history budget "
    "the of and a to in that it was for on with as by"
).split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(VOCABULARY) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def article_html(size: int, rng: random.Random) -> bytes:
    """A news page of about ``size`` bytes: the article and the furniture around it."""
    head = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Benchmark Article</title>"
        "<meta name='author' content='Ada Byron'><script>var a = 1;</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><main><article>"
        "<h1>Benchmark Article</h1>"
    )
    tail = "</article></main><footer>Copyright</footer></body></html>"
    paragraphs: list[str] = []
    total = len(head) + len(tail)
    while total < size:
        para = f"<p>{sentence(rng, rng.randint(40, 90))} <em>{sentence(rng, 5)}</em></p>\n"
        if len(paragraphs) % 12 == 11:
            para = f"<h2>{sentence(rng, 4)}</h2>\n" + para
        paragraphs.append(para)
        total += len(para)
    return (head + "".join(paragraphs) + tail).encode()


def epub_bytes(target: int, rng: random.Random) -> bytes:
    """An EPUB 3 of about ``target`` bytes: 40 chapters of text, and plates (images,
    stored uncompressed as a JPEG would be) making up the rest of the size."""
    chapters = [
        (
            f"Chapter {n}",
            f"<h1>Chapter {n}</h1>"
            + "".join(f"<p>{sentence(rng, rng.randint(50, 120))}</p>" for _ in range(50)),
        )
        for n in range(1, 41)
    ]
    text_size = sum(len(body) for _, body in chapters) // 3  # text deflates to about a third
    plates = max(0, target - text_size) // 400_000
    return epub_of(chapters, {f"plate{n}.jpg": rng.randbytes(400_000) for n in range(plates)})


def epub_of(chapters: list[tuple[str, str]], plates: dict[str, bytes] | None = None) -> bytes:
    """An EPUB 3: one XHTML document per (label, body) chapter, in the spine and the table
    of contents by its label, and plates (images, stored uncompressed)."""
    files: dict[str, str | bytes] = {
        "META-INF/container.xml": (
            "<container version='1.0' xmlns='urn:oasis:names:tc:opendocument:xmlns:container'>"
            "<rootfiles><rootfile full-path='book.opf' "
            "media-type='application/oebps-package+xml'/></rootfiles></container>"
        )
    }
    manifest, spine, nav = [], [], []
    for n, (label, body) in enumerate(chapters, 1):
        files[f"c{n}.xhtml"] = (
            "<html xmlns='http://www.w3.org/1999/xhtml'><head><title>c</title></head><body>"
            f"{body}</body></html>"
        )
        manifest.append(f"<item id='c{n}' href='c{n}.xhtml' media-type='application/xhtml+xml'/>")
        spine.append(f"<itemref idref='c{n}'/>")
        nav.append(f"<li><a href='c{n}.xhtml'>{html.escape(label)}</a></li>")
    files["nav.xhtml"] = (
        "<html xmlns='http://www.w3.org/1999/xhtml' xmlns:epub='http://www.idpf.org/2007/ops'>"
        f"<body><nav epub:type='toc'><ol>{''.join(nav)}</ol></nav></body></html>"
    )
    for name, data in (plates or {}).items():
        files[name] = data
        manifest.append(f"<item id='{name}' href='{name}' media-type='image/jpeg'/>")
    files["book.opf"] = (
        "<package xmlns='http://www.idpf.org/2007/opf' version='3.0'>"
        "<metadata xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:title>Bench</dc:title>"
        "</metadata><manifest><item id='nav' href='nav.xhtml' properties='nav' "
        f"media-type='application/xhtml+xml'/>{''.join(manifest)}</manifest>"
        f"<spine>{''.join(spine)}</spine></package>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        for name, data in files.items():
            kind = zipfile.ZIP_STORED if name.endswith(".jpg") else zipfile.ZIP_DEFLATED
            z.writestr(name, data, kind)
    return buf.getvalue()


def pdf_bytes(pages: int, rng: random.Random) -> bytes:
    """A ``pages``-page PDF made by pdfium itself: a running header, a page number, and
    about 45 lines of Helvetica per page in indented paragraphs."""
    pdf = pdfium.PdfDocument.new()

    def line(page: pdfium.PdfPage, text: str, x: float, y: float, size: float = 11.0) -> None:
        obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", size)
        buf = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)

    for number in range(1, pages + 1):
        page = pdf.new_page(612, 792)
        line(page, "Benchmark Quarterly, Volume 1", 72, 760, 9)
        y = 730.0
        while y > 80:
            words = [rng.choice(VOCABULARY) for _ in range(rng.randint(30, 90))]
            first = True
            while words and y > 80:
                take, words = words[:14], words[14:]
                line(page, " ".join(take) + ("" if words else "."), 90 if first else 72, y)
                first, y = False, y - 14
        line(page, str(number), 300, 40, 9)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
        page.close()
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def best(runs: int, work: Callable[[], object]) -> float:
    """The median of ``runs`` timings of ``work``, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def served(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def pdfium_text_alone(data: bytes, pages: int | None = None) -> int:
    doc = pdfium.PdfDocument(data)
    total = 0
    for i in range(len(doc) if pages is None else pages):
        textpage = doc[i].get_textpage()
        total += len(textpage.get_text_range())
        textpage.close()
    doc.close()
    return total


def unzip_all(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return sum(len(z.read(name)) for name in z.namelist())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(18)
    rows: list[tuple[str, float, str, float]] = []
    goals: list[tuple[str, float, float]] = []

    with tempfile.TemporaryDirectory() as tmp:
        page = article_html(100_000, rng)
        (Path(tmp) / "article.html").write_bytes(page)
        server, base = served(Path(tmp))
        try:
            url = f"{base}/article.html"

            def url_to_markdown() -> None:
                got = fetch(url)
                extract_article(got.data, got.final_url, content_type=got.content_type)

            rows.append(
                (
                    "URL to Markdown, 100 KB page",
                    best(args.runs, url_to_markdown),
                    "fetch alone",
                    best(args.runs, lambda: fetch(url)),
                )
            )
        finally:
            server.shutdown()
            server.server_close()

    big = article_html(1_000_000, rng)
    rows.append(
        (
            "extract article, 1 MB HTML",
            best(args.runs, lambda: extract_article(big)),
            "lxml parse alone",
            best(args.runs, lambda: lxml.html.document_fromstring(big)),
        )
    )

    epub = epub_bytes(10_000_000, rng)
    epub_first = best(args.runs, lambda: EpubBook(epub).chapter(0))
    rows.append(
        (
            f"EPUB {len(epub) / 1e6:.1f} MB, first chapter",
            epub_first,
            "unzip every entry",
            best(args.runs, lambda: unzip_all(epub)),
        )
    )
    rows.append(
        (
            "EPUB, whole book",
            best(args.runs, lambda: convert_epub(epub)),
            "unzip every entry",
            rows[-1][3],
        )
    )
    goals.append(("EPUB 10 MB: first chapter", epub_first, 1.0))

    pdf = pdf_bytes(300, rng)
    pdf_first = best(args.runs, lambda: convert_pdf(pdf, max_pages=1))
    rows.append(
        (
            "PDF 300 pages, first page",
            pdf_first,
            "pdfium text, first page",
            best(args.runs, lambda: pdfium_text_alone(pdf, 1)),
        )
    )
    pdf_all = best(args.runs, lambda: convert_pdf(pdf))
    rows.append(
        (
            "PDF 300 pages, every page",
            pdf_all,
            "pdfium text, every page",
            best(args.runs, lambda: pdfium_text_alone(pdf)),
        )
    )
    goals.append(("PDF 300 pages: first page", pdf_first, 2.0))
    goals.append(("PDF 300 pages: every page (counts too)", pdf_all, 2.0))

    print(f"median of {args.runs} runs\n")
    print(f"{'what':34} {'time':>9}   {'baseline':26} {'time':>9} {'ratio':>7}")
    for name, seconds, base_name, base_seconds in rows:
        ratio = seconds / base_seconds if base_seconds else float("inf")
        print(
            f"{name:34} {seconds * 1000:7.1f} ms   {base_name:26} "
            f"{base_seconds * 1000:7.1f} ms {ratio:6.1f}x"
        )
    print()
    failed = False
    for name, seconds, limit in goals:
        ok = seconds <= limit
        failed |= not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {seconds:.3f} s (goal ≤ {limit:g} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
