"""sources/web.py against a real HTTP server on 127.0.0.1: what a fetch brings back, and the
one line it says when it cannot (refused, offline, timed out, 404, 500, too large, not a page)."""

from __future__ import annotations

import gzip
import re
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from summitreader import __version__
from summitreader.errors import SummitError
from summitreader.sources import web
from summitreader.sources.html import extract_article
from summitreader.sources.web import Fetched, FetchError, describe_connect_error, fetch
from tests.support.http_server import LocalServer, Route, serve
from tests.support.pdf_maker import make_pdf, page_lines
from tests.support.web_pages import CP1252_TEXT, LATIN1_TEXT, PARAGRAPHS, article_page


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with serve() as running:
        yield running


def _page() -> bytes:
    return article_page().encode("utf-8")


def test_a_page_comes_back_with_where_it_ended_and_when(server: LocalServer) -> None:
    url = server.add("/article", Route(_page()))
    got = fetch(url)
    assert isinstance(got, Fetched)
    assert (got.url, got.final_url, got.status) == (url, url, 200)
    assert got.content_type == "text/html; charset=utf-8"
    assert got.mime == "text/html" and got.kind == "html"
    assert got.data == _page()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", got.fetched_at)


def test_the_user_agent_names_summitreader_and_its_version(server: LocalServer) -> None:
    url = server.add("/ua", Route(_page()))
    fetch(url)
    sent = next(r for r in reversed(server.requests) if r["path"] == "/ua")
    assert sent["User-Agent"] == web.USER_AGENT
    assert sent["User-Agent"].startswith(f"summitreader/{__version__} (+https://")
    assert "gzip" in sent["Accept-Encoding"]


def test_a_gzipped_page_is_unpacked(server: LocalServer) -> None:
    url = server.add("/gz", Route(_page(), gzip=True))
    assert fetch(url).data == _page()


def test_a_redirect_chain_is_followed_to_its_end(server: LocalServer) -> None:
    end = server.add("/final", Route(_page()))
    server.redirect("/hop3", end, status=301)
    server.redirect("/hop2", "/hop3", status=307)
    start = server.redirect("/hop1", server.url("/hop2"))
    got = fetch(start)
    assert got.url == start and got.final_url == end and got.data == _page()


def test_a_redirect_loop_stops_at_the_limit(server: LocalServer) -> None:
    server.redirect("/loop-a", "/loop-b")
    start = server.redirect("/loop-b", "/loop-a")
    with pytest.raises(FetchError, match=r"more than 3 redirects$"):
        fetch(start, max_redirects=3)


@pytest.mark.parametrize(("status", "words"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500")])
def test_an_http_error_is_one_line_with_its_code(
    server: LocalServer, status: int, words: str
) -> None:
    url = server.add(f"/status-{status}", Route(b"<html>oops</html>", status=status))
    with pytest.raises(FetchError) as caught:
        fetch(url)
    assert isinstance(caught.value, SummitError)
    assert caught.value.status == status
    assert str(caught.value).startswith(f"{url}: {words}")
    assert "\n" not in str(caught.value)


def test_a_page_too_large_by_its_length_is_not_downloaded(server: LocalServer) -> None:
    url = server.add("/large", Route(b"x" * 2_000_001))
    with pytest.raises(FetchError, match=r": larger than 1 MB; it was not downloaded"):
        fetch(url, max_bytes=1_000_000)


def test_a_page_too_large_without_a_length_stops_past_the_limit(server: LocalServer) -> None:
    url = server.add("/endless", Route(b"<p>" + b"y" * 3_000_000, chunked=True, piece=65536))
    with pytest.raises(FetchError, match="larger than 1 MB"):
        fetch(url, max_bytes=1_000_000)


def test_a_compressed_bomb_is_measured_unpacked(server: LocalServer) -> None:
    route = Route(b"\0" * 5_000_000, gzip=True, content_type="text/html")
    url = server.add("/bomb", route)
    assert len(gzip.compress(route.body)) < 1_000_000
    with pytest.raises(FetchError, match="larger than 1 MB"):
        fetch(url, max_bytes=1_000_000)


def test_the_default_limit_is_20_mb() -> None:
    assert web.MAX_BYTES == 20_000_000


def test_a_server_that_never_answers_times_out(server: LocalServer) -> None:
    url = server.add("/slow", Route(_page(), delay=5.0))
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0.5 s$"):
        fetch(url, timeout=0.5)
    assert time.monotonic() - start < 2.5


def test_a_body_that_trickles_in_stops_at_the_total_time(server: LocalServer) -> None:
    """Each piece arrives well within the read timeout, but the whole would take 10 s."""
    url = server.add("/trickle", Route(_page(), trickle=0.1, piece=64))
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.8 s"):
        fetch(url, timeout=0.8)
    assert time.monotonic() - start < 2.5


def test_a_refused_connection_says_so() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago and has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match=r"127\.0\.0\.1 refused the connection$"):
        fetch(f"http://127.0.0.1:{port}/")


def test_a_failed_name_lookup_says_offline_or_no_such_site() -> None:
    """The name lookup fails as it does offline; the transport raises what httpx's own
    raises then (a real lookup would send a DNS query off this machine)."""

    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)

    with (
        httpx.Client(transport=httpx.MockTransport(offline)) as client,
        pytest.raises(FetchError) as caught,
    ):
        fetch("https://news.example.org/a", client=client)
    assert str(caught.value) == (
        "https://news.example.org/a: cannot find news.example.org: "
        "you are offline, or there is no such site"
    )


def test_connect_errors_read_their_cause() -> None:
    def chained(cause: BaseException) -> httpx.ConnectError:
        try:
            raise cause
        except BaseException as exc:
            try:
                raise httpx.ConnectError(str(exc)) from exc
            except httpx.ConnectError as outer:
                return outer

    lookup = chained(socket.gaierror(-2, "Name or service not known"))
    assert "you are offline, or there is no such site" in describe_connect_error(lookup, "h")
    unreachable = chained(OSError(101, "Network is unreachable"))
    assert describe_connect_error(unreachable, "h") == "no route to h: are you offline?"


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "example.org"])
def test_only_web_addresses_are_fetched(url: str) -> None:
    with pytest.raises(FetchError, match="not a web address"):
        fetch(url)


def test_an_image_is_refused_naming_its_type(server: LocalServer) -> None:
    url = server.add("/pic", Route(b"\x89PNG\r\n\x1a\n....", content_type="image/png"))
    with pytest.raises(
        FetchError, match=r"not a web page, PDF or EPUB \(the server sent image/png\)"
    ):
        fetch(url)


def test_a_pdf_by_url_comes_back_as_bytes_for_the_converter(server: LocalServer) -> None:
    pdf = make_pdf([page_lines(["A paper about summits, in one short paragraph of text."])])
    typed = server.add("/paper.pdf", Route(pdf, content_type="application/pdf"))
    untyped = server.add("/download?id=7", Route(pdf, content_type="application/octet-stream"))
    assert fetch(typed).kind == "pdf" and fetch(typed).data == pdf
    assert fetch(untyped).kind == "pdf"


def test_untyped_bytes_that_are_no_document_are_refused(server: LocalServer) -> None:
    url = server.add(
        "/blob", Route(b"\x00\x01\x02garbage", content_type="application/octet-stream")
    )
    with pytest.raises(FetchError, match="not a web page, PDF or EPUB"):
        fetch(url)


# -- the charset a page declares, end to end ---------------------------------------------


def _accented_page(text: tuple[str, ...], charset: str, *, meta: bool) -> str:
    return article_page(text, charset=charset, meta_charset=meta)


@pytest.mark.parametrize(
    ("path", "paragraphs", "encoding", "header", "meta"),
    [
        ("/latin1-header", LATIN1_TEXT, "latin-1", "text/html; charset=ISO-8859-1", False),
        ("/latin1-meta", LATIN1_TEXT, "latin-1", "text/html", True),
        ("/cp1252-header", CP1252_TEXT, "cp1252", "text/html; charset=windows-1252", False),
        ("/cp1252-meta", CP1252_TEXT, "cp1252", "text/html", True),
        # labelled Latin-1 but written by Windows: browsers read it as Windows-1252, so do we
        ("/cp1252-as-latin1", CP1252_TEXT, "cp1252", "text/html; charset=iso-8859-1", False),
        ("/cp1252-undeclared", CP1252_TEXT, "cp1252", "text/html", False),
        ("/utf8-undeclared", CP1252_TEXT, "utf-8", "text/html", False),
    ],
)
def test_the_page_is_read_in_the_charset_it_declares(
    server: LocalServer,
    path: str,
    paragraphs: tuple[str, ...],
    encoding: str,
    header: str,
    meta: bool,
) -> None:
    label = {"latin-1": "iso-8859-1", "cp1252": "windows-1252"}.get(encoding, encoding)
    page = _accented_page(paragraphs, label, meta=meta).encode(encoding)
    url = server.add(path, Route(page, content_type=header))
    got = fetch(url)
    converted = extract_article(got.data, got.final_url, content_type=got.content_type)
    for para in paragraphs:
        assert para in converted.markdown
    assert "\ufffd" not in converted.markdown


def test_a_fetched_article_converts_with_its_url_as_source(server: LocalServer) -> None:
    url = server.add("/news/2019/devil", Route(_page(), gzip=True))
    got = fetch(url)
    converted = extract_article(got.data, got.final_url, content_type=got.content_type)
    assert f'source: "{url}"' in converted.markdown
    assert all(p in converted.markdown for p in PARAGRAPHS)
