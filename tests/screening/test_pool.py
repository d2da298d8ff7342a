"""Batches screened in worker processes (`ScreeningPool`, started by `tipwatch serve`): the same
answers as screening each name, in order, fresh from the store, and whole when a worker dies."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psutil
import pytest
from fastapi.testclient import TestClient

from tests.screening.conftest import add_case
from tipwatch.records import LegalStatus
from tipwatch.review_ui.app import create_app
from tipwatch.screening.apikeys import create_api_key
from tipwatch.screening.pool import ScreeningPool, batch_workers
from tipwatch.settings import Settings
from tipwatch.store.db import Store

NAMES = ["Ramesh Kumar", "Nobody Else", "R. Kumar", "KUMAR, Ramesh", "Zhang Wei", "Sunita Devi"]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Store, str]]:
    tmp = tmp_path_factory.mktemp("pool")
    url = f"sqlite:///{tmp}/pool.db"
    store = Store(url)
    add_case(
        store,
        "https://example.org/a1",
        "Police arrested Ramesh Kumar in Delhi on trafficking charges.",
        [("Ramesh Kumar", LegalStatus.ARRESTED)],
        published=date(2026, 1, 10),
    )
    settings = Settings(data_dir=tmp, database_url=url, secret_key="s" * 40)
    pool = ScreeningPool(settings, 1)
    assert pool.wait_ready(timeout=240) and pool.ready()
    with store.session() as s:
        key = create_api_key(s, label="bank", created_by="test", rate_per_minute=10_000)
    try:
        with TestClient(create_app(settings, store, pool), follow_redirects=False) as client:
            yield client, store, key
    finally:
        pool.close()
        store.dispose()


def _pool(client: TestClient) -> ScreeningPool:
    for route in client.app.routes:
        api = getattr(route, "app", None)
        state = getattr(getattr(api, "state", None), "api", None)
        if state is not None and state.pool is not None:
            assert isinstance(state.pool, ScreeningPool)
            return state.pool
    raise AssertionError("no pool mounted")


def _batch(client: TestClient, key: str, names: list[str]) -> list[dict[str, object]]:
    r = client.post(
        "/api/v1/match", json={"queries": [{"name": n} for n in names]}, headers={"X-API-Key": key}
    )
    assert r.status_code == 200
    results: list[dict[str, object]] = r.json()["results"]
    return results


def test_workers_answer_as_screening_each_name_does(served: tuple[TestClient, Store, str]) -> None:
    client, _, key = served
    pool = _pool(client)
    before = pool.screened_remotely
    names = NAMES * 5
    batch = _batch(client, key, names)
    assert [res["query"]["name"] for res in batch] == names  # type: ignore[index]
    assert pool.screened_remotely > before  # a worker took part
    for name, res in zip(names, batch, strict=True):
        one = client.get("/api/v1/screen", params={"name": name}, headers={"X-API-Key": key})
        assert one.json()["hits"] == res["hits"], name
    assert batch[0]["hits"][0]["latest_status"]["status"] == "arrested"  # type: ignore[index]


def test_workers_read_the_store_afresh(served: tuple[TestClient, Store, str]) -> None:
    """A case added after the workers started is in every answer of the next batch."""
    client, store, key = served
    add_case(
        store,
        "https://example.org/a2",
        "Sunita Devi was charged with trafficking in Patna.",
        [("Sunita Devi", LegalStatus.CHARGED)],
        published=date(2026, 2, 1),
    )
    pool = _pool(client)
    before = pool.screened_remotely
    batch = _batch(client, key, ["Sunita Devi"] * 24)
    assert pool.screened_remotely > before
    assert all(res["hits"] and res["hits"][0]["caption"] == "Sunita Devi" for res in batch)  # type: ignore[index]


def test_a_dead_worker_loses_no_query(served: tuple[TestClient, Store, str]) -> None:
    client, _, key = served
    pool = _pool(client)
    assert pool.restarts == 0
    for child in psutil.Process().children(recursive=True):
        if "spawn_main" in " ".join(child.cmdline()):  # the worker, not the resource tracker
            child.kill()
    names = NAMES * 4
    batch = _batch(client, key, names)
    assert [res["query"]["name"] for res in batch] == names  # type: ignore[index]
    assert batch[0]["hits"]  # answered here, by the calling thread
    # New workers were started; once ready they take part again.
    assert pool.restarts == 1
    assert pool.wait_ready(timeout=240)
    before = pool.screened_remotely
    again = _batch(client, key, names)
    assert again == batch
    assert pool.screened_remotely > before


def test_default_worker_count_follows_the_cpus() -> None:
    assert batch_workers(0) == 0
    assert batch_workers(2) == 2
    assert 1 <= batch_workers(None) <= 3


def test_yente_queries_go_through_the_workers(served: tuple[TestClient, Store, str]) -> None:
    """yente's `/match/{dataset}` screens every name of every query as one batch."""
    client, _, key = served
    pool = _pool(client)
    assert pool.wait_ready(timeout=240)
    before = pool.screened_remotely
    queries = {
        f"q{i}": {"schema": "Person", "properties": {"name": [name, name.upper()]}}
        for i, name in enumerate(NAMES * 2)
    }
    r = client.post("/api/v1/match/default", json={"queries": queries}, headers={"X-API-Key": key})
    assert r.status_code == 200, r.text
    responses = r.json()["responses"]
    assert list(responses) == list(queries)
    assert pool.screened_remotely > before
    top = responses["q0"]["results"][0]
    assert top["caption"] == "Ramesh Kumar" and top["match"] is True
    assert responses["q1"]["results"] == []  # Nobody Else


def test_workers_end_with_a_killed_server(tmp_path: Path) -> None:
    """A server killed outright (no chance to close its pool) leaves no worker behind."""
    url = f"sqlite:///{tmp_path}/k.db"
    Store(url).dispose()
    code = (
        "import sys, psutil\n"
        "from tipwatch.screening.pool import ScreeningPool\n"
        "from tipwatch.settings import Settings\n"
        f"pool = ScreeningPool(Settings(data_dir={str(tmp_path)!r}, database_url={url!r}), 1)\n"
        "assert pool.wait_ready(timeout=240)\n"
        "kids = psutil.Process().children()\n"
        "print([p.pid for p in kids if 'spawn_main' in ' '.join(p.cmdline())][0], flush=True)\n"
        "sys.stdin.read()\n"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    worker = psutil.Process(int(server.stdout.readline()))
    assert worker.is_running()
    server.kill()
    server.wait(timeout=30)
    gone, _ = psutil.wait_procs([worker], timeout=20)
    assert gone == [worker]
