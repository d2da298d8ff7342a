"""Monitoring effort and yield per country and month, and crawl health per outlet.

A count of news-reported cases is only as good as the monitoring behind it, so each
country-month row carries the effort (outlets, crawl runs and their success, articles fetched)
beside the yield (case articles, distinct cases, distinct perpetrators, per million people), and
a `coverage_status` that says "insufficient coverage" where sources failed instead of letting a
zero pass for "no cases".

Three layers: `load_*` run SQL selects and return plain frozen dataclasses; the pure functions
(`source_run_outcomes`, `crawl_health`, `effort_table`, `outlet_health`) do the maths on them;
`CountryMonthEffort` and `OutletHealth` are the pydantic rows. Definitions and caveats:
docs/metrics-effort.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tipwatch.coverage import country_name, per_million, population
from tipwatch.store.models import (
    ArticleRow,
    CaseRow,
    CrawlRunRow,
    PerpetratorRow,
    SourceRow,
)
from tipwatch.store.provisional import counted_outlet
from tipwatch.store.visibility import visible_case

CoverageStatus = Literal["ok", "insufficient coverage", "not monitored"]
OK: CoverageStatus = "ok"
INSUFFICIENT: CoverageStatus = "insufficient coverage"
NOT_MONITORED: CoverageStatus = "not monitored"
UNKNOWN = "unknown"

# --- plain rows returned by the SQL layer ------------------------------------------------------


@dataclass(frozen=True)
class SourceFact:
    source_id: str
    country: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class RunFact:
    """One crawl run: which sources it covered and how many article URLs each yielded."""

    run_id: int
    started_at: datetime
    status: str
    source_ids: tuple[str, ...]
    discovered_by_source: Mapping[str, int]


@dataclass(frozen=True)
class ArticleFact:
    """One stored article with its outlet's country and, if it reports a case, that case."""

    article_id: str
    source_id: str
    source_country: str
    month: str  # YYYY-MM of the publish date, else the fetch date, else the store date
    language: str | None
    cluster_id: str | None
    case_id: str | None  # None when the article is no (non-rejected) case report
    case_country: str | None
    # YYYY-MM of the fetch date, else the store date (when tipwatch got it, never the publication
    # date): where the report period starts (tipwatch.metrics.period). None: unknown, use month.
    fetched_month: str | None = None


@dataclass(frozen=True)
class PerpetratorFact:
    """A perpetrator of a non-rejected case, with where and when the case was reported."""

    name: str
    nationality: str | None
    case_country: str | None
    publication_country: str
    source_country: str
    month: str


@dataclass(frozen=True)
class SourceRunOutcome:
    """A run attributed to one of its sources: ok = run status ok and ≥1 article discovered."""

    source_id: str
    run_id: int
    day: date
    ok: bool


# --- small helpers -----------------------------------------------------------------------------


def month_of(d: date | datetime) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of a YYYY-MM month."""
    year, mon = (int(p) for p in month.split("-"))
    first = date(year, mon, 1)
    nxt = date(year + 1, 1, 1) if mon == 12 else date(year, mon + 1, 1)
    return first, nxt - timedelta(days=1)


def month_range(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` inclusive (empty when first > last)."""
    out: list[str] = []
    start, _ = month_bounds(first)
    end, _ = month_bounds(last)
    d = start
    while d <= end:
        out.append(month_of(d))
        d = month_bounds(month_of(d))[1] + timedelta(days=1)
    return out


_SPACE = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Case-, accent- and whitespace-insensitive form of a person's name."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", stripped).strip().casefold()


def _article_month(publish: date | None, fetched: datetime | None, created: datetime) -> str:
    return month_of(publish or fetched or created)


# --- SQL layer ---------------------------------------------------------------------------------


def load_sources(session: Session) -> list[SourceFact]:
    rows = session.execute(
        select(SourceRow.id, SourceRow.country, SourceRow.languages)
        .where(counted_outlet())
        .order_by(SourceRow.id)
    ).all()
    return [SourceFact(sid, country, tuple(langs or ())) for sid, country, langs in rows]


def load_runs(session: Session) -> list[RunFact]:
    rows = session.execute(
        select(
            CrawlRunRow.id,
            CrawlRunRow.started_at,
            CrawlRunRow.status,
            CrawlRunRow.source_ids,
            CrawlRunRow.report,
        ).order_by(CrawlRunRow.id)
    ).all()
    out: list[RunFact] = []
    for run_id, started, status, source_ids, report in rows:
        by_source: dict[str, Any] = (report or {}).get("discovered_by_source") or {}
        out.append(
            RunFact(
                run_id=run_id,
                started_at=started,
                status=status,
                source_ids=tuple(source_ids or ()),
                discovered_by_source={str(k): int(v) for k, v in by_source.items()},
            )
        )
    return out


def load_articles(session: Session) -> list[ArticleFact]:
    """Every article, with its non-rejected case (if any) joined on."""
    stmt = (
        select(
            ArticleRow.id,
            ArticleRow.source_id,
            SourceRow.country,
            ArticleRow.publish_date,
            ArticleRow.fetched_at,
            ArticleRow.created_at,
            ArticleRow.language,
            ArticleRow.cluster_id,
            CaseRow.id,
            CaseRow.country,
        )
        .join(SourceRow, SourceRow.id == ArticleRow.source_id)
        .outerjoin(
            CaseRow,
            (CaseRow.article_id == ArticleRow.id) & visible_case(),
        )
        .where(counted_outlet())
        .order_by(ArticleRow.id)
    )
    return [
        ArticleFact(
            article_id=aid,
            source_id=sid,
            source_country=scountry,
            month=_article_month(pub, fetched, created),
            language=lang,
            cluster_id=cluster,
            case_id=case_id,
            case_country=case_country,
            fetched_month=month_of(fetched or created),
        )
        for aid, sid, scountry, pub, fetched, created, lang, cluster, case_id, case_country in (
            session.execute(stmt).all()
        )
    ]


def load_perpetrators(session: Session) -> list[PerpetratorFact]:
    """Perpetrators of non-rejected cases, with case and publication country and month."""
    stmt = (
        select(
            PerpetratorRow.name,
            PerpetratorRow.nationality,
            CaseRow.country,
            func.coalesce(ArticleRow.country_of_publication, SourceRow.country),
            SourceRow.country,
            ArticleRow.publish_date,
            ArticleRow.fetched_at,
            ArticleRow.created_at,
        )
        .join(CaseRow, CaseRow.id == PerpetratorRow.case_id)
        .join(ArticleRow, ArticleRow.id == CaseRow.article_id)
        .join(SourceRow, SourceRow.id == ArticleRow.source_id)
        .where(visible_case(), counted_outlet())
        .order_by(PerpetratorRow.id)
    )
    return [
        PerpetratorFact(
            name=name,
            nationality=nat,
            case_country=case_country,
            publication_country=pub_country,
            source_country=src_country,
            month=_article_month(pub, fetched, created),
        )
        for name, nat, case_country, pub_country, src_country, pub, fetched, created in (
            session.execute(stmt).all()
        )
    ]


# --- pure maths --------------------------------------------------------------------------------


def source_run_outcomes(runs: Iterable[RunFact]) -> list[SourceRunOutcome]:
    """Attribute each run to each of its `source_ids`.

    A source's crawl succeeded when the run's status is "ok" and the run discovered at least one
    article URL for that source (`report["discovered_by_source"]`): a run that finished but found
    nothing on a source's feeds is a silent failure for that source. Runs still "running" are not
    attempts yet, and runs the operator stopped ("interrupted", Ctrl-C) say nothing about the
    sources: both are left out. A run whose process died (killed, out of memory) is marked
    "crashed" by the next run (`tipwatch.store.repository.close_stale_runs`, under the run lock)
    and counts as a failed attempt like "failed" and "assertion_failed".
    """
    out: list[SourceRunOutcome] = []
    for run in runs:
        if run.status in ("running", "interrupted"):
            continue
        for sid in run.source_ids:
            ok = run.status == "ok" and run.discovered_by_source.get(sid, 0) >= 1
            out.append(SourceRunOutcome(sid, run.run_id, run.started_at.date(), ok))
    return out


@dataclass(frozen=True)
class CrawlHealth:
    runs: int
    successful_runs: int
    success_rate: float | None
    last_good_crawl: date | None
    days_without_successful_crawl: int | None
    latest_runs_all_failed: bool


def crawl_health(
    outcomes: Iterable[SourceRunOutcome],
    source_ids: Iterable[str],
    *,
    start: date | None,
    end: date,
) -> CrawlHealth:
    """Crawl health of a set of sources over [start, end] (start None: since the beginning).

    `runs` and `successful_runs` count (run, source) attempts inside the window. The last good
    crawl is looked up over all time up to `end`, and the days without a successful crawl are
    counted from it to `end`. `latest_runs_all_failed` is true when every source that was run in
    the window failed on its latest run there.
    """
    wanted = set(source_ids)
    mine = [o for o in outcomes if o.source_id in wanted and o.day <= end]
    window = [o for o in mine if start is None or o.day >= start]
    good = [o.day for o in mine if o.ok]
    last_good = max(good) if good else None
    latest: dict[str, SourceRunOutcome] = {}
    for o in sorted(window, key=lambda o: (o.day, o.run_id)):
        latest[o.source_id] = o
    successes = sum(1 for o in window if o.ok)
    return CrawlHealth(
        runs=len(window),
        successful_runs=successes,
        success_rate=round(successes / len(window), 4) if window else None,
        last_good_crawl=last_good,
        days_without_successful_crawl=(end - last_good).days if last_good else None,
        latest_runs_all_failed=bool(latest) and not any(o.ok for o in latest.values()),
    )


class CountryMonthEffort(BaseModel):
    """Monitoring effort and yield of one country in one month.

    Effort and `case_articles` / `distinct_cases` / `distinct_perpetrators` count by the
    outlet's country (what monitoring this country's press produced); `cases_in_jurisdiction`
    counts distinct cases whose jurisdiction is this country, reported by any outlet.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    country: str
    country_name: str
    month: str
    population: int | None
    outlets_monitored: int
    crawl_runs: int
    successful_crawl_runs: int
    crawl_success_rate: float | None
    last_good_crawl: date | None
    days_without_successful_crawl: int | None
    articles_fetched: int
    articles_by_language: dict[str, int]
    case_articles: int
    distinct_cases: int
    distinct_perpetrators: int
    cases_in_jurisdiction: int
    case_articles_per_million: float | None
    distinct_cases_per_million: float | None
    distinct_perpetrators_per_million: float | None
    cases_in_jurisdiction_per_million: float | None
    coverage_status: CoverageStatus

    def shown(self, field: str) -> str:
        """A count as it should be displayed: a zero under failed monitoring is not a zero."""
        value = getattr(self, field)
        if value == 0 and self.coverage_status != OK:
            return self.coverage_status
        return "" if value is None else str(value)


class OutletHealth(BaseModel):
    """Crawl health of one outlet over all time, as of `today`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source_id: str
    country: str
    languages: list[str]
    crawl_runs: int
    successful_crawl_runs: int
    crawl_success_rate: float | None
    last_good_crawl: date | None
    days_without_successful_crawl: int | None
    articles_fetched: int
    coverage_status: CoverageStatus


def coverage_status(outlets: int, health: CrawlHealth) -> CoverageStatus:
    """not monitored: no outlet; insufficient: no successful crawl in the period, or every
    outlet run in the period failed on its latest run; otherwise ok."""
    if outlets == 0:
        return NOT_MONITORED
    if health.successful_runs == 0 or health.latest_runs_all_failed:
        return INSUFFICIENT
    return OK


def _distinct_cases(articles: Iterable[ArticleFact]) -> int:
    """Case articles with near-duplicate clusters counted once."""
    return len({a.cluster_id or a.article_id for a in articles if a.case_id is not None})


def effort_table(
    sources: Sequence[SourceFact],
    runs: Sequence[RunFact],
    articles: Sequence[ArticleFact],
    perpetrators: Sequence[PerpetratorFact],
    *,
    today: date,
    months: Sequence[str] | None = None,
    populations: Mapping[str, int | None] | None = None,
) -> list[CountryMonthEffort]:
    """One row per country x month, sorted by country then month.

    Countries: those with a monitored outlet or a case jurisdiction. Months: `months` if given,
    else every month from the earliest run or article to the month of `today` (so a month with no
    crawl at all shows up as insufficient coverage rather than being absent). Months after
    `today` are dropped. `populations` overrides the GeoNames figures (for tests).
    """
    outcomes = source_run_outcomes(runs)
    today_month = month_of(today)
    if months is None:
        seen = [month_of(o.day) for o in outcomes] + [a.month for a in articles]
        months = month_range(min([*seen, today_month]), today_month)
    months = [m for m in months if m <= today_month]

    by_country: dict[str, list[SourceFact]] = {}
    for s in sources:
        by_country.setdefault(s.country, []).append(s)
    countries = set(by_country) | {a.case_country for a in articles if a.case_country}

    rows: list[CountryMonthEffort] = []
    for country in sorted(countries):
        pop = populations.get(country) if populations is not None else population(country)
        outlets = by_country.get(country, [])
        sids = [s.source_id for s in outlets]
        for month in months:
            first, last = month_bounds(month)
            end = min(last, today)
            health = crawl_health(outcomes, sids, start=first, end=end)
            fetched = [a for a in articles if a.source_country == country and a.month == month]
            by_lang: dict[str, int] = {}
            for a in fetched:
                lang = a.language or UNKNOWN
                by_lang[lang] = by_lang.get(lang, 0) + 1
            case_articles = sum(1 for a in fetched if a.case_id is not None)
            distinct = _distinct_cases(fetched)
            perps = {
                (normalise_name(p.name), p.case_country)
                for p in perpetrators
                if p.source_country == country and p.month == month
            }
            in_jurisdiction = _distinct_cases(
                a for a in articles if a.case_country == country and a.month == month
            )
            rows.append(
                CountryMonthEffort(
                    country=country,
                    country_name=country_name(country),
                    month=month,
                    population=pop,
                    outlets_monitored=len(outlets),
                    crawl_runs=health.runs,
                    successful_crawl_runs=health.successful_runs,
                    crawl_success_rate=health.success_rate,
                    last_good_crawl=health.last_good_crawl,
                    days_without_successful_crawl=health.days_without_successful_crawl,
                    articles_fetched=len(fetched),
                    articles_by_language=dict(sorted(by_lang.items())),
                    case_articles=case_articles,
                    distinct_cases=distinct,
                    distinct_perpetrators=len(perps),
                    cases_in_jurisdiction=in_jurisdiction,
                    case_articles_per_million=per_million(case_articles, pop),
                    distinct_cases_per_million=per_million(distinct, pop),
                    distinct_perpetrators_per_million=per_million(len(perps), pop),
                    cases_in_jurisdiction_per_million=per_million(in_jurisdiction, pop),
                    coverage_status=coverage_status(len(outlets), health),
                )
            )
    return rows


def outlet_health(
    sources: Sequence[SourceFact],
    runs: Sequence[RunFact],
    articles: Sequence[ArticleFact],
    *,
    today: date,
) -> list[OutletHealth]:
    """One row per outlet, sorted by id: all-time crawl health as of `today`."""
    outcomes = source_run_outcomes(runs)
    rows: list[OutletHealth] = []
    for s in sorted(sources, key=lambda s: s.source_id):
        health = crawl_health(outcomes, [s.source_id], start=None, end=today)
        rows.append(
            OutletHealth(
                source_id=s.source_id,
                country=s.country,
                languages=list(s.languages),
                crawl_runs=health.runs,
                successful_crawl_runs=health.successful_runs,
                crawl_success_rate=health.success_rate,
                last_good_crawl=health.last_good_crawl,
                days_without_successful_crawl=health.days_without_successful_crawl,
                articles_fetched=sum(1 for a in articles if a.source_id == s.source_id),
                coverage_status=coverage_status(1, health),
            )
        )
    return rows


# --- entry points ------------------------------------------------------------------------------


def country_month_effort(
    session: Session, *, today: date, months: Sequence[str] | None = None
) -> list[CountryMonthEffort]:
    return effort_table(
        load_sources(session),
        load_runs(session),
        load_articles(session),
        load_perpetrators(session),
        today=today,
        months=months,
    )


def outlet_crawl_health(session: Session, *, today: date) -> list[OutletHealth]:
    return outlet_health(
        load_sources(session), load_runs(session), load_articles(session), today=today
    )
