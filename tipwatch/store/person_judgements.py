"""What stands against merging two persons, and reviewers' "not the same person" judgements.

A merge is refused when the two persons are named as different people in one article (each has
a mention in the same case: co-defendants are not one person). It needs the conflict confirmed
when their countries differ, when the ages the articles give put their births more than two
years apart, or when a reviewer judged them not the same person. Judgements are kept per pair
(`PersonJudgementRow`), audited, and read through merges (a judgement on a person that was
merged away holds for the person it was merged into); duplicate suggestions leave judged pairs
out. Runs never merge persons, so a judgement cannot be undone by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tipwatch.store.audit import append_audit
from tipwatch.store.models import (
    ArticleRow,
    CaseRow,
    PerpetratorRow,
    PersonJudgementRow,
    PersonRow,
)
from tipwatch.store.person_timeline import PERSON_OBJECT, absorbed_ids, final_person_id

NOT_SAME = "not_same"
UNSURE = "unsure"
JUDGEMENTS = (NOT_SAME, UNSURE)
# Births estimated from reported ages further apart than this are a conflict.
BIRTH_YEAR_SLACK = 2


@dataclass(frozen=True)
class MergeCheck:
    """`refusal`: why the merge cannot be done at all; `conflicts`: what a reviewer must confirm
    before it is done (each in words)."""

    refusal: str | None = None
    conflicts: list[str] = field(default_factory=list)


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def judge(
    session: Session, person_id: str, other_id: str, *, judgement: str, user: str, reason: str
) -> None:
    """Record that two persons are not the same (or that it cannot be told), audited. A later
    judgement of the same pair replaces the earlier one. ValueError for an unknown judgement,
    the same person twice or an empty reason; KeyError for an unknown person."""
    if judgement not in JUDGEMENTS:
        raise ValueError(f"unknown judgement {judgement!r}")
    why = (reason or "").strip()
    if not why:
        raise ValueError("a reason is required")
    a, b = final_person_id(session, person_id), final_person_id(session, other_id)
    for pid in (a, b):
        if session.get(PersonRow, pid) is None:
            raise KeyError(pid)
    if a == b:
        raise ValueError("a person cannot be judged against itself")
    first, second = _pair(a, b)
    row = session.scalar(
        select(PersonJudgementRow).where(
            PersonJudgementRow.person_a == first, PersonJudgementRow.person_b == second
        )
    )
    before = None if row is None else {"judgement": row.judgement, "reason": row.reason}
    if row is None:
        row = PersonJudgementRow(person_a=first, person_b=second)
        session.add(row)
    row.judgement, row.reason, row.created_by = judgement, why, user
    session.flush()
    append_audit(
        session,
        actor=user,
        action=f"judge_{judgement}",
        object_type=PERSON_OBJECT,
        object_id=a,
        before=before,
        after={"other": b, "judgement": judgement},
        reason=why,
    )


def judged(session: Session, person_id: str) -> dict[str, str]:
    """The persons judged against `person_id` (as they are now, after merges) and the
    judgement. Judgements made on persons later merged into this one count too."""
    own = absorbed_ids(session, person_id)
    rows = session.execute(
        select(
            PersonJudgementRow.person_a, PersonJudgementRow.person_b, PersonJudgementRow.judgement
        ).where(or_(PersonJudgementRow.person_a.in_(own), PersonJudgementRow.person_b.in_(own)))
    ).all()
    out: dict[str, str] = {}
    for a, b, judgement in rows:
        other = b if a in own else a
        final = final_person_id(session, other)
        if final != person_id:
            out[final] = judgement
    return out


def birth_years(session: Session, person_id: str) -> set[int]:
    """Birth years the person's mentions imply (reported age at the status or publication
    date)."""
    rows = session.execute(
        select(PerpetratorRow.age, PerpetratorRow.status_date, ArticleRow.publish_date)
        .join(CaseRow, CaseRow.id == PerpetratorRow.case_id)
        .join(ArticleRow, ArticleRow.id == CaseRow.article_id)
        .where(PerpetratorRow.person_id == person_id, PerpetratorRow.age.is_not(None))
    ).all()
    out: set[int] = set()
    for age, status_date, published in rows:
        when = status_date or published
        if age is not None and when is not None:
            out.add(when.year - int(age))
    return out


def shared_cases(session: Session, person_id: str, other_id: str) -> list[str]:
    """Cases that name both persons (as different people)."""
    mine = set(
        session.scalars(select(PerpetratorRow.case_id).where(PerpetratorRow.person_id == person_id))
    )
    theirs = set(
        session.scalars(select(PerpetratorRow.case_id).where(PerpetratorRow.person_id == other_id))
    )
    return sorted(mine & theirs)


def merge_check(session: Session, keep: PersonRow, absorb: PersonRow) -> MergeCheck:
    """What stands against merging `absorb` into `keep` (see the module's docstring)."""
    together = shared_cases(session, keep.id, absorb.id)
    if together:
        return MergeCheck(
            refusal=(
                f"both are named as different people in the same article (case {together[0]}); "
                "if the article names one person twice, edit that case instead"
            )
        )
    conflicts: list[str] = []
    if keep.country and absorb.country and keep.country != absorb.country:
        conflicts.append(f"different countries ({keep.country}, {absorb.country})")
    mine, theirs = birth_years(session, keep.id), birth_years(session, absorb.id)
    if mine and theirs and min(abs(x - y) for x in mine for y in theirs) > BIRTH_YEAR_SLACK:
        conflicts.append(
            "ages that put their births apart "
            f"(born about {'/'.join(map(str, sorted(mine)))} and "
            f"{'/'.join(map(str, sorted(theirs)))})"
        )
    judgement = judged(session, keep.id).get(absorb.id)
    if judgement == NOT_SAME:
        conflicts.append("a reviewer judged them not the same person")
    return MergeCheck(conflicts=conflicts)
