"""Known-answer tests of the effort and yield metrics: expected values are computed by hand in
the comments from the constructed data, on plain facts (the maths) and on the store (the SQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.factories import make_article, make_extraction
from tipwatch.metrics.effort import (
    INSUFFICIENT,
    NOT_MONITORED,
    OK,
    ArticleFact,
    CountryMonthEffort,
    PerpetratorFact,
    RunFact,
    SourceFact,
    SourceRunOutcome,
    country_month_effort,
    crawl_health,
    effort_table,
    month_range,
    normalise_name,
    outlet_crawl_health,
    source_run_outcomes,
)
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

FEB, MAR = "2026-02", "2026-03"


def _run(run_id: int, day: date, status: str, sids: list[str], found: dict[str, int]) -> RunFact:
    started = datetime(day.year, day.month, day.day, 6, tzinfo=UTC)
    return RunFact(run_id, started, status, tuple(sids), found)


# --- pure functions ----------------------------------------------------------------------------


def test_helpers() -> None:
    assert month_range("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert month_range("2026-03", "2026-02") == []
    assert normalise_name("  José   PÉREZ ") == normalise_name("jose perez") == "jose perez"


def test_runs_are_attributed_per_source() -> None:
    runs = [
        _run(1, date(2026, 2, 10), "ok", ["a", "b"], {"a": 3, "b": 0}),
        _run(2, date(2026, 2, 11), "failed", ["a"], {"a": 9}),  # failed despite discoveries
        _run(3, date(2026, 2, 12), "assertion_failed", ["b"], {"b": 2}),
        _run(4, date(2026, 2, 13), "running", ["a"], {}),  # not an attempt yet
        _run(5, date(2026, 2, 14), "ok", ["c"], {}),  # no discovered_by_source entry: failed
    ]
    got = {(o.run_id, o.source_id): o.ok for o in source_run_outcomes(runs)}
    assert got == {
        (1, "a"): True,
        (1, "b"): False,
        (2, "a"): False,
        (3, "b"): False,
        (5, "c"): False,
    }


def test_crawl_health_window_and_staleness() -> None:
    d = date
    outcomes = [
        SourceRunOutcome("s", 1, d(2026, 2, 20), True),
        SourceRunOutcome("s", 2, d(2026, 3, 1), True),
        SourceRunOutcome("s", 3, d(2026, 3, 5), False),
        SourceRunOutcome("s", 4, d(2026, 3, 10), True),
        SourceRunOutcome("s", 5, d(2026, 3, 20), False),
        SourceRunOutcome("s", 6, d(2026, 4, 2), True),  # after `end`: ignored
        SourceRunOutcome("other", 7, d(2026, 3, 30), True),  # another source: ignored
    ]
    h = crawl_health(outcomes, ["s"], start=d(2026, 3, 1), end=d(2026, 3, 31))
    # March: runs 2,3,4,5 -> 4 attempts, 2 ok; last good 10 March, 21 days before 31 March;
    # the latest March run (5) failed, so every source run in March is failing now.
    assert (h.runs, h.successful_runs, h.success_rate) == (4, 2, 0.5)
    assert h.last_good_crawl == d(2026, 3, 10)
    assert h.days_without_successful_crawl == 21
    assert h.latest_runs_all_failed is True

    # No run at all in January: no rate, and no good crawl before then either.
    h = crawl_health(outcomes, ["s"], start=d(2026, 1, 1), end=d(2026, 1, 31))
    assert (h.runs, h.success_rate, h.last_good_crawl, h.latest_runs_all_failed) == (
        0,
        None,
        None,
        False,
    )


SOURCES = [
    SourceFact("in-a", "IN", ("en", "hi")),
    SourceFact("in-b", "IN", ("en",)),
    SourceFact("ng-a", "NG", ("en",)),
]
RUNS = [
    _run(1, date(2026, 2, 10), "ok", ["in-a", "in-b", "ng-a"], {"in-a": 3, "in-b": 0, "ng-a": 2}),
    _run(2, date(2026, 3, 2), "ok", ["in-a", "in-b"], {"in-a": 1, "in-b": 4}),
    _run(3, date(2026, 3, 9), "failed", ["in-a", "in-b", "ng-a"], {}),
    _run(4, date(2026, 3, 20), "ok", ["ng-a"], {"ng-a": 5}),  # after today
    _run(5, date(2026, 3, 12), "running", ["ng-a"], {}),
]


def _art(aid: str, sid: str, month: str, lang: str, cluster: str | None, case: str | None,
         case_country: str | None = None) -> ArticleFact:  # fmt: skip
    return ArticleFact(aid, sid, sid[:2].upper(), month, lang, cluster, case, case_country)


ARTICLES = [
    _art("a1", "in-a", FEB, "en", "c1", "k1", "IN"),
    _art("a2", "in-b", FEB, "en", "c1", "k2", "IN"),  # syndicated copy of a1
    _art("a3", "in-a", FEB, "hi", "a3", None),
    _art("a4", "in-a", MAR, "hi", None, "k4", "IN"),
    _art("a5", "ng-a", FEB, "en", "a5", "k5", "GH"),  # Nigerian outlet, Ghanaian case
    _art("a6", "ng-a", MAR, "en", "a6", None),
]
PERPS = [
    PerpetratorFact("Asha Pillai", None, "IN", "IN", "IN", FEB),
    PerpetratorFact("asha  pillai", None, "IN", "IN", "IN", FEB),  # same person, other outlet
    PerpetratorFact("Ravi Menon", None, "IN", "IN", "IN", FEB),
    PerpetratorFact("Ravi Menon", None, "IN", "IN", "IN", MAR),
    PerpetratorFact("Kwame Mensah", "GH", "GH", "NG", "NG", FEB),
]


def _table() -> dict[tuple[str, str], CountryMonthEffort]:
    rows = effort_table(
        SOURCES,
        RUNS,
        ARTICLES,
        PERPS,
        today=date(2026, 3, 15),
        populations={"IN": 2_000_000, "NG": 500_000, "GH": None},
    )
    return {(r.country, r.month): r for r in rows}


def test_effort_table_known_answers() -> None:
    t = _table()
    # Months from the earliest fact (Feb) to today's month (Mar); GH only as a jurisdiction.
    assert sorted(t) == [(c, m) for c in ("GH", "IN", "NG") for m in (FEB, MAR)]

    feb = t["IN", FEB]
    # Run 1: in-a ok (3 found), in-b failed (0 found) -> 1 of 2; staleness at 28 Feb: 18 days.
    assert (feb.outlets_monitored, feb.crawl_runs, feb.successful_crawl_runs) == (2, 2, 1)
    assert feb.crawl_success_rate == 0.5
    assert (feb.last_good_crawl, feb.days_without_successful_crawl) == (date(2026, 2, 10), 18)
    # a1, a2, a3; a1 and a2 are one cluster; Asha Pillai twice + Ravi Menon = 2 people.
    assert (feb.articles_fetched, feb.articles_by_language) == (3, {"en": 2, "hi": 1})
    assert (feb.case_articles, feb.distinct_cases, feb.distinct_perpetrators) == (2, 1, 2)
    assert feb.cases_in_jurisdiction == 1
    # Per million of 2,000,000 people: 2 -> 1.0, 1 -> 0.5.
    assert feb.case_articles_per_million == 1.0
    assert feb.distinct_cases_per_million == 0.5
    assert feb.distinct_perpetrators_per_million == 1.0
    assert feb.cases_in_jurisdiction_per_million == 0.5
    assert feb.coverage_status == OK

    mar = t["IN", MAR]
    # Runs 2 (2 ok) and 3 (2 failed) up to today 15 March; both outlets' latest run failed.
    assert (mar.crawl_runs, mar.successful_crawl_runs, mar.crawl_success_rate) == (4, 2, 0.5)
    assert (mar.last_good_crawl, mar.days_without_successful_crawl) == (date(2026, 3, 2), 13)
    assert (mar.articles_fetched, mar.case_articles, mar.distinct_cases) == (1, 1, 1)
    assert mar.distinct_perpetrators == 1
    assert mar.coverage_status == INSUFFICIENT

    ng_feb, ng_mar = t["NG", FEB], t["NG", MAR]
    assert (ng_feb.crawl_runs, ng_feb.crawl_success_rate, ng_feb.coverage_status) == (1, 1.0, OK)
    assert (ng_feb.case_articles, ng_feb.distinct_perpetrators) == (1, 1)
    assert ng_feb.cases_in_jurisdiction == 0
    assert ng_feb.case_articles_per_million == 2.0  # 1 / 500,000 people
    # March: only run 3 (failed) counts (run 4 is after today, run 5 still running);
    # last good crawl 10 Feb, 33 days before 15 March.
    assert (ng_mar.crawl_runs, ng_mar.successful_crawl_runs, ng_mar.crawl_success_rate) == (
        1,
        0,
        0.0,
    )
    assert ng_mar.days_without_successful_crawl == 33
    assert ng_mar.coverage_status == INSUFFICIENT

    gh = t["GH", FEB]
    assert (gh.outlets_monitored, gh.crawl_runs, gh.crawl_success_rate) == (0, 0, None)
    assert (gh.cases_in_jurisdiction, gh.case_articles, gh.distinct_perpetrators) == (1, 0, 0)
    assert gh.cases_in_jurisdiction_per_million is None
    assert gh.coverage_status == NOT_MONITORED


def test_zero_under_failed_monitoring_is_not_shown_as_zero() -> None:
    t = _table()
    assert t["NG", MAR].shown("case_articles") == "insufficient coverage"
    assert t["GH", MAR].shown("case_articles") == "not monitored"
    assert t["IN", FEB].shown("case_articles") == "2"
    assert t["NG", FEB].shown("cases_in_jurisdiction") == "0"  # monitored fine: a real zero


def test_month_without_any_crawl_is_insufficient() -> None:
    rows = effort_table(SOURCES, RUNS, [], [], today=date(2026, 3, 15), months=["2026-01"])
    by = {r.country: r for r in rows}
    assert set(by) == {"IN", "NG"}
    assert by["IN"].crawl_runs == 0 and by["IN"].coverage_status == INSUFFICIENT
    assert by["IN"].last_good_crawl is None


# --- SQL layer on the store (SQLite and PostgreSQL) --------------------------------------------


def _add(
    store: Store,
    url: str,
    source: str,
    text: str,
    names: list[str],
    *,
    case_country: str | None,
    publish: date | None,
    fetched: datetime | None = None,
) -> str | None:
    ext = make_extraction(
        text,
        [(n, LegalStatus.ARRESTED) for n in names],
        country=case_country,
        is_case=bool(names),
    )
    art = make_article(url, text, source_id=source, country=source[:2].upper()).model_copy(
        update={"publish_date": publish, "fetched_at": fetched}
    )
    with store.session() as s:
        row, _ = save_article(s, art, ext)
        return save_extraction(s, row, ext)


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


STORY = (
    "Police in Kochi arrested Asha Pillai and Ravi Menon on Monday on charges of trafficking "
    "young women from the coastal villages, the district court heard on Tuesday afternoon."
)


def _fill(store: Store) -> None:
    _crawl(store, date(2026, 2, 10), "ok", ["in-a", "in-b", "ng-a"], {"in-a": 2, "ng-a": 1})
    _crawl(store, date(2026, 3, 3), "failed", ["ng-a"], {})
    names = ["Asha Pillai", "Ravi Menon"]
    _add(store, "u1", "in-a", STORY, names, case_country="IN", publish=date(2026, 2, 5))
    # The same story syndicated by the second Indian outlet: one near-duplicate cluster.
    _add(store, "u2", "in-b", STORY, names, case_country="IN", publish=date(2026, 2, 6))
    _add(
        store,
        "u3",
        "in-a",
        "A quiet day in the city council, which discussed road repairs at length.",
        [],
        case_country=None,
        publish=None,
        fetched=datetime(2026, 3, 4, 8, tzinfo=UTC),  # no publish date: month of fetch
    )
    _add(
        store,
        "u4",
        "ng-a",
        "Kwame Mensah was charged in Accra.",
        ["Kwame Mensah"],
        case_country="GH",
        publish=date(2026, 2, 20),
    )
    rejected = _add(
        store,
        "u5",
        "ng-a",
        "Emeka Obi was detained in Lagos.",
        ["Emeka Obi"],
        case_country="NG",
        publish=date(2026, 2, 21),
    )
    assert rejected is not None
    with store.session() as s:
        review_case(s, rejected, decision="rejected", user="ana")


def test_country_month_effort_on_the_store(store: Store) -> None:
    _fill(store)
    with store.session() as s:
        rows = country_month_effort(s, today=date(2026, 3, 10), months=[FEB, MAR])
    t = {(r.country, r.month): r for r in rows}
    assert sorted(t) == [(c, m) for c in ("GH", "IN", "NG") for m in (FEB, MAR)]

    feb = t["IN", FEB]
    # Run 1: in-a found 2 (ok), in-b found none (failed) -> 1 of 2.
    assert (feb.outlets_monitored, feb.crawl_runs, feb.successful_crawl_runs) == (2, 2, 1)
    assert (feb.articles_fetched, feb.case_articles, feb.distinct_cases) == (2, 2, 1)
    assert (feb.distinct_perpetrators, feb.cases_in_jurisdiction) == (2, 1)
    assert feb.coverage_status == OK
    mar = t["IN", MAR]
    # No crawl of Indian outlets in March; u3 counts in March by its fetch date.
    assert (mar.crawl_runs, mar.articles_fetched, mar.coverage_status) == (0, 1, INSUFFICIENT)
    assert (mar.last_good_crawl, mar.days_without_successful_crawl) == (date(2026, 2, 10), 28)

    ng_feb = t["NG", FEB]
    # u4 and u5 fetched; u5's case was rejected: 1 case article, 1 perpetrator.
    assert (ng_feb.articles_fetched, ng_feb.case_articles, ng_feb.distinct_perpetrators) == (
        2,
        1,
        1,
    )
    assert (ng_feb.cases_in_jurisdiction, ng_feb.coverage_status) == (0, OK)
    ng_mar = t["NG", MAR]
    assert (ng_mar.crawl_runs, ng_mar.crawl_success_rate, ng_mar.coverage_status) == (
        1,
        0.0,
        INSUFFICIENT,
    )
    gh = t["GH", FEB]
    assert (gh.cases_in_jurisdiction, gh.coverage_status) == (1, NOT_MONITORED)
    # Issue 16: 4 significant digits (was 4 decimals, which cut small rates to one digit).
    assert gh.population is not None and gh.cases_in_jurisdiction_per_million == float(
        f"{1 / gh.population * 1e6:.4g}"
    )


def test_outlet_crawl_health_on_the_store(store: Store) -> None:
    _fill(store)
    with store.session() as s:
        rows = {r.source_id: r for r in outlet_crawl_health(s, today=date(2026, 3, 10))}
    a, b, n = rows["in-a"], rows["in-b"], rows["ng-a"]
    assert (a.crawl_runs, a.crawl_success_rate, a.days_without_successful_crawl) == (1, 1.0, 28)
    assert (a.articles_fetched, a.coverage_status) == (2, OK)
    assert (b.crawl_runs, b.crawl_success_rate, b.last_good_crawl) == (1, 0.0, None)
    assert b.coverage_status == INSUFFICIENT
    # ng-a: ok on 10 Feb, failed on 3 March (its latest run) -> failing now.
    assert (n.crawl_runs, n.successful_crawl_runs, n.crawl_success_rate) == (2, 1, 0.5)
    assert (n.articles_fetched, n.coverage_status) == (2, INSUFFICIENT)


def test_crashed_runs_are_failed_attempts() -> None:
    # A run whose process was killed is marked "crashed" by the next run (under the run lock);
    # it was effort spent and lost, not no effort (tests/cli/test_run_concurrency.py kills one).
    runs = [
        _run(1, date(2026, 2, 10), "crashed", ["a"], {}),
        _run(2, date(2026, 2, 11), "ok", ["a"], {"a": 2}),
        _run(3, date(2026, 2, 12), "crashed", ["a"], {"a": 5}),
    ]
    outcomes = source_run_outcomes(runs)
    assert [(o.run_id, o.ok) for o in outcomes] == [(1, False), (2, True), (3, False)]
    h = crawl_health(outcomes, ["a"], start=date(2026, 2, 1), end=date(2026, 2, 28))
    assert (h.runs, h.successful_runs, h.latest_runs_all_failed) == (3, 1, True)
