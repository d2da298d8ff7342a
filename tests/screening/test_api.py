"""The screening API: API keys only, per-key rate limits, batch matching, OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.screening.conftest import add_case
from tipwatch.accounts import create_user
from tipwatch.records import LegalStatus
from tipwatch.review_ui.app import create_app
from tipwatch.screening.apikeys import create_api_key, revoke_api_key
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import ApiKeyRow

TEXT = "Police arrested Ramesh Kumar in Delhi on trafficking charges."


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[TestClient, Store]]:
    store = Store(f"sqlite:///{tmp_path}/api.db")
    add_case(
        store,
        "https://example.org/a1",
        TEXT,
        [("Ramesh Kumar", LegalStatus.ARRESTED)],
        published=date(2026, 1, 10),
    )
    settings = Settings(data_dir=tmp_path, secret_key="s" * 40)
    with TestClient(create_app(settings, store), follow_redirects=False) as client:
        yield client, store
    store.dispose()


def _key(store: Store, rate: int = 60) -> str:
    with store.session() as s:
        return create_api_key(s, label="bank", created_by="test", rate_per_minute=rate)


def test_screen_needs_a_valid_key(api: tuple[TestClient, Store]) -> None:
    client, store = api
    assert client.get("/api/v1/screen", params={"name": "Ramesh Kumar"}).status_code == 401
    bad = client.get("/api/v1/screen", params={"name": "x"}, headers={"X-API-Key": "tw_nope"})
    assert bad.status_code == 401
    key = _key(store)
    ok = client.get(
        "/api/v1/screen",
        params={"name": "KUMAR, Ramesh"},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert ok.status_code == 200
    hit = ok.json()["hits"][0]
    assert hit["latest_status"]["status"] == "arrested"
    assert hit["latest_status"]["date"] == "2026-01-10"
    assert hit["latest_status"]["review_status"] == "accepted"
    assert hit["reviewed"] is True and hit["label"] is None
    # unreviewed machine output only when asked for, and labelled
    add_case(
        store,
        "https://example.org/api-pending",
        "Police charged Sunita Devi with trafficking.",
        [("Sunita Devi", LegalStatus.CHARGED)],
        published=date(2026, 2, 2),
        accepted=False,
    )
    auth = {"Authorization": f"Bearer {key}"}
    hidden = client.get("/api/v1/screen", params={"name": "Sunita Devi"}, headers=auth).json()
    assert [h for h in hidden["hits"] if h["dataset"] == "tipwatch"] == []
    asked = client.get(
        "/api/v1/screen",
        params={"name": "Sunita Devi", "include_unreviewed": "true"},
        headers=auth,
    ).json()
    (pending,) = [h for h in asked["hits"] if h["dataset"] == "tipwatch"]
    assert pending["reviewed"] is False and "unreviewed" in pending["label"]
    assert pending["latest_status"]["review_status"] == "pending"
    assert "set-cookie" not in ok.headers
    assert ok.headers["cache-control"] == "no-store"
    with store.session() as s:
        key_id = s.query(ApiKeyRow.id).scalar()
        assert key_id is not None and revoke_api_key(s, key_id)
    again = client.get("/api/v1/screen", params={"name": "x"}, headers={"X-API-Key": key})
    assert again.status_code == 401


def test_a_ui_session_does_not_open_the_api(api: tuple[TestClient, Store]) -> None:
    client, store = api
    with store.session() as s:
        create_user(s, "admin", "correct horse battery", "admin")
    page = client.get("/login")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    logged = client.post(
        "/login",
        data={"username": "admin", "password": "correct horse battery", "csrf_token": token},
    )
    assert logged.status_code == 303
    assert client.get("/api/v1/screen", params={"name": "Ramesh"}).status_code == 401


def test_rate_limit_per_key_with_retry_after(api: tuple[TestClient, Store]) -> None:
    client, store = api
    slow, fast = _key(store, rate=2), _key(store, rate=100)
    for _ in range(2):
        r = client.get("/api/v1/screen", params={"name": "Ramesh"}, headers={"X-API-Key": slow})
        assert r.status_code == 200
    limited = client.get("/api/v1/screen", params={"name": "Ramesh"}, headers={"X-API-Key": slow})
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    other = client.get("/api/v1/screen", params={"name": "Ramesh"}, headers={"X-API-Key": fast})
    assert other.status_code == 200


def test_batch_match_counts_each_query(api: tuple[TestClient, Store]) -> None:
    client, store = api
    key = _key(store, rate=3)
    body = {"queries": [{"name": "Ramesh Kumar"}, {"name": "R. Kumar"}, {"name": "Nobody Else"}]}
    r = client.post("/api/v1/match", json=body, headers={"X-API-Key": key})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [bool(res["hits"]) for res in results] == [True, True, False]
    assert results[1]["hits"][0]["matched_name"] == "Ramesh Kumar"
    again = client.post(
        "/api/v1/match", json={"queries": [{"name": "x"}]}, headers={"X-API-Key": key}
    )
    assert again.status_code == 429
    too_many = {"queries": [{"name": "x"}] * 101}
    big = client.post("/api/v1/match", json=too_many, headers={"X-API-Key": _key(store, 1000)})
    assert big.status_code == 422


def test_bad_parameters_are_rejected(api: tuple[TestClient, Store]) -> None:
    client, store = api
    key = _key(store)
    for params in ({"name": ""}, {"name": "x", "country": "India"}, {"name": "x", "birth_year": 3}):
        r = client.get("/api/v1/screen", params=params, headers={"X-API-Key": key})
        assert r.status_code == 422, params


def test_openapi_describes_both_endpoints(api: tuple[TestClient, Store]) -> None:
    client, _ = api
    spec = client.get("/api/v1/openapi.json").json()
    assert {"/screen", "/match"} <= set(spec["paths"])
    assert "alleged" in spec["info"]["description"]


def test_batch_answers_each_query_as_screen_does_in_order(api: tuple[TestClient, Store]) -> None:
    client, store = api
    key = _key(store, rate=1000)
    names = ["Ramesh Kumar", "Nobody Else", "R. Kumar", "KUMAR, Ramesh", "Zhang Wei"] * 3
    r = client.post(
        "/api/v1/match", json={"queries": [{"name": n} for n in names]}, headers={"X-API-Key": key}
    )
    assert r.status_code == 200
    batch = r.json()["results"]
    assert [res["query"]["name"] for res in batch] == names
    for name, res in zip(names, batch, strict=True):
        one = client.get("/api/v1/screen", params={"name": name}, headers={"X-API-Key": key})
        assert one.json()["hits"] == res["hits"], name
