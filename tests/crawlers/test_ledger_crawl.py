"""Nothing lost, nothing twice: real crawls of a slow loopback site with the URL ledger in a real
SQLite store, SIGKILLed at chosen points and run again, then processed.

The site logs every article request twice over: `received` when the request arrives, `served`
once the whole response has been written. A kill can only ever repeat a request that was in
flight (received, its response not yet archived); the tests pin down exactly that.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.crawlers.conftest import make_settings
from tipwatch.crawlers.crawl_process import STORE_URL_ENV
from tipwatch.crawlers.ledger import Ledger
from tipwatch.crawlers.run import crawl
from tipwatch.crawlers.source_defs import Source
from tipwatch.flows.steps import process_fetched
from tipwatch.records import Article, Extraction
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.repository import upsert_sources

REPO_ROOT = Path(__file__).resolve().parents[2]
N_ARTICLES = 30
TERMINAL = {"stored", "duplicate_of", "skipped", "failed"}


def _article_html(base: str, path: str, n: int) -> bytes:
    paras = "".join(
        f"<p>Paragraph {i} of report {n}: the district court heard the case of number {n} "
        f"today and adjourned the hearing to a later date after the prosecution spoke.</p>"
        for i in range(4)
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Report {n}</title><link rel='canonical' href='{base}{path}'></head>"
        f"<body><article><h1>Report {n}</h1>{paras}</article></body></html>"
    ).encode()


class SlowSite:
    """One outlet on 127.0.0.1: robots.txt, an RSS feed and slow article pages."""

    def __init__(self, n: int = N_ARTICLES, delay: float = 0.05) -> None:
        self.delay = delay
        self.articles = [f"/articles/{i:02d}.html" for i in range(n)]
        # Listed in the feed besides the articles: a 404 and a robots-forbidden page.
        self.extra = ["/articles/missing.html", "/private/secret.html"]
        self.received: Counter[str] = Counter()
        self.served: Counter[str] = Counter()
        self.lock = threading.Lock()
        # Called with the path when an article request arrives; True aborts the request.
        self.on_article: Callable[[str], bool] | None = None
        # freeze(): no further article response is written; requests in flight are aborted.
        self.frozen = False
        self.writing = 0
        self.aborted: list[str] = []
        self.release = threading.Event()
        self.feed_paths: list[str] | None = None  # None: articles + extra
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                site._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def source(self) -> Source:
        return Source(
            id="slow-news",
            name="Slow News",
            country="IN",
            languages=["en"],
            homepage=self.base + "/",
            feeds=[self.base + "/feed.xml"],
        )

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _feed(self) -> bytes:
        paths = self.articles + self.extra if self.feed_paths is None else self.feed_paths
        items = "".join(f"<item><link>{self.base}{p}</link></item>" for p in paths)
        return (
            "<?xml version='1.0'?><rss version='2.0'><channel><title>Slow</title>"
            f"{items}</channel></rss>"
        ).encode()

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        if path == "/robots.txt":
            self._send(h, 200, "text/plain", b"User-agent: *\nDisallow: /private/\n")
            return
        if path == "/feed.xml":
            self._send(h, 200, "application/rss+xml", self._feed())
            return
        if not path.startswith(("/articles/", "/private/")):
            self._send(h, 404, "text/plain", b"not found")
            return
        with self.lock:
            self.received[path] += 1
        hook = self.on_article
        if hook is not None and hook(path):
            self._abort(h, path)
            return
        time.sleep(self.delay)
        with self.lock:
            frozen = self.frozen
            if not frozen:
                self.writing += 1
        if frozen:
            with self.lock:
                self.aborted.append(path)
            self.release.wait(30)  # held until the crawler has been killed
            h.close_connection = True
            return
        try:
            if path in self.articles:
                body = _article_html(self.base, path, self.articles.index(path))
                self._send(h, 200, "text/html; charset=utf-8", body)
            else:
                self._send(h, 404, "text/plain", b"gone")
            with self.lock:
                self.served[path] += 1
        except (BrokenPipeError, ConnectionResetError):
            h.close_connection = True  # the crawler died first: not served
        finally:
            with self.lock:
                self.writing -= 1

    def _abort(self, h: BaseHTTPRequestHandler, path: str) -> None:
        """Never answer: the crawler is being killed."""
        with self.lock:
            self.aborted.append(path)
        h.close_connection = True

    def freeze(self) -> Counter[str]:
        """Stop answering article requests; returns what was served, once no response is
        being written any more."""
        with self.lock:
            self.frozen = True
        _wait_until(lambda: self.writing == 0, timeout=10)
        with self.lock:
            return Counter(self.served)

    def thaw(self) -> None:
        with self.lock:
            self.frozen = False
            self.aborted.clear()
        self.release.clear()

    @staticmethod
    def _send(h: BaseHTTPRequestHandler, status: int, ctype: str, body: bytes) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
        h.wfile.flush()


@pytest.fixture
def site() -> Iterator[SlowSite]:
    s = SlowSite()
    yield s
    s.close()


class StubExtractor:
    """Stands in for the NLP stage: these tests are about which pages get processed."""

    def extract_article(self, article: Article) -> Extraction:
        return Extraction(
            source=article.canonical_url,
            language=article.language,
            is_case=False,
            case_score=0.0,
            extractor_version="stub",
        )

    def extract_articles(self, articles: list[Article]) -> list[Extraction]:
        return [self.extract_article(a) for a in articles]


def _settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "var", download_delay=0.0)


def _states(settings: Settings) -> dict[str, tuple[str, str | None, int]]:
    """url -> (state, reason, attempts) straight from the `urls` table."""
    db = settings.resolved_database_url.removeprefix("sqlite:///")
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT url, state, reason, attempts FROM urls").fetchall()
    finally:
        con.close()
    return {url: (state, reason, attempts) for url, state, reason, attempts in rows}


def _count_state(db: str, state: str) -> int:
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return int(
                con.execute("SELECT count(*) FROM urls WHERE state=?", (state,)).fetchone()[0]
            )
        finally:
            con.close()
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def _fetched_urls(db: str) -> set[str]:
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return {u for (u,) in con.execute("SELECT url FROM urls WHERE state='fetched'")}
        finally:
            con.close()
    except sqlite3.OperationalError:
        return set()


def _start_child(site: SlowSite, tmp_path: Path, settings: Settings) -> subprocess.Popen[bytes]:
    """The crawl child exactly as `crawlers.run.crawl` starts it, but left for us to kill."""
    tmp = tmp_path / "child"
    tmp.mkdir(exist_ok=True)
    (tmp / "sources.json").write_text(json.dumps([site.source.model_dump(mode="json")]))
    (tmp / "settings.json").write_text(
        json.dumps(
            settings.model_dump(
                mode="json",
                include={"user_agent", "download_delay", "download_timeout", "max_body_bytes"},
            )
        )
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        STORE_URL_ENV: settings.resolved_database_url,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tipwatch.crawlers.crawl_process",
            "--sources-json",
            str(tmp / "sources.json"),
            "--settings-json",
            str(tmp / "settings.json"),
            "--out",
            str(settings.data_dir / "warc"),
            "--allow-loopback",
        ],
        stdin=subprocess.DEVNULL,
        stdout=open(tmp / "child.log", "ab"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        env=env,
    )


def _wait_until(cond: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


def _process(site: SlowSite, settings: Settings) -> Any:
    store = Store(settings.resolved_database_url)
    try:
        with store.session() as s:
            upsert_sources(s, [site.source])
        return process_fetched({"slow-news": site.source}, StubExtractor(), store)  # type: ignore[arg-type]
    finally:
        store.dispose()


def _stored_article_ids(settings: Settings) -> Counter[str]:
    db = settings.resolved_database_url.removeprefix("sqlite:///")
    con = sqlite3.connect(db)
    try:
        return Counter(u for (u,) in con.execute("SELECT url FROM articles"))
    finally:
        con.close()


def _assert_all_stored_once(site: SlowSite, settings: Settings) -> None:
    states = _states(settings)
    for path in site.articles:
        assert states[site.url(path)][0] == "stored", (path, states[site.url(path)])
    assert states[site.url("/articles/missing.html")][:2] == ("skipped", "http_404")
    assert states[site.url("/private/secret.html")][:2] == ("skipped", "robots_forbidden")
    assert len(states) == len(site.articles) + len(site.extra)
    articles = _stored_article_ids(settings)
    assert articles == Counter({site.url(p): 1 for p in site.articles})


# --- tests ------------------------------------------------------------------------------------


def test_every_discovered_url_ends_in_one_terminal_state(site: SlowSite, tmp_path: Path) -> None:
    site.delay = 0.0
    settings = _settings(tmp_path)
    result = crawl([site.source], settings.data_dir / "warc", settings, allow_loopback=True)
    assert result.pages_fetched == N_ARTICLES
    assert result.skipped == {"http_404": 1, "robots_forbidden": 1}
    assert result.url_states == {"fetched": N_ARTICLES, "skipped": 2}
    states = _states(settings)
    assert {s for s, _, _ in states.values()} == {"fetched", "skipped"}
    counts = _process(site, settings)
    assert counts.articles == N_ARTICLES and counts.pages == N_ARTICLES
    states = _states(settings)
    assert set(states) == {site.url(p) for p in site.articles + site.extra}
    assert all(state in TERMINAL for state, _, _ in states.values()), states
    _assert_all_stored_once(site, settings)
    # The 404 was requested (one attempt); the robots-forbidden page never was.
    assert states[site.url("/articles/missing.html")][2] == 1
    assert site.received["/private/secret.html"] == 0
    # Processing again finds nothing left to do.
    assert _process(site, settings).pages == 0


def test_sigkill_mid_crawl_then_resume_fetches_nothing_twice(
    site: SlowSite, tmp_path: Path
) -> None:
    settings = _settings(tmp_path)
    db = settings.resolved_database_url.removeprefix("sqlite:///")
    child = _start_child(site, tmp_path, settings)
    try:
        _wait_until(lambda: _count_state(db, "fetched") >= 5)
        # Kill with article requests in flight, but only once every answered article is
        # archived and marked (the window between an answer and its fsync is covered by the
        # random-kill test below and by the salvage tests in test_ledger.py).
        served = site.freeze()
        answered = {site.url(p) for p in served if p in site.articles}
        _wait_until(lambda: answered <= _fetched_urls(db), timeout=20)
        _wait_until(lambda: bool(site.aborted), timeout=20)  # a request is held in flight
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        site.release.set()
    time.sleep(4 * site.delay)  # requests still in the server's sleep are held too
    in_flight = list(site.aborted)
    site.thaw()
    out = settings.data_dir / "warc"
    assert len(list(out.glob("*.warc.gz.open"))) == 1  # the killed crawl's WARC
    fetched_before = _count_state(db, "fetched")
    assert 5 <= fetched_before < N_ARTICLES
    assert fetched_before == len(answered)

    result = crawl([site.source], out, settings, allow_loopback=True)
    assert result.salvaged["files"] == 1
    assert result.salvaged["pages"] == fetched_before
    assert not list(out.glob("*.open"))
    assert result.pages_fetched == N_ARTICLES - fetched_before
    counts = _process(site, settings)
    assert counts.articles == N_ARTICLES  # pages from both WARCs
    _assert_all_stored_once(site, settings)
    # Each article answered exactly once across both runs; only requests the kill cut off
    # arrived twice.
    assert all(site.served[p] == 1 for p in site.articles), site.served
    assert {p: n for p, n in site.received.items() if n > 1} == {p: 2 for p in in_flight}


def test_sigkill_at_a_random_moment_repeats_only_requests_in_flight(
    site: SlowSite, tmp_path: Path
) -> None:
    settings = _settings(tmp_path)
    db = settings.resolved_database_url.removeprefix("sqlite:///")
    child = _start_child(site, tmp_path, settings)
    try:
        _wait_until(lambda: _count_state(db, "fetched") >= 5)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
    time.sleep(4 * site.delay)  # let answers still being written land in `served`
    marked = _fetched_urls(db)
    assert len(marked) >= 5
    first_run = Counter(site.served)
    crawl([site.source], settings.data_dir / "warc", settings, allow_loopback=True)
    _process(site, settings)
    _assert_all_stored_once(site, settings)
    second_run = Counter(site.served) - first_run
    # Nothing the ledger had as fetched at the kill is requested again (nor anything the
    # salvage recovered from the torn WARC) ...
    assert not [u for u in marked if second_run[u.removeprefix(site.base)]]
    # ... so a page is answered twice only if its answer had not reached the WARC: at most
    # the requests in flight at the kill (CONCURRENT_REQUESTS = 8).
    assert all(site.served[p] in (1, 2) for p in site.articles), site.served
    assert sum(1 for p in site.articles if site.served[p] == 2) <= 8


def test_sigkill_right_after_discovery_resumes_from_the_ledger(
    site: SlowSite, tmp_path: Path
) -> None:
    settings = _settings(tmp_path)
    child = _start_child(site, tmp_path, settings)
    n_discovered = len(site.articles) + len(site.extra)

    kill_lock = threading.Lock()

    def kill_at_first_article(path: str) -> bool:
        with kill_lock:  # requests arriving meanwhile wait here, then are not answered
            if child.poll() is None:
                _wait_until(lambda: len(_states(settings)) == n_discovered, timeout=20)
                os.kill(child.pid, signal.SIGKILL)
                child.wait(timeout=30)
        return True

    site.on_article = kill_at_first_article
    try:
        assert child.wait(timeout=120) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
    site.on_article = None
    states = _states(settings)
    assert len(states) == n_discovered
    pending = {u for u, (state, _, _) in states.items() if state == "pending"}
    assert {site.url(p) for p in site.articles} <= pending
    assert set(states) - pending <= {site.url("/private/secret.html")}  # robots: no request
    assert sum(site.served.values()) == 0
    # The feed rolls over before the next crawl: the pending URLs are only in the ledger now.
    site.feed_paths = []
    result = crawl([site.source], settings.data_dir / "warc", settings, allow_loopback=True)
    assert result.articles_discovered == 0
    assert result.articles_resumed == len(pending)
    assert result.pages_fetched == N_ARTICLES
    _process(site, settings)
    _assert_all_stored_once(site, settings)
    assert all(site.served[p] == 1 for p in site.articles)


def test_kill_between_crawl_and_processing_loses_nothing(site: SlowSite, tmp_path: Path) -> None:
    from tipwatch.flows.pipeline import pipeline

    site.delay = 0.0
    settings = _settings(tmp_path)
    first = crawl([site.source], settings.data_dir / "warc", settings, allow_loopback=True)
    assert first.pages_fetched == N_ARTICLES
    # ... the flow dies here: nothing processed. The next flow run picks the pages up.
    result = pipeline([site.source], settings, allow_loopback=True, extractor=StubExtractor())  # type: ignore[arg-type]
    assert result.crawl_report["pages_fetched"] == 0
    assert result.counts.articles == N_ARTICLES
    _assert_all_stored_once(site, settings)
    assert all(site.served[p] == 1 for p in site.articles)


def test_recrawl_fetches_only_new_articles(site: SlowSite, tmp_path: Path) -> None:
    site.delay = 0.0
    settings = _settings(tmp_path)
    out = settings.data_dir / "warc"
    crawl([site.source], out, settings, allow_loopback=True)
    _process(site, settings)

    second = crawl([site.source], out, settings, allow_loopback=True)
    assert second.pages_fetched == 0
    assert second.articles_known == len(site.articles) + len(site.extra)
    assert sum(site.served.values()) == N_ARTICLES + 1  # articles once, the 404 once

    site.articles.append("/articles/new.html")
    third = crawl([site.source], out, settings, allow_loopback=True)
    assert third.pages_fetched == 1
    assert site.served["/articles/new.html"] == 1
    assert sum(site.served.values()) == N_ARTICLES + 2
    _process(site, settings)
    _assert_all_stored_once(site, settings)


def test_unreadable_warc_sends_the_url_back_to_pending(site: SlowSite, tmp_path: Path) -> None:
    site.delay = 0.0
    settings = _settings(tmp_path)
    out = settings.data_dir / "warc"
    first = crawl([site.source], out, settings, allow_loopback=True)
    first.warc_path.unlink()  # the archive is lost before processing
    counts = _process(site, settings)
    assert counts.skipped == {"ledger:warc_unreadable": N_ARTICLES}
    ledger = Ledger.open(settings.resolved_database_url)
    try:
        assert ledger.counts(["slow-news"]) == {"pending": N_ARTICLES, "skipped": 2}
    finally:
        ledger.close()
    crawl([site.source], out, settings, allow_loopback=True)
    _process(site, settings)
    _assert_all_stored_once(site, settings)
    assert all(site.served[p] == 2 for p in site.articles)  # refetched once, deliberately
