"""Issue 15: `tipwatch schedule`. One Prefect deployment per source, built from its YAML file
(cron in the source's time zone); at most one run of a source at a time (the deployment's
concurrency limit, enforced by the Prefect server); a global limit on concurrent scheduled crawls;
a scheduled run that finds the data folder busy waits, then is skipped with the reason.

Server-side checks run against Prefect's test harness (a real Prefect server on a temporary
SQLite database); the scheduled flow runs for real on a loopback site.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import ConcurrencyLimitStrategy, StateType
from prefect.states import Completed, Pending, Running, State
from prefect.testing.utilities import prefect_test_harness
from sqlalchemy import select
from typer.testing import CliRunner

from tests.cli.test_interrupt import SlowSite
from tipwatch.cli import app
from tipwatch.crawlers.source_defs import (
    Source,
    SourceError,
    load_source,
    load_sources,
    packaged_sources_dir,
)
from tipwatch.flows.schedule import (
    GLOBAL_LIMIT,
    SKIPPED,
    build_deployments,
    crawl_slot,
    ensure_global_limit,
    plan,
    source_run,
)
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, CrawlRunRow

REGISTRY = packaged_sources_dir()
# Saturday before the clocks go forward in Europe (Sunday 29 March 2026, 01:00 UTC).
BEFORE_DST = datetime(2026, 3, 28, 0, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def prefect_server() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=120):
        yield


def _london_copy(tmp_path: Path) -> Path:
    """A real registry file, moved to London time: 06:30 every day."""
    data = yaml.safe_load((REGISTRY / "gb" / "bbc-news.yaml").read_text(encoding="utf-8"))
    data.update(schedule="30 6 * * *", timezone="Europe/London")
    folder = tmp_path / "sources" / "gb"
    folder.mkdir(parents=True)
    (folder / "bbc-news.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return tmp_path / "sources"


def test_one_deployment_per_registry_file_with_its_cron_and_time_zone(tmp_path: Path) -> None:
    registry = load_sources(REGISTRY)  # every shipped file stays valid (timezone defaults)
    deployments = build_deployments(registry, sources_dir=REGISTRY, data_dir=tmp_path / "var")
    assert [d.name for d in deployments] == [s.id for s in registry]
    for source, deployment in zip(registry, deployments, strict=True):
        (scheduled,) = deployment.schedules or []
        schedule: Any = scheduled.schedule
        assert (schedule.cron, schedule.timezone) == (source.schedule, source.timezone)
        assert source.timezone == "UTC"
        assert deployment.concurrency_limit == 1
        assert deployment.concurrency_options is not None
        assert deployment.concurrency_options.collision_strategy == (
            ConcurrencyLimitStrategy.CANCEL_NEW
        )
        assert deployment.parameters == {
            "source_id": source.id,
            "sources_dir": str(REGISTRY.resolve()),
            "data_dir": str((tmp_path / "var").resolve()),
        }
        assert deployment.entrypoint == "tipwatch.flows.schedule.source_run"

    (bbc,) = plan([s for s in registry if s.id == "bbc-news"], 3, BEFORE_DST)
    assert bbc.cron == "52 */3 * * *"
    assert [t.isoformat() for t in bbc.next_runs] == [
        "2026-03-28T00:52:00+00:00",
        "2026-03-28T03:52:00+00:00",
        "2026-03-28T06:52:00+00:00",
    ]

    (london,) = load_sources(_london_copy(tmp_path))
    (d,) = build_deployments([london], sources_dir=tmp_path, data_dir=tmp_path)
    assert d.schedules is not None
    assert d.schedules[0].schedule.timezone == "Europe/London"  # type: ignore[union-attr]
    (p,) = plan([london], 3, BEFORE_DST)
    # 06:30 in London: GMT before the change, BST after it.
    assert [t.isoformat() for t in p.next_runs] == [
        "2026-03-28T06:30:00+00:00",
        "2026-03-29T06:30:00+01:00",
        "2026-03-30T06:30:00+01:00",
    ]
    assert p.next_runs[1].astimezone(UTC).hour == 5


def test_a_bad_time_zone_names_the_file_and_field(tmp_path: Path) -> None:
    folder = _london_copy(tmp_path)
    path = folder / "gb" / "bbc-news.yaml"
    path.write_text(path.read_text().replace("Europe/London", "Europe/Londres"))
    with pytest.raises(SourceError) as err:
        load_source(path)
    assert f"{path}: field 'timezone': 'Europe/Londres' is not an IANA time zone" in str(err.value)


def test_dry_run_prints_each_deployment_and_its_next_runs(tmp_path: Path) -> None:
    folder = _london_copy(tmp_path)
    result = CliRunner().invoke(
        app,
        ["schedule", "--dry-run", "--sources", str(folder), "--from", "2026-03-28T00:00Z"],
        env={"TIPWATCH_DATA_DIR": str(tmp_path / "var"), "TIPWATCH_MAX_CONCURRENT_CRAWLS": "2"},
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "source-run/bbc-news  cron '30 6 * * *'  Europe/London  next: 2026-03-28T06:30+00:00, "
        "2026-03-29T06:30+01:00, 2026-03-30T06:30+01:00"
    )
    assert "at most 2 scheduled crawls at once" in lines[1]


def test_serving_without_a_prefect_server_is_refused_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "TIPWATCH_"))}
    env.update(TIPWATCH_DATA_DIR=str(tmp_path / "var"), PREFECT_HOME=str(tmp_path / "prefect"))
    done = subprocess.run(
        [sys.executable, "-m", "tipwatch", "schedule", "--sources", str(_london_copy(tmp_path))],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: tipwatch schedule needs a Prefect server")
    assert len(done.stderr.strip().splitlines()) == 1


def _source(tmp_path: Path, site: SlowSite, source_id: str) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir(exist_ok=True)
    (folder / f"{source_id}.yaml").write_text(
        yaml.safe_dump(
            {
                "id": source_id,
                "name": source_id,
                "country": "KE",
                "languages": ["en"],
                "homepage": site.server.url("/"),
                "feeds": [site.server.url("/feed.xml")],
                "schedule": "*/5 * * * *",
                "timezone": "Africa/Nairobi",
            }
        ),
        encoding="utf-8",
    )
    return folder


@pytest.mark.usefixtures("prefect_server")
def test_the_server_keeps_two_runs_of_one_source_apart(tmp_path: Path) -> None:
    site = SlowSite(n=1, page_seconds=0)  # never started: nothing runs here
    folder = _source(tmp_path, site, "alpha")
    _source(tmp_path, site, "beta")
    alpha, beta = build_deployments(
        load_sources(folder), sources_dir=folder, data_dir=tmp_path / "var"
    )
    ids = {d.name: cast(uuid.UUID, d.apply()) for d in (alpha, beta)}
    with get_client(sync_client=True) as client:
        stored = client.read_deployment(ids["alpha"])
        schedule: Any = stored.schedules[0].schedule
        assert (schedule.cron, schedule.timezone) == ("*/5 * * * *", "Africa/Nairobi")
        assert stored.global_concurrency_limit is not None
        assert stored.global_concurrency_limit.limit == 1

        def new_run(name: str) -> uuid.UUID:
            return client.create_flow_run_from_deployment(ids[name]).id

        def propose(run: uuid.UUID, state: State[Any]) -> State[Any]:
            result = client.set_flow_run_state(run, state).state
            assert result is not None
            return result

        first, second, other = new_run("alpha"), new_run("alpha"), new_run("beta")
        # The runner proposes Pending before it starts a run's process: the slot is taken then.
        assert propose(first, Pending()).type == StateType.PENDING
        assert propose(first, Running()).type == StateType.RUNNING
        refused = propose(second, Pending())
        assert refused.type == StateType.CANCELLED
        assert refused.message == "Deployment concurrency limit reached."
        # Another source is not held up by it.
        assert propose(other, Pending()).type == StateType.PENDING
        # Once the first run is over, the source's next run gets its slot.
        assert propose(first, Completed()).type == StateType.COMPLETED
        assert propose(new_run("alpha"), Pending()).type == StateType.PENDING


def _holds_slot_while(other_enters: threading.Event, hold: float) -> tuple[float, float]:
    """Hold a `tipwatch-crawls` slot for `hold` seconds while another thread asks for one;
    returns (when this one let go, when the other got in)."""
    got_in: list[float] = []
    inside = threading.Event()

    def other() -> None:
        inside.wait(30)
        with crawl_slot(timeout=60):
            got_in.append(time.monotonic())
            other_enters.set()

    thread = threading.Thread(target=other)
    thread.start()
    with crawl_slot(timeout=60):
        inside.set()
        time.sleep(hold)
        released = time.monotonic()
    thread.join(90)
    assert got_in, "the second holder never got a slot"
    return released, got_in[0]


@pytest.mark.usefixtures("prefect_server")
def test_the_global_limit_caps_concurrent_crawls() -> None:
    assert ensure_global_limit(1, overwrite=True) == 1
    assert ensure_global_limit(5, overwrite=False) == 1  # a run never resizes it
    released, entered = _holds_slot_while(threading.Event(), hold=3.0)
    assert entered >= released, "two crawls held the only slot at once"

    assert ensure_global_limit(2, overwrite=True) == 2
    with get_client(sync_client=True) as client:
        assert client.read_global_concurrency_limit_by_name(GLOBAL_LIMIT).limit == 2
    released, entered = _holds_slot_while(threading.Event(), hold=3.0)
    assert entered < released, "a second slot was free, yet the crawl waited"


def _hold_run_lock(data_dir: Path) -> subprocess.Popen[str]:
    """Another process holding the data folder's run lock (as a `tipwatch run` would)."""
    code = (
        "import sys, time; from pathlib import Path; from tipwatch.store.locks import run_lock\n"
        "d = Path(sys.argv[1]); d.mkdir(parents=True, exist_ok=True)\n"
        "with run_lock(d, f'sqlite:///{(d / \"tipwatch.db\").resolve()}'):\n"
        "    print('held', flush=True); time.sleep(120)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def _settings_env(monkeypatch: pytest.MonkeyPatch, lock_wait: float) -> None:
    monkeypatch.setenv("TIPWATCH_CRAWL_ALLOWED_CIDRS", json.dumps(["127.0.0.0/8"]))
    monkeypatch.setenv("TIPWATCH_DOWNLOAD_DELAY", "0")
    monkeypatch.setenv("TIPWATCH_SCHEDULE_LOCK_WAIT", str(lock_wait))


@pytest.mark.usefixtures("prefect_server")
def test_a_scheduled_run_skips_a_busy_data_folder_after_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _settings_env(monkeypatch, lock_wait=2)
    site = SlowSite(n=2, page_seconds=0)
    folder = _source(tmp_path, site, "gamma")
    ensure_global_limit(1, overwrite=True)
    holder = _hold_run_lock(tmp_path / "var")
    try:
        with site.server:
            started = time.monotonic()
            state = source_run("gamma", str(folder), str(tmp_path / "var"), return_state=True)
            took = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert state.is_completed() and state.name == SKIPPED
    assert state.message is not None
    assert "skipped after waiting" in state.message
    assert f"another run holds {(tmp_path / 'var').resolve()}" in state.message
    assert f"(pid {holder.pid})" in state.message
    assert 2 <= took < 60
    assert site.server.paths() == []  # nothing was crawled
    with get_client(sync_client=True) as client:  # and no crawl slot was left taken
        assert client.read_global_concurrency_limit_by_name(GLOBAL_LIMIT).active_slots == 0


@pytest.mark.usefixtures("prefect_server")
def test_a_scheduled_run_waits_for_the_folder_and_a_slot_then_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _settings_env(monkeypatch, lock_wait=120)
    site = SlowSite(n=4, page_seconds=0)
    folder = _source(tmp_path, site, "delta")
    ensure_global_limit(1, overwrite=True)
    states: list[Any] = []
    holder = _hold_run_lock(tmp_path / "var")
    try:
        with site.server:
            with crawl_slot(timeout=30):  # this test holds the only crawl slot
                run = threading.Thread(
                    target=lambda: states.append(
                        source_run("delta", str(folder), str(tmp_path / "var"), return_state=True)
                    )
                )
                run.start()
                time.sleep(3)
                assert site.server.paths() == [], "crawled while another run held the folder"
                holder.kill()  # the folder is free now; the crawl slot is not
                holder.wait()
                time.sleep(6)  # the run tries the lock every 5 s
                assert site.server.paths() == [], "crawled without a free crawl slot"
                assert run.is_alive()
            # The slot is free: the run goes on.
            run.join(240)
            assert not run.is_alive()
            assert site.article_hits() == {f"/a{i}.html": 1 for i in range(4)}
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    (state,) = states
    assert state.type == StateType.COMPLETED and state.name == "Completed"
    assert state.message.endswith(": 4 pages, 4 articles, 0 case reports")
    store = Store(f"sqlite:///{(tmp_path / 'var' / 'tipwatch.db').resolve()}")
    try:
        with store.session() as s:
            assert [r.status for r in s.scalars(select(CrawlRunRow))] == ["ok"]
            assert len(list(s.scalars(select(ArticleRow.id)))) == 4
    finally:
        store.dispose()


def test_the_timezone_field_defaults_to_utc() -> None:
    source = Source(id="x", name="X", country="KE", languages=["en"], homepage="x")
    assert source.timezone == "UTC"
