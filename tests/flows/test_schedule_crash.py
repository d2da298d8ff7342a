"""Issue 15: `tipwatch schedule` killed with SIGKILL while one of its flow runs is mid-crawl.

The served run is marked crashed in the store and in Prefect (its `source-run` flow run and the
`pipeline` subflow), nothing the killed serve started is left running, and a restarted
`tipwatch schedule` finishes the work: every article of the site stored exactly once.

Real processes throughout: a persistent Prefect server (`tipwatch prefect-server`, from
`tests/flows/test_crash_prefect.py`), two `tipwatch schedule` commands pointed at it, each serving
the one outlet's deployment, and a loopback site that serves its articles slowly. The runs are
triggered through the Prefect client (what `prefect deployment run` does); the outlet's own cron
fires once a year, so no scheduled run comes in between.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
import yaml
from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import FlowRun, StateType, TaskRun
from prefect.exceptions import ObjectNotFound
from prefect.settings import PREFECT_API_URL, temporary_settings

from tests.cli.test_interrupt import SlowSite, _article_states, _ledger
from tests.cli.test_run_concurrency import _env, _runs, _tipwatch
from tests.flows.test_crash_prefect import (  # noqa: F401 (prefect_api: the fixture)
    assert_nothing_lost_nothing_twice,
    prefect_api,
)
from tipwatch.flows.prefect_runs import CRASHED_MESSAGE
from tipwatch.flows.schedule import FLOW_NAME
from tipwatch.store.repository import PREFECT_FLOW_RUNS

N_ARTICLES = 12
SOURCE_ID = "slow-news"
WAIT = 600.0  # generous bound on every wait: a loaded 2-core machine is slow, never stuck


def _registry(tmp_path: Path, site: SlowSite) -> Path:
    """A one-outlet registry whose cron fires once a year (midnight, 1 January)."""
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / f"{SOURCE_ID}.yaml").write_text(
        yaml.safe_dump(
            {
                "id": SOURCE_ID,
                "name": "Slow News",
                "country": "KE",
                "languages": ["en"],
                "homepage": site.server.url("/"),
                "feeds": [site.server.url("/feed.xml")],
                "schedule": "0 0 1 1 *",
                "timezone": "UTC",
            }
        ),
        encoding="utf-8",
    )
    return folder


class Serve:
    """A `tipwatch schedule` process (its own process group), its output in files; every
    process it starts carries `mark` in its environment."""

    def __init__(self, tmp_path: Path, sources: Path, api: str, name: str) -> None:
        self.mark = f"{name}-{uuid.uuid4()}"
        self.out = tmp_path / f"{name}.out"
        self.err = tmp_path / f"{name}.err"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.proc = subprocess.Popen(
                _tipwatch("schedule", "--sources", str(sources)),
                env={
                    **_env(tmp_path),
                    "PREFECT_API_URL": api,
                    "PREFECT_RUNNER_POLL_FREQUENCY": "2",
                    "SCHEDULE_CRASH_TEST_MARK": self.mark,
                },
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.out.read_text() + self.err.read_text()

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            pytest.fail(f"tipwatch schedule ended ({self.proc.returncode}):\n{self.output()}")

    def kill(self, signum: int = signal.SIGKILL) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signum)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        """Ctrl-C's cousin (SIGTERM to the group), then SIGKILL if it lingers; and every
        process it started, whatever its group."""
        try:
            if self.proc.poll() is None:
                self.kill(signal.SIGTERM)
        finally:
            for pid in _marked(self.mark):
                _kill_quietly(pid)
            if self.proc.poll() is None:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


@pytest.fixture
def serves() -> Iterator[list[Serve]]:
    """The `tipwatch schedule` processes a test starts: all stopped at its end, come what may."""
    started: list[Serve] = []
    yield started
    for serve in started:
        serve.stop()


def _marked(mark: str) -> list[int]:
    """Live (not zombie) processes of this user whose environment carries `mark`."""
    needle = f"SCHEDULE_CRASH_TEST_MARK={mark}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:  # gone, or another user's
            continue
        if state != "Z":
            found.append(int(entry.name))
    return found


def _kill_quietly(pid: int) -> None:
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


@contextmanager
def _client(api: str) -> Iterator[SyncPrefectClient]:
    with temporary_settings(updates={PREFECT_API_URL: api}), get_client(sync_client=True) as c:
        yield c


def _until(what: str, check: Callable[[], bool], alive: Serve | None = None) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        if alive is not None:
            alive.check_alive()
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.3)


def _wait_serving(serve: Serve) -> None:
    _until("tipwatch schedule serves", lambda: "serving 1 deployments" in serve.output(), serve)


def _trigger(api: str, serve: Serve) -> uuid.UUID:
    """A run of the outlet's deployment, now (`prefect deployment run`), once `serve` serves it."""
    _wait_serving(serve)
    found: list[uuid.UUID] = []

    def deployed() -> bool:
        with _client(api) as client:
            try:
                found.append(client.read_deployment_by_name(f"{FLOW_NAME}/{SOURCE_ID}").id)
            except ObjectNotFound:
                return False
        return True

    _until("the deployment is registered", deployed, serve)
    with _client(api) as client:
        return client.create_flow_run_from_deployment(found[-1]).id


def _flow_run(api: str, flow_run_id: str | uuid.UUID) -> tuple[FlowRun, list[TaskRun]]:
    with _client(api) as client:
        flow_run = client.read_flow_run(uuid.UUID(str(flow_run_id)))
        tasks = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run.id]))
        )
    return flow_run, tasks


def _state(run: FlowRun | TaskRun) -> StateType | None:
    return run.state.type if run.state is not None else None


def _mid_crawl(tmp_path: Path) -> bool:
    """The URL ledger has pages fetched and pages still pending."""
    if not (tmp_path / "var" / "tipwatch.db").is_file():
        return False
    try:
        states = _article_states(_ledger(tmp_path)).values()
    except Exception:  # the run is still creating its store
        return False
    return sum(s in ("fetched", "stored") for s in states) >= 2 and "pending" in states


def test_a_killed_schedule_is_crashed_in_prefect_and_the_next_schedule_finishes_its_work(
    tmp_path: Path,
    prefect_api: str,  # noqa: F811 (the fixture)
    serves: list[Serve],
) -> None:
    site = SlowSite(n=N_ARTICLES, page_seconds=0.5)
    with site.server:
        sources = _registry(tmp_path, site)
        killed = Serve(tmp_path, sources, prefect_api, "first")
        serves.append(killed)
        try:
            first_run = _trigger(prefect_api, killed)
            _until("the served run is mid-crawl", lambda: _mid_crawl(tmp_path), killed)
            # The serve, the flow run's process it spawned, the crawl child (at least).
            running = _marked(killed.mark)
            assert killed.proc.pid in running and len(running) >= 3, running
        finally:
            killed.kill()  # SIGKILL to the serve's process group, mid-crawl
        # Nothing the killed serve started lives on.
        deadline = time.monotonic() + 30
        while left_over := _marked(killed.mark):
            if time.monotonic() > deadline:
                for pid in left_over:
                    _kill_quietly(pid)
                pytest.fail(f"processes of the killed tipwatch schedule left running: {left_over}")
            time.sleep(0.5)

        (left,) = _runs(tmp_path)
        assert left.status == "running"
        flow_run_ids = left.report[PREFECT_FLOW_RUNS]
        # The `pipeline` subflow first, then the served `source-run` flow run it belongs to.
        assert len(flow_run_ids) == 2 and flow_run_ids[1] == str(first_run), flow_run_ids
        for flow_run_id in flow_run_ids:
            assert _state(_flow_run(prefect_api, flow_run_id)[0]) == StateType.RUNNING
        done = {k for k, v in _article_states(_ledger(tmp_path)).items() if v != "pending"}
        assert 0 < len(done) < N_ARTICLES

        before = site.article_hits()
        again = Serve(tmp_path, sources, prefect_api, "second")
        serves.append(again)
        try:
            # Before it serves, the new `tipwatch schedule` closes what the killed one left
            # open: the store's row and both flow runs (which frees the deployment's slot:
            # otherwise the server would cancel the source's next run).
            _wait_serving(again)
            (closed,) = _runs(tmp_path)
            assert closed.status == "crashed"
            for flow_run_id in flow_run_ids:
                assert _state(_flow_run(prefect_api, flow_run_id)[0]) == StateType.CRASHED
            second_run = _trigger(prefect_api, again)

            def final() -> bool:
                run, _ = _flow_run(prefect_api, second_run)
                return run.state is not None and run.state.is_final()

            _until("the second served run ends", final, again)
            second, _ = _flow_run(prefect_api, second_run)
            output = again.output()
        finally:
            again.stop()
        second_hits = site.article_hits() - before

    assert _state(second) == StateType.COMPLETED, (second.state, output)
    crashed, finished = _runs(tmp_path)
    assert (crashed.status, finished.status) == ("crashed", "ok")
    assert crashed.report[PREFECT_FLOW_RUNS] == flow_run_ids
    assert finished.report[PREFECT_FLOW_RUNS][1] == str(second_run)
    # Prefect now says what the store says: both flow runs of the killed run, and its crawl.
    for flow_run_id in flow_run_ids:
        flow_run, tasks = _flow_run(prefect_api, flow_run_id)
        assert _state(flow_run) == StateType.CRASHED, flow_run.state
        assert flow_run.state is not None and flow_run.state.message == CRASHED_MESSAGE
        assert all(_state(t) not in (StateType.RUNNING, StateType.PENDING) for t in tasks)
    _, pipeline_tasks = _flow_run(prefect_api, flow_run_ids[0])
    assert any(
        t.name.startswith("crawl") and _state(t) == StateType.CRASHED for t in pipeline_tasks
    )
    assert "prefect.flow_runs_marked_crashed" in output

    assert_nothing_lost_nothing_twice(tmp_path, N_ARTICLES, second_hits, done)
