"""Likely duplicates of a person, for the person page: the screening matcher run from the
person's own names against the other persons, with what stands against each merge.

Candidates share a blocking key with one of the person's names (`name_keys`); each is scored
with `best_variant` over both persons' name variants (the best pair), less
`COUNTRY_MISMATCH` when their countries differ. Left out: the person and those merged into it,
persons with another suppression state (a merge would show or hide someone), persons named as
different people in one of its articles, and persons a reviewer judged not the same
(`tipwatch.store.person_judgements`). What a merge would need confirmed (countries, birth years)
comes with each suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipwatch.screening.names import best_variant
from tipwatch.screening.service import COUNTRY_MISMATCH
from tipwatch.store.models import NameKeyRow, PersonRow
from tipwatch.store.name_keys import PERSON, keys_for_names, person_names
from tipwatch.store.person_judgements import NOT_SAME, judged, merge_check
from tipwatch.store.person_timeline import absorbed_ids

SUGGEST_FROM = 0.75
MAX_CANDIDATES = 200


@dataclass(frozen=True)
class Suggestion:
    person_id: str
    display_name: str
    country: str | None
    score: float
    # the person's name and the candidate's name that matched best
    name: str
    other_name: str
    conflicts: list[str] = field(default_factory=list)


def suggest_duplicates(
    session: Session, person_id: str, *, limit: int = 5, floor: float = SUGGEST_FROM
) -> list[Suggestion]:
    """Up to `limit` persons that may be `person_id`, best first, scored at least `floor`."""
    me = session.get(PersonRow, person_id)
    if me is None or me.merged_into is not None:
        return []
    names = person_names(session, person_id)
    keys = sorted(keys_for_names(names))
    if not keys:
        return []
    skip = absorbed_ids(session, person_id) | {
        other for other, judgement in judged(session, person_id).items() if judgement == NOT_SAME
    }
    candidates = [
        pid
        for pid in session.scalars(
            select(NameKeyRow.subject_id)
            .where(NameKeyRow.subject_type == PERSON, NameKeyRow.key.in_(keys))
            .distinct()
            .limit(MAX_CANDIDATES + len(skip))
        )
        if pid not in skip
    ]
    scored: list[tuple[float, str, PersonRow, str, str]] = []
    for pid in candidates:
        other = session.get(PersonRow, pid)
        if other is None or other.merged_into is not None:
            continue
        if (other.suppressed_at is None) != (me.suppressed_at is None):
            continue
        theirs = person_names(session, pid)
        name, other_name, score = max(
            ((name, *best_variant(name, theirs)) for name in names), key=lambda t: t[2]
        )
        if me.country and other.country and me.country != other.country:
            score -= COUNTRY_MISMATCH
        if score >= floor:
            scored.append((round(max(0.0, score), 3), pid, other, name, other_name))
    scored.sort(key=lambda t: (-t[0], t[1]))
    out: list[Suggestion] = []
    # what stands against a merge is read only for the best candidates, until `limit` are found
    for score, pid, other, name, other_name in scored:
        if len(out) == limit:
            break
        check = merge_check(session, me, other)
        if check.refusal is not None:
            continue
        out.append(
            Suggestion(
                person_id=pid,
                display_name=other.display_name,
                country=other.country,
                score=score,
                name=name,
                other_name=other_name,
                conflicts=check.conflicts,
            )
        )
    return out
