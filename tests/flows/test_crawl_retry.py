"""The pipeline's crawl task retries transient failures only, with real crawl children: one
killed by SIGKILL (transient: retried with backoff until it succeeds) and one that exits with a
usage error on bad input (permanent: started once, the run fails with the reason). Attempts are
counted by the crawl logs the children leave in the WARC folder (one per child started)."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.crawlers.site import build_site
from tipwatch.crawlers.run import CHILD_MODULE, CrawlError
from tipwatch.demo.server import serve_demo
from tipwatch.flows.pipeline import is_transient, pipeline
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import CrawlRunRow


def _settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "var", download_delay=0.0, crawl_task_retry_delay=0.1)


def _attempts(settings: Settings) -> int:
    return len(list((settings.data_dir / "warc").glob("crawl-*.log")))


def _runs(settings: Settings) -> list[CrawlRunRow]:
    store = Store(settings.resolved_database_url)
    try:
        with store.session() as s:
            return list(s.scalars(select(CrawlRunRow)))
    finally:
        store.dispose()


def _crawl_children(out_dir: Path) -> set[int]:
    """Pids of live crawl children writing to `out_dir` (from /proc)."""
    pids: set[int] = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if CHILD_MODULE.encode() in argv and str(out_dir).encode() in argv:
            pids.add(int(proc.name))
    return pids


class ChildKiller(threading.Thread):
    """SIGKILLs the first `times` crawl children that appear for `out_dir`."""

    def __init__(self, out_dir: Path, times: int) -> None:
        super().__init__(daemon=True)
        self.out_dir, self.times = out_dir, times
        self.killed: list[int] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while len(self.killed) < self.times and not self.stop.wait(0.02):
            for pid in sorted(_crawl_children(self.out_dir) - set(self.killed)):
                os.kill(pid, signal.SIGKILL)
                self.killed.append(pid)


def test_a_crawl_child_killed_by_a_signal_is_retried_until_it_succeeds(tmp_path: Path) -> None:
    site_dir, sources_dir = build_site(tmp_path / "site")
    settings = _settings(tmp_path)
    killer = ChildKiller((settings.data_dir / "warc").resolve(), times=2)
    killer.start()
    try:
        with serve_demo(site_dir, sources_dir) as site:
            result = pipeline(site.sources, settings, allow_loopback=True)
    finally:
        killer.stop.set()
        killer.join()
    assert len(killer.killed) == 2
    assert _attempts(settings) == 3  # two killed children, then one that finished
    assert result.crawl_report["pages_fetched"] > 0
    assert [r.status for r in _runs(settings)] == ["ok"]


def test_a_child_usage_error_fails_at_once_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_dir, sources_dir = build_site(tmp_path / "site")
    settings = _settings(tmp_path)
    # A bad variable that only the crawl child reads (the run's settings were made before it
    # was set; the child reads its settings from the environment as well): the child refuses
    # its input and exits with its usage code, which no retry can cure.
    monkeypatch.setenv("TIPWATCH_UI_PORT", "not-a-port")
    with serve_demo(site_dir, sources_dir) as site, pytest.raises(CrawlError) as caught:
        pipeline(site.sources, settings, allow_loopback=True)
    assert caught.value.returncode == 2
    assert not is_transient(caught.value)
    assert site.request_log == []  # the child never got to fetch anything
    assert _attempts(settings) == 1  # started once: not retried
    (run,) = _runs(settings)
    assert run.status == "failed"
    assert "exited with code 2" in run.report["error"]
    assert "bad input" in run.report["error"]
    assert "ui_port" in run.report["error"]


def test_transient_and_permanent_failures() -> None:
    log = Path("/nonexistent.log")
    assert is_transient(CrawlError("killed", returncode=-signal.SIGKILL, log_path=log))
    assert is_transient(CrawlError("timed out", returncode=None, log_path=log))
    assert is_transient(CrawlError("unfinished", returncode=3, log_path=log))
    assert is_transient(ConnectionResetError())
    assert is_transient(TimeoutError())
    assert not is_transient(CrawlError("usage", returncode=2, log_path=log))
    assert not is_transient(CrawlError("crashed", returncode=1, log_path=log))
    assert not is_transient(ValueError("bad input"))
    assert not is_transient(AssertionError("broken invariant"))
    assert not is_transient(OSError(28, "No space left on device"))
