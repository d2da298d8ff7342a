"""Constructed `CoverageReport`s for the dashboard tests: real models, computed with the real
metric functions where there is one (mix, fit, concentration, Chapman), no mocks."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tipwatch.metrics.effort import CountryMonthEffort, CoverageStatus, OutletHealth
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
from tipwatch.metrics.report import (
    CaptureRecapture,
    CountryReport,
    CoverageReport,
    DriftAlert,
)

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
