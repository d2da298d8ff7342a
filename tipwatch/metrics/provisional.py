"""Provisional outlets in the coverage report: counted apart, stated, never in a rate.

Pages of hosts outside the registry that `ingest-warc` kept (`tipwatch.store.provisional`) are in
no figure of the report (outlet counts, concentration, capture-recapture, per-capita rates)
until an operator adopts the outlet; the report says how many there are, per inferred country.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tipwatch.coverage import country_name
from tipwatch.store.models import ArticleRow, CaseRow, SourceRow
from tipwatch.store.visibility import visible_case


class ProvisionalCount(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    country: str  # the outlets' inferred country (`tipwatch.records.UNKNOWN_COUNTRY`: none)
    country_name: str
    outlets: int
    articles: int
    case_articles: int


def provisional_counts(session: Session) -> list[ProvisionalCount]:
    """Provisional outlets, their articles and visible case reports, per inferred country."""
    is_provisional = SourceRow.provisional.is_(True)
    outlets = Counter(
        {
            str(c): int(n)
            for c, n in session.execute(
                select(SourceRow.country, func.count(SourceRow.id))
                .where(is_provisional)
                .group_by(SourceRow.country)
            )
        }
    )
    articles = Counter(
        {
            str(c): int(n)
            for c, n in session.execute(
                select(SourceRow.country, func.count(ArticleRow.id))
                .join(ArticleRow, ArticleRow.source_id == SourceRow.id)
                .where(is_provisional)
                .group_by(SourceRow.country)
            )
        }
    )
    cases = Counter(
        {
            str(c): int(n)
            for c, n in session.execute(
                select(SourceRow.country, func.count(CaseRow.id))
                .join(ArticleRow, ArticleRow.source_id == SourceRow.id)
                .join(CaseRow, CaseRow.article_id == ArticleRow.id)
                .where(is_provisional, visible_case())
                .group_by(SourceRow.country)
            )
        }
    )
    return [
        ProvisionalCount(
            country=code,
            country_name=country_name(code),
            outlets=outlets[code],
            articles=articles[code],
            case_articles=cases[code],
        )
        for code in sorted(outlets)
    ]


def provisional_caveat(counts: list[ProvisionalCount]) -> str | None:
    """The report's sentence about them (None when there are none)."""
    if not counts:
        return None
    per_country = "; ".join(
        f"{c.country_name}: {c.outlets} outlets, {c.articles} articles, "
        f"{c.case_articles} case reports"
        for c in counts
    )
    return (
        f"Not counted in any figure: {sum(c.outlets for c in counts)} provisional outlets "
        "(hosts outside the registry whose pages a WARC backfill brought in), with "
        f"{sum(c.articles for c in counts)} articles and "
        f"{sum(c.case_articles for c in counts)} case reports ({per_country}). Review them "
        "with `tipwatch sources provisional`; `tipwatch sources adopt` makes one a regular "
        "outlet."
    )
