"""The analysts' search page over the FTS5 index: filters, facets, escaping, bad input."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tipwatch.index.fts5 import Fts5Index
from tipwatch.index.sync import sync_outbox
from tipwatch.settings import Settings
from tipwatch.store.db import Store


@pytest.fixture
def viewer(add_user: Callable[..., str], login: Callable[..., str]) -> None:
    add_user("vera", "viewer")
    login("vera")


def _index(settings: Settings, store: Store) -> None:
    index = Fts5Index(settings.data_dir / "index.db")
    try:
        sync_outbox(store, index)
    finally:
        index.close()


def test_search_filters_and_facets(
    client: TestClient, store: Store, settings: Settings, add_case: Callable[..., str], viewer: None
) -> None:
    a = add_case(
        text="Police in Lagos charged Ada Obi with sex trafficking.",
        perps=[{"name": "Ada Obi", "status": "charged"}],
        country="NG",
    )
    b = add_case(
        text="A court in Accra convicted Kofi Mensah of trafficking.",
        perps=[{"name": "Kofi Mensah", "status": "convicted"}],
        country="GH",
        pub_country="GH",
        source_id="accra-times",
    )
    _index(settings, store)
    page = client.get("/search", params={"q": "trafficking"})
    assert page.status_code == 200
    assert f"/cases/{a}" in page.text and f"/cases/{b}" in page.text
    assert "country=GH" in page.text  # facet link
    only = client.get("/search", params={"q": "trafficking", "status": "convicted"})
    assert f"/cases/{b}" in only.text and f"/cases/{a}" not in only.text
    outlet = client.get("/search", params={"outlet": "accra-times"})
    assert f"/cases/{b}" in outlet.text and f"/cases/{a}" not in outlet.text
    dated = client.get("/search", params={"date_from": "2100-01-01"})
    assert "No documents match." in dated.text


def test_search_rejects_bad_filters_and_escapes(
    client: TestClient, store: Store, settings: Settings, add_case: Callable[..., str], viewer: None
) -> None:
    payload = '<script>alert("x")</script>'
    add_case(
        title=payload,
        text=f"Police charged Ada Obi over {payload} in Lagos.",
        perps=[{"name": "Ada Obi", "status": "charged"}],
    )
    _index(settings, store)
    page = client.get("/search", params={"q": "Ada"})
    assert payload not in page.text and "&lt;script&gt;" in page.text
    for params in ({"country": "Nigeria"}, {"status": "guilty"}, {"date_from": "yesterday"}):
        assert client.get("/search", params=params).status_code == 400, params


def test_search_needs_login(client: TestClient) -> None:
    r = client.get("/search", params={"q": "x"})
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
