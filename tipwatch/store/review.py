"""The review workflow on top of the store: reviewers' edits of cases and a hash-chained,
append-only audit log of every edit and decision.

- `edit_case` keeps the reviewer's version in `case_edits` and applies it to the `CaseRow` and
  `PerpetratorRow`s users see; the machine's `ExtractionRow` is never touched.
- `save_extraction` (repository) never overwrites a case that was reviewed or edited; when a new
  extractor version's extraction differs from the one the case was based on, `reopen_if_changed`
  sets the case back to pending (the reviewer's edit is kept) and audits it.
- Every audit row's `hash` is sha256 over its content and `prev_hash`; `verify_audit_chain`
  recomputes the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from sqlalchemy import delete, event, select, text
from sqlalchemy.orm import Session

from tipwatch.records import ChargeCategory, CountryCode, LegalStatus
from tipwatch.store import repository
from tipwatch.store.models import (
    AuditRow,
    CaseEditRow,
    CaseRow,
    ExtractionRow,
    PerpetratorRow,
    utcnow,
)

GENESIS_HASH = "0" * 64
CASE_OBJECT = "case"
SYSTEM_ACTOR = "system"
# Any constant: serialises audit writers on PostgreSQL so the chain cannot fork.
_AUDIT_LOCK_KEY = 0x7469707761746368

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Place = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class EditError(ValueError):
    """The submitted edit is not valid (unknown status, category or country code, ...)."""


class EditedPerpetrator(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    status: LegalStatus
    nationality: CountryCode | None = None
    age: int | None = Field(default=None, ge=0, le=120)


class CaseEdit(BaseModel):
    """The reviewer's version of a case's perpetrators, charge categories and jurisdiction."""

    model_config = ConfigDict(extra="forbid")

    perpetrators: list[EditedPerpetrator] = Field(default_factory=list, max_length=100)
    charge_categories: list[ChargeCategory] = Field(default_factory=list)
    country: CountryCode | None = None
    admin1: Place | None = None
    city: Place | None = None


def parse_edit(edited: Mapping[str, Any] | CaseEdit) -> CaseEdit:
    if isinstance(edited, CaseEdit):
        edit = edited
    else:
        try:
            edit = CaseEdit.model_validate(dict(edited))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise EditError(problems) from None
    if ChargeCategory.OTHER in edit.charge_categories:
        raise EditError("charge_categories: 'other' is not a case category")
    return edit


def edit_json(edit: CaseEdit) -> dict[str, Any]:
    data = edit.model_dump(mode="json")
    data["charge_categories"] = sorted(set(data["charge_categories"]))
    return data


def case_snapshot(case: CaseRow) -> dict[str, Any]:
    """What a reviewer can edit, as the case shows it now (the shape of `CaseEdit`)."""
    return {
        "perpetrators": [
            {"name": p.name, "status": p.status, "nationality": p.nationality, "age": p.age}
            for p in case.perpetrators
        ],
        "charge_categories": list(case.charge_categories or []),
        "country": case.country,
        "admin1": case.admin1,
        "city": case.city,
    }


def machine_snapshot(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The same shape, read from a machine extraction's stored payload."""
    jur = payload.get("jurisdiction") or {}
    cats = {
        c.get("category")
        for c in payload.get("charges") or []
        if isinstance(c, Mapping) and c.get("category") not in (None, ChargeCategory.OTHER.value)
    }
    return {
        "perpetrators": [
            {
                "name": p.get("name"),
                "status": p.get("status"),
                "nationality": p.get("nationality"),
                "age": p.get("age"),
            }
            for p in payload.get("perpetrators") or []
            if isinstance(p, Mapping)
        ],
        "charge_categories": sorted(str(c) for c in cats),
        "country": jur.get("country"),
        "admin1": jur.get("admin1"),
        "city": jur.get("city"),
    }


def latest_edit(session: Session, case_id: str) -> CaseEditRow | None:
    return session.scalar(
        select(CaseEditRow)
        .where(CaseEditRow.case_id == case_id)
        .order_by(CaseEditRow.id.desc())
        .limit(1)
    )


def has_edit(session: Session, case_id: str) -> bool:
    return (
        session.scalar(select(CaseEditRow.id).where(CaseEditRow.case_id == case_id).limit(1))
        is not None
    )


def edit_case(
    session: Session,
    case_id: str,
    edited: Mapping[str, Any] | CaseEdit,
    *,
    user: str,
    reason: str | None = None,
) -> CaseEditRow:
    """Store the reviewer's version of the case and show it in place of the machine's.

    Raises EditError (nothing changed) on invalid input, KeyError for an unknown case.
    """
    from tipwatch.store.persons import assign_persons

    edit = parse_edit(edited)
    case = repository.get_case(session, case_id)
    if case is None:
        raise KeyError(case_id)
    before = case_snapshot(case)
    data = edit_json(edit)
    row = CaseEditRow(
        case_id=case_id,
        extraction_id=case.extraction_id,
        edited=data,
        edited_by=user,
        edited_at=utcnow(),
        reason=reason,
    )
    session.add(row)

    art = case.article
    status_date = art.publish_date or (
        art.fetched_at.date() if art.fetched_at else datetime.now(UTC).date()
    )
    # Evidence spans stay with a person the reviewer kept (same name).
    evidence = {p.name.casefold(): list(p.evidence or []) for p in case.perpetrators}
    session.execute(delete(PerpetratorRow).where(PerpetratorRow.case_id == case_id))
    session.expire(case, ["perpetrators"])
    case.perpetrators = [
        PerpetratorRow(
            name=p.name,
            status=p.status.value,
            status_date=status_date,
            source_url=art.canonical_url,
            nationality=p.nationality,
            age=p.age,
            evidence=evidence.get(p.name.casefold(), []),
        )
        for p in edit.perpetrators
    ]
    case.charge_categories = data["charge_categories"]
    case.country = edit.country
    case.admin1 = edit.admin1
    case.city = edit.city
    assign_persons(session, case)
    case.updated_at = utcnow()
    repository._enqueue(session, repository.CASE_DOC, case_id, "upsert")
    session.flush()
    append_audit(
        session,
        actor=user,
        action="edit",
        object_type=CASE_OBJECT,
        object_id=case_id,
        before=before,
        after=data,
        reason=reason,
    )
    return row


def _review_snapshot(case: CaseRow) -> dict[str, Any]:
    return {
        "review_status": case.review_status,
        "reviewed_by": case.reviewed_by,
        "reviewed_at": _iso(case.reviewed_at) if case.reviewed_at else None,
        "review_reason": case.review_reason,
    }


def review_case(
    session: Session, case_id: str, *, decision: str, user: str, reason: str | None = None
) -> CaseRow:
    """`repository.review_case`, audited. Raises ValueError / KeyError as it does."""
    case = session.get(CaseRow, case_id)
    if case is None:
        raise KeyError(case_id)
    before = _review_snapshot(case)
    case = repository.review_case(session, case_id, decision=decision, user=user, reason=reason)
    session.flush()
    append_audit(
        session,
        actor=user,
        action="accept" if decision == "accepted" else "reject",
        object_type=CASE_OBJECT,
        object_id=case_id,
        before=before,
        after=_review_snapshot(case),
        reason=reason,
    )
    return case


def _comparable(payload: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k != "extractor_version"}


def reopen_if_changed(session: Session, case: CaseRow, ext: ExtractionRow) -> bool:
    """Called by `save_extraction` for a reviewed or edited case. When `ext` comes from another
    extractor version and differs from the extraction the case is based on, the case goes back
    to pending (its fields, i.e. the reviewer's edit, are kept) and now refers to `ext`.
    Returns whether the case was reopened."""
    if ext.id == case.extraction_id:
        return False
    base = session.get(ExtractionRow, case.extraction_id)
    if base is not None and (
        base.extractor_version == ext.extractor_version
        or _comparable(base.payload) == _comparable(ext.payload)
    ):
        return False
    before = {
        "review_status": case.review_status,
        "extraction_id": case.extraction_id,
        "extractor_version": base.extractor_version if base is not None else None,
    }
    case.extraction_id = ext.id
    if case.review_status != "pending":
        case.review_status = "pending"
        case.reviewed_by = None
        case.reviewed_at = None
        case.review_reason = (
            f"Reopened: extractor {ext.extractor_version} changed the extraction "
            "this review was based on."
        )
    case.updated_at = utcnow()
    repository._enqueue(session, repository.CASE_DOC, case.id, "upsert")
    session.flush()
    append_audit(
        session,
        actor=SYSTEM_ACTOR,
        action="reopen",
        object_type=CASE_OBJECT,
        object_id=case.id,
        before=before,
        after={
            "review_status": case.review_status,
            "extraction_id": ext.id,
            "extractor_version": ext.extractor_version,
        },
        reason="new extractor version differs from the reviewed extraction",
    )
    return True


# --- the audit log -------------------------------------------------------------------------------


def _iso(at: datetime) -> str:
    """UTC, microseconds, no offset: SQLite returns naive datetimes, PostgreSQL aware ones."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def audit_hash(
    *,
    at: datetime,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    before: Any,
    after: Any,
    reason: str | None,
    prev_hash: str,
) -> str:
    content = {
        "at": _iso(at),
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "before": before,
        "after": after,
        "reason": reason,
        "prev_hash": prev_hash,
    }
    raw = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _row_hash(row: AuditRow) -> str:
    return audit_hash(
        at=row.at,
        actor=row.actor,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        before=row.before,
        after=row.after,
        reason=row.reason,
        prev_hash=row.prev_hash,
    )


def append_audit(
    session: Session,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None = None,
) -> AuditRow:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _AUDIT_LOCK_KEY})
    prev = session.scalar(select(AuditRow.hash).order_by(AuditRow.id.desc()).limit(1))
    prev_hash = prev or GENESIS_HASH
    # Round-trip through JSON so the hash is of exactly what the store gives back.
    before = json.loads(json.dumps(before)) if before is not None else None
    after = json.loads(json.dumps(after)) if after is not None else None
    at = utcnow()
    row = AuditRow(
        at=at,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        reason=reason,
        prev_hash=prev_hash,
    )
    row.hash = _row_hash(row)
    session.add(row)
    session.flush()
    return row


def audit_trail(session: Session, object_id: str | None = None) -> list[AuditRow]:
    q = select(AuditRow).order_by(AuditRow.id)
    if object_id is not None:
        q = q.where(AuditRow.object_id == object_id)
    return list(session.scalars(q))


def verify_audit_chain(session: Session) -> bool:
    """Whether every audit row still hashes to its `hash` and links to the row before it."""
    prev = GENESIS_HASH
    for row in session.scalars(select(AuditRow).order_by(AuditRow.id)):
        if row.prev_hash != prev or _row_hash(row) != row.hash:
            return False
        prev = row.hash
    return True


def _refuse_change(*_args: object) -> None:
    raise RuntimeError("the audit log is append-only")


event.listen(AuditRow, "before_update", _refuse_change)
event.listen(AuditRow, "before_delete", _refuse_change)
