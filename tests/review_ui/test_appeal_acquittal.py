"""Issue 14 E3: arrested -> charged -> convicted -> acquitted on appeal, each reported by a later
article. The acquittal is the person's latest status, shown first with its date and source, and
the conviction comes after it, in screening, on the person page and in the exports; after the
acquittal the person carries no trafficking (convicted) topic in the FollowTheMoney export."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.review_ui.person_factory import person_of, report
from tipwatch.domain.legal_status import TRAFFICKING_TOPIC
from tipwatch.exports.ftm import write_ftm
from tipwatch.exports.rows import export_rows
from tipwatch.exports.tabular import write_csv, write_jsonl
from tipwatch.screening.service import ScreeningQuery, screen
from tipwatch.store.db import Store
from tipwatch.store.review import review_case

NAME = "Ramesh Kumar"
# (key, url, status, date): the order the news reported them; the acquittal comes last
STAGES = [
    ("arrest", "https://news.example/arrest", "arrested", date(2024, 2, 3)),
    ("charge", "https://news.example/charge", "charged", date(2024, 4, 20)),
    ("convict", "https://news.example/convict", "convicted", date(2025, 1, 15)),
    ("appeal", "https://news.example/appeal", "acquitted", date(2025, 11, 2)),
]
TEXTS = {
    "arrest": f"Pune police arrested {NAME} on suspicion of trafficking girls from Nepal.",
    "charge": f"Prosecutors charged {NAME} with human trafficking in a Pune court.",
    "convict": f"A sessions court convicted {NAME} of human trafficking on Wednesday.",
    "appeal": f"The High Court acquitted {NAME} on appeal, overturning his conviction.",
}
LATEST_FIRST = [(s, d, u) for _k, u, s, d in reversed(STAGES)]


@pytest.fixture
def appeal(store: Store) -> dict[str, Any]:
    cases = {
        key: report(
            store,
            url=url,
            text=TEXTS[key],
            names=[(NAME, status)],
            day=day,
            title=f"{key} report",
        )
        for key, url, status, day in STAGES
    }
    with store.session() as s:
        # an analyst checked each report (screening and exports serve reviewed cases)
        for case_id in cases.values():
            review_case(s, case_id, decision="accepted", user="ana")
    return {"cases": cases, "person": person_of(store, cases["arrest"], NAME)}


def test_screening_shows_the_acquittal_first_then_the_conviction(
    store: Store, appeal: dict[str, Any]
) -> None:
    with store.session() as s:
        hits = screen(s, ScreeningQuery(name="KUMAR, Ramesh", country="IN")).hits
    top = hits[0]
    assert top.subject_id == appeal["person"]
    assert top.latest_status is not None
    latest = top.latest_status
    assert (latest.status, latest.date, latest.source_url) == LATEST_FIRST[0]
    assert [(f.status, f.date, f.source_url) for f in top.earlier_statuses] == LATEST_FIRST[1:]


def test_person_page_shows_the_acquittal_first_then_the_conviction(
    client: TestClient,
    add_user: Callable[..., str],
    login: Callable[..., str],
    appeal: dict[str, Any],
) -> None:
    add_user("vera", "viewer")
    login("vera")
    html = client.get(f"/persons/{appeal['person']}").text
    latest = html[html.index('class="latest-status"') : html.index("<h2>Timeline</h2>")]
    assert ">acquitted<" in latest and "as of 2025-11-02" in latest
    assert ">convicted<" not in latest
    assert f'href="/cases/{appeal["cases"]["appeal"]}"' in latest
    assert 'href="https://news.example/appeal"' in latest
    timeline = html[html.index('<table class="timeline">') :]
    rows = re.findall(
        r'<td class="date">([^<]+)</td>\s*<td><span class="status[^"]*">([^<]+)</span>', timeline
    )
    assert rows == [(d.isoformat(), s) for s, d, _u in LATEST_FIRST]
    sources = re.findall(r'href="(https://news\.example/[a-z]+)"', timeline)
    assert sources == [u for _s, _d, u in LATEST_FIRST]


def test_exports_show_the_acquittal_first_then_the_conviction(
    store: Store, appeal: dict[str, Any]
) -> None:
    with store.session() as s:
        rows = list(export_rows(s))
    mine = [(r.status, r.status_date, r.source_url) for r in rows if r.name == NAME]
    assert mine == LATEST_FIRST

    out = io.StringIO()
    write_csv(rows, out)
    table = [r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["name"] == NAME]
    assert [(r["status"], r["status_date"], r["source_url"]) for r in table] == [
        (s, d.isoformat(), u) for s, d, u in LATEST_FIRST
    ]
    out = io.StringIO()
    write_jsonl(rows, out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["status"], r["status_date"]) for r in lines if r["name"] == NAME] == [
        (s, d.isoformat()) for s, d, _u in LATEST_FIRST
    ]

    out = io.StringIO()
    write_ftm(rows, out)
    entities = [json.loads(line) for line in out.getvalue().splitlines()]
    person = next(e for e in entities if e["schema"] == "Person")
    note = person["properties"]["notes"][0]
    assert note.startswith(
        "Latest status reported in local news: acquitted on 2025-11-02 "
        "(https://news.example/appeal)."
    )
    # acquitted on appeal: the earlier conviction no longer makes them a convicted trafficker
    assert TRAFFICKING_TOPIC not in person["properties"].get("topics", [])
    parties = sorted(
        (p["properties"]["date"][0], p["properties"]["status"][0])
        for p in entities
        if p["schema"] == "CourtCaseParty"
    )
    assert parties == sorted((d.isoformat(), s) for s, d, _u in LATEST_FIRST)
