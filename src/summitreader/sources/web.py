"""Fetching a URL: bytes of a web page (or a PDF or an EPUB) in, or one line saying why not.

A reader pointed at the web must not hang on a slow server, fill memory with an endless
body, or follow redirects for ever; and it says who it is, as a polite client does.
"""

from __future__ import annotations

import errno
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from summitreader import __version__
from summitreader.errors import SummitError
from summitreader.sources.kinds import HEAD_BYTES, sniff_kind

if TYPE_CHECKING:
    import httpx

PROJECT_URL = "https://pypi.org/project/summitreader/"
USER_AGENT = f"summitreader/{__version__} (+{PROJECT_URL})"
MAX_BYTES = 20_000_000
MAX_REDIRECTS = 10
TIMEOUT = 30.0  # seconds for the whole fetch
CONNECT_TIMEOUT = 10.0
# What a converter can read, by the type the server names.
ACCEPTED_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/epub+zip": "epub",
    "text/plain": "text",
    "text/markdown": "text",
    "text/x-markdown": "text",
}
_UNTYPED = frozenset({"", "application/octet-stream", "binary/octet-stream"})
_ACCEPT = (
    "text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.8,"
    "application/epub+zip;q=0.8,text/plain;q=0.5"
)


class FetchError(SummitError):
    """A URL could not be fetched: offline, timed out, an HTTP error, too large, not a page."""

    def __init__(self, url: str, problem: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {problem}")
        self.url = url
        self.problem = problem
        self.status = status


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body as the server sent it (decompressed), with where it ended up."""

    url: str
    final_url: str
    status: int
    content_type: str  # the header as sent, charset included
    data: bytes
    fetched_at: str  # ISO 8601 UTC

    @property
    def mime(self) -> str:
        return self.content_type.split(";", 1)[0].strip().lower()

    @property
    def kind(self) -> str:
        """ "html", "pdf", "epub" or "text": which converter reads ``data``."""
        return ACCEPTED_TYPES.get(self.mime) or sniff_kind(self.final_url, self.data[:HEAD_BYTES])


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    return chain


def describe_connect_error(exc: BaseException, host: str) -> str:
    """Why a connection failed, in a reader's words: no network, no such host, refused."""
    text = " ".join(str(e) for e in _causes(exc)).lower()
    for cause in _causes(exc):
        if isinstance(cause, socket.gaierror) or "name resolution" in text:
            break
        if isinstance(cause, ssl.SSLError):
            return f"secure connection to {host} failed ({cause.reason or cause})"
        if isinstance(cause, OSError) and cause.errno == errno.ECONNREFUSED:
            return f"{host} refused the connection"
        if isinstance(cause, OSError) and cause.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return f"no route to {host}: are you offline?"
    if (
        "name or service not known" in text
        or "nodename nor servname" in text
        or "name resolution" in text
        or "getaddrinfo" in text
        or "no address associated" in text
    ):
        return f"cannot find {host}: you are offline, or there is no such site"
    if "refused" in text:
        return f"{host} refused the connection"
    if "certificate" in text or "ssl" in text:
        return f"secure connection to {host} failed ({exc})"
    if "unreachable" in text:
        return f"no route to {host}: are you offline?"
    return f"cannot connect to {host} ({exc or type(exc).__name__})"


def _client(timeout: float, connect_timeout: float, max_redirects: int) -> httpx.Client:
    import httpx

    return httpx.Client(
        follow_redirects=True,
        max_redirects=max_redirects,
        timeout=httpx.Timeout(timeout, connect=min(connect_timeout, timeout)),
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
    )


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT,
    connect_timeout: float = CONNECT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    client: httpx.Client | None = None,
) -> Fetched:
    """GET ``url``, following at most ``max_redirects`` redirects, within ``timeout`` seconds
    and ``max_bytes`` of (decompressed) body. Accepts HTML, PDF, EPUB and plain text (by
    the declared type, or by content when the server names none); raises FetchError."""
    import httpx

    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise FetchError(url, f"not a valid web address ({exc})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(url, "not a web address (it must start with http:// or https://)")
    own = client is None
    http = client or _client(timeout, connect_timeout, max_redirects)
    try:
        return _get(http, url, timeout, max_bytes)
    except httpx.ConnectTimeout:
        raise FetchError(url, f"timed out connecting to {parsed.host}") from None
    except httpx.TimeoutException:
        raise FetchError(url, f"timed out after {timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise FetchError(url, f"more than {max_redirects} redirects") from None
    except httpx.ConnectError as exc:
        raise FetchError(url, describe_connect_error(exc, parsed.host)) from None
    except httpx.DecodingError:
        raise FetchError(url, "the server sent a body that does not decompress") from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise FetchError(url, f"redirected to an address that is not http(s) ({exc})") from None
    except httpx.HTTPError as exc:  # RemoteProtocolError, ReadError, …
        raise FetchError(url, f"the connection failed ({exc or type(exc).__name__})") from None
    finally:
        if own:
            http.close()


def _get(http: httpx.Client, url: str, timeout: float, max_bytes: int) -> Fetched:
    deadline = time.monotonic() + timeout
    with http.stream("GET", url) as resp:
        if resp.status_code >= 400:
            reason = resp.reason_phrase or ""
            raise FetchError(url, f"HTTP {resp.status_code} {reason}".strip(), resp.status_code)
        if resp.status_code >= 300:  # a redirect without a Location, or a 304
            raise FetchError(url, f"HTTP {resp.status_code}: nothing to read", resp.status_code)
        ctype = resp.headers.get("content-type", "")
        mime = ctype.split(";", 1)[0].strip().lower()
        if mime not in ACCEPTED_TYPES and mime not in _UNTYPED:
            raise FetchError(url, f"not a web page, PDF or EPUB (the server sent {mime})")
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(url, f"larger than {_mb(max_bytes)}; it was not downloaded")
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(url, f"larger than {_mb(max_bytes)}; it was not downloaded")
            if time.monotonic() > deadline:
                raise FetchError(url, f"timed out after {timeout:g} s")
            chunks.append(chunk)
        data = b"".join(chunks)
        final_url = str(resp.url)
    if mime in _UNTYPED and sniff_kind(final_url, data[:HEAD_BYTES]) not in ("html", "pdf", "epub"):
        raise FetchError(url, f"not a web page, PDF or EPUB (the server sent {mime or 'no type'})")
    return Fetched(url, final_url, resp.status_code, ctype, data, _now())


def _mb(size: int) -> str:
    return f"{size / 1_000_000:g} MB"
