"""A yente client's request gets a valid yente-shaped answer from `POST /api/v1/match/{dataset}`:
each result an FtM entity that followthemoney loads, with score, match verdict and features;
only reviewed facts unless asked; the OpenAPI description declares the API-key schemes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from followthemoney import model

from tests.screening.conftest import add_case, person_entity, write_ftm
from tipwatch.records import LegalStatus
from tipwatch.review_ui.app import create_app
from tipwatch.screening.apikeys import create_api_key
from tipwatch.screening.ftm_import import import_ftm
from tipwatch.settings import Settings
from tipwatch.store.db import Store

REQUEST = Path(__file__).parent / "data" / "yente_match_request.json"


@pytest.fixture
def yente(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    store = Store(f"sqlite:///{tmp_path}/api.db")
    add_case(
        store,
        "https://example.org/y1",
        "A Delhi court convicted Ramesh Kumar of trafficking.",
        [("Ramesh Kumar", LegalStatus.CONVICTED)],
        published=date(2026, 3, 4),
    )
    add_case(
        store,
        "https://example.org/y2",
        "Police in Kano charged Musa Bello with trafficking.",
        [("Musa Bello", LegalStatus.CHARGED)],
        published=date(2026, 5, 6),
        country="NG",
        accepted=False,
    )
    ftm = write_ftm(
        tmp_path / "list.jsonl",
        [person_entity("ok-1", ["Amara Okafor"], birthDate=["1975-01-01"], country=["ng"])],
        [],
    )
    with store.session() as s:
        import_ftm(s, ftm, dataset="ng-list")
        key = create_api_key(s, label="bank", created_by="test", rate_per_minute=1000)
    settings = Settings(data_dir=tmp_path, secret_key="s" * 40)
    with TestClient(create_app(settings, store)) as client:
        yield client, {"X-API-Key": key}
    store.dispose()


def _post(client: TestClient, headers: dict[str, str], path: str, **params: Any) -> Any:
    body = json.loads(REQUEST.read_text("utf-8"))
    r = client.post(path, json=body, headers=headers, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_recorded_yente_request_gets_a_yente_answer(
    yente: tuple[TestClient, dict[str, str]],
) -> None:
    client, headers = yente
    answer = _post(client, headers, "/api/v1/match/default")
    assert set(answer) == {"responses", "matcher", "limit"} and answer["limit"] == 5
    assert set(answer["responses"]) == {"client-0001", "client-0002", "client-0003"}
    assert {"name_match", "country_disjoint"} <= set(answer["matcher"])
    for key, response in answer["responses"].items():
        assert response["status"] == 200
        assert response["query"]["schema"] == "Person"
        assert response["total"]["relation"] == "eq"
        assert response["total"]["value"] >= len(response["results"])
        for result in response["results"]:
            # an FtM entity followthemoney accepts, property by property
            proxy = model.get_proxy(
                {"id": result["id"], "schema": result["schema"], "properties": result["properties"]}
            )
            assert proxy.caption and result["caption"]
            assert 0.0 <= result["score"] <= 1.0 and isinstance(result["match"], bool)
            assert result["match"] == (result["score"] >= 0.7), key
            assert set(result["features"]) <= set(answer["matcher"])

    (ramesh,) = answer["responses"]["client-0001"]["results"]
    assert ramesh["datasets"] == ["tipwatch"] and ramesh["match"]
    assert ramesh["features"]["name_match"] == 1.0
    assert "convicted on 2026-03-04" in ramesh["properties"]["notes"][0]
    assert ramesh["properties"]["topics"] == ["crime.traffick.human"]  # accepted conviction
    assert ramesh["target"] is True

    # the pending case is not a screening fact by default
    assert answer["responses"]["client-0002"]["results"] == []
    (amara,) = answer["responses"]["client-0003"]["results"]
    assert amara["datasets"] == ["ng-list"] and amara["id"] == "ng-list:ok-1"


def test_unreviewed_on_request_datasets_and_thresholds(
    yente: tuple[TestClient, dict[str, str]],
) -> None:
    client, headers = yente
    answer = _post(client, headers, "/api/v1/match/default", include_unreviewed="true")
    (musa,) = answer["responses"]["client-0002"]["results"]
    assert "topics" not in musa["properties"] and musa["target"] is False
    assert any("unreviewed" in n for n in musa["properties"]["notes"])

    only_list = _post(client, headers, "/api/v1/match/ng-list")
    assert only_list["responses"]["client-0001"]["results"] == []
    assert [r["id"] for r in only_list["responses"]["client-0003"]["results"]] == ["ng-list:ok-1"]

    strict = _post(client, headers, "/api/v1/match/tipwatch", threshold=1.0, cutoff=0.5)
    (ramesh,) = strict["responses"]["client-0001"]["results"]
    assert ramesh["match"] is (ramesh["score"] >= 1.0)

    body = json.loads(REQUEST.read_text("utf-8"))
    assert client.post("/api/v1/match/nope", json=body, headers=headers).status_code == 404
    assert client.post("/api/v1/match/default", json=body).status_code == 401


def test_openapi_declares_the_key_schemes(yente: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = yente
    spec = client.get("/api/v1/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert {"type": "apiKey", "in": "header", "name": "X-API-Key"}.items() <= next(
        s for s in schemes.values() if s["type"] == "apiKey"
    ).items()
    assert any(s["type"] == "http" and s["scheme"] == "bearer" for s in schemes.values())
    assert spec["paths"]["/match/{dataset}"]["post"]["security"]
