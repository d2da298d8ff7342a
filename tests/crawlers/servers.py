"""Misbehaving HTTP servers on loopback for the politeness/safety tests.

`FaultServer(routes)` serves `{path: route}` on its own 127.0.0.x address (one address per
server, so each is its own Scrapy download slot) and logs every request it receives. A route is
a function `(handler, server) -> None` that writes the whole response; the helpers below build
the usual faults. Every loop and sleep in a route is bounded, and servers bind loopback only.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

Route = Callable[["FaultHandler", "FaultServer"], None]

# 127.0.0.20 ... 127.0.0.250; the demo server uses the low addresses.
_OCTETS = itertools.cycle(range(20, 251))
_OCTET_LOCK = threading.Lock()
# No route may keep a connection busy longer than this.
MAX_ROUTE_SECONDS = 8.0


def next_loopback_host() -> str:
    with _OCTET_LOCK:
        return f"127.0.0.{next(_OCTETS)}"


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when the request line arrived


class FaultHandler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        owner = self.server.owner
        path = self.path.split("?", 1)[0]
        owner._record(Hit(path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()))
        route = owner.routes.get(path)
        if route is None:
            send(self, 404, b"not found\n")
            return
        owner._enter()
        try:
            route(self, owner)
        except OSError:  # the client gave up (timeout) or we reset the connection
            self.close_connection = True
        finally:
            owner._leave()

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], owner: FaultServer) -> None:
        self.owner = owner
        super().__init__(address, FaultHandler)


class FaultServer:
    def __init__(self, routes: dict[str, Route], host: str | None = None) -> None:
        self.host = host or next_loopback_host()
        if not self.host.startswith("127."):
            raise ValueError("fault servers bind loopback only")
        self.routes = dict(routes)
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        # Requests being answered right now, and the most there ever were at once.
        self.in_flight = 0
        self.max_in_flight = 0
        self._httpd = _Server((self.host, 0), self)
        self.port = int(self._httpd.server_address[1])
        self.base_url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def _record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def _enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def next_count(self, path: str) -> int:
        """How many times `path` was routed before this call (0 for the first request)."""
        with self._lock:
            n = self._counts.get(path, 0)
            self._counts[path] = n + 1
            return n

    def url(self, path: str) -> str:
        return self.base_url + path

    def paths(self) -> list[str]:
        with self._lock:
            return [h.path for h in self.hits]

    def times(self, path: str) -> list[float]:
        with self._lock:
            return [h.at for h in self.hits if h.path == path]

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


# --- response helpers -----------------------------------------------------------------------


def send(
    h: FaultHandler,
    status: int,
    body: bytes,
    headers: dict[str, str] | None = None,
    content_type: str | None = "text/plain; charset=utf-8",
) -> None:
    h.send_response(status)
    if content_type is not None:
        h.send_header("Content-Type", content_type)
    for key, value in (headers or {}).items():
        h.send_header(key, value)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)
    h.wfile.flush()


def page(
    body: str | bytes,
    status: int = 200,
    content_type: str | None = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> Route:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return lambda h, s: send(h, status, data, headers, content_type)


def redirect(location: str, status: int = 302) -> Route:
    return lambda h, s: send(h, status, b"", {"Location": location})


def sleep_then(seconds: float, route: Route) -> Route:
    def run(h: FaultHandler, s: FaultServer) -> None:
        time.sleep(min(seconds, MAX_ROUTE_SECONDS))
        route(h, s)

    return run


def sequence(*routes: Route) -> Route:
    """The n-th request of the path gets the n-th route; the last one repeats."""

    def run(h: FaultHandler, s: FaultServer) -> None:
        path = h.path.split("?", 1)[0]
        n = s.next_count(path)
        routes[min(n, len(routes) - 1)](h, s)

    return run


def retry_after_date(status: int, seconds_ahead: float) -> Route:
    """`status` with `Retry-After` as an HTTP-date `seconds_ahead` from the request."""

    def run(h: FaultHandler, s: FaultServer) -> None:
        when = formatdate(time.time() + seconds_ahead, usegmt=True)
        send(h, status, b"busy\n", {"Retry-After": when})

    return run


def trickle(interval: float = 0.2, seconds: float = MAX_ROUTE_SECONDS) -> Route:
    """Headers promise 20 kB; the body then comes one byte per `interval`, for `seconds`."""

    def run(h: FaultHandler, s: FaultServer) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length", "20000")
        h.end_headers()
        h.wfile.flush()
        deadline = time.monotonic() + min(seconds, MAX_ROUTE_SECONDS)
        while time.monotonic() < deadline:
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(interval)
        h.close_connection = True

    return run


def reset() -> Route:
    """Close the connection with a TCP RST, before any response byte."""

    def run(h: FaultHandler, s: FaultServer) -> None:
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.close_connection = True
        h.connection.close()

    return run


def compress(data: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=9)
    if encoding == "deflate":
        return zlib.compress(data, 9)
    if encoding == "br":
        import brotli

        return bytes(brotli.compress(data))
    if encoding == "zstd":
        from backports import zstd

        return bytes(zstd.compress(data))
    raise ValueError(encoding)


def bomb(encoding: str, size: int = 20_000_000) -> Route:
    """A small `Content-Encoding: <encoding>` body that decompresses to `size` bytes."""
    data = compress(b"<html><body>" + b"\0" * size, encoding)
    return page(data, headers={"Content-Encoding": encoding})


def iter_gaps(times: list[float]) -> Iterator[float]:
    return (b - a for a, b in itertools.pairwise(sorted(times)))
