"""The review queue's query: filters and sort orders over cases (`repository.list_cases`).

The default order puts the most useful case first: pending before reviewed (a decided case
needs no work), then the most confident extraction (most likely a real case report), then the
newest publication (the freshest news is what analysts and screening users ask about).
Cases of articles taken down never appear (their cases are deleted; the join is a safety net).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, exists, or_, select
from sqlalchemy.orm import Session

from tipwatch.domain.review_state import ReviewState
from tipwatch.store.models import ArticleRow, CaseEditRow, CaseRow, SourceRow
from tipwatch.store.visibility import article_shown, join_article

# Confidence bands of the case score, as half-open ranges [low, high). The NLP calls an article
# a case report from TIPWATCH_CASE_THRESHOLD (0.5 by default), so at the default "low" holds
# only cases a reviewer edited into existence, older extractor versions or runs with a lower
# threshold.
CONFIDENCE_BANDS: dict[str, tuple[float | None, float | None]] = {
    "high": (0.8, None),
    "medium": (0.5, 0.8),
    "low": (None, 0.5),
}
SORTS: dict[str, str] = {
    "useful": "pending first, most confident, newest",
    "score": "most confident first",
    "newest": "newest publication first",
    "oldest": "oldest publication first",
}
DEFAULT_SORT = "useful"


@dataclass(frozen=True)
class CaseQuery:
    """Filters (None or empty: any) and the sort order of the review queue."""

    country: str | None = None
    source_id: str | None = None
    review_status: str | None = None
    min_score: float | None = None
    bands: tuple[str, ...] = ()
    published_from: date | None = None
    published_to: date | None = None
    edited: bool | None = None
    sort: str = DEFAULT_SORT

    def __post_init__(self) -> None:
        unknown = [b for b in self.bands if b not in CONFIDENCE_BANDS]
        if unknown:
            raise ValueError(f"unknown confidence band(s): {', '.join(unknown)}")
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort order {self.sort!r}")


def _band_clause(name: str) -> Any:
    low, high = CONFIDENCE_BANDS[name]
    parts = []
    if low is not None:
        parts.append(CaseRow.case_score >= low)
    if high is not None:
        parts.append(CaseRow.case_score < high)
    return and_(*parts)


def apply_query(q: Select[CaseRow], query: CaseQuery) -> Select[CaseRow]:
    """`q` (a select of CaseRow) filtered and ordered as `query` says."""
    # Rejected cases stay listable (the queue filters by review status); taken-down ones never.
    q = join_article(q).where(article_shown())
    if query.country:
        q = q.where(CaseRow.country == query.country)
    if query.source_id:
        q = q.where(ArticleRow.source_id == query.source_id)
    if query.review_status:
        q = q.where(CaseRow.review_status == query.review_status)
    if query.min_score is not None:
        q = q.where(CaseRow.case_score >= query.min_score)
    if query.bands:
        q = q.where(or_(*(_band_clause(b) for b in sorted(set(query.bands)))))
    if query.published_from is not None:
        q = q.where(ArticleRow.publish_date >= query.published_from)
    if query.published_to is not None:
        q = q.where(ArticleRow.publish_date <= query.published_to)
    if query.edited is not None:
        has_edit = exists(select(CaseEditRow.id).where(CaseEditRow.case_id == CaseRow.id))
        q = q.where(has_edit if query.edited else ~has_edit)
    return q.order_by(*_order(query.sort))


def _order(sort: str) -> list[Any]:
    newest = ArticleRow.publish_date.desc().nulls_last()
    oldest = ArticleRow.publish_date.asc().nulls_last()
    score = CaseRow.case_score.desc()
    if sort == "score":
        keys = [score, newest]
    elif sort == "newest":
        keys = [newest, score]
    elif sort == "oldest":
        keys = [oldest, score]
    else:
        pending_first = case((CaseRow.review_status == ReviewState.PENDING.value, 0), else_=1)
        keys = [pending_first, score, newest]
    return [*keys, CaseRow.id]


def edited_case_ids(session: Session, case_ids: list[str]) -> set[str]:
    """Which of these cases carry a reviewer's edit."""
    if not case_ids:
        return set()
    return set(
        session.scalars(
            select(CaseEditRow.case_id).where(CaseEditRow.case_id.in_(case_ids)).distinct()
        )
    )


def known_outlets(session: Session) -> list[str]:
    """Every outlet id the queue can filter by: the registered sources and the outlets of
    stored cases."""
    registered = set(session.scalars(select(SourceRow.id)))
    with_cases = set(
        session.scalars(
            select(ArticleRow.source_id)
            .join(CaseRow, CaseRow.article_id == ArticleRow.id)
            .distinct()
        )
    )
    return sorted(registered | with_cases)
