"""Constructed `CoverageReport`s for the dashboard tests: real models, computed with the real
metric functions where there is one (mix, fit, concentration, Chapman), no mocks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from tipwatch.metrics.build import report_from_facts
from tipwatch.metrics.effort import (
    ArticleFact,
    CountryMonthEffort,
    CoverageStatus,
    OutletHealth,
    PerpetratorFact,
    RunFact,
    SourceFact,
)
from tipwatch.metrics.estimators import chapman
from tipwatch.metrics.language import LanguageCoverageRow
from tipwatch.metrics.mix import (
    ILO_WALK_FREE_2022,
    case_type_mix,
    concentration,
    goodness_of_fit,
    mix_drift,
)
from tipwatch.metrics.origin import OriginCell
from tipwatch.metrics.period import shift_month
from tipwatch.metrics.report import (
    CaptureRecapture,
    CountryReport,
    CoverageReport,
    DriftAlert,
)
from tipwatch.metrics.source_health import SkipFact, StoredFact

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
MONTHS = ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]


def month_row(
    country: str,
    name: str,
    month: str,
    *,
    pop: int | None,
    case_articles: int,
    status: CoverageStatus = "ok",
    outlets: int = 2,
) -> CountryMonthEffort:
    pm = round(case_articles / pop * 1e6, 4) if pop else None
    return CountryMonthEffort(
        country=country,
        country_name=name,
        month=month,
        population=pop,
        outlets_monitored=outlets,
        crawl_runs=4,
        successful_crawl_runs=4 if status == "ok" else 0,
        crawl_success_rate=1.0 if status == "ok" else 0.0,
        last_good_crawl=None,
        days_without_successful_crawl=None,
        articles_fetched=40,
        articles_by_language={"en": 40},
        case_articles=case_articles,
        distinct_cases=case_articles,
        distinct_perpetrators=case_articles,
        cases_in_jurisdiction=case_articles,
        case_articles_per_million=pm,
        distinct_cases_per_million=pm,
        distinct_perpetrators_per_million=pm,
        cases_in_jurisdiction_per_million=pm,
        coverage_status=status,
    )


def country(
    code: str,
    name: str,
    pop: int | None,
    counts: list[int],
    statuses: list[CoverageStatus] | None = None,
    *,
    outlet: str = "lagos-daily",
    langs: tuple[str, ...] = ("en",),
    share: tuple[float, float] | None = (50.0, 90.0),
    full: bool = True,
) -> CountryReport:
    statuses = statuses or ["ok"] * len(counts)
    outlets = 0 if all(s == "not monitored" for s in statuses) else 2
    months = [
        month_row(code, name, m, pop=pop, case_articles=n, status=s, outlets=outlets)
        for m, n, s in zip(MONTHS, counts, statuses, strict=False)
    ]
    report = CountryReport(
        country=code,
        country_name=name,
        population=pop,
        months=months,
        latest=months[-1] if months else None,
        outlets=[
            OutletHealth(
                source_id=outlet,
                country=code,
                languages=list(langs),
                crawl_runs=4,
                successful_crawl_runs=4,
                crawl_success_rate=1.0,
                last_good_crawl=date(2024, 6, 1),
                days_without_successful_crawl=0,
                articles_fetched=40,
                coverage_status="ok",
            )
        ]
        if outlets
        else [],
        language=LanguageCoverageRow(
            country=code,
            country_name=name,
            monitored_languages=list(langs),
            cldr_data=share is not None,
            population_share_pct=share[1] if share else None,
            population_share_lower_pct=share[0] if share else None,
            largest_unmonitored_languages={},
            skipped_unsupported_language=0,
            skipped_by_language={},
        ),
    )
    if not full:
        return report
    mix_counts = {"sex": 14, "labour": 5, "child": 3, "smuggling": 2}
    report.concentration = concentration({outlet: 14.0, "other-paper": 6.0, "third": 2.0})
    report.mix = case_type_mix(mix_counts)
    report.mix_vs_reference = goodness_of_fit(mix_counts, ILO_WALK_FREE_2022, monte_carlo=500)
    report.capture_recapture = CaptureRecapture(
        outlets=2,
        observed_cases=24,
        two_source=chapman(14, 16, 6),
        note="Outlets may not be independent.",
    )
    report.drift = [
        DriftAlert(
            group=f"country:{code}",
            window_a="2024-01..2024-03",
            window_b="2024-04..2024-06",
            result=mix_drift({"sex": 40, "labour": 5}, {"sex": 12, "labour": 33}),
        ),
        DriftAlert(
            group=f"outlet:{outlet}",
            window_a="2024-01..2024-03",
            window_b="2024-04..2024-06",
            result=mix_drift({"sex": 4, "labour": 1}, {"sex": 2, "labour": 3}),
        ),
    ]
    return report


def demo_report(*, xss: bool = False) -> CoverageReport:
    """Four countries: ok, partly insufficient, failed monitoring (a zero that is no zero),
    not monitored; an origin matrix with an unknown row; XSS payloads in names when asked."""
    evil = f"Evil {SCRIPT} {IMG}" if xss else "Ghana"
    outlet = f"src{SCRIPT}" if xss else "lagos-daily"
    return CoverageReport(
        generated_at=datetime(2024, 6, 20, 12, 0, tzinfo=UTC),
        today=date(2024, 6, 20),
        countries=[
            country("NG", "Nigeria", 218_000_000, [8, 12, 9, 15, 11, 7], outlet=outlet),
            country(
                "GH",
                evil,
                33_000_000,
                [3, 0, 2, 4, 0, 5],
                ["ok", "insufficient coverage", "ok", "ok", "insufficient coverage", "ok"],
                outlet="accra-times",
            ),
            country(
                "KE",
                "Kenya",
                54_000_000,
                [0, 0, 0, 0, 0, 0],
                ["insufficient coverage"] * 6,
                langs=("en", "sw"),
                share=(60.0, 100.0),
                full=False,
            ),
            country("TD", "Chad", None, [0] * 6, ["not monitored"] * 6, share=None, full=False),
        ],
        origin=[
            OriginCell(
                nationality="NG", case_country="NG", publication_country="NG", perpetrators=30
            ),
            OriginCell(
                nationality="NG", case_country="GH", publication_country="GH", perpetrators=4
            ),
            OriginCell(
                nationality="GH", case_country="GH", publication_country="GH", perpetrators=9
            ),
            OriginCell(
                nationality="CN", case_country="NG", publication_country="NG", perpetrators=2
            ),
            OriginCell(
                nationality="unknown", case_country="NG", publication_country="NG", perpetrators=12
            ),
            OriginCell(
                nationality="unknown",
                case_country="unknown",
                publication_country="GH",
                perpetrators=3,
            ),
        ],
        caveats=[
            "Counts are of news reports of prosecutions, not of crimes.",
            f"Caveat with markup {SCRIPT}" if xss else "Population figures are GeoNames estimates.",
        ],
    )


# --- issue 16: the numbers that made the dashboard misleading ---------------------------------

ISSUE16_TODAY = date(2026, 6, 20)
# India's population chosen so that its 6 case articles in the period are 0.0044 per million.
ISSUE16_POPULATIONS: dict[str, int | None] = {"IN": 1_363_636_364, "LK": 22_000_000}
IN_CASE_MONTHS = ["2026-01", "2026-02", "2026-04", "2026-04", "2026-05", "2026-06"]
BACKFILL = 250  # Sri Lankan case reports dated 2001..2024, fetched this month


def issue16_facts() -> dict[str, Any]:
    """Facts for `report_from_facts`: India (two outlets, one of which stopped yielding
    articles in the last week; no crawl of Indian outlets in March, so March is insufficient),
    Sri Lanka (one live case report and a backfill of 250 old ones), 63 named perpetrators of
    whom 3 have a nationality."""
    today = ISSUE16_TODAY
    sources = [
        SourceFact("in-hindu", "IN", ("en",)),
        SourceFact("in-wire", "IN", ("en",)),
        SourceFact("lk-daily", "LK", ("en", "si")),
    ]
    runs: list[RunFact] = []
    day = date(2026, 1, 2)
    n = 0
    while day <= today:
        n += 1
        ids = ["lk-daily"] if day.month == 3 else ["in-hindu", "in-wire", "lk-daily"]
        found = {"in-hindu": 5, "in-wire": 0 if (today - day).days < 7 else 4, "lk-daily": 3}
        runs.append(
            RunFact(
                run_id=n,
                started_at=datetime(day.year, day.month, day.day, 6, tzinfo=UTC),
                status="ok",
                source_ids=tuple(ids),
                discovered_by_source={k: v for k, v in found.items() if k in ids},
            )
        )
        day += timedelta(days=7)
    articles: list[ArticleFact] = []
    for i, month in enumerate(IN_CASE_MONTHS):
        articles.append(
            ArticleFact(f"in{i}", "in-hindu", "IN", month, "en", None, f"k-in{i}", "IN", month)
        )
    articles.append(ArticleFact("lk0", "lk-daily", "LK", "2026-05", "en", None, "k-lk0", "LK"))
    for i in range(BACKFILL):
        month = shift_month("2001-01", i * 288 // BACKFILL)  # 2001-01 .. 2024-12
        articles.append(
            ArticleFact(f"bf{i}", "lk-daily", "LK", month, "en", None, f"k-bf{i}", "LK", "2026-06")
        )
    stored = [
        StoredFact(sid, today - timedelta(days=7 * w + 1))
        for w in range(8)
        for sid in ("in-hindu", "in-wire", "lk-daily")
        if not (sid == "in-wire" and w == 0)  # nothing from in-wire in the last seven days
    ]
    skips = [SkipFact("in-wire", today - timedelta(days=2), "http_403") for _ in range(4)]
    perpetrators = [
        PerpetratorFact(
            name=f"Person {i}",
            nationality="IN" if i < 3 else None,
            case_country="IN",
            publication_country="IN",
            source_country="IN",
            month=IN_CASE_MONTHS[i % len(IN_CASE_MONTHS)],
        )
        for i in range(63)
    ]
    return {
        "sources": sources,
        "runs": runs,
        "articles": articles,
        "perpetrators": perpetrators,
        "skips": [],
        "reports": [],
        "today": today,
        "populations": ISSUE16_POPULATIONS,
        "language_shares": {"IN": {"en": 19.0, "hi": 41.0}, "LK": {"si": 74.0, "en": 10.0}},
        "generated_at": datetime(2026, 6, 20, 12, tzinfo=UTC),
        "stored": stored,
        "source_skips": skips,
    }


def issue16_report() -> CoverageReport:
    return report_from_facts(**issue16_facts())


def issue16_type_months() -> dict[str, dict[tuple[str, str], int]]:
    """India's cases per month by type (what `dashboard.case_type_months` reads from a store)."""
    counts: dict[tuple[str, str], int] = {}
    for month in IN_CASE_MONTHS:
        counts[("sex", month)] = counts.get(("sex", month), 0) + 1
    return {"IN": counts, "LK": {("labour", "2026-05"): 1}}
