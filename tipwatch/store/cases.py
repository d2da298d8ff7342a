"""Reading cases: one case with what its pages need, the review queue's list, the case record.

Below the modules that write cases (review, repository), so that each of them can read a case
without importing the other.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tipwatch.records import CaseRecord, ChargeCategory, LegalStatus, PerpetratorRecord
from tipwatch.store.models import CaseRow
from tipwatch.store.queue import CaseQuery, apply_query


def case_id_for(article_id: str) -> str:
    """The id of the case an article reports (one case per article)."""
    return hashlib.sha256(f"case:{article_id}".encode()).hexdigest()[:32]


def get_case(session: Session, case_id: str) -> CaseRow | None:
    return session.scalar(
        select(CaseRow)
        .where(CaseRow.id == case_id)
        .options(selectinload(CaseRow.perpetrators), selectinload(CaseRow.article))
    )


def list_cases(
    session: Session,
    *,
    country: str | None = None,
    review_status: str | None = None,
    query: CaseQuery | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[CaseRow]:
    """Cases as the review queue shows them: `query` (filters and sort, see
    `tipwatch.store.queue`), or only `country` and `review_status` in the default order."""
    if query is None:
        query = CaseQuery(country=country, review_status=review_status)
    q = select(CaseRow).options(selectinload(CaseRow.perpetrators), selectinload(CaseRow.article))
    q = apply_query(q, query).limit(limit).offset(offset)
    return list(session.scalars(q))


def case_record(case: CaseRow) -> CaseRecord:
    art = case.article
    return CaseRecord(
        case_id=case.id,
        article_id=art.id,
        source_id=art.source_id,
        source_url=art.canonical_url,
        title=art.title,
        publish_date=art.publish_date,
        country=case.country,
        country_of_publication=art.country_of_publication,
        admin1=case.admin1,
        city=case.city,
        perpetrators=[
            PerpetratorRecord(
                name=p.name,
                status=LegalStatus(p.status),
                status_date=p.status_date,
                source_url=p.source_url,
                nationality=p.nationality,
                age=p.age,
            )
            for p in case.perpetrators
        ],
        charge_categories=[ChargeCategory(c) for c in case.charge_categories],
        case_score=case.case_score,
    )
