"""Exports: CSV with formula cells neutralised, JSON Lines, FollowTheMoney entities that
followthemoney itself loads; rejected, taken-down and suppressed data never exported."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from followthemoney import model

from tests.screening.conftest import add_case, person_of
from tipwatch.exports.ftm import write_ftm
from tipwatch.exports.rows import export_rows
from tipwatch.exports.tabular import neutralise, write_csv, write_jsonl
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.persons import suppress_person
from tipwatch.store.review import review_case

FORMULA = '=HYPERLINK("http://evil")'


def _seed(store: Store) -> dict[str, str]:
    return {
        "convicted": add_case(
            store,
            "https://example.org/c",
            "A court convicted Ramesh Kumar of trafficking.",
            [("Ramesh Kumar", LegalStatus.CONVICTED)],
            published=date(2026, 6, 1),
        ),
        "charged": add_case(
            store,
            "https://example.org/d",
            f"Police charged Anita Rao and {FORMULA} with forced labour.",
            [("Anita Rao", LegalStatus.CHARGED), (FORMULA, LegalStatus.CHARGED)],
            published=date(2026, 5, 1),
        ),
        "rejected": add_case(
            store,
            "https://example.org/e",
            "Police arrested Vikram Singh in Pune.",
            [("Vikram Singh", LegalStatus.ARRESTED)],
            published=date(2026, 4, 1),
        ),
        "suppressed": add_case(
            store,
            "https://example.org/f",
            "Police arrested Deepak Mehta in Agra.",
            [("Deepak Mehta", LegalStatus.ARRESTED)],
            published=date(2026, 4, 2),
        ),
    }


def _prepare(store: Store) -> None:
    ids = _seed(store)
    with store.session() as s:
        review_case(s, ids["rejected"], decision="rejected", user="ana", reason="not a case")
        suppress_person(s, person_of(store, "Deepak Mehta"), user="admin", reason="takedown")


def test_csv_neutralises_formulas_and_leaves_out_hidden_records(store: Store) -> None:
    _prepare(store)
    with store.session() as s:
        buf = io.StringIO()
        n = write_csv(export_rows(s), buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert n == len(rows) == 3
    names = {r["name"] for r in rows}
    assert names == {"Ramesh Kumar", "Anita Rao", "'" + FORMULA}
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())
    ramesh = next(r for r in rows if r["name"] == "Ramesh Kumar")
    assert (ramesh["status"], ramesh["status_date"]) == ("convicted", "2026-06-01")
    assert ramesh["source_url"] == "https://example.org/c"
    assert ramesh["review_status"] == "pending"
    assert neutralise("-1+2") == "'-1+2" and neutralise("Ada") == "Ada"


def test_jsonl_and_reviewed_only(store: Store) -> None:
    ids = _seed(store)
    with store.session() as s:
        review_case(s, ids["convicted"], decision="accepted", user="ana")
        buf = io.StringIO()
        write_jsonl(export_rows(s, reviewed_only=True), buf)
    records = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [(r["name"], r["review_status"]) for r in records] == [("Ramesh Kumar", "accepted")]


def test_ftm_entities_load_and_keep_alleged_apart_from_convicted(store: Store) -> None:
    _prepare(store)
    with store.session() as s:
        buf = io.StringIO()
        write_ftm(export_rows(s), buf)
    proxies = [model.get_proxy(json.loads(line)) for line in buf.getvalue().splitlines()]
    by_schema: dict[str, list] = {}
    for p in proxies:
        by_schema.setdefault(p.schema.name, []).append(p)
    assert {"Person", "CourtCase", "CourtCaseParty", "Article", "Documentation"} <= set(by_schema)
    persons = {p.first("name"): p for p in by_schema["Person"]}
    assert set(persons) == {"Ramesh Kumar", "Anita Rao", FORMULA}
    assert persons["Ramesh Kumar"].get("topics") == ["crime.traffick.human"]
    assert persons["Anita Rao"].get("topics") == []
    assert all(c.get("topics") == ["crime.traffick.human"] for c in by_schema["CourtCase"])
    parties = {
        (p.first("party"), p.first("status"), p.first("date")) for p in by_schema["CourtCaseParty"]
    }
    assert (persons["Ramesh Kumar"].id, "convicted", "2026-06-01") in parties
    assert (persons["Anita Rao"].id, "charged", "2026-05-01") in parties
    text = buf.getvalue()
    assert "Deepak Mehta" not in text and "Vikram Singh" not in text
