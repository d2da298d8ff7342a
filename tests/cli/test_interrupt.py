"""C24: Ctrl-C on a real `tipwatch run`, sent the way a terminal sends it (SIGINT to the command's
whole process group), against a loopback site that serves its articles slowly.

First Ctrl-C: no new pages are fetched, what was fetched is processed, a summary is printed, exit
130, the run row says `interrupted`. Second Ctrl-C: the command stops at once. Either way the next
run fetches the rest, and nothing the first run stored is fetched again.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.cli.outlets import one_outlet
from tests.cli.test_run_concurrency import _env, _tipwatch
from tests.crawlers.servers import FaultHandler, FaultServer, Route, page, send
from tipwatch.cli.exit_codes import ExitCode
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, CrawlRunRow, UrlRow

N_ARTICLES = 24
PAGE_SECONDS = 0.6  # each article takes this long to serve: the crawl lasts ~15 s


def _article(i: int) -> str:
    return (
        f"<html><head><title>County notes {i}</title></head><body><article>"
        f"<h1>County notes {i}</h1>"
        + "".join(
            f"<p>Item {i}.{k}: the county council met on Tuesday to discuss road repairs, the "
            f"water supply of ward {k} and the new market hall opening next month.</p>"
            for k in range(6)
        )
        + "</article></body></html>"
    )


class SlowSite:
    """A feed of `n` articles, each served after `page_seconds`."""

    def __init__(self, n: int = N_ARTICLES, page_seconds: float = PAGE_SECONDS) -> None:
        self.n = n
        routes = {
            "/robots.txt": page("User-agent: *\nAllow: /\n", content_type="text/plain"),
            "/feed.xml": lambda h, s: page(self._feed(), content_type="application/rss+xml")(h, s),
        }
        for i in range(n):
            routes[f"/a{i}.html"] = self._slow(_article(i), page_seconds)
        self.server = FaultServer(routes)

    @staticmethod
    def _slow(html: str, seconds: float) -> Route:
        def run(h: FaultHandler, s: FaultServer) -> None:
            time.sleep(seconds)
            send(h, 200, html.encode(), content_type="text/html; charset=utf-8")

        return run

    def _feed(self) -> str:
        items = "".join(
            f"<item><link>{self.server.url(f'/a{i}.html')}</link></item>" for i in range(self.n)
        )
        return f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>"

    def article_hits(self) -> collections.Counter[str]:
        return collections.Counter(p for p in self.server.paths() if p.startswith("/a"))


@pytest.fixture
def site() -> Iterator[SlowSite]:
    slow = SlowSite()
    with slow.server:
        yield slow


def _sources(tmp_path: Path, site: SlowSite) -> Path:
    return one_outlet(tmp_path, site.server, "slow-news", "Slow News")


def _start(tmp_path: Path, sources: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        _tipwatch("run", "--sources", str(sources)),
        env=_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group, as a terminal's foreground job has
    )


def _wait_for_article_hits(site: SlowSite, proc: subprocess.Popen[str], n: int) -> None:
    deadline = time.monotonic() + 300
    while sum(site.article_hits().values()) < n:
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the run ended before it fetched {n} pages:\n{out}\n{err}")
        assert time.monotonic() < deadline, "the crawl never reached the articles"
        time.sleep(0.1)


def _ctrl_c(proc: subprocess.Popen[str]) -> None:
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal does on Ctrl-C


def _store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{(tmp_path / 'var' / 'tipwatch.db').resolve()}")


def _ledger(tmp_path: Path) -> dict[str, str]:
    store = _store(tmp_path)
    try:
        with store.session() as s:
            return {u.url.rsplit("/", 1)[-1]: u.state for u in s.scalars(select(UrlRow))}
    finally:
        store.dispose()


def _runs_and_articles(tmp_path: Path) -> tuple[list[str], int]:
    store = _store(tmp_path)
    try:
        with store.session() as s:
            runs = [r.status for r in s.scalars(select(CrawlRunRow).order_by(CrawlRunRow.id))]
            articles = len(list(s.scalars(select(ArticleRow.id))))
            return runs, articles
    finally:
        store.dispose()


def _finish(proc: subprocess.Popen[str], timeout: float) -> tuple[str, str]:
    try:
        return proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"the run did not stop within {timeout} s:\n{out}\n{err}")


def _article_states(ledger: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in ledger.items() if k.startswith("a")}


def _resume_and_check(tmp_path: Path, sources: Path, site: SlowSite, done: set[str]) -> None:
    """A second, uninterrupted run fetches the rest and none of `done` again."""
    before = site.article_hits()
    again = _start(tmp_path, sources)
    out, err = _finish(again, 600)
    assert again.returncode == ExitCode.OK, err
    second = site.article_hits() - before
    assert not {p.lstrip("/") for p in second} & done, "a stored page was fetched again"
    states = _article_states(_ledger(tmp_path))
    assert len(states) == N_ARTICLES
    assert set(states.values()) == {"stored"}, states
    runs, articles = _runs_and_articles(tmp_path)
    assert runs == ["interrupted", "ok"]
    assert articles == N_ARTICLES


def test_first_ctrl_c_stops_fetching_and_finishes_what_was_fetched(
    tmp_path: Path, site: SlowSite
) -> None:
    sources = _sources(tmp_path, site)
    proc = _start(tmp_path, sources)
    try:
        _wait_for_article_hits(site, proc, 3)
        _ctrl_c(proc)
        out, err = _finish(proc, 180)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    assert proc.returncode == ExitCode.INTERRUPTED, err
    assert "Traceback" not in err
    assert "Press Ctrl-C again to stop now" in err
    summary = [line for line in err.splitlines() if line.startswith("Stopped (Ctrl-C)")]
    assert len(summary) == 1, err
    hits = site.article_hits()
    assert sum(hits.values()) < N_ARTICLES, "the crawl went on after Ctrl-C"
    assert max(hits.values()) == 1  # the crawl task was not started again

    states = _article_states(_ledger(tmp_path))
    stored = {k for k, v in states.items() if v == "stored"}
    # Every page fetched before the stop was processed: none is left `fetched`.
    assert "fetched" not in states.values(), states
    assert stored == {p.lstrip("/") for p in hits}
    assert len(stored) >= 3
    assert f"{len(stored)} articles processed" in summary[0]
    pending = N_ARTICLES - len(stored)
    assert sum(v == "pending" for v in states.values()) == pending
    assert f"{pending} URLs left pending" in summary[0]
    runs, articles = _runs_and_articles(tmp_path)
    assert runs == ["interrupted"]
    assert articles == len(stored)

    _resume_and_check(tmp_path, sources, site, stored)


def test_second_ctrl_c_stops_at_once_and_the_ledger_stays_exact(
    tmp_path: Path, site: SlowSite
) -> None:
    sources = _sources(tmp_path, site)
    proc = _start(tmp_path, sources)
    try:
        _wait_for_article_hits(site, proc, 3)
        _ctrl_c(proc)
        time.sleep(0.3)
        _ctrl_c(proc)
        stopped_at = time.monotonic()
        out, err = _finish(proc, 60)
        took = time.monotonic() - stopped_at
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    assert proc.returncode == ExitCode.INTERRUPTED, err
    assert "Traceback" not in err
    assert "stopped at once" in err
    assert took < 30, f"took {took:.1f} s to stop"
    runs, _ = _runs_and_articles(tmp_path)
    assert runs == ["interrupted"]  # closed, not left `running`
    states = _article_states(_ledger(tmp_path))
    done = {k for k, v in states.items() if v in ("stored", "fetched")}
    _resume_and_check(tmp_path, sources, site, done)
