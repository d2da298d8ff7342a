"""Issue 15, "failure is loud": a `tipwatch run` in which every source fails (here: nothing
listens on the outlets' addresses, as when offline) exits non-zero and is recorded `failed`;
a run where one outlet is dead and another fine trips the dead one's `min_articles` assertion.
Real `tipwatch run` processes against loopback addresses."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.cli.test_run_concurrency import _env, _runs, _tipwatch
from tests.crawlers.servers import FaultServer, next_loopback_host, page
from tipwatch.cli.exit_codes import ExitCode


def _dead_address() -> str:
    """http://127.0.0.x:port/ with nothing listening (connections are refused)."""
    host = next_loopback_host()
    with socket.socket() as s:
        s.bind((host, 0))
        port = s.getsockname()[1]
    return f"http://{host}:{port}"


def _source(folder: Path, source_id: str, base: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{source_id}.yaml").write_text(
        yaml.safe_dump(
            {
                "id": source_id,
                "name": source_id.title(),
                "country": "KE",
                "languages": ["en"],
                "homepage": f"{base}/",
                "feeds": [f"{base}/feed.xml"],
                "assertions": {"min_articles": 1},
            }
        ),
        encoding="utf-8",
    )


@pytest.fixture
def live() -> Iterator[FaultServer]:
    article = (
        "<html><head><title>Council</title></head><body><article><h1>Council</h1>"
        + "<p>The county council met on Tuesday to discuss the new market hall.</p>" * 6
        + "</article></body></html>"
    )
    server = FaultServer(
        {
            "/robots.txt": page("User-agent: *\nAllow: /\n", content_type="text/plain"),
            "/a1.html": page(article),
        }
    )
    server.routes["/feed.xml"] = page(
        "<?xml version='1.0'?><rss version='2.0'><channel>"
        f"<item><link>{server.url('/a1.html')}</link></item></channel></rss>",
        content_type="application/rss+xml",
    )
    with server:
        yield server


def _run(tmp_path: Path, sources: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _tipwatch("run", "--sources", str(sources)),
        env=_env(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_run_where_every_source_fails_exits_non_zero_and_is_recorded_failed(
    tmp_path: Path,
) -> None:
    sources = tmp_path / "sources"
    _source(sources, "gone-daily", _dead_address())
    _source(sources, "gone-weekly", _dead_address())
    done = _run(tmp_path, sources)
    assert done.returncode == ExitCode.FAILURE, (done.stdout, done.stderr[-3000:])
    assert "Traceback" not in done.stderr
    errors = [ln for ln in done.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1, done.stderr
    assert errors[0].startswith("error: every source failed: no article found on 2 sources")
    assert "crawl errors (first: " in errors[0]
    runs = _runs(tmp_path)
    assert [r.status for r in runs] == ["failed"]
    assert sorted(runs[0].report["failed_sources"]) == ["gone-daily", "gone-weekly"]


def test_one_dead_outlet_trips_its_assertion_the_other_is_stored(
    tmp_path: Path, live: FaultServer
) -> None:
    sources = tmp_path / "sources"
    _source(sources, "gone-daily", _dead_address())
    _source(sources, "live-news", live.url("").rstrip("/"))
    done = _run(tmp_path, sources)
    assert done.returncode == ExitCode.ASSERTION_FAILED, (done.stdout, done.stderr[-3000:])
    assert (
        "ASSERTION FAILED: gone-daily: 0 articles this run, expected at least 1 "
        "(assertions.min_articles)"
    ) in done.stderr
    assert "every source failed" not in done.stderr
    runs = _runs(tmp_path)
    assert [r.status for r in runs] == ["assertion_failed"]
    assert runs[0].report["failed_sources"] == ["gone-daily"]
    assert live.paths().count("/a1.html") == 1
