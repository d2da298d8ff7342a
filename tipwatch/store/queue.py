"""The review queue's query: filters and sort orders over cases (`repository.list_cases`).

The default order puts the most useful case first: pending before reviewed (a decided case
needs no work), then the most confident extraction (most likely a real case report), then the
newest publication (the freshest news is what analysts and screening users ask about).
Cases of articles taken down never appear (their cases are deleted; the join is a safety net).

Syndicated copies: a copy grouped under its cluster's primary case is not a queue item of its own
(`tipwatch.store.syndication`); the primary's row lists it (and an outlet filter matches the
primary's row for a grouped copy of that outlet). A copy whose extraction differs, or
that an analyst reviewed on its own, is listed.

Score bands: a band holds what the machine scored in it, cases and candidates alike. A
candidate is an article the NLP read and did not call a case report (its latest extraction is
not a case, not skipped) and that has no case: there is none above the case threshold, so at the
default threshold the "low" band is mostly candidates. Candidates are listed only when a band is
chosen (the default queue is the cases to review); other filters apply to them as far as they
have the field (jurisdiction from the extraction; no review status, so a status filter or
"edited" leaves them out). `queue_page` lists both, one item per syndication cluster;
`list_cases` every case, copies included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, false, literal, or_, select
from sqlalchemy.orm import Session, aliased

from tipwatch.domain.review_state import ReviewState
from tipwatch.store.models import ArticleRow, CaseEditRow, CaseRow, ExtractionRow, SourceRow
from tipwatch.store.syndication import CopyState
from tipwatch.store.visibility import article_shown, join_article

# Confidence bands of the case score, as half-open ranges [low, high). The NLP calls an article
# a case report from TIPWATCH_CASE_THRESHOLD (0.5 by default), so at the default "low" holds
# candidates (articles scored below the threshold) and the few cases of older extractor
# versions or runs with a lower threshold.
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


# Kinds of queue items (`QueueItem.kind`).
CASE_ITEM = "case"
CANDIDATE_ITEM = "candidate"


@dataclass(frozen=True)
class QueueItem:
    """One row of the review queue: a case (`id` is the case id) or a candidate (`id` is the
    article id)."""

    kind: str
    id: str


def _band_clause(name: str, score: Any = CaseRow.case_score) -> Any:
    low, high = CONFIDENCE_BANDS[name]
    parts = []
    if low is not None:
        parts.append(score >= low)
    if high is not None:
        parts.append(score < high)
    return and_(*parts)


def _bands(query: CaseQuery, score: Any) -> Any:
    return or_(*(_band_clause(b, score) for b in sorted(set(query.bands))))


def apply_query(q: Select[CaseRow], query: CaseQuery) -> Select[CaseRow]:
    """`q` (a select of CaseRow) filtered and ordered as `query` says."""
    return _case_filters(q, query).order_by(*_order(query.sort))


def _case_filters(q: Select[Any], query: CaseQuery) -> Select[Any]:
    # Rejected cases stay listable (the queue filters by review status); taken-down ones never.
    q = join_article(q).where(article_shown())
    if query.country:
        q = q.where(CaseRow.country == query.country)
    if query.source_id:
        q = q.where(_from_outlet(query.source_id))
    if query.review_status:
        q = q.where(CaseRow.review_status == query.review_status)
    if query.min_score is not None:
        q = q.where(CaseRow.case_score >= query.min_score)
    if query.bands:
        q = q.where(_bands(query, CaseRow.case_score))
    if query.published_from is not None:
        q = q.where(ArticleRow.publish_date >= query.published_from)
    if query.published_to is not None:
        q = q.where(ArticleRow.publish_date <= query.published_to)
    if query.edited is not None:
        has_edit = exists(select(CaseEditRow.id).where(CaseEditRow.case_id == CaseRow.id))
        q = q.where(has_edit if query.edited else ~has_edit)
    return q


def _from_outlet(source_id: str) -> ColumnElement[bool]:
    """The case's article is the outlet's, or a syndicated copy grouped under the case is (the
    queue lists the story on its primary's row, "also in" the copy's outlet)."""
    copy = aliased(CaseRow)
    copy_article = aliased(ArticleRow)
    grouped_copy_here = exists(
        select(copy.id)
        .join(copy_article, copy_article.id == copy.article_id)
        .where(
            copy.copy_of == CaseRow.id,
            copy.copy_state == CopyState.GROUPED.value,
            copy_article.source_id == source_id,
        )
    )
    return or_(ArticleRow.source_id == source_id, grouped_copy_here)


def _candidates(query: CaseQuery) -> Select[*tuple[Any, ...]]:
    """Candidates (see the module's doc) in the query's bands, as queue items."""
    newer = aliased(ExtractionRow)
    latest = ~exists(
        select(newer.id).where(
            newer.article_id == ExtractionRow.article_id, newer.id > ExtractionRow.id
        )
    )
    has_case = exists(select(CaseRow.id).where(CaseRow.article_id == ArticleRow.id))
    q: Select[*tuple[Any, ...]] = (
        select(
            literal(CANDIDATE_ITEM).label("kind"),
            ArticleRow.id.label("item_id"),
            ExtractionRow.case_score.label("score"),
            ArticleRow.publish_date.label("published"),
            literal(0).label("rank"),
        )
        .join(ExtractionRow, ExtractionRow.article_id == ArticleRow.id)
        .where(
            latest,
            ~has_case,
            ExtractionRow.is_case.is_(False),
            ExtractionRow.skipped.is_(None),
            article_shown(),
            _bands(query, ExtractionRow.case_score),
        )
    )
    if query.review_status or query.edited:
        # A candidate has no review status and no edit.
        q = q.where(false())
    if query.country:
        country: ColumnElement[Any] = ExtractionRow.payload["jurisdiction"]["country"].as_string()
        q = q.where(country == query.country)
    if query.source_id:
        q = q.where(ArticleRow.source_id == query.source_id)
    if query.min_score is not None:
        q = q.where(ExtractionRow.case_score >= query.min_score)
    if query.published_from is not None:
        q = q.where(ArticleRow.publish_date >= query.published_from)
    if query.published_to is not None:
        q = q.where(ArticleRow.publish_date <= query.published_to)
    return q


def queue_page(session: Session, query: CaseQuery, *, limit: int, offset: int) -> list[QueueItem]:
    """One page of the review queue: cases, and candidates when a band is chosen, in the
    query's order."""
    pending = case((CaseRow.review_status == ReviewState.PENDING.value, 0), else_=1)
    cases = _case_filters(
        select(
            literal(CASE_ITEM).label("kind"),
            CaseRow.id.label("item_id"),
            CaseRow.case_score.label("score"),
            ArticleRow.publish_date.label("published"),
            pending.label("rank"),
        ),
        query,
    ).where(
        # One item per syndication cluster: grouped copies are listed on their primary's row.
        or_(CaseRow.copy_state.is_(None), CaseRow.copy_state != CopyState.GROUPED.value)
    )
    items = cases.union_all(_candidates(query)) if query.bands else cases
    u = items.subquery()
    keys = _keys(query.sort, u.c.score, u.c.published, u.c.rank)
    rows = session.execute(
        select(u.c.kind, u.c.item_id).order_by(*keys, u.c.item_id).limit(limit).offset(offset)
    ).all()
    return [QueueItem(kind, item_id) for kind, item_id in rows]


def _keys(sort: str, score: Any, published: Any, pending_rank: Any) -> list[Any]:
    newest = published.desc().nulls_last()
    oldest = published.asc().nulls_last()
    if sort == "score":
        return [score.desc(), newest]
    if sort == "newest":
        return [newest, score.desc()]
    if sort == "oldest":
        return [oldest, score.desc()]
    return [pending_rank, score.desc(), newest]


def _order(sort: str) -> list[Any]:
    pending_first = case((CaseRow.review_status == ReviewState.PENDING.value, 0), else_=1)
    keys = _keys(sort, CaseRow.case_score, ArticleRow.publish_date, pending_first)
    return [*keys, CaseRow.id]


def latest_extractions(session: Session, article_ids: list[str]) -> dict[str, ExtractionRow]:
    """The latest machine extraction of each of these articles."""
    out: dict[str, ExtractionRow] = {}
    if not article_ids:
        return out
    rows = session.scalars(
        select(ExtractionRow)
        .where(ExtractionRow.article_id.in_(article_ids))
        .order_by(ExtractionRow.id)
    )
    for ext in rows:
        out[ext.article_id] = ext
    return out


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
