"""Persons across articles: resolving mentions, merge, split, suppression and the timeline.

- Every `PerpetratorRow` is resolved to a person when it is (re-)created (`assign_persons`, called
  by `save_extraction` and `edit_case`): a pin for (case, name key) first (set by a split), then
  the person holding the name key in the case's country (`person_names`, '' when the country is
  unknown), following `merged_into`; else a new person. So a re-extraction, an edit or a new
  article naming the same key in the same country lands on the same person, and a merge, a split
  or a suppression survives it.
- `merge_persons`, `split_person`, `suppress_person` and `unsuppress_person` are audited
  (actor, before, after, reason); a suppression also writes a person tombstone and re-indexes the
  person's cases, whose index documents then leave the name out (`hidden_in_case`).
- `person_timeline`: every mention with its dated, sourced status, latest first. Mentions from
  rejected cases are shown but do not count for the latest status.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tipwatch.store.audit import append_audit
from tipwatch.store.models import (
    CaseRow,
    PerpetratorRow,
    PersonNameRow,
    PersonPinRow,
    PersonRow,
    TombstoneRow,
    utcnow,
)
from tipwatch.store.outbox import enqueue_case
from tipwatch.store.person_judgements import merge_check
from tipwatch.store.person_names import mask_names, name_key, name_tokens
from tipwatch.store.person_timeline import (
    PERSON_OBJECT,
    PersonTimeline,
    final_person_id,
    list_persons,
    person_history,
    person_timeline,
)

__all__ = [
    "name_key",
    "name_tokens",
    "PersonError",
    "MergeNeedsConfirmation",
    "resolve_person",
    "assign_persons",
    "backfill_persons",
    "merge_persons",
    "split_person",
    "suppress_person",
    "unsuppress_person",
    "suppressed_ids",
    "hidden_in_case",
    "PersonTimeline",
    "person_timeline",
    "list_persons",
    "person_history",
    "final_person_id",
]

PERSON_TOMBSTONE = "person"
MAX_NAME_LENGTH = 300


class PersonError(ValueError):
    """The merge, split or suppression is not possible as asked (nothing was changed)."""


class MergeNeedsConfirmation(PersonError):
    """The merge is possible but something stands against it that a reviewer must confirm
    (`conflicts`, in words); nothing was changed."""

    def __init__(self, conflicts: list[str]) -> None:
        self.conflicts = conflicts
        super().__init__("confirm first: " + "; ".join(conflicts))


def _new_id() -> str:
    return uuid.uuid4().hex


# --- resolution --------------------------------------------------------------------------------


def resolve_person(session: Session, case_id: str, name: str, country: str | None) -> str:
    """The person a mention of `name` in case `case_id` (jurisdiction `country`) refers to:
    a pin, else the person holding the name key in that country, else a new person."""
    key = name_key(name)
    pinned = session.scalar(
        select(PersonPinRow.person_id).where(
            PersonPinRow.case_id == case_id, PersonPinRow.name_key == key
        )
    )
    if pinned is not None:
        return final_person_id(session, pinned)
    return _person_for_key(session, key, country or "", name)


def _person_for_key(session: Session, key: str, country: str, name: str) -> str:
    by_key = select(PersonNameRow.person_id).where(
        PersonNameRow.name_key == key, PersonNameRow.country == country
    )
    found = session.scalar(by_key)
    if found is not None:
        return final_person_id(session, found)
    person = PersonRow(
        id=_new_id(), display_name=name.strip()[:MAX_NAME_LENGTH], country=country or None
    )
    if session.get_bind().dialect.name == "sqlite":
        # One writer at a time: nobody can add the same key between our read and write.
        _add_person(session, person, key, country)
        return person.id
    try:
        with session.begin_nested():
            _add_person(session, person, key, country)
    except IntegrityError:  # another writer created it first
        found = session.scalar(by_key)
        if found is None:
            raise
        return final_person_id(session, found)
    return person.id


def _add_person(session: Session, person: PersonRow, key: str, country: str) -> None:
    session.add(person)
    session.flush()
    session.add(PersonNameRow(name_key=key, country=country, person_id=person.id))
    session.flush()


def assign_persons(session: Session, case: CaseRow) -> None:
    """Resolve each of the case's perpetrators to a person (their rows were just re-created)."""
    for p in case.perpetrators:
        p.person_id = resolve_person(session, case.id, p.name, case.country)


def backfill_persons(session: Session, *, limit: int = 10_000) -> int:
    """Resolve perpetrators stored before persons existed (person_id NULL); returns how many."""
    rows = session.execute(
        select(PerpetratorRow, CaseRow.country)
        .join(CaseRow, CaseRow.id == PerpetratorRow.case_id)
        .where(PerpetratorRow.person_id.is_(None))
        .order_by(PerpetratorRow.id)
        .limit(limit)
    ).all()
    for perp, country in rows:
        perp.person_id = resolve_person(session, perp.case_id, perp.name, country)
    return len(rows)


# --- merge, split, suppression -----------------------------------------------------------------


def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise PersonError("a reason is required")
    return text


def _live_person(session: Session, person_id: str) -> PersonRow:
    person = session.get(PersonRow, person_id)
    if person is None:
        raise KeyError(person_id)
    if person.merged_into is not None:
        raise PersonError(f"person {person_id} was merged into {person.merged_into}")
    return person


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def _snapshot(session: Session, person: PersonRow) -> dict[str, Any]:
    mentions = session.scalars(
        select(PerpetratorRow.id).where(PerpetratorRow.person_id == person.id)
    ).all()
    names = session.scalars(
        select(PersonNameRow.name_key).where(PersonNameRow.person_id == person.id)
    ).all()
    return {
        "id": person.id,
        "display_name": person.display_name,
        "country": person.country,
        "merged_into": person.merged_into,
        "suppressed": person.suppressed_at is not None,
        "mentions": sorted(mentions),
        "name_keys": sorted(names),
    }


def _cases_of(session: Session, person_id: str) -> list[str]:
    return sorted(
        set(
            session.scalars(
                select(PerpetratorRow.case_id).where(PerpetratorRow.person_id == person_id)
            )
        )
    )


def merge_persons(
    session: Session,
    keep: str,
    absorb: str,
    *,
    user: str,
    reason: str,
    confirmed: bool = False,
) -> None:
    """Fold person `absorb` into `keep`: its name keys, pins and mentions move to `keep`, and
    `absorb` keeps its row with `merged_into = keep`. Both must be suppressed or neither (lift or
    add the suppression first), so a merge never shows or hides anyone by the way. Refused for
    two persons named as different people in one article; with different countries,
    conflicting birth years or a "not the same" judgement, only when `confirmed`
    (`tipwatch.store.person_judgements.merge_check`)."""
    why = _reason(reason)
    if keep == absorb:
        raise PersonError("a person cannot be merged into itself")
    k, a = _live_person(session, keep), _live_person(session, absorb)
    if (k.suppressed_at is None) != (a.suppressed_at is None):
        raise PersonError("one person is suppressed and the other is not")
    check = merge_check(session, k, a)
    if check.refusal is not None:
        raise PersonError(check.refusal)
    if check.conflicts and not confirmed:
        raise MergeNeedsConfirmation(check.conflicts)
    before = {"keep": _snapshot(session, k), "absorb": _snapshot(session, a)}
    for model in (PersonNameRow, PersonPinRow, PerpetratorRow):
        session.execute(
            update(model).where(model.person_id == absorb).values(person_id=keep),
            execution_options={"synchronize_session": "fetch"},
        )
    session.execute(
        update(PersonRow).where(PersonRow.merged_into == absorb).values(merged_into=keep),
        execution_options={"synchronize_session": "fetch"},
    )
    a.merged_into = keep
    a.updated_at = k.updated_at = utcnow()
    session.flush()
    append_audit(
        session,
        actor=user,
        action="merge",
        object_type=PERSON_OBJECT,
        object_id=keep,
        before=before,
        after={
            "keep": _snapshot(session, k),
            "absorbed": absorb,
            "confirmed_conflicts": check.conflicts,
        },
        reason=why,
    )


def split_person(
    session: Session,
    person_id: str,
    perpetrator_ids: Iterable[int],
    *,
    user: str,
    reason: str,
    new_name: str | None = None,
) -> str:
    """Move the given mentions of `person_id` to a new person and pin their (case, name key) to
    it, so a re-extraction of those cases keeps the split. Other mentions of the same name in the
    same case move with them (a pin covers the name in the whole case). The new person inherits
    a suppression. Returns the new person's id."""
    why = _reason(reason)
    person = _live_person(session, person_id)
    wanted = set(perpetrator_ids)
    if not wanted:
        raise PersonError("choose at least one mention to split off")
    mentions = list(
        session.scalars(select(PerpetratorRow).where(PerpetratorRow.person_id == person_id))
    )
    if not wanted <= {m.id for m in mentions}:
        raise PersonError("a chosen mention does not belong to this person (reload the page)")
    pins = {(m.case_id, name_key(m.name)) for m in mentions if m.id in wanted}
    moving = [m for m in mentions if (m.case_id, name_key(m.name)) in pins]
    if len(moving) == len(mentions):
        raise PersonError("leave at least one mention with this person")
    name = (new_name or "").strip() or moving[0].name
    before = _snapshot(session, person)
    new = PersonRow(
        id=_new_id(),
        display_name=name[:MAX_NAME_LENGTH],
        country=person.country,
        suppressed_at=person.suppressed_at,
        suppressed_by=person.suppressed_by,
        suppressed_reason=person.suppressed_reason,
    )
    session.add(new)
    session.flush()
    for case_id, key in sorted(pins):
        pin = session.scalar(
            select(PersonPinRow).where(
                PersonPinRow.case_id == case_id, PersonPinRow.name_key == key
            )
        )
        if pin is None:
            session.add(
                PersonPinRow(case_id=case_id, name_key=key, person_id=new.id, created_by=user)
            )
        else:
            pin.person_id, pin.created_by, pin.created_at = new.id, user, utcnow()
    for m in moving:
        m.person_id = new.id
    if new.suppressed_at is not None:
        session.add(_tombstone(new.id, person.suppressed_reason or why, user))
    person.updated_at = utcnow()
    session.flush()
    moved = sorted(m.id for m in moving)
    common = {"from": person_id, "to": new.id, "mentions": moved, "pins": sorted(pins)}
    append_audit(
        session,
        actor=user,
        action="split",
        object_type=PERSON_OBJECT,
        object_id=person_id,
        before=before,
        after={**_snapshot(session, person), "split": common},
        reason=why,
    )
    append_audit(
        session,
        actor=user,
        action="split_from",
        object_type=PERSON_OBJECT,
        object_id=new.id,
        before=None,
        after={**_snapshot(session, new), "split": common},
        reason=why,
    )
    return new.id


def _tombstone(person_id: str, reason: str, user: str) -> TombstoneRow:
    return TombstoneRow(
        kind=PERSON_TOMBSTONE,
        match_key=person_id,
        object_id=person_id,
        reason=reason,
        created_by=user,
    )


def _reindex(session: Session, person_id: str) -> list[str]:
    cases = _cases_of(session, person_id)
    for case_id in cases:
        enqueue_case(session, case_id)
    return cases


def suppress_person(session: Session, person_id: str, *, user: str, reason: str) -> None:
    """Hide the person (an admin's correction or takedown): a tombstone is written and the
    person's cases are re-indexed without the name. New mentions keep resolving to the person,
    so re-extractions and re-crawls stay hidden."""
    why = _reason(reason)
    person = _live_person(session, person_id)
    if person.suppressed_at is not None:
        raise PersonError("the person is already suppressed")
    before = _snapshot(session, person)
    person.suppressed_at = person.updated_at = utcnow()
    person.suppressed_by = user
    person.suppressed_reason = why
    session.add(_tombstone(person_id, why, user))
    cases = _reindex(session, person_id)
    session.flush()
    append_audit(
        session,
        actor=user,
        action="suppress",
        object_type=PERSON_OBJECT,
        object_id=person_id,
        before=before,
        after={**_snapshot(session, person), "reindexed_cases": cases},
        reason=why,
    )


def unsuppress_person(session: Session, person_id: str, *, user: str, reason: str) -> None:
    """Lift a suppression: the person's tombstones are marked lifted (never deleted) and the
    cases re-indexed with the name."""
    why = _reason(reason)
    person = _live_person(session, person_id)
    if person.suppressed_at is None:
        raise PersonError("the person is not suppressed")
    before = {
        **_snapshot(session, person),
        "suppressed_at": _iso(person.suppressed_at),
        "suppressed_by": person.suppressed_by,
        "suppressed_reason": person.suppressed_reason,
    }
    now = utcnow()
    for stone in session.scalars(
        select(TombstoneRow).where(
            TombstoneRow.kind == PERSON_TOMBSTONE,
            TombstoneRow.match_key == person_id,
            TombstoneRow.lifted_at.is_(None),
        )
    ):
        stone.lifted_at, stone.lifted_by = now, user
    person.suppressed_at = person.suppressed_by = person.suppressed_reason = None
    person.updated_at = now
    cases = _reindex(session, person_id)
    session.flush()
    append_audit(
        session,
        actor=user,
        action="unsuppress",
        object_type=PERSON_OBJECT,
        object_id=person_id,
        before=before,
        after={**_snapshot(session, person), "reindexed_cases": cases},
        reason=why,
    )


# --- who is hidden -----------------------------------------------------------------------------


def suppressed_ids(session: Session, person_ids: Iterable[str | None]) -> set[str]:
    """The ids among `person_ids` whose person (or the person it was merged into) is suppressed."""
    ids = {pid for pid in person_ids if pid}
    if not ids:
        return set()
    out = set()
    for pid, at, merged in session.execute(
        select(PersonRow.id, PersonRow.suppressed_at, PersonRow.merged_into).where(
            PersonRow.id.in_(ids)
        )
    ):
        if at is not None:
            out.add(pid)
        elif merged is not None:
            final = session.get(PersonRow, final_person_id(session, pid))
            if final is not None and final.suppressed_at is not None:
                out.add(pid)
    return out


@dataclass(frozen=True)
class Hidden:
    """The mentions of suppressed persons in one case, and how to keep them out of text."""

    person_ids: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()
    keys: frozenset[str] = frozenset()  # every name key of those persons
    spans: tuple[tuple[int, int], ...] = ()
    keep_words: frozenset[str] = frozenset()  # words of visible co-defendants' names

    def __bool__(self) -> bool:
        return bool(self.person_ids)

    def hides(self, perp: PerpetratorRow) -> bool:
        return perp.person_id in self.person_ids

    def hides_name(self, name: str) -> bool:
        return name_key(name) in self.keys

    def mask(self, text: str) -> str:
        """`text` (the article's title or body) with the hidden names masked."""
        if not self:
            return text
        return mask_names(text, self.names, self.spans, keep_words=self.keep_words)


def suppressed_names(session: Session) -> list[str]:
    """Every name under which a suppressed person is known (display names and the mentions that
    resolve to them): masked wherever one appears whole in an article that is no case."""
    ids = list(session.scalars(select(PersonRow.id).where(PersonRow.suppressed_at.is_not(None))))
    if not ids:
        return []
    names = set(session.scalars(select(PersonRow.display_name).where(PersonRow.id.in_(ids))))
    names |= set(
        session.scalars(select(PerpetratorRow.name).where(PerpetratorRow.person_id.in_(ids)))
    )
    return sorted(n for n in names if n.strip())


def hidden_in_case(session: Session, perps: Sequence[PerpetratorRow]) -> Hidden:
    hidden_ids = suppressed_ids(session, [p.person_id for p in perps])
    if not hidden_ids:
        return Hidden()
    gone = [p for p in perps if p.person_id in hidden_ids]
    keys = set(
        session.scalars(
            select(PersonNameRow.name_key).where(PersonNameRow.person_id.in_(hidden_ids))
        )
    )
    keys |= {name_key(p.name) for p in gone}
    spans = [
        (int(s[0]), int(s[1]))
        for p in gone
        for s in (p.evidence or [])
        if isinstance(s, list | tuple) and len(s) == 2
    ]
    keep = {w for p in perps if p.person_id not in hidden_ids for w in re.findall(r"\w+", p.name)}
    return Hidden(
        person_ids=frozenset(hidden_ids),
        names=tuple(p.name for p in gone),
        keys=frozenset(keys),
        spans=tuple(spans),
        keep_words=frozenset(keep),
    )
