"""Exports: CSV with formula cells neutralised, JSON Lines, FollowTheMoney entities that
followthemoney itself loads; rejected, taken-down and suppressed data never exported."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from followthemoney import model

from tests.screening.conftest import add_case, person_of
from tipwatch.exports.ftm import UNREVIEWED_NOTE, write_ftm
from tipwatch.exports.rows import export_rows
from tipwatch.exports.tabular import neutralise, write_csv, write_jsonl
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.persons import merge_persons, suppress_person
from tipwatch.store.review import review_case

FORMULA = '=HYPERLINK("http://evil")'


def _seed(store: Store, *, accepted: bool = True) -> dict[str, str]:
    return {
        "convicted": add_case(
            store,
            "https://example.org/c",
            "A court convicted Ramesh Kumar of trafficking.",
            [("Ramesh Kumar", LegalStatus.CONVICTED)],
            published=date(2026, 6, 1),
            accepted=accepted,
        ),
        "charged": add_case(
            store,
            "https://example.org/d",
            f"Police charged Anita Rao and {FORMULA} with forced labour.",
            [("Anita Rao", LegalStatus.CHARGED), (FORMULA, LegalStatus.CHARGED)],
            published=date(2026, 5, 1),
            accepted=accepted,
        ),
        "rejected": add_case(
            store,
            "https://example.org/e",
            "Police arrested Vikram Singh in Pune.",
            [("Vikram Singh", LegalStatus.ARRESTED)],
            published=date(2026, 4, 1),
            accepted=accepted,
        ),
        "suppressed": add_case(
            store,
            "https://example.org/f",
            "Police arrested Deepak Mehta in Agra.",
            [("Deepak Mehta", LegalStatus.ARRESTED)],
            published=date(2026, 4, 2),
            accepted=accepted,
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
    assert (ramesh["review_status"], ramesh["reviewed"]) == ("accepted", "True")
    assert neutralise("-1+2") == "'-1+2" and neutralise("Ada") == "Ada"


def test_jsonl_serves_reviewed_cases_unless_asked_for_more(store: Store) -> None:
    ids = _seed(store, accepted=False)
    with store.session() as s:
        review_case(s, ids["convicted"], decision="accepted", user="ana")
        review_case(s, ids["rejected"], decision="rejected", user="ana")
        default, everything = io.StringIO(), io.StringIO()
        write_jsonl(export_rows(s), default)
        write_jsonl(export_rows(s, include_unreviewed=True), everything)
    records = [json.loads(line) for line in default.getvalue().splitlines()]
    assert [(r["name"], r["review_status"], r["reviewed"]) for r in records] == [
        ("Ramesh Kumar", "accepted", True)
    ]
    more = {
        r["name"]: (r["review_status"], r["reviewed"])
        for r in map(json.loads, everything.getvalue().splitlines())
    }
    # unreviewed rows only on request, each labelled; a rejected case never
    assert more == {
        "Ramesh Kumar": ("accepted", True),
        "Anita Rao": ("pending", False),
        FORMULA: ("pending", False),
        "Deepak Mehta": ("pending", False),
    }


def test_unreviewed_ftm_gives_no_topic_and_says_so(store: Store) -> None:
    _seed(store, accepted=False)
    with store.session() as s:
        default, everything = io.StringIO(), io.StringIO()
        assert write_ftm(export_rows(s), default) == 0
        write_ftm(export_rows(s, include_unreviewed=True), everything)
    proxies = [model.get_proxy(json.loads(line)) for line in everything.getvalue().splitlines()]
    ramesh = next(
        p for p in proxies if p.schema.name == "Person" and p.first("name") == "Ramesh Kumar"
    )
    # convicted, says the machine: no analyst checked it, so no crime topic anywhere
    assert ramesh.get("topics") == []
    assert UNREVIEWED_NOTE in ramesh.get("notes")
    assert all(p.get("topics") == [] for p in proxies if "topics" in p.schema.properties)
    cases = [p for p in proxies if p.schema.name == "CourtCase"]
    parties = [p for p in proxies if p.schema.name == "CourtCaseParty"]
    assert cases and all(UNREVIEWED_NOTE in p.get("notes") for p in cases)
    assert parties and all(UNREVIEWED_NOTE in p.get("summary") for p in parties)


def test_one_person_twice_in_a_case_is_one_party(store: Store) -> None:
    """Two mentions of one person in one case (stored before merges of co-named persons were
    refused, or one person under two spellings) give one CourtCaseParty, not two with one id."""
    add_case(
        store,
        "https://example.org/m",
        "A court convicted Ramesh Kumar of trafficking; R. Kumar was charged in 2025.",
        [("Ramesh Kumar", LegalStatus.CONVICTED), ("R. Kumar", LegalStatus.CHARGED)],
        published=date(2026, 6, 1),
    )
    with store.session() as s:
        rows = list(export_rows(s))
    ramesh = rows[0].person_id
    assert ramesh is not None and len(rows) == 2
    same_person = [r.model_copy(update={"person_id": ramesh}) for r in rows]
    buf = io.StringIO()
    write_ftm(same_person, buf)
    proxies = [model.get_proxy(json.loads(line)) for line in buf.getvalue().splitlines()]
    ids = [p.id for p in proxies]
    assert len(ids) == len(set(ids))
    parties = [p for p in proxies if p.schema.name == "CourtCaseParty"]
    persons = [p for p in proxies if p.schema.name == "Person"]
    assert len(parties) == 1 and len(persons) == 1
    party = parties[0]
    assert party.first("party") == persons[0].id
    # the party's statuses, latest stage first, and both names the article used
    assert party.get("status")[0] == "convicted"
    assert set(party.get("namesMentioned")) == {"Ramesh Kumar", "R. Kumar"}


def test_merged_persons_are_one_entity(store: Store) -> None:
    add_case(
        store,
        "https://example.org/p1",
        "Police charged Ramesh Kumar with trafficking.",
        [("Ramesh Kumar", LegalStatus.CHARGED)],
        published=date(2026, 3, 1),
    )
    add_case(
        store,
        "https://example.org/p2",
        "A court convicted Rmesh Kumaar of trafficking.",
        [("Rmesh Kumaar", LegalStatus.CONVICTED)],
        published=date(2026, 6, 1),
    )
    with store.session() as s:
        merge_persons(
            s,
            person_of(store, "Ramesh Kumar"),
            person_of(store, "Rmesh Kumaar"),
            user="ana",
            reason="one outlet misspells him",
        )
        buf = io.StringIO()
        write_ftm(export_rows(s), buf)
    proxies = [model.get_proxy(json.loads(line)) for line in buf.getvalue().splitlines()]
    persons = [p for p in proxies if p.schema.name == "Person"]
    assert len(persons) == 1
    assert set(persons[0].get("name")) == {"Ramesh Kumar", "Rmesh Kumaar"}
    parties = [p for p in proxies if p.schema.name == "CourtCaseParty"]
    assert len(parties) == 2 and {p.first("party") for p in parties} == {persons[0].id}


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
    # the trafficking topic only for an accepted case that reports a conviction
    case_topics = {c.first("sourceUrl"): c.get("topics") for c in by_schema["CourtCase"]}
    assert case_topics == {
        "https://example.org/c": ["crime.traffick.human"],
        "https://example.org/d": [],
    }
    parties = {
        (p.first("party"), p.first("status"), p.first("date")) for p in by_schema["CourtCaseParty"]
    }
    assert (persons["Ramesh Kumar"].id, "convicted", "2026-06-01") in parties
    assert (persons["Anita Rao"].id, "charged", "2026-05-01") in parties
    text = buf.getvalue()
    assert "Deepak Mehta" not in text and "Vikram Singh" not in text
