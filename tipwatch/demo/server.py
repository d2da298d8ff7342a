"""Local HTTP server for the fictional demo news site.

Each outlet in `site/<outlet_id>/` is served at the root of its own loopback address (127.0.0.2,
127.0.0.3, ...) on a free port, by a threaded stdlib HTTP server in background threads. The
literal `{{BASE}}` in served files and in the outlet's source YAML (`sources/<outlet_id>.yaml`)
is replaced by that outlet's base URL, e.g. `http://127.0.0.2:41234`.

Only files below the outlet's folder are served: no directory listings, no dot files, no path
traversal (also not through symlinks). Every request is logged as (outlet_id, path) so tests can
check what a crawler asked for.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from pydantic import ValidationError

from tipwatch.crawlers.source_defs import Source, SourceError

log = logging.getLogger(__name__)

DEMO_DIR = Path(__file__).resolve().parent
DEFAULT_SITE_DIR = DEMO_DIR / "site"
DEFAULT_SOURCES_DIR = DEMO_DIR / "sources"
PLACEHOLDER = "{{BASE}}"
# Outlets get 127.0.0.2, 127.0.0.3, ... in sorted order (127.0.0.1 is left to everything else).
FIRST_HOST_OCTET = 2

_TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
}


def content_type(path: Path, body: bytes) -> str:
    """Content-Type for a served file; XML files are sniffed for RSS and Atom."""
    suffix = path.suffix.lower()
    if suffix == ".xml":
        head = body[:2048].lower()
        if b"<rss" in head or b"<rdf:rdf" in head:
            return "application/rss+xml; charset=utf-8"
        if b"<feed" in head:
            return "application/atom+xml; charset=utf-8"
        return "application/xml; charset=utf-8"
    if suffix in _TEXT_TYPES:
        return _TEXT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def _is_text(ctype: str) -> bool:
    return ctype.startswith("text/") or "xml" in ctype or "json" in ctype


@dataclass
class _Outlet:
    outlet_id: str
    root: Path
    base_url: str = ""


class _DemoServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], outlet: _Outlet, site: DemoSite) -> None:
        self.outlet = outlet
        self.site = site
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _DemoServer
    server_version = "tipwatch-demo/1"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        log.debug("%s %s", self.server.outlet.outlet_id, format % args)

    def do_GET(self) -> None:  # noqa: N802
        self._serve(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(send_body=False)

    def _serve(self, *, send_body: bool) -> None:
        outlet = self.server.outlet
        split = urlsplit(self.path)
        path = unquote(split.path)
        self.server.site._log(outlet.outlet_id, path)
        target = _resolve(outlet.root, path)
        if target is None:
            self._error(HTTPStatus.NOT_FOUND, send_body)
            return
        if target.is_dir():
            if not split.path.endswith("/"):
                location = split.path + "/" + (f"?{split.query}" if split.query else "")
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
            if not target.is_file():
                self._error(HTTPStatus.NOT_FOUND, send_body)
                return
        try:
            body = target.read_bytes()
        except OSError:
            self._error(HTTPStatus.NOT_FOUND, send_body)
            return
        ctype = content_type(target, body)
        if _is_text(ctype):
            body = body.replace(PLACEHOLDER.encode(), outlet.base_url.encode())
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, send_body: bool) -> None:
        body = f"{status.value} {status.phrase}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


def _resolve(root: Path, url_path: str) -> Path | None:
    """The existing file or folder for `url_path` strictly inside `root`, else None."""
    if "\x00" in url_path or "\\" in url_path or not url_path.startswith("/"):
        return None
    parts = [p for p in url_path.split("/") if p not in ("", ".")]
    if any(p == ".." or p.startswith(".") for p in parts):
        return None
    try:
        target = root.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if target != root and not target.is_relative_to(root):
        return None
    return target


@dataclass
class DemoSite:
    """A running demo site: one HTTP server per outlet."""

    sources: list[Source] = field(default_factory=list)
    base_urls: dict[str, str] = field(default_factory=dict)
    # Every request as (outlet_id, URL-decoded path), in arrival order.
    request_log: list[tuple[str, str]] = field(default_factory=list)
    _servers: list[_DemoServer] = field(default_factory=list, repr=False)
    _threads: list[threading.Thread] = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _log(self, outlet_id: str, path: str) -> None:
        with self._lock:
            self.request_log.append((outlet_id, path))

    def requested_paths(self, outlet_id: str | None = None) -> list[str]:
        with self._lock:
            return [p for o, p in self.request_log if outlet_id is None or o == outlet_id]

    def stop(self) -> None:
        """Shut every server down and wait for its thread. Safe to call twice."""
        servers, self._servers = self._servers, []
        for server in servers:
            server.shutdown()
            server.server_close()
        threads, self._threads = self._threads, []
        for thread in threads:
            thread.join(timeout=5)


def _bind(outlet: _Outlet, site: DemoSite, octet: int) -> _DemoServer:
    host = f"127.0.0.{octet}"
    try:
        return _DemoServer((host, 0), outlet, site)
    except OSError as exc:
        # Not every OS routes all of 127/8 to loopback (macOS does not); share 127.0.0.1 then.
        log.warning("cannot bind %s (%s); serving %s on 127.0.0.1", host, exc, outlet.outlet_id)
        return _DemoServer(("127.0.0.1", 0), outlet, site)


def _render_source(path: Path, base_url: str) -> Source:
    try:
        text = path.read_text(encoding="utf-8")
        raw = yaml.safe_load(text.replace(PLACEHOLDER, base_url))
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(f"{path}: cannot read demo source: {exc}") from exc
    if not isinstance(raw, dict):
        raise SourceError(f"{path}: a source file must be a YAML mapping")
    try:
        return Source.model_validate(raw)
    except ValidationError as exc:
        raise SourceError(f"{path}: invalid demo source:\n{exc}") from exc


def _outlets(site_dir: Path, sources_dir: Path) -> list[tuple[str, Path, Path]]:
    if not site_dir.is_dir():
        raise SourceError(f"{site_dir}: demo site folder not found")
    if not sources_dir.is_dir():
        raise SourceError(f"{sources_dir}: demo sources folder not found")
    sites = {p.name: p for p in site_dir.iterdir() if p.is_dir() and not p.name.startswith(".")}
    yamls = {p.stem: p for p in sources_dir.glob("*.yaml")}
    if not sites:
        raise SourceError(f"{site_dir}: no outlet folders")
    for missing in sorted(set(sites) - set(yamls)):
        raise SourceError(f"{sources_dir}: no {missing}.yaml for outlet folder {missing}/")
    for missing in sorted(set(yamls) - set(sites)):
        raise SourceError(f"{site_dir}: no outlet folder for {yamls[missing]}")
    return [(oid, sites[oid].resolve(), yamls[oid]) for oid in sorted(sites)]


@contextmanager
def serve_demo(site_dir: Path | None = None, sources_dir: Path | None = None) -> Iterator[DemoSite]:
    """Serve every outlet under `site_dir` (default: the bundled demo site) until exit.

    `sources_dir` defaults to the `sources` folder beside `site_dir`; it must hold one
    `<outlet_id>.yaml` per outlet folder. Yields a `DemoSite` whose `sources` carry the real
    base URLs.
    """
    site_dir = Path(site_dir) if site_dir is not None else DEFAULT_SITE_DIR
    sources_dir = Path(sources_dir) if sources_dir is not None else site_dir.parent / "sources"
    outlets = _outlets(site_dir, sources_dir)
    site = DemoSite()
    try:
        for i, (outlet_id, root, yaml_path) in enumerate(outlets):
            outlet = _Outlet(outlet_id, root)
            server = _bind(outlet, site, FIRST_HOST_OCTET + i)
            try:
                host, port = server.server_address[:2]
                outlet.base_url = f"http://{host!s}:{port}"
                source = _render_source(yaml_path, outlet.base_url)
                if source.id != outlet_id:
                    raise SourceError(f"{yaml_path}: id {source.id!r} does not match file name")
            except BaseException:
                server.server_close()
                raise
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name=f"demo-{outlet_id}",
                daemon=True,
            )
            thread.start()
            # Only started servers are registered: shutdown() waits for serve_forever().
            site._servers.append(server)
            site._threads.append(thread)
            site.sources.append(source)
            site.base_urls[outlet_id] = outlet.base_url
        yield site
    finally:
        site.stop()
