"""Plain-text rendering of the coverage report for the terminal (`tipwatch coverage`, the demo)."""

from __future__ import annotations

import math

from tipwatch.domain.rates import fmt_rate
from tipwatch.metrics.effort import OK
from tipwatch.metrics.report import CaptureRecapture, CountryReport, CoverageReport
from tipwatch.tables import render

ORIGIN_ROWS = 10


def _num(x: float, digits: int = 1) -> str:
    return "inf" if math.isinf(x) else f"{x:.{digits}f}"


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.0%}"


def status_text(c: CountryReport) -> str:
    return c.latest.coverage_status if c.latest is not None else "no current month"


def language_text(c: CountryReport) -> str:
    lang = c.language
    if lang is None:
        return "no monitored language"
    langs = ",".join(lang.monitored_languages) or "none"
    if lang.population_share_pct is None or lang.population_share_lower_pct is None:
        return f"{langs}: no CLDR data"
    lo, hi = lang.population_share_lower_pct, lang.population_share_pct
    share = f"{hi:.0f}%" if round(lo) == round(hi) else f"{lo:.0f}-{hi:.0f}%"
    return f"{langs}: {share} of population"


def concentration_text(c: CountryReport) -> str:
    k = c.concentration
    if k is None or k.top_outlet is None:
        return "no case reports"
    return (
        f"top outlet {k.top_outlet} {k.top_share:.0%} of {k.total:g} stories, "
        f"HHI {k.hhi:.2f}, effective outlets {k.effective_outlets:.1f} of {k.outlets}"
    )


def capture_text(cr: CaptureRecapture | None) -> str:
    if cr is None:
        return "not estimated"
    if cr.two_source is not None:
        e = cr.two_source
        return (
            f"N ~ {e.n_hat:.1f} cases ({e.observed} seen, n1={e.n1} n2={e.n2} m={e.m}; "
            f"{e.ci_log.level:.0%} Chao interval {_num(e.ci_log.low)}-{_num(e.ci_log.high)})"
        )
    if cr.multi_source is not None:
        m = cr.multi_source
        return (
            f"N ~ {m.selected.n_hat:.1f} cases ({m.observed} seen by {m.sources} outlets; "
            f"{m.ci.level:.0%} profile interval {_num(m.ci.low)}-{_num(m.ci.high)})"
        )
    return f"no estimate: {cr.note}" if cr.note else "no estimate"


def latest_text(c: CountryReport) -> str:
    r = c.latest
    if r is None:
        return "no row for the current month"
    rate = "n/a" if r.crawl_success_rate is None else f"{r.crawl_success_rate:.0%}"
    last = "never" if r.last_good_crawl is None else str(r.last_good_crawl)
    days = r.days_without_successful_crawl
    since = "" if days is None else f", {days} days ago"
    per_m = r.cases_in_jurisdiction_per_million
    head = f"{r.month}: {r.coverage_status.upper() if r.coverage_status != OK else 'ok'}"
    return (
        f"{head}; {r.outlets_monitored} outlets, {r.crawl_runs} crawl attempts "
        f"({r.successful_crawl_runs} ok, {rate}), last good crawl {last}{since}; "
        f"articles {r.shown('articles_fetched')}, case articles {r.shown('case_articles')}, "
        f"distinct cases {r.shown('distinct_cases')}, perpetrators "
        f"{r.shown('distinct_perpetrators')}, cases in jurisdiction "
        f"{r.shown('cases_in_jurisdiction')}"
        + ("" if per_m is None else f" ({fmt_rate(per_m)} per million)")
    )


def country_text(c: CountryReport) -> str:
    pop = "population unknown" if c.population is None else f"population {c.population:,}"
    lines = [f"== {c.country} {c.country_name} ({pop}) ==", f"Latest month  {latest_text(c)}"]
    if c.outlets:
        lines.append(
            render(
                ["outlet", "status", "crawls", "ok", "rate", "last good", "days since", "articles"],
                [
                    [
                        o.source_id,
                        o.coverage_status,
                        o.crawl_runs,
                        o.successful_crawl_runs,
                        _pct(o.crawl_success_rate),
                        o.last_good_crawl or "never",
                        ""
                        if o.days_without_successful_crawl is None
                        else o.days_without_successful_crawl,
                        o.articles_fetched,
                    ]
                    for o in c.outlets
                ],
            )
        )
    lang = language_text(c)
    if c.language is not None:
        unmonitored = ", ".join(
            f"{k} {v:.0f}%" for k, v in c.language.largest_unmonitored_languages.items()
        )
        if unmonitored:
            lang += f"; largest unmonitored: {unmonitored}"
        if c.language.skipped_unsupported_language:
            lang += f"; {c.language.skipped_unsupported_language} articles skipped (language)"
            if c.language.not_extracted_candidates:
                lang += (
                    f", {c.language.not_extracted_candidates} of them likely case reports in "
                    "the review queue (not extracted)"
                )
    lines.append(f"Languages     {lang}")
    lines.append(f"Concentration {concentration_text(c)}")
    if c.mix is not None:
        lines.append(
            f"Case-type mix (n={c.mix.n} case-type mentions over distinct cases, "
            f"{c.mix.level:.0%} simultaneous intervals, Goodman 1965):"
        )
        lines.append(
            render(
                ["type", "count", "share", "interval"],
                [
                    [s.category, s.count, f"{s.share:.0%}", f"{s.low:.0%}-{s.high:.0%}"]
                    for s in c.mix.shares
                    if s.count or s.category in ("sex", "labour")
                ],
            )
        )
    else:
        lines.append("Case-type mix no typed cases")
    if c.mix_vs_reference is not None:
        f = c.mix_vs_reference
        lines.append(
            f"  vs {f.reference}: X2={f.statistic:.2f}, df={f.df}, p={f.p_value:.3g} ({f.method}); "
            "an approximate external reference of victims, not of prosecutions"
        )
    lines.append(f"Capture-recapture {capture_text(c.capture_recapture)}")
    cr = c.capture_recapture
    if cr is not None and cr.note and (cr.two_source or cr.multi_source):
        lines.append(f"  {cr.note}")
    if c.drift:
        d0 = c.drift[0]
        lines.append(f"Drift of the case-type mix, {d0.window_a} vs {d0.window_b}:")
        lines.append(
            render(
                ["group", "cases A", "cases B", "largest shift", "p", "ALERT", "why"],
                [
                    [
                        d.group,
                        sum(d.result.counts_a),
                        sum(d.result.counts_b),
                        d.result.largest_shift or "",
                        f"{d.result.p_value:.3g}",
                        "ALERT" if d.result.alert else "no",
                        d.result.reason,
                    ]
                    for d in c.drift
                ],
            )
        )
    else:
        lines.append("Drift         no cases in the drift windows")
    return "\n".join(lines)


def report_text(report: CoverageReport) -> str:
    """The whole report: each country, the origin matrix (top rows) and the caveats."""
    parts = [f"Coverage bias as of {report.today} (every count above reads against these):"]
    if report.period is not None:
        head = f"Report period {report.period.start} to {report.period.end}"
        note = report.period.note()
        parts.append(head + (f": {note}" if note else ""))
    parts += [country_text(c) for c in report.countries]
    if report.origin:
        more = len(report.origin) - ORIGIN_ROWS
        parts.append(
            "Origin vs reporting (distinct perpetrators):\n"
            + render(
                ["nationality", "case country", "published in", "perpetrators"],
                [
                    [o.nationality, o.case_country, o.publication_country, o.perpetrators]
                    for o in report.origin[:ORIGIN_ROWS]
                ],
            )
            + (f"\n... {more} more rows in --json" if more > 0 else "")
            + (f"\n{report.nationality.sentence()}" if report.nationality is not None else "")
        )
    flagged = [h for h in report.source_health if h.flag]
    if flagged:
        parts.append(
            "Outlets flagged (per-source health, last weeks):\n"
            + "\n".join(
                f"- {h.source_id} ({h.country}): {h.flag}: {h.flag_reason}" for h in flagged
            )
        )
    parts.append(caveats_text(report))
    return "\n\n".join(parts)


def caveats_text(report: CoverageReport) -> str:
    return "Caveats:\n" + "\n".join(f"- {c}" for c in report.caveats)


def bias_summary_text(report: CoverageReport) -> str:
    """One line per country: latest status, language coverage, top-outlet share, capture."""
    return render(
        ["country", "this month", "languages", "top outlet", "capture-recapture"],
        [
            [
                f"{c.country} {c.country_name}",
                status_text(c),
                language_text(c),
                "n/a"
                if c.concentration is None or c.concentration.top_outlet is None
                else f"{c.concentration.top_outlet} {c.concentration.top_share:.0%}",
                capture_text(c.capture_recapture),
            ]
            for c in report.countries
        ],
    )
