"""A real HTTP server on 127.0.0.1, in a thread, serving the pages a test registers.

Each route says what to send: a status, headers, a body, a delay before the headers,
a trickle (the body a piece at a time), gzip, or no Content-Length (a chunked body).
Every wait is bounded and wakes when the server stops, so no test leaves a thread behind.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What the server answers at one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    trickle: float = 0.0  # seconds between pieces of the body
    piece: int = 1024
    gzip: bool = False
    chunked: bool = False  # no Content-Length: the client cannot know the size up front


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.requests: list[dict[str, str]] = []
        self.stopping = threading.Event()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet in test output
        pass

    def do_GET(self) -> None:
        self.server.requests.append({"path": self.path, **dict(self.headers.items())})
        route = self.server.routes.get(self.path)
        if route is None:
            route = Route(b"<html><body>Not here</body></html>", status=404)
        if route.delay and self.server.stopping.wait(route.delay):
            return
        body = gzip.compress(route.body) if route.gzip else route.body
        self.send_response(route.status)
        if route.content_type:
            self.send_header("Content-Type", route.content_type)
        if route.gzip:
            self.send_header("Content-Encoding", "gzip")
        for name, value in route.headers.items():
            self.send_header(name, value)
        if route.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        # a client with a limit hangs up mid-body, as it should
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._send_body(route, body)

    def _send_body(self, route: Route, body: bytes) -> None:
        step = route.piece if (route.trickle or route.chunked) else max(1, len(body))
        for start in range(0, len(body), step):
            piece = body[start : start + step]
            if route.chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                self.wfile.write(piece)
            self.wfile.flush()
            if route.trickle and self.server.stopping.wait(route.trickle):
                return
        if route.chunked:
            self.wfile.write(b"0\r\n\r\n")


class LocalServer:
    """The running server: register routes, then fetch ``server.url(path)``."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        self.routes = server.routes
        self.requests = server.requests
        self.port = server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.add(path, Route(status=status, content_type="", headers={"Location": to}))


@contextmanager
def serve() -> Iterator[LocalServer]:
    """A server on a free loopback port for the length of the ``with`` block."""
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield LocalServer(server)
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
