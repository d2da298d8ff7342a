"""Issue 15: a run killed with SIGKILL mid-crawl is marked crashed in the store *and* in Prefect,
and the next run finishes its work with every article stored exactly once.

Real processes throughout: a persistent Prefect server started with `tipwatch prefect-server`
(its SQLite history under the data folder), two `tipwatch run` commands pointed at it with
PREFECT_API_URL (so no temporary server), and a loopback site that serves its articles slowly.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import FlowRun, StateType, TaskRun
from prefect.settings import PREFECT_API_URL, temporary_settings
from sqlalchemy import func, select

from tests.cli.outlets import one_outlet
from tests.cli.test_interrupt import (
    SlowSite,
    _article_states,
    _finish,
    _ledger,
    _wait_for_article_hits,
)
from tests.cli.test_run_concurrency import _env, _runs, _tipwatch
from tipwatch.cli.exit_codes import ExitCode
from tipwatch.flows.prefect_runs import CRASHED_MESSAGE
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow
from tipwatch.store.repository import PREFECT_FLOW_RUNS

N_ARTICLES = 12


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def prefect_api(tmp_path: Path) -> Iterator[str]:
    """`tipwatch prefect-server` on the test's data folder; yields the PREFECT_API_URL it prints."""
    port = _free_port()
    server = subprocess.Popen(
        _tipwatch("prefect-server", "--port", str(port)),
        env=_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        assert server.stdout is not None
        banner = [server.stdout.readline(), server.stdout.readline()]
        url = f"http://127.0.0.1:{port}/api"
        assert banner[1].strip() == f"export PREFECT_API_URL={url}", banner
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, "the Prefect server stopped"
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the Prefect server did not come up"
            time.sleep(0.5)
        # Its history lives under the data folder.
        assert (tmp_path / "var" / "prefect" / "prefect.db").is_file()
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _start(tmp_path: Path, sources: Path, api: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        _tipwatch("run", "--sources", str(sources)),
        env={**_env(tmp_path), "PREFECT_API_URL": api},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the run and its crawl child are one process group
    )


def _wait_until_some_fetched(tmp_path: Path, site: SlowSite, proc: subprocess.Popen[str]) -> None:
    """Until the URL ledger has pages fetched and pages still pending: mid-crawl."""
    _wait_for_article_hits(site, proc, 1)  # the run has made its store by then
    deadline = time.monotonic() + 300
    while True:
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the run ended before the test could kill it:\n{out}\n{err}")
        assert time.monotonic() < deadline, "the crawl never got going"
        states = _article_states(_ledger(tmp_path)).values()
        if sum(s == "fetched" for s in states) >= 2 and "pending" in states:
            return
        time.sleep(0.2)


def _flow_run(api: str, flow_run_id: str) -> tuple[FlowRun, list[TaskRun]]:
    with (
        temporary_settings(updates={PREFECT_API_URL: api}),
        get_client(sync_client=True) as client,
    ):
        flow_run = client.read_flow_run(uuid.UUID(flow_run_id))
        tasks = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run.id]))
        )
    return flow_run, tasks


def _state(run: FlowRun | TaskRun) -> StateType | None:
    return run.state.type if run.state is not None else None


def test_a_killed_run_is_crashed_in_prefect_too_and_the_next_run_finishes_it(
    tmp_path: Path, prefect_api: str
) -> None:
    site = SlowSite(n=N_ARTICLES, page_seconds=0.5)
    with site.server:
        sources = one_outlet(tmp_path, site.server, "slow-news", "Slow News")
        killed = _start(tmp_path, sources, prefect_api)
        try:
            _wait_until_some_fetched(tmp_path, site, killed)
        finally:
            os.killpg(killed.pid, signal.SIGKILL)  # the run and its crawl child, mid-crawl
            killed.communicate()

        (left,) = _runs(tmp_path)
        assert left.status == "running"
        (flow_run_id,) = left.report[PREFECT_FLOW_RUNS]
        flow_run, tasks = _flow_run(prefect_api, flow_run_id)  # the run used this server
        assert flow_run.name and _state(flow_run) == StateType.RUNNING
        assert any(t.name.startswith("crawl") and _state(t) == StateType.RUNNING for t in tasks)
        done = {k for k, v in _article_states(_ledger(tmp_path)).items() if v != "pending"}
        assert 0 < len(done) < N_ARTICLES

        before = site.article_hits()
        again = _start(tmp_path, sources, prefect_api)
        out, err = _finish(again, 600)
        assert again.returncode == ExitCode.OK, err
        second_hits = site.article_hits() - before

    crashed, finished = _runs(tmp_path)
    assert (crashed.status, finished.status) == ("crashed", "ok")
    assert crashed.report[PREFECT_FLOW_RUNS] == [flow_run_id]
    # Prefect now says what the store says.
    flow_run, tasks = _flow_run(prefect_api, flow_run_id)
    assert _state(flow_run) == StateType.CRASHED
    assert flow_run.state is not None and flow_run.state.message == CRASHED_MESSAGE
    assert tasks and all(_state(t) != StateType.RUNNING for t in tasks)
    assert any(t.name.startswith("crawl") and _state(t) == StateType.CRASHED for t in tasks)
    (next_id,) = finished.report[PREFECT_FLOW_RUNS]
    assert _state(_flow_run(prefect_api, next_id)[0]) == StateType.COMPLETED
    assert "prefect.flow_runs_marked_crashed" in err

    assert_nothing_lost_nothing_twice(tmp_path, N_ARTICLES, second_hits, done)


def assert_nothing_lost_nothing_twice(
    tmp_path: Path, n_articles: int, second_hits: Iterable[str], done: set[str]
) -> None:
    """After a killed run and the one that resumed it: every article is stored once, and no
    page the killed run had fetched (and archived, `done`) was fetched again (`second_hits`:
    the paths the resuming run requested)."""
    states = _article_states(_ledger(tmp_path))
    assert len(states) == n_articles and set(states.values()) == {"stored"}, states
    assert not {p.lstrip("/") for p in second_hits} & done
    store = Store(f"sqlite:///{(tmp_path / 'var' / 'tipwatch.db').resolve()}")
    try:
        with store.session() as s:
            urls = list(s.scalars(select(ArticleRow.canonical_url)))
            assert s.scalar(select(func.count()).select_from(ArticleRow)) == n_articles
    finally:
        store.dispose()
    assert sorted(u.rsplit("/", 1)[-1] for u in urls) == sorted(
        f"a{i}.html" for i in range(n_articles)
    )
