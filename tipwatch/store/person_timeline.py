"""Reading persons: the list, a person's timeline of mentions and their merge/split history.

A mention is one `PerpetratorRow` resolved to the person: the legal status one article reports,
with its date and source. The timeline is latest first (status date, then how far along the
proceedings the status is, from the legal-status table); the latest status is
`tipwatch.domain.person_status.latest_status` (mentions from rejected cases are shown but do not
count for it); mentions from articles that were taken down are left out. Readers take the
status table as a keyword (`table`), so a status added to a copy of the table is ranked too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from tipwatch.domain.legal_status import LEGAL_STATUSES, StatusTable
from tipwatch.domain.person_status import latest_status
from tipwatch.domain.review_state import ReviewState
from tipwatch.store.models import (
    ArticleRow,
    AuditRow,
    CaseRow,
    PerpetratorRow,
    PersonNameRow,
    PersonPinRow,
    PersonRow,
    SourceRow,
)
from tipwatch.store.person_names import name_tokens
from tipwatch.store.visibility import article_shown, case_not_held, person_shown

PERSON_OBJECT = "person"
_MAX_CHAIN = 100


def final_person_id(session: Session, person_id: str) -> str:
    """`person_id`, or the person it was (transitively) merged into."""
    pid = person_id
    for _ in range(_MAX_CHAIN):
        target = session.scalar(select(PersonRow.merged_into).where(PersonRow.id == pid))
        if target is None:
            return pid
        pid = target
    raise RuntimeError(f"merge chain of person {person_id} does not end")


@dataclass(frozen=True)
class PersonInfo:
    id: str
    display_name: str
    country: str | None
    merged_into: str | None
    suppressed_at: datetime | None
    suppressed_by: str | None
    suppressed_reason: str | None

    @property
    def suppressed(self) -> bool:
        return self.suppressed_at is not None


def _info(row: PersonRow) -> PersonInfo:
    return PersonInfo(
        id=row.id,
        display_name=row.display_name,
        country=row.country,
        merged_into=row.merged_into,
        suppressed_at=row.suppressed_at,
        suppressed_by=row.suppressed_by,
        suppressed_reason=row.suppressed_reason,
    )


@dataclass(frozen=True)
class Mention:
    """One article's report of the person: the status it gives, dated and sourced."""

    perpetrator_id: int
    person_id: str
    case_id: str
    name: str
    status: str
    status_date: date | None
    source_url: str
    article_title: str | None
    publish_date: date | None
    outlet_id: str
    outlet_name: str | None
    review_status: str

    @property
    def rejected(self) -> bool:
        return self.review_status == ReviewState.REJECTED

    def sort_key(self, table: StatusTable = LEGAL_STATUSES) -> tuple[date, int, int]:
        """Latest first when sorted in reverse: status date, stage, then the newer mention."""
        return (self.status_date or date.min, table.sort_rank(self.status), self.perpetrator_id)


def _mentions(
    session: Session, person_ids: Sequence[str], *, table: StatusTable = LEGAL_STATUSES
) -> dict[str, list[Mention]]:
    """Mentions per person, latest first (status date, then status rank). Mentions from
    articles that were taken down, and from cases held for review, are left out."""
    out: dict[str, list[Mention]] = {pid: [] for pid in person_ids}
    if not person_ids:
        return out
    rows = session.execute(
        select(
            PerpetratorRow.id,
            PerpetratorRow.person_id,
            PerpetratorRow.case_id,
            PerpetratorRow.name,
            PerpetratorRow.status,
            PerpetratorRow.status_date,
            PerpetratorRow.source_url,
            ArticleRow.title,
            ArticleRow.publish_date,
            ArticleRow.source_id,
            SourceRow.name,
            CaseRow.review_status,
        )
        .join(CaseRow, CaseRow.id == PerpetratorRow.case_id)
        .join(ArticleRow, ArticleRow.id == CaseRow.article_id)
        .outerjoin(SourceRow, SourceRow.id == ArticleRow.source_id)
        .where(PerpetratorRow.person_id.in_(person_ids), article_shown(), case_not_held())
    ).all()
    for r in rows:
        mention = Mention(
            perpetrator_id=r[0],
            person_id=r[1] or "",
            case_id=r[2],
            name=r[3],
            status=r[4],
            status_date=r[5],
            source_url=r[6],
            article_title=r[7],
            publish_date=r[8],
            outlet_id=r[9],
            outlet_name=r[10],
            review_status=r[11],
        )
        out[mention.person_id].append(mention)
    for mentions in out.values():
        mentions.sort(key=lambda m: m.sort_key(table), reverse=True)
    return out


@dataclass(frozen=True)
class PersonTimeline:
    person: PersonInfo
    mentions: list[Mention]  # latest first
    latest: Mention | None  # the latest mention not from a rejected case


def person_timeline(
    session: Session, person_id: str, *, table: StatusTable = LEGAL_STATUSES
) -> PersonTimeline:
    """The person's mentions across articles, latest first. KeyError for an unknown person."""
    row = session.get(PersonRow, person_id)
    if row is None:
        raise KeyError(person_id)
    mentions = _mentions(session, [person_id], table=table)[person_id]
    latest = latest_status(mentions, table=table)
    return PersonTimeline(person=_info(row), mentions=mentions, latest=latest)


@dataclass(frozen=True)
class PersonListing:
    person: PersonInfo
    mention_count: int
    latest: Mention | None


def list_persons(
    session: Session,
    *,
    query: str = "",
    country: str | None = None,
    include_suppressed: bool = False,
    limit: int = 100,
    offset: int = 0,
    table: StatusTable = LEGAL_STATUSES,
) -> list[PersonListing]:
    """Persons (merged ones left out) whose names contain every word of `query`, by name."""
    q = select(PersonRow).where(PersonRow.merged_into.is_(None))
    if country:
        q = q.where(PersonRow.country == country)
    if not include_suppressed:
        q = q.where(person_shown())
    for token in name_tokens(query):
        q = q.where(
            or_(
                exists().where(
                    PersonNameRow.person_id == PersonRow.id,
                    PersonNameRow.name_key.contains(token, autoescape=True),
                ),
                exists().where(
                    PersonPinRow.person_id == PersonRow.id,
                    PersonPinRow.name_key.contains(token, autoescape=True),
                ),
            )
        )
    q = q.order_by(func.lower(PersonRow.display_name), PersonRow.id).limit(limit).offset(offset)
    persons = list(session.scalars(q))
    mentions = _mentions(session, [p.id for p in persons], table=table)
    return [
        PersonListing(
            person=_info(p), mention_count=len(mentions[p.id]), latest=latest_status(m, table=table)
        )
        for p in persons
        for m in [mentions[p.id]]
    ]


def absorbed_ids(session: Session, person_id: str) -> set[str]:
    """The person and everyone merged into them, transitively."""
    ids = {person_id}
    frontier = {person_id}
    while frontier:
        found = set(
            session.scalars(select(PersonRow.id).where(PersonRow.merged_into.in_(frontier)))
        )
        frontier = found - ids
        ids |= frontier
    return ids


def person_history(session: Session, person_id: str) -> list[AuditRow]:
    """Audit rows of the person and of the persons merged into them, newest first."""
    ids = absorbed_ids(session, person_id)
    return list(
        session.scalars(
            select(AuditRow)
            .where(AuditRow.object_type == PERSON_OBJECT, AuditRow.object_id.in_(ids))
            .order_by(AuditRow.id.desc())
        )
    )
