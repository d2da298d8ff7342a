"""The assembled coverage report: known answers on a constructed store (SQLite and PostgreSQL),
worked out by hand in the comments, plus the capture-recapture and drift-window rules."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest

from tests.factories import make_article, make_extraction
from tipwatch.metrics.build import CAVEATS, build_report, capture_recapture, drift_windows
from tipwatch.metrics.estimators import ASSUMPTIONS
from tipwatch.metrics.render import bias_summary_text, report_text
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.models import CrawlRunRow
from tipwatch.store.repository import (
    finish_crawl_run,
    save_article,
    save_extraction,
    start_crawl_run,
)
from tipwatch.store.review import review_case

TODAY = date(2026, 3, 10)


def _add(store: Store, url: str, source: str, text: str, names: list[str], *, day: int) -> str:
    country = source[:2].upper()
    ext = make_extraction(text, [(n, LegalStatus.CHARGED) for n in names], country=country)
    art = make_article(url, text, source_id=source, country=country).model_copy(
        update={"publish_date": date(2026, 2, day)}
    )
    with store.session() as s:
        row, _ = save_article(s, art, ext)
        case_id = save_extraction(s, row, ext)
    assert case_id is not None
    return case_id


def _crawl(store: Store, day: date, status: str, sids: list[str], found: dict[str, int]) -> None:
    with store.session() as s:
        run_id = start_crawl_run(s, sids)
        finish_crawl_run(
            s,
            run_id,
            status=status,
            warc_path=None,
            pages_fetched=0,
            report={"discovered_by_source": found, "url_states": {}},
        )
        s.get_one(CrawlRunRow, run_id).started_at = datetime(
            day.year, day.month, day.day, 12, tzinfo=UTC
        )


SYNDICATED = (
    "Police in Kochi arrested Asha Pillai and Ravi Menon on Monday on charges of trafficking "
    "young women from the coastal villages, the district court heard on Tuesday afternoon."
)


def _fill(store: Store) -> None:
    _crawl(
        store, date(2026, 2, 10), "ok", ["in-a", "in-b", "ng-a"], {"in-a": 2, "in-b": 1, "ng-a": 1}
    )
    _crawl(store, date(2026, 3, 3), "ok", ["in-a", "in-b"], {"in-a": 1, "in-b": 1})
    _crawl(store, date(2026, 3, 3), "failed", ["ng-a"], {})  # NG's only outlet fails this month
    # Case G1: in-a's story, syndicated word for word by in-b a day later (one cluster).
    _add(store, "u1", "in-a", SYNDICATED, ["Asha Pillai", "Ravi Menon"], day=5)
    _add(store, "u2", "in-b", SYNDICATED, ["Asha Pillai", "Ravi Menon"], day=6)
    # Case G3: reported independently by both outlets, the name in swapped order.
    _add(
        store,
        "u3",
        "in-a",
        "A sessions court in Pune framed charges against Vikram Rao for running a placement "
        "agency that sold domestic workers to households across three states.",
        ["Vikram Rao"],
        day=10,
    )
    _add(
        store,
        "u4",
        "in-b",
        "Rao Vikram, 44, was remanded by magistrates on Thursday; investigators said the recruiter "
        "had moved dozens of teenagers by bus at night under false promises of jobs.",
        ["Rao Vikram"],
        day=12,
    )
    # Case G5: only in-b.
    _add(
        store,
        "u5",
        "in-b",
        "Sunita Das was convicted in Kolkata of selling two girls to a brothel keeper in Mumbai; "
        "sentencing was set for next month after a hearing on victim compensation.",
        ["Sunita Das"],
        day=14,
    )
    # Case G6: only in-a, no named perpetrator: a case of its own.
    _add(
        store,
        "u6",
        "in-a",
        "An unnamed gang was busted in Delhi after railway police rescued eleven children being "
        "taken to factories, officials told reporters outside the station.",
        [],
        day=15,
    )
    # A rejected report naming Asha Pillai in in-b: would add overlap if it counted.
    rejected = _add(
        store,
        "u7",
        "in-b",
        "Asha Pillai opened a bakery in Thrissur this week, her third, and plans a fourth outlet "
        "near the bus stand before the festival season begins in earnest.",
        ["Asha Pillai"],
        day=16,
    )
    with store.session() as s:
        review_case(s, rejected, decision="rejected", user="ana")
    _add(
        store,
        "u8",
        "ng-a",
        "Emeka Obi was charged in Lagos with recruiting women for forced labour on farms abroad.",
        ["Emeka Obi"],
        day=20,
    )


def test_build_report_on_the_store(store: Store) -> None:
    _fill(store)
    with store.session() as s:
        report = build_report(s, today=TODAY)
    by = {c.country: c for c in report.countries}
    assert sorted(by) == ["IN", "NG"]
    india, nigeria = by["IN"], by["NG"]

    # Months: from the earliest run/article (Feb) to today's month, oldest first.
    assert [m.month for m in india.months] == ["2026-02", "2026-03"]
    assert india.latest is not None and india.latest.month == "2026-03"
    assert india.latest.coverage_status == "ok"
    # NG's only crawl this month failed: its current month is insufficient coverage.
    assert nigeria.latest is not None
    assert nigeria.latest.coverage_status == "insufficient coverage"
    assert [(o.source_id, o.coverage_status) for o in nigeria.outlets] == [
        ("ng-a", "insufficient coverage")
    ]
    assert [o.source_id for o in india.outlets] == ["in-a", "in-b"]
    assert india.language is not None and india.language.monitored_languages == ["en", "hi"]

    # Concentration over stories, the syndicated one once, credited to in-a (published first):
    # in-a: u1 (with its copy u2), u3, u6 = 3; in-b: u4, u5 = 2; total 5.
    conc = india.concentration
    assert conc is not None
    assert (conc.total, conc.top_outlet) == (5.0, "in-a")
    assert conc.top_share == pytest.approx(0.6)
    assert conc.hhi == pytest.approx(0.6**2 + 0.4**2)

    # Capture-recapture: in-a sighted G1, G3, G6 (n1 = 3); in-b G3, G5 (n2 = 2; its copy of G1
    # and the rejected report do not count); both G3 (m = 1).
    # N = (3+1)(2+1)/(1+1) - 1 = 5; Var = 4*3*(3-1)*(2-1) / ((1+1)^2 (1+2)) = 24/12 = 2.
    cr = india.capture_recapture
    assert cr is not None and cr.two_source is not None and cr.multi_source is None
    assert (cr.outlets, cr.observed_cases) == (2, 4)
    est = cr.two_source
    assert (est.n1, est.n2, est.m, est.observed) == (3, 2, 1, 4)
    assert est.n_hat == pytest.approx(5.0)
    assert est.variance == pytest.approx(2.0)
    assert est.ci_log.low >= 4.0
    # NG: one outlet, so a note instead of an estimate.
    assert nigeria.capture_recapture is not None
    assert nigeria.capture_recapture.two_source is None
    assert "only one outlet" in (nigeria.capture_recapture.note or "")

    # Mix of IN's four cases: all charged as sex trafficking (the factory's charge).
    assert india.mix is not None and india.mix.n == 4
    assert {s.category: s.count for s in india.mix.shares}["sex"] == 4
    assert india.mix_vs_reference is not None
    assert india.mix_vs_reference.categories == ("labour", "sex")

    # Drift: window B is the three months up to today's (2026-01..2026-03), A the three before
    # (2025-10..2025-12). Every case is in B, so nothing can alert; the results are still shown.
    groups = {d.group: d for d in india.drift}
    assert set(groups) == {"country:IN", "outlet:in-a", "outlet:in-b"}
    d = groups["country:IN"]
    assert (d.window_a, d.window_b) == ("2025-10..2025-12", "2026-01..2026-03")
    assert (sum(d.result.counts_a), sum(d.result.counts_b)) == (0, 4)
    assert not d.result.alert
    # in-b reported G1 (copy), G3 and G5.
    assert sum(groups["outlet:in-b"].result.counts_b) == 3

    # Origin matrix is global, by `origin_matrix`'s own rule (normalised name, word order kept):
    # Asha Pillai, Ravi Menon, Vikram Rao, Rao Vikram, Sunita Das; not the rejected report's.
    assert sum(o.perpetrators for o in report.origin if o.case_country == "IN") == 5
    assert report.caveats == list(CAVEATS)
    assert all(any(a in c for c in report.caveats) for a in ASSUMPTIONS)

    text = report_text(report)
    assert "== IN India" in text and "N ~ 5.0 cases" in text
    summary = bias_summary_text(report)
    assert "insufficient coverage" in summary and "in-a 60%" in summary

    # The report survives a JSON round trip (the dashboard reads it back).
    again = type(report).model_validate_json(report.model_dump_json())
    assert again == report


def test_drift_windows() -> None:
    assert drift_windows(date(2026, 3, 10), 3) == (
        ["2025-10", "2025-11", "2025-12"],
        ["2026-01", "2026-02", "2026-03"],
    )
    assert drift_windows(date(2026, 1, 1), 1) == (["2025-12"], ["2026-01"])


def test_capture_recapture_rules() -> None:
    assert capture_recapture(set()).note == "no case reports"
    # Two outlets that share nothing: no estimate, and the note says why.
    none = capture_recapture({("a", "1"), ("b", "2")})
    assert none.two_source is None and "no overlap" in (none.note or "")
    # Three outlets: the log-linear estimate. Histories: 100 x3, 010 x3, 001 x3, 110, 101, 011,
    # 111 -> 13 cases observed.
    sight: set[tuple[str, str]] = set()
    histories = ["a", "a", "a", "b", "b", "b", "c", "c", "c", "ab", "ac", "bc", "abc"]
    for case, carriers in enumerate(histories):
        sight |= {(o, str(case)) for o in carriers}
    three = capture_recapture(sight)
    assert three.outlets == 3 and three.observed_cases == 13
    assert three.multi_source is not None and three.two_source is None
    assert three.multi_source.selected.n_hat >= 13
    assert not math.isnan(three.multi_source.ci.low)
    # Three outlets that never overlap: a note, no estimate.
    apart = capture_recapture({("a", "1"), ("b", "2"), ("c", "3")})
    assert apart.multi_source is None and "no overlap" in (apart.note or "")
