"""GET /coverage/dashboard on a real store: login required, charts and tables rendered from
`build_report`, stored text inert."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.review_ui.dashboard_seed import gap_month, seed_issue16
from tipwatch.metrics.build import build_report
from tipwatch.metrics.report import CoverageReport
from tipwatch.review_ui import charts
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


def build_report_for(store: Store, today: date) -> CoverageReport:
    with store.session() as s:
        return build_report(s, today=today)


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


def test_dashboard_with_the_issue_16_numbers(viewer: TestClient, store: Store) -> None:
    """Issue 16 on a real store: 0.0044 prints as such, the gap month has no point, the
    backfill is stated and not plotted, unknown nationality is stated, in-wire is flagged."""
    today = date.today()
    seed_issue16(store, today)
    html = viewer.get("/coverage/dashboard?country=IN").text
    ns = "{http://www.w3.org/2000/svg}"
    by_id = {c.get("id"): c for c in svgs(html)}
    india = by_id["chart-ranked"].find(f"{ns}g[@data-country='IN']")
    assert india is not None and india.find(f"{ns}rect[@class='bar']") is not None
    assert ["".join(t.itertext()) for t in india.findall(f"{ns}text[@class='value']")] == ["0.0044"]
    gap = gap_month(today)
    sex = by_id["chart-series"].find(f"{ns}g[@data-type='sex']")
    assert sex is not None
    tips = ["".join(c.itertext()) for c in sex.findall(f"{ns}circle")]
    assert tips and not [t for t in tips if gap in t]
    shades = ["".join(r.itertext()) for r in sex.findall(f"{ns}rect")]
    assert f"{gap}: insufficient coverage, not plotted" in shades
    axis = [
        "".join(t.itertext())
        for t in by_id["chart-series"].iter(f"{ns}text")
        if re.fullmatch(r"\d{4}-\d{2}", "".join(t.itertext()))
    ]
    assert min(axis) >= "2020-01"  # not 2001: the backfill does not stretch the axis
    assert "250 articles dated before the period (2001-01 to" in html
    rows = {r.country: r for r in charts.bar_rows(build_report_for(store, today).countries)}
    assert (rows["LK"].per_million or 0) / (rows["IN"].per_million or 1) < 20
    assert "nationality unknown for 60 of 63 people (95%)" in html
    assert ">unknown</th>" not in html
    health = by_id["chart-health"]
    flagged = [
        g.get("data-source") for g in health.iter(f"{ns}g") if "flagged" in (g.get("class") or "")
    ]
    assert flagged == ["in-wire"]
