"""Articles from anywhere, through the installed command: an EPUB and a PDF the tests make,
added, listed, highlighted, searched and exported, and read from the library's copy once
the files are gone; a PDF read, tagged and exported in the app (tmux) and opened again
from the library; a web page annotated by its address and exported with its server
gone; and each failure a reader can meet (no such site, a refused connection,
a timeout, 404 and 500, no article, too large, not a page, an encrypted or broken book, a
type summitreader cannot read) as one line naming the problem, with nothing stored."""

from __future__ import annotations

import os
import re
import socket
import subprocess
from pathlib import Path

import yaml

from summitreader.sources.pages import page_of
from summitreader.store.store import Store
from tests.support.cli import EXE, run
from tests.support.epub_maker import Chapter, make_epub
from tests.support.http_server import Route, serve
from tests.support.pdf_maker import make_pdf, page_lines
from tests.support.terminal import Terminal, env_for
from tests.support.web_pages import PARAGRAPHS, article_page, javascript_shell, paywall_page

CHAPTERS = [
    Chapter(
        "The Harbour",
        [
            "The ships came in before dawn, heavy with salt and grain from the south.",
            "Nobody on the quay had slept; the fog kept every lantern burning till morning.",
        ],
    ),
    Chapter(
        "The Market",
        ["By noon the square was full of voices and the smell of fresh bread."],
        sections=[("evening", "Evening", ["When the stalls closed, gulls took the stones."])],
    ),
]
# Three pages under a running header and a page number; a paragraph of the article a page.
PAGES = [[PARAGRAPHS[0], PARAGRAPHS[1]], [PARAGRAPHS[2]], [PARAGRAPHS[3]]]
ON_PAGE_2 = "greater access to the facilities"


def make_books(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    epub = folder / "voyage.epub"
    epub.write_bytes(
        make_epub(CHAPTERS, title="A Voyage Home", authors=["Ann Writer"], date="2020-05-06")
    )
    pdf = folder / "summits.pdf"
    pages = [
        page_lines(paras, header="Journal of Summits", footer=f"Page {n}")
        for n, paras in enumerate(PAGES, start=1)
    ]
    pdf.write_bytes(
        make_pdf(pages, title="Summits in Detail", author="Bo Writer", date="2019-03-04")
    )
    return epub, pdf


def test_an_epub_and_a_pdf_are_added_highlighted_exported_and_kept(tmp_path):
    epub, pdf = make_books(tmp_path / "books")
    added = run("add", str(epub), str(pdf))
    assert added.returncode == 0 and "2 added" in added.stdout, added.stderr
    listed = run("list").stdout
    assert "A Voyage Home" in listed and "Ann Writer · 2020-05-06" in listed
    assert "Summits in Detail" in listed and "Bo Writer · 2019-03-04" in listed
    for path, quote in ((epub, "the fog kept every lantern burning"), (pdf, ON_PAGE_2)):
        done = run("annotate", str(path), "--quote", quote, "--tag", "key-point")
        assert done.returncode == 0, done.stderr
    found = run("search", "--text", "gulls")  # the EPUB's last section, in spine order
    assert found.returncode == 0 and "A Voyage Home" in found.stdout
    epub.unlink()
    pdf.unlink()  # gone: the library's copies are read
    book = run("export", str(epub))
    assert book.returncode == 0, book.stderr
    assert "> the fog kept every lantern burning" in book.stdout
    front = yaml.safe_load(book.stdout.split("---\n")[1])
    assert front["title"] == "A Voyage Home" and front["highlights"] == 1
    paper = run("export", str(pdf))
    assert paper.returncode == 0, paper.stderr
    assert f"> {ON_PAGE_2}" in paper.stdout and "Journal of Summits" not in paper.stdout
    store = Store(os.environ["SUMMITREADER_DB"])
    try:
        pages = {r["path"]: r.get("pages") for r in store.library()}
        [record] = [r for r in store.all_annotations() if r["quote"]["exact"] == ON_PAGE_2]
    finally:
        store.close()
    assert page_of(tuple(pages[str(pdf)]), record["position"]["start"]) == 2


def test_a_pdf_highlight_is_exported_with_its_page(tmp_path):
    _, pdf = make_books(tmp_path / "books")
    assert run("annotate", str(pdf), "--quote", ON_PAGE_2, "--tag", "key").returncode == 0
    exported = run("export", str(pdf)).stdout
    assert re.search(r"^#key · p\. 2 · ¶\d+, line \d+\b", exported, re.M), exported


def test_a_pdf_is_read_tagged_and_exported_in_the_app_then_opened_from_the_library(term, tmp_path):
    _, pdf = make_books(tmp_path / "books")
    env = env_for(tmp_path)
    term.start(str(pdf), env=env)
    screen = term.wait_for("Reining in goals", timeout=30)  # the first page's text
    assert "Journal of Summits" not in screen  # its running header dropped
    term.keys("}", "}", "}", "1")
    term.wait_for("Tagged #key-point")
    exported = term.export_and_quit()
    text = exported.read_text(encoding="utf-8")
    quotes = [line[2:] for line in text.splitlines() if line.startswith("> ")]
    assert quotes and " ".join(quotes) in PARAGRAPHS[1:]  # a whole paragraph, tagged
    assert "#key-point" in text and 'title: "Summits in Detail"' in text
    term.close()
    pdf.unlink()
    again = Terminal()
    try:
        again.start(env=env)
        again.wait_for("Summits in Detail")
        again.keys("Enter")
        screen = again.wait_for("1 highlight")
        assert "Reining in goals" in screen or any(p[:30] in screen for p in PARAGRAPHS)
        again.keys("q", "q")
        again.wait_for("EXIT=0")
    finally:
        again.close()


def test_a_page_is_annotated_by_its_address_and_exported_with_the_server_gone(tmp_path):
    with serve() as server:
        url = server.add("/article.html", Route(article_page().encode()))
        assert run("add", url).returncode == 0
        done = run("annotate", url, "--quote", ON_PAGE_2, "--tag", "key-point")
        assert done.returncode == 0, done.stderr
        fetches = len(server.requests)
        assert "1 highlight" in run("list", url).stdout
        checked = run("check", url).stdout
        assert "1 anchored, 0 moved, 0 fuzzy, 0 orphaned" in checked and f"  {url}\n" in checked
        assert len(server.requests) == fetches  # the library's copy, not a fetch
    exported = run("export", url)  # nothing listens there now
    assert exported.returncode == 0 and exported.stderr == "", exported.stderr
    assert f"> {ON_PAGE_2}" in exported.stdout and f'source: "{url}"' in exported.stdout


# -- one line for each failure, and nothing stored ---------------------------------------


def stored(tmp_path: Path) -> dict[str, bytes]:
    """The store's files (index, highlights, snapshots, backups), but its lock."""
    return {
        str(p.relative_to(tmp_path)): p.read_bytes()
        for p in sorted(tmp_path.rglob("*"))
        if p.is_file()
        and p.relative_to(tmp_path).parts[0].startswith("store")
        and not p.name.endswith(".lock")
    }


def files_that_fail(folder: Path) -> dict[str, tuple[Path, str]]:
    """Books and files that cannot be read, each with the problem its one line names."""
    folder.mkdir()
    lines = page_lines(["Some words that nobody may read without the password."])
    made = {
        "encrypted PDF": ("locked.pdf", make_pdf([lines], encrypted=True), "encrypted PDF"),
        "broken PDF": ("broken.pdf", b"%PDF-1.4\n1 0 obj <<", "not a PDF, or a damaged one"),
        "scanned PDF": ("scan.pdf", make_pdf([None, None]), "no text in this PDF"),
        "encrypted EPUB": (
            "locked.epub",
            make_epub(CHAPTERS, encryption="http://www.w3.org/2001/04/xmlenc#aes128-cbc"),
            r"encrypted EPUB \(DRM\)",
        ),
        "broken EPUB": (
            "broken.epub",
            make_epub(CHAPTERS, omit=frozenset({"container"})),
            "broken EPUB: META-INF/container.xml is missing",
        ),
        "an image": ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "a PNG image"),
        "a Word document": (
            "report.docx",
            b"PK\x03\x04" + bytes(26) + b"word/document.xml",
            r"a Word document \(\.docx\)",
        ),
    }
    found = {}
    for case, (name, data, problem) in made.items():
        (folder / name).write_bytes(data)
        found[case] = (folder / name, problem)
    return found


PAGES_THAT_FAIL = {
    "404": (Route(b"<html><body>Not here</body></html>", status=404), "HTTP 404 Not Found"),
    "500": (Route(b"<html><body>Oops</body></html>", status=500), "HTTP 500 Internal Server"),
    "paywall": (
        Route(paywall_page().encode()),
        r"no article text found \(it looks like a paywall.*save the page from your browser "
        "and open the saved file",
    ),
    "JavaScript only": (
        Route(javascript_shell().encode()),
        r"no article text found \(the page builds its text with JavaScript.*save the page",
    ),
    "too large": (Route(b" " * 20_000_001), r"larger than 20 MB; it was not downloaded"),
    "an image": (
        Route(b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        r"not a web page, PDF or EPUB \(the server sent image/png\)",
    ),
    "JSON": (
        Route(b"{}", content_type="application/json"),
        r"not a web page, PDF or EPUB \(the server sent application/json\)",
    ),
    "an encrypted PDF": (
        Route(
            make_pdf([page_lines(["Locked words."])], encrypted=True),
            content_type="application/pdf",
        ),
        "encrypted PDF",
    ),
}


def assert_one_line(done: subprocess.CompletedProcess[str], where: str, problem: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.count(where) == 1, done.stderr
    assert re.fullmatch(f"summitreader: {re.escape(where)}: .*{problem}.*\n", done.stderr), (
        done.stderr
    )


def test_each_failure_is_one_line_and_nothing_is_stored(tmp_path):
    assert run("list").returncode == 0  # the first run's samples, stored before we look
    before = stored(tmp_path)
    with serve() as server:
        cases: list[tuple[str, str, str]] = []
        for case, (route, problem) in PAGES_THAT_FAIL.items():
            cases.append((case, server.add(f"/{case.replace(' ', '-')}", route), problem))
        cases.append(("no such site", "http://summitreader-test.invalid/a.html", "cannot find"))
        with socket.socket() as sock:  # a port free a moment ago, with no listener
            sock.bind(("127.0.0.1", 0))
            free = f"http://127.0.0.1:{sock.getsockname()[1]}/a.html"
        cases.append(("refused", free, "127.0.0.1 refused the connection"))
        for case, (path, problem) in files_that_fail(tmp_path / "in").items():
            cases.append((case, str(path), problem))
        for case, where, problem in cases:
            for command in (["add", where], [where]):  # add, and open (no app: it fails first)
                done = run(*command)
                try:
                    assert_one_line(done, where, problem)
                except AssertionError as exc:
                    raise AssertionError(f"{case}: summitreader {' '.join(command)}") from exc
    # a file named as it is in the folder one stands in: named once, as given
    assert_one_line(run("add", "locked.pdf", cwd=tmp_path / "in"), "locked.pdf", "encrypted PDF")
    for piped, problem in (
        (b"", r"nothing was piped in \(did the command before \| fail\?\)"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
        (b"\x89PNG\r\n\x1a\n" + bytes(16), "a PNG image"),
    ):
        done = subprocess.run([str(EXE), "add", "-"], input=piped, capture_output=True, timeout=60)
        out = subprocess.CompletedProcess(
            done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
        )
        assert_one_line(out, "standard input", problem)
    assert stored(tmp_path) == before


def test_a_page_that_never_comes_times_out_in_one_line_and_nothing_is_stored(tmp_path):
    """The fetch gives up after 30 seconds: add and open wait side by side."""
    assert run("list").returncode == 0
    before = stored(tmp_path)
    with serve() as server:
        url = server.add("/slow.html", Route(b"<html></html>", delay=45))
        waiting = [
            subprocess.Popen(
                [str(EXE), *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            for command in (["add", url], [url])
        ]
        for proc in waiting:
            out, err = proc.communicate(timeout=60)
            done = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
            assert_one_line(done, url, r"timed out after 30 s")
    assert stored(tmp_path) == before


def test_a_slow_page_opened_on_a_terminal_says_what_it_waits_for(tmp_path):
    """Before: the terminal showed nothing for up to 30 seconds."""
    from tests.support.pty_app import PtyApp

    with serve() as server:
        url = server.add("/slow.html", Route(article_page().encode(), delay=3))
        app = PtyApp([str(EXE), url], {})
        try:
            app.wait_for(b"fetching", timeout=2.5)  # said before the page comes
            app.wait_for(PARAGRAPHS[0][:30].encode(), timeout=30)
            app.quiet(0.3)
            app.press("q")  # to the library
            app.press("q")
            assert app.exit_code() == 0
        finally:
            app.close()
