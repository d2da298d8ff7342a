"""GET /coverage/dashboard on a real store: login required, charts and tables rendered from
`build_report`, stored text inert."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tipwatch.review_ui.guard import CSP
from tipwatch.store.db import Store

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def viewer(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str]
) -> TestClient:
    add_user("vera", "viewer")
    login("vera")
    return client


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def test_dashboard_requires_login(client: TestClient) -> None:
    r = client.get("/coverage/dashboard")
    assert r.status_code == 303
    assert r.headers["location"] == "/login?next=%2Fcoverage%2Fdashboard"
    assert r.headers["content-security-policy"] == CSP


def test_dashboard_renders_charts_from_the_store(
    viewer: TestClient, add_case: Callable[..., str]
) -> None:
    add_case()
    add_case(
        title="Ghana case",
        text="Police in Accra charged Kofi Mensah.",
        perps=[{"name": "Kofi Mensah", "nationality": "GH"}],
        source_id="accra-times",
        pub_country="GH",
        country="GH",
    )
    r = viewer.get("/coverage/dashboard")
    assert r.status_code == 200, r.text
    assert r.headers["content-security-policy"] == CSP
    html = r.text
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert "Read this first" in html
    charts = svgs(html)
    ids = [c.get("id") for c in charts]
    assert "chart-ranked" in ids and "chart-series" in ids
    for c in charts:
        assert c.get("role") == "img" and c.get("aria-labelledby")
    # The ranked bars list both countries; the fallback tables are there.
    assert 'data-country="NG"' in html and 'data-country="GH"' in html
    assert 'class="ranked-data"' in html and 'class="series-data"' in html
    # Ada Obi has no nationality: stated in words, not plotted as a row (issue 16; this test
    # asserted an "unknown" row before).
    assert 'class="heatmap"' in html and ">unknown</th>" not in html
    assert "nationality unknown for 1 of 2 people (50%)" in html
    # The coverage page links here.
    assert 'href="/coverage/dashboard"' in viewer.get("/coverage").text


def test_dashboard_country_choice(viewer: TestClient, add_case: Callable[..., str]) -> None:
    add_case()
    add_case(source_id="accra-times", pub_country="GH", country="GH")
    html = viewer.get("/coverage/dashboard?country=gh").text
    assert re.search(r'<h2 id="country-h">Ghana', html)
    # Unknown or malformed codes fall back to the top of the ranking, never an error.
    for bad in ("ZZ", "<b>", "x" * 300):
        r = viewer.get("/coverage/dashboard", params={"country": bad})
        assert r.status_code == 200
        assert "<b>" not in r.text


def test_dashboard_stored_text_is_inert(
    viewer: TestClient, add_case: Callable[..., str], store: Store
) -> None:
    name = f"Ada {IMG} Obi"
    add_case(
        title=f"Title {SCRIPT}",
        text=f"Police charged {name} with trafficking.",
        perps=[{"name": name, "nationality": "NG"}],
        source_id=f"src{SCRIPT}",
    )
    html = viewer.get("/coverage/dashboard").text
    assert SCRIPT not in html and IMG not in html and "<img" not in html
    assert "src&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the top outlet, as text
    for c in svgs(html):
        for el in c.iter():
            assert not [a for a in el.attrib if a.lower().startswith("on")]
