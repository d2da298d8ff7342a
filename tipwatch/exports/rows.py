"""What an export contains: one row per perpetrator mention of a case that is visible.

Only reviewed facts by default: rows come from cases an analyst accepted; machine output nobody
has checked yet (pending cases) is exported only when asked for (`include_unreviewed`), each such
row with its `review_status` (pending) and `reviewed` false.

Left out, always: rejected cases, cases held for review (`ReviewFlag`), articles taken down,
suppressed persons. Victims are never in the store, so never in an export. Each row carries the
status with its date and source article and the case's review status (pending = machine
extraction not yet checked by an analyst). Rows come per person, the latest report first. Each
row carries its case's charges with the statute the article names (`ExportRow.charges`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pydantic import BaseModel, ConfigDict
from sqlalchemy import case as sql_case
from sqlalchemy import select
from sqlalchemy.orm import Session

from tipwatch.domain.legal_status import LEGAL_STATUSES, LegalStatus
from tipwatch.domain.review_state import ReviewState
from tipwatch.store.charges import parse_charges
from tipwatch.store.models import ArticleRow, CaseRow, PerpetratorRow
from tipwatch.store.visibility import join_article, join_person, visible_mention


class ExportCharge(BaseModel):
    """A charge of the case: its category and the statute the article names (None if none)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: str
    statute: str | None = None

    def __str__(self) -> str:
        return f"{self.category} [{self.statute}]" if self.statute else self.category


class ExportRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    case_id: str
    person_id: str | None
    name: str
    status: str
    status_date: date | None
    source_url: str
    article_title: str | None
    outlet: str
    publish_date: date | None
    country: str | None
    admin1: str | None
    city: str | None
    charge_categories: list[str]
    # The case's charges with their statute (`CaseRow.charges`); in CSV "category [statute]".
    charges: list[ExportCharge] = []
    review_status: str
    case_score: float
    reviewed: bool = True


FIELDS = list(ExportRow.model_fields)


def export_rows(session: Session, *, include_unreviewed: bool = False) -> Iterator[ExportRow]:
    q = select(PerpetratorRow, CaseRow, ArticleRow).join(
        CaseRow, CaseRow.id == PerpetratorRow.case_id
    )
    q = join_person(join_article(q)).where(visible_mention())
    # Per person, latest report first (status date, then stage: the order of
    # `tipwatch.domain.person_status.latest_status`), so a person's first row is their latest
    # status: an acquittal on appeal comes before the conviction it overturned.
    rank = sql_case(
        {s.value: LEGAL_STATUSES.sort_rank(s.value) for s in LegalStatus},
        value=PerpetratorRow.status,
        else_=-1,
    )
    q = q.order_by(
        PerpetratorRow.person_id.asc().nulls_last(),
        PerpetratorRow.name,
        PerpetratorRow.status_date.desc().nulls_last(),
        rank.desc(),
        PerpetratorRow.id.desc(),
    )
    if not include_unreviewed:
        q = q.where(CaseRow.review_status == ReviewState.ACCEPTED.value)
    for perp, case, art in session.execute(q):
        yield ExportRow(
            case_id=case.id,
            person_id=perp.person_id,
            name=perp.name,
            status=perp.status,
            status_date=perp.status_date,
            source_url=perp.source_url,
            article_title=art.title,
            outlet=art.source_id,
            publish_date=art.publish_date,
            country=case.country,
            admin1=case.admin1,
            city=case.city,
            charge_categories=list(case.charge_categories or []),
            charges=[
                ExportCharge(category=c.category.value, statute=c.statute)
                for c in parse_charges(case.charges)
            ],
            review_status=case.review_status,
            case_score=case.case_score,
            reviewed=case.review_status == ReviewState.ACCEPTED.value,
        )
