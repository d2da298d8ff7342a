"""The coverage dashboard's view model: the report plus the charts drawn from it.

`CoverageReport` carries no monthly counts per case type, so `case_type_months` reads them from
the store (non-rejected cases by jurisdiction, syndicated copies counted once, the same month
rule as the effort metrics: publish date, else fetch date, else store date).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipwatch.metrics.effort import month_of
from tipwatch.metrics.matching import CASE_TYPE_OF_CHARGE as CASE_TYPE_OF
from tipwatch.metrics.origin import NationalityCoverage
from tipwatch.metrics.report import CountryReport, CoverageReport
from tipwatch.review_ui import charts
from tipwatch.store.models import ArticleRow, CaseRow
from tipwatch.store.visibility import visible_case

CaseTypeMonths = dict[str, dict[tuple[str, str], int]]  # country -> (case type, month) -> n


def case_type_months(session: Session) -> CaseTypeMonths:
    stmt = (
        select(
            CaseRow.country,
            CaseRow.charge_categories,
            ArticleRow.id,
            ArticleRow.cluster_id,
            ArticleRow.publish_date,
            ArticleRow.fetched_at,
            ArticleRow.created_at,
        )
        .join(ArticleRow, ArticleRow.id == CaseRow.article_id)
        .where(visible_case())
    )
    seen: dict[tuple[str, str, str], set[str]] = {}
    for country, cats, aid, cluster, pub, fetched, created in session.execute(stmt).all():
        if not country:
            continue
        month = month_of(pub or fetched or created)
        for t in {CASE_TYPE_OF[c] for c in (cats or []) if c in CASE_TYPE_OF}:
            seen.setdefault((country, t, month), set()).add(cluster or aid)
    out: CaseTypeMonths = {}
    for (country, t, month), stories in seen.items():
        out.setdefault(country, {})[(t, month)] = len(stories)
    return out


def pick_country(report: CoverageReport, wanted: str) -> CountryReport | None:
    """The requested country if it is in the report, else the top of the ranking."""
    by_code = {c.country: c for c in report.countries}
    if wanted in by_code:
        return by_code[wanted]
    for row in charts.bar_rows(report.countries):
        return by_code[row.country]
    return None


def nationality_of(report: CoverageReport, hm: charts.Heatmap) -> NationalityCoverage:
    """The report's count of people with a known nationality; for a report without one, the
    matrix's own counts (perpetrator entries, not distinct people)."""
    if report.nationality is not None:
        return report.nationality
    total = sum(c.perpetrators for c in report.origin)
    return NationalityCoverage(
        people=total,
        nationality_known=total - hm.unknown_nationality,
        case_country_unknown=hm.unknown_case_country,
    )


def dashboard_context(
    report: CoverageReport, counts: Mapping[str, Mapping[tuple[str, str], int]], wanted: str
) -> dict[str, Any]:
    rows = charts.bar_rows(report.countries)
    hm = charts.heatmap(report.origin)
    ctx: dict[str, Any] = {
        "report": report,
        "bar_rows": rows,
        "ranked_svg": charts.ranked_bars(rows),
        "heatmap": hm,
        "nationality": nationality_of(report, hm),
        "period_note": report.period.note() if report.period is not None else None,
        "health": report.source_health,
        "health_svg": charts.health_chart(report.source_health) if report.source_health else None,
        "selected": None,
    }
    country = pick_country(report, wanted)
    if country is None:
        return ctx
    series = charts.series_for(country, counts.get(country.country, {}))
    mix = mix_rows = None
    if country.mix is not None and country.mix.n:
        mix_rows = charts.mix_rows(country.mix, country.mix_vs_reference)
        mix = charts.mix_chart(mix_rows, level=country.mix.level)
    estimate = charts.estimate_of(country.capture_recapture) if country.capture_recapture else None
    conc = country.concentration
    ctx["selected"] = {
        "country": country,
        "series": series,
        "series_svg": charts.time_series(
            series, title=f"Cases per month by case type, {country.country_name}"
        ),
        "mix_rows": mix_rows,
        "mix_svg": mix,
        "estimate": estimate,
        "estimate_svg": charts.estimate_chart(estimate) if estimate else None,
        "top_share_svg": (
            charts.share_meter(conc.top_share, label="Top outlet's share", cid="meter-top")
            if conc is not None and conc.outlets
            else None
        ),
    }
    return ctx
