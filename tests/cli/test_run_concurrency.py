"""Two runs on one data folder, and a run killed with SIGKILL, with real `tipwatch` processes.

The site is a loopback fault server whose robots.txt is held until the test lets it go, so the
first run is provably in the middle of its crawl (holding the data folder) while the test starts
the second command or kills the first. The crawl gets loopback through
`TIPWATCH_CRAWL_ALLOWED_CIDRS`, as an operator's internal mirror would.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.cli.outlets import one_outlet
from tests.crawlers.servers import FaultHandler, FaultServer, page, send
from tipwatch.cli.exit_codes import ExitCode
from tipwatch.metrics.effort import outlet_crawl_health
from tipwatch.store.db import Store
from tipwatch.store.models import CrawlRunRow

HOLD_SECONDS = 120.0  # bound on how long robots.txt is held


class GatedSite:
    """robots.txt waits for `release`; a feed with one article."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.robots_asked = threading.Event()

        def robots(h: FaultHandler, s: FaultServer) -> None:
            self.robots_asked.set()
            self.release.wait(HOLD_SECONDS)
            send(h, 200, b"User-agent: *\nAllow: /\n")

        self.server = FaultServer(
            {
                "/robots.txt": robots,
                "/feed.xml": lambda h, s: page(self._feed(), content_type="application/rss+xml")(
                    h, s
                ),
                "/a1.html": page(
                    "<html><head><title>Court news</title></head><body><h1>Court news</h1>"
                    "<p>The county court heard a land dispute on Monday.</p></body></html>"
                ),
            }
        )

    def _feed(self) -> str:
        link = self.server.url("/a1.html")
        item = f"<item><link>{link}</link></item>"
        return f"<?xml version='1.0'?><rss version='2.0'><channel>{item}</channel></rss>"


@pytest.fixture
def site() -> Iterator[GatedSite]:
    gated = GatedSite()
    with gated.server:
        try:
            yield gated
        finally:
            gated.release.set()


def _sources(tmp_path: Path, site: GatedSite) -> Path:
    return one_outlet(tmp_path, site.server, "gate-news", "Gate News")


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPWATCH_")}
    env.update(
        TIPWATCH_DATA_DIR=str(tmp_path / "var"),
        TIPWATCH_CRAWL_ALLOWED_CIDRS=json.dumps(["127.0.0.0/8"]),
        TIPWATCH_DOWNLOAD_DELAY="0",
        TIPWATCH_DOWNLOAD_TIMEOUT=str(HOLD_SECONDS + 30),
        # Prefect's temporary server can be slow to start on a loaded machine.
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    return env


def _tipwatch(*args: str) -> list[str]:
    return [sys.executable, "-m", "tipwatch", *args]


def _start_run(tmp_path: Path, sources: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        _tipwatch("run", "--sources", str(sources)),
        env=_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the crawl child dies with it
    )


def _wait_until_crawling(site: GatedSite, proc: subprocess.Popen[str]) -> None:
    """Until the run's crawl child asks for robots.txt (the run then holds the data folder)."""
    while not site.robots_asked.wait(0.2):
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the first run ended early ({proc.returncode}):\n{out}\n{err}")


def _runs(tmp_path: Path) -> list[CrawlRunRow]:
    store = Store(f"sqlite:///{(tmp_path / 'var' / 'tipwatch.db').resolve()}")
    try:
        with store.session() as s:
            return list(s.scalars(select(CrawlRunRow).order_by(CrawlRunRow.id)))
    finally:
        store.dispose()


BUSY_LINE = re.compile(
    r"^error: another run holds (?P<dir>\S+) since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ "
    r"\(pid (?P<pid>\d+)\)"
)


def test_second_run_on_the_same_data_folder_is_refused(tmp_path: Path, site: GatedSite) -> None:
    sources = _sources(tmp_path, site)
    first = _start_run(tmp_path, sources)
    try:
        _wait_until_crawling(site, first)
        warc = tmp_path / "backfill.warc.gz"
        warc.write_bytes(b"")
        for args in [
            ("run", "--sources", str(sources)),
            ("ingest-warc", str(warc), "--sources", str(sources)),
            ("reextract",),
        ]:
            second = subprocess.run(
                _tipwatch(*args),
                env=_env(tmp_path),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=HOLD_SECONDS,
            )
            assert second.returncode == ExitCode.BUSY, (args, second.stdout, second.stderr)
            lines = second.stderr.strip().splitlines()
            assert len(lines) == 1, (args, second.stderr)
            match = BUSY_LINE.match(lines[0])
            assert match, (args, lines[0])
            assert match["dir"] == str((tmp_path / "var").resolve())
            assert int(match["pid"]) == first.pid
            assert "Traceback" not in second.stderr
        site.release.set()
        out, err = first.communicate(timeout=600)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
    assert first.returncode == ExitCode.OK, err
    assert "Traceback" not in err
    assert [r.status for r in _runs(tmp_path)] == ["ok"]


def test_killed_run_is_marked_crashed_and_counted_as_failed_effort(
    tmp_path: Path, site: GatedSite
) -> None:
    sources = _sources(tmp_path, site)
    killed = _start_run(tmp_path, sources)
    try:
        _wait_until_crawling(site, killed)
    finally:
        os.killpg(killed.pid, signal.SIGKILL)  # the run and its crawl child, mid-crawl
        killed.communicate()
    assert [r.status for r in _runs(tmp_path)] == ["running"]  # left open by the kill

    site.release.set()
    again = _start_run(tmp_path, sources)
    out, err = again.communicate(timeout=600)
    assert again.returncode == ExitCode.OK, err

    runs = _runs(tmp_path)
    assert [r.status for r in runs] == ["crashed", "ok"]
    assert runs[0].finished_at is not None
    assert "killed or crashed" in runs[0].report["error"]
    store = Store(f"sqlite:///{(tmp_path / 'var' / 'tipwatch.db').resolve()}")
    try:
        with store.session() as s:
            (health,) = outlet_crawl_health(s, today=runs[1].started_at.date())
    finally:
        store.dispose()
    # Two attempts, one of them failed: the crashed run is failed effort, not no effort.
    assert (health.crawl_runs, health.successful_crawl_runs) == (2, 1)
