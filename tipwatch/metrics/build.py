"""Assemble the coverage report: every coverage-bias metric per country, from the store.

`build_report(session, today=...)` loads the facts once and hands them to `report_from_facts`
(pure, testable without a database), which fills the `CountryReport` of every country with a
monitored outlet or a case jurisdiction. Definitions: docs/metrics.md ("The coverage report").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from tipwatch.coverage import country_name, population
from tipwatch.metrics.effort import (
    ArticleFact,
    PerpetratorFact,
    RunFact,
    SourceFact,
    effort_table,
    load_articles,
    load_perpetrators,
    load_runs,
    load_sources,
    month_of,
    month_range,
    outlet_health,
)
from tipwatch.metrics.estimators import ASSUMPTIONS, capture_histories, chapman, loglinear_estimate
from tipwatch.metrics.language import UnsupportedSkip, language_table, load_unsupported_skips
from tipwatch.metrics.matching import (
    CaseReport,
    load_case_reports,
    match_cases,
    sightings,
    story_items,
)
from tipwatch.metrics.mix import (
    ILO_WALK_FREE_2022,
    case_type_mix,
    concentration,
    drift_by_group,
    goodness_of_fit,
    outlet_counts,
)
from tipwatch.metrics.origin import nationality_coverage, origin_matrix
from tipwatch.metrics.period import report_period
from tipwatch.metrics.provisional import provisional_caveat, provisional_counts
from tipwatch.metrics.report import CaptureRecapture, CountryReport, CoverageReport, DriftAlert
from tipwatch.metrics.source_health import (
    FetchFact,
    SkipFact,
    StoredFact,
    load_fetches,
    load_source_skips,
    load_stored,
    source_health,
)

# Above this many independent sources the 2^k table of capture histories gets too large to fit
# every candidate model quickly; beyond MAX_FULL_SEARCH only independence and single two-way
# interactions are tried, beyond MAX_SOURCES no log-linear estimate is made.
MAX_FULL_SEARCH = 5
MAX_SOURCES = 8

BIAS_CAVEATS: tuple[str, ...] = (
    "These are counts of news reports of prosecutions, not of trafficking: press freedom, the "
    "health of local newspapers and how fully courts are reported drive them as much as crime "
    "(a large, thriving press that reports court cases, as in India, yields more cases).",
    "Per-million rates and the origin matrix still reflect press size and monitoring effort: the "
    "top origin and top reporting country may simply be the most-monitored press.",
    "Sex trafficking is over-reported relative to forced labour (most forced labour is outside "
    "commercial sexual exploitation: ILO/Walk Free/IOM 2022); laws differ too (a country that "
    "does not criminalise forced labour prosecutes none), so a missing type may be a missing law.",
    "Shifts over time can come from funders, a new beat reporter, a change in law or outlets added "
    "to or dropped from the crawl, not from crime: a drift alert says the mix changed, not why.",
    "Case matching across outlets links shared perpetrator names: namesakes merge (lowering "
    "capture-recapture estimates), spelling variants and unnamed reports do not (raising them).",
)
CAPTURE_CAVEATS: tuple[str, ...] = (
    *(f"capture-recapture assumes {a}" for a in ASSUMPTIONS),
    "capture-recapture estimates are lower bounds when capture probabilities differ between "
    "cases (big, urban, sex-trafficking cases are reported more), which they do",
)
CAVEATS: tuple[str, ...] = (*BIAS_CAVEATS, *CAPTURE_CAVEATS)


def _shift(month: str, n: int) -> str:
    year, mon = (int(p) for p in month.split("-"))
    idx = year * 12 + (mon - 1) + n
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def drift_windows(today: date, months: int) -> tuple[list[str], list[str]]:
    """(window A, window B): B = the last `months` months up to today's, A = the `months` before."""
    current = month_of(today)
    b = month_range(_shift(current, -(months - 1)), current)
    a = month_range(_shift(current, -(2 * months - 1)), _shift(current, -months))
    return a, b


def _label(window: Sequence[str]) -> str:
    return f"{window[0]}..{window[-1]}"


def _group_facts(
    reports: Sequence[CaseReport], groups: Mapping[str, str]
) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Per case group: its case types (union over its reports) and its first month."""
    types: dict[str, set[str]] = {}
    first: dict[str, str] = {}
    for r in reports:
        g = groups[r.case_id]
        types.setdefault(g, set()).update(r.case_types)
        first[g] = min(first.get(g, r.month), r.month)
    return types, first


def drift_alerts(
    country: str,
    reports: Sequence[CaseReport],
    groups: Mapping[str, str],
    outlet_ids: Sequence[str],
    *,
    today: date,
    months: int,
) -> list[DriftAlert]:
    """Drift of the case-type mix of the country's cases and of each of its outlets.

    Country: each case group whose jurisdiction is the country once, in the month it was first
    reported. Outlet: each case group the outlet reported (any jurisdiction) once, in the month
    the outlet first reported it. A group with several case types contributes one record per type.
    """
    if months <= 0:
        return []
    win_a, win_b = drift_windows(today, months)
    window = {**{m: "a" for m in win_a}, **{m: "b" for m in win_b}}
    records: list[tuple[str, str, str]] = []
    types, _ = _group_facts(reports, groups)

    mine = [r for r in reports if r.case_country == country]
    _, first = _group_facts(mine, groups)
    for g, month in first.items():
        if month in window:
            records += [(f"country:{country}", window[month], t) for t in sorted(types[g])]
    for sid in outlet_ids:
        seen: dict[str, str] = {}
        for r in reports:
            if r.source_id == sid:
                g = groups[r.case_id]
                seen[g] = min(seen.get(g, r.month), r.month)
        for g, month in seen.items():
            if month in window:
                records += [(f"outlet:{sid}", window[month], t) for t in sorted(types[g])]
    results = drift_by_group(records, "a", "b")
    return [
        DriftAlert(group=grp, window_a=_label(win_a), window_b=_label(win_b), result=res)
        for grp, res in results.items()
    ]


def capture_recapture(sight: set[tuple[str, str]]) -> CaptureRecapture:
    """Estimate from one country's (outlet, case group) sightings, or say why there is none."""
    per_outlet: dict[str, set[str]] = {}
    for sid, g in sight:
        per_outlet.setdefault(sid, set()).add(g)
    outlets = sorted(per_outlet)
    observed = len({g for _, g in sight})
    k = len(outlets)
    if k == 0:
        return CaptureRecapture(outlets=0, observed_cases=0, note="no case reports")
    if k == 1:
        return CaptureRecapture(
            outlets=1,
            observed_cases=observed,
            note=(
                f"only one outlet ({outlets[0]}) reported cases here; "
                "needs two or more independent outlets"
            ),
        )
    if k == 2:
        s1, s2 = per_outlet[outlets[0]], per_outlet[outlets[1]]
        m = len(s1 & s2)
        if m == 0:
            return CaptureRecapture(
                outlets=2,
                observed_cases=observed,
                note="the two outlets share no case (no overlap): the unseen cases are unbounded",
            )
        return CaptureRecapture(
            outlets=2,
            observed_cases=observed,
            two_source=chapman(len(s1), len(s2), m),
            note=(
                f"Chapman estimate from {outlets[0]} and {outlets[1]} ({m} shared "
                f"case{'s' if m != 1 else ''}); prefer the log (Chao) interval for small overlaps"
            ),
        )
    if k > MAX_SOURCES:
        return CaptureRecapture(
            outlets=k,
            observed_cases=observed,
            note=(
                f"{k} outlets: too many sources for a log-linear model of the 2^{k} table "
                f"(limit {MAX_SOURCES}); pool outlets into fewer independent sources"
            ),
        )
    counts = capture_histories(sight, outlets)
    if not any(sum(h) >= 2 for h in counts):
        return CaptureRecapture(
            outlets=k,
            observed_cases=observed,
            note=f"the {k} outlets share no case (no overlap): the unseen cases are unbounded",
        )
    models = None
    if k > MAX_FULL_SEARCH:
        pairs = [(i, j) for i in range(k) for j in range(i + 1, k)]
        models = [(), *[(p,) for p in pairs]]
    try:
        est = loglinear_estimate(counts, models=models)
    except ValueError as exc:
        return CaptureRecapture(
            outlets=k, observed_cases=observed, note=f"no log-linear estimate: {exc}"
        )
    lo = min(c.n_hat for c in est.candidates)
    hi = max(c.n_hat for c in est.candidates)
    return CaptureRecapture(
        outlets=k,
        observed_cases=observed,
        multi_source=est,
        note=(
            f"log-linear model chosen by AIC from {len(est.candidates)} candidates "
            f"(their estimates range {lo:.1f} to {hi:.1f}); the interval ignores model choice"
        ),
    )


def report_from_facts(
    sources: Sequence[SourceFact],
    runs: Sequence[RunFact],
    articles: Sequence[ArticleFact],
    perpetrators: Sequence[PerpetratorFact],
    skips: Sequence[UnsupportedSkip],
    reports: Sequence[CaseReport],
    *,
    today: date,
    drift_months: int = 3,
    populations: Mapping[str, int | None] | None = None,
    language_shares: Mapping[str, Mapping[str, float]] | None = None,
    generated_at: datetime | None = None,
    stored: Sequence[StoredFact] = (),
    source_skips: Sequence[SkipFact] = (),
    fetches: Sequence[FetchFact] = (),
) -> CoverageReport:
    """The report from loaded facts, over the report period (`metrics.period.report_period`):
    case reports, perpetrators and effort months outside it are left out (and the articles
    outside it counted in `report.period`). `populations` and `language_shares` override
    GeoNames and CLDR (for tests). `stored`, `source_skips` and `fetches` feed the per-source
    health."""
    period = report_period(runs, articles, today=today)
    reports = [r for r in reports if period.contains(r.month)]
    perpetrators = [p for p in perpetrators if period.contains(p.month)]
    effort = effort_table(
        sources,
        runs,
        articles,
        perpetrators,
        today=today,
        months=month_range(period.start, period.end),
        populations=populations,
    )
    outlets = outlet_health(sources, runs, articles, today=today)
    if language_shares is None:
        lang_rows = language_table(sources, skips)
    else:
        shares = language_shares
        lang_rows = language_table(sources, skips, shares_for=lambda c: shares.get(c, {}))
    languages = {row.country: row for row in lang_rows}
    groups = match_cases(reports)
    sight = sightings(reports, groups)

    countries = sorted({r.country for r in effort} | set(languages))
    out: list[CountryReport] = []
    for c in countries:
        months = [r for r in effort if r.country == c]
        mine = [r for r in reports if r.case_country == c]
        conc = concentration(outlet_counts(story_items(mine), "first")) if mine else None
        types, _ = _group_facts(mine, groups)
        counts = Counter(t for ts in types.values() for t in ts)
        mix = case_type_mix(counts) if counts else None
        fit = None
        if any(counts.get(t, 0) for t in ILO_WALK_FREE_2022.shares):
            fit = goodness_of_fit(counts, ILO_WALK_FREE_2022)
        country_outlets = [o for o in outlets if o.country == c]
        pop = populations.get(c) if populations is not None else population(c)
        out.append(
            CountryReport(
                country=c,
                country_name=country_name(c),
                population=pop,
                months=months,
                latest=next((r for r in months if r.month == period.end), None),
                outlets=country_outlets,
                language=languages.get(c),
                concentration=conc,
                mix=mix,
                mix_vs_reference=fit,
                drift=drift_alerts(
                    c,
                    reports,
                    groups,
                    [o.source_id for o in country_outlets],
                    today=today,
                    months=drift_months,
                ),
                capture_recapture=capture_recapture(sight.get(c, set())),
            )
        )
    return CoverageReport(
        generated_at=generated_at or datetime.now(UTC),
        today=today,
        countries=out,
        origin=origin_matrix(perpetrators),
        caveats=list(CAVEATS),
        period=period,
        nationality=nationality_coverage(perpetrators),
        source_health=source_health(
            sources, runs, stored, source_skips, today=today, fetches=fetches
        ),
    )


def build_report(session: Session, *, today: date, drift_months: int = 3) -> CoverageReport:
    """Every coverage-bias metric per country as of `today` (see `report_from_facts`), from
    the registry's outlets; provisional outlets are stated apart (`report.provisional` and a
    caveat), in no figure."""
    report = report_from_facts(
        load_sources(session),
        load_runs(session),
        load_articles(session),
        load_perpetrators(session),
        load_unsupported_skips(session),
        load_case_reports(session),
        today=today,
        drift_months=drift_months,
        stored=load_stored(session),
        source_skips=load_source_skips(session),
        fetches=load_fetches(session),
    )
    report.provisional = provisional_counts(session)
    if caveat := provisional_caveat(report.provisional):
        report.caveats.append(caveat)
    return report
