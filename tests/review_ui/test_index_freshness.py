"""Every change made in the review UI is in the search index when its answer returns, on SQLite
FTS5 and on the real Elasticsearch node; when the engine does not answer, the change stands,
every page says what the index still lacks, and it arrives within seconds of the engine's
return."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import tipwatch.index.push as push_module
from tests.review_ui.conftest import PASSWORD, csrf_from
from tests.review_ui.person_factory import person_of
from tipwatch.accounts import create_user
from tipwatch.index.base import SearchQuery
from tipwatch.index.factory import opened_index
from tipwatch.index.sync import sync_outbox
from tipwatch.review_ui.app import create_app
from tipwatch.screening.apikeys import create_api_key
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import CaseRow

SECRET = "test-secret-" + "k" * 40
TEXT = "Police in Lagos charged Ada Obi and Musa Bello with sex trafficking on Monday."


@pytest.fixture(params=["fts5", "elasticsearch"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    if request.param == "fts5":
        yield Settings(data_dir=tmp_path, secret_key=SECRET)
        return
    url = os.environ.get("TIPWATCH_TEST_SEARCH_URL", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must start a search node (make test: scripts/search-node start)")
        pytest.skip("no search engine: set TIPWATCH_TEST_SEARCH_URL")
    prefix = f"twtest-{uuid.uuid4().hex[:10]}"
    settings = Settings(
        data_dir=tmp_path, secret_key=SECRET, search_url=url.rstrip("/"), search_prefix=prefix
    )
    yield settings
    from tipwatch.index.elastic import ElasticIndex

    ix = ElasticIndex(url.rstrip("/"), prefix=prefix)
    try:
        ix.engine.delete_index(f"{prefix}-*")
    finally:
        ix.close()


def _hits(settings: Settings, **query: object) -> list[tuple[str, list[str], str]]:
    """What a search shows right now: (doc id, names, review status of the document)."""
    with opened_index(settings) as index:
        hits = index.search(SearchQuery(**query))  # type: ignore[arg-type]
        by_review = {
            status: {h.doc_id for h in index.search(SearchQuery(review_status=status))}
            for status in ("pending", "accepted", "rejected")
        }
    return [
        (h.doc_id, h.names, next(s for s, ids in by_review.items() if h.doc_id in ids))
        for h in hits
    ]


def _login(client: TestClient, username: str) -> str:
    page = client.get("/login")
    r = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_from(page.text)},
    )
    assert r.status_code == 303
    return csrf_from(client.get("/").text)


def test_every_change_is_searchable_when_its_answer_returns(
    backend: Settings, store: Store, add_case: Callable[..., str]
) -> None:
    settings = backend
    case_id = add_case(text=TEXT, perps=[{"name": "Ada Obi"}, {"name": "Musa Bello"}])
    with opened_index(settings) as index:
        sync_outbox(store, index)
        index.refresh()
    assert _hits(settings, text="Obi") == [(case_id, ["Ada Obi", "Musa Bello"], "pending")]
    with store.session() as s:
        create_user(s, "ada-admin", PASSWORD, "admin")
        key = create_api_key(s, label="bank", created_by="test")
    with TestClient(create_app(settings, store), follow_redirects=False) as client:
        token = _login(client, "ada-admin")

        def post(path: str, **data: object) -> None:
            r = client.post(path, data={"csrf_token": token, **data})
            assert r.status_code == 303, r.text
            assert r.headers["X-Index-Waiting"] == "0"

        post(f"/cases/{case_id}/review", decision="accepted")
        assert _hits(settings, text="Obi")[0][2] == "accepted"
        post(f"/cases/{case_id}/review", decision="rejected", reason="not a case report")
        assert _hits(settings, text="Obi")[0][2] == "rejected"
        post(f"/cases/{case_id}/review", decision="accepted", reason="it is, on reading")
        assert _hits(settings, text="Obi")[0][2] == "accepted"

        post(
            f"/cases/{case_id}/edit",
            perp_name=["Ada Obi", "Musa Bello", "Chidi Eze"],
            perp_status=["convicted", "charged", "wanted"],
            perp_nationality=["", "", ""],
            perp_age=["", "", ""],
            charge_category=["sex_trafficking"],
            country="NG",
            reason="third accused named in the court report",
        )
        assert _hits(settings, text="Chidi Eze") == [
            (case_id, ["Ada Obi", "Musa Bello", "Chidi Eze"], "accepted")
        ]

        musa = person_of(store, case_id, "Musa Bello")
        post(f"/persons/{musa}/suppress", reason="court order")
        assert _hits(settings, text="Bello") == []
        assert _hits(settings, text="Obi")[0][1] == ["Ada Obi", "Chidi Eze"]
        post(f"/persons/{musa}/unsuppress", reason="order lifted")
        assert _hits(settings, text="Bello")[0][1] == ["Ada Obi", "Musa Bello", "Chidi Eze"]

        screened = client.get(
            "/api/v1/screen", params={"name": "Ada Obi"}, headers={"X-API-Key": key}
        ).json()
        assert [h["caption"] for h in screened["hits"]] == ["Ada Obi"]
        with store.session() as s:
            article_id = s.get_one(CaseRow, case_id).article_id
        post(f"/articles/{article_id}/suppress", reason="takedown request")
        # gone from search and from screening at once
        assert _hits(settings, text="Obi") == [] and _hits(settings, text="Lagos") == []
        screened = client.get(
            "/api/v1/screen", params={"name": "Ada Obi"}, headers={"X-API-Key": key}
        ).json()
        assert screened["hits"] == []


def test_changes_wait_in_the_outbox_while_the_engine_is_down(
    store: Store,
    add_case: Callable[..., str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(push_module, "RETRY_SECONDS", 0.2)
    good = Settings(data_dir=tmp_path, secret_key=SECRET)
    case_id = add_case(text=TEXT, perps=[{"name": "Ada Obi"}])
    with opened_index(good) as index:
        sync_outbox(store, index)
    with store.session() as s:
        create_user(s, "rita", PASSWORD, "reviewer")
    # nothing listens on port 9: every index write fails at once
    down = good.model_copy(update={"search_url": "http://127.0.0.1:9", "search_timeout": 1.0})
    app = create_app(down, store)
    with TestClient(app, follow_redirects=False) as client:
        app.state.ui.index.settings = down
        token = _login(client, "rita")
        r = client.post(
            f"/cases/{case_id}/review", data={"csrf_token": token, "decision": "accepted"}
        )
        # the decision stands (the store is the record); the index has not got it
        assert r.status_code == 303 and r.headers["X-Index-Waiting"] == "1"
        with store.session() as s:
            assert s.get_one(CaseRow, case_id).review_status == "accepted"
        assert _hits(good, text="Obi")[0][2] == "pending"
        page = client.get(f"/cases/{case_id}").text
        assert "1 change has not reached the search index yet" in page

        # the engine is back: the retry loop delivers within seconds, the notice goes
        app.state.ui.index.settings = good
        deadline = time.monotonic() + 10
        while _hits(good, text="Obi")[0][2] != "accepted":
            assert time.monotonic() < deadline, "the waiting change never reached the index"
            time.sleep(0.1)
        page = client.get(f"/cases/{case_id}").text
        assert "not reached the search index" not in page
