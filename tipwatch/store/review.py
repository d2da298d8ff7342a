"""The review workflow on top of the store: reviewers' edits of cases and a hash-chained,
append-only audit log of every edit and decision.

- `edit_case` keeps the reviewer's version in `case_edits` and applies it to the `CaseRow` and
  `PerpetratorRow`s users see; the machine's `ExtractionRow` is never touched.
- `save_extraction` (repository) never overwrites a case that was reviewed or edited; when a new
  extractor version's extraction differs from the one the case was based on, `reopen_if_changed`
  sets the case back to pending (the reviewer's edit is kept) and audits it.
- when the article's text changed (an updated article re-fetched), `save_extraction` shows the
  new text's extraction and `reopen_for_changed_text` sets the case back to pending with the
  reason; the reviewer's edit stays in `case_edits`, never applied to the new text by itself.
- `review_case` is the one way to decide a case (accepted or rejected): it always appends an
  audit row. A decision on the primary case of syndicated copies applies to the copies grouped
  under it, each with its own audit row (`tipwatch.store.syndication`); a copy reviewed or
  edited on its own is no longer grouped.
- The audit log itself is `tipwatch.store.audit` (re-exported here for callers).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tipwatch.domain.review_state import DECISIONS, ReviewState
from tipwatch.domain.status_date import DateSource
from tipwatch.records import ChargeCategory, CountryCode, LegalStatus
from tipwatch.store.audit import (
    GENESIS_HASH,
    append_audit,
    audit_hash,
    audit_trail,
    iso_utc,
    verify_audit_chain,
)
from tipwatch.store.cases import get_case
from tipwatch.store.charges import (
    CaseCharge,
    charge_json,
    charges_from_payload,
    parse_charges,
    unique_charges,
    with_evidence,
)
from tipwatch.store.models import (
    CaseEditRow,
    CaseRow,
    ExtractionRow,
    PerpetratorRow,
    utcnow,
)
from tipwatch.store.outbox import enqueue_case
from tipwatch.store.persons import assign_persons
from tipwatch.store.syndication import CopyState, copy_reason, grouped_copies

__all__ = [
    "CASE_OBJECT",
    "GENESIS_HASH",
    "SYSTEM_ACTOR",
    "CaseEdit",
    "EditError",
    "EditedPerpetrator",
    "append_audit",
    "audit_hash",
    "audit_trail",
    "case_snapshot",
    "edit_case",
    "edit_json",
    "has_edit",
    "latest_edit",
    "machine_snapshot",
    "parse_edit",
    "reopen_for_changed_text",
    "reopen_if_changed",
    "review_case",
    "verify_audit_chain",
]

CASE_OBJECT = "case"
SYSTEM_ACTOR = "system"

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
    """The reviewer's version of a case's perpetrators, charge categories, charges with their
    statute and jurisdiction. A charge's category (other than `other`) is one of the case's
    categories whether or not it was ticked."""

    model_config = ConfigDict(extra="forbid")

    perpetrators: list[EditedPerpetrator] = Field(default_factory=list, max_length=100)
    charge_categories: list[ChargeCategory] = Field(default_factory=list)
    charges: list[CaseCharge] = Field(default_factory=list, max_length=50)
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
    for i, charge in enumerate(edit.charges):
        if charge.category is ChargeCategory.OTHER and charge.statute is None:
            raise EditError(f"charges.{i}: a charge of category 'other' needs its statute")
    charged = {c.category for c in edit.charges if c.category is not ChargeCategory.OTHER}
    return edit.model_copy(
        update={
            "charge_categories": [*edit.charge_categories, *charged],
            "charges": unique_charges(edit.charges),
        }
    )


def edit_json(edit: CaseEdit) -> dict[str, Any]:
    data = edit.model_dump(mode="json")
    data["charge_categories"] = sorted(set(data["charge_categories"]))
    data["charges"] = [
        {"category": c.category.value, "statute": c.statute} for c in unique_charges(edit.charges)
    ]
    return data


def case_snapshot(case: CaseRow) -> dict[str, Any]:
    """What a reviewer can edit, as the case shows it now (the shape of `CaseEdit`)."""
    return {
        "perpetrators": [
            {"name": p.name, "status": p.status, "nationality": p.nationality, "age": p.age}
            for p in case.perpetrators
        ],
        "charge_categories": list(case.charge_categories or []),
        "charges": [
            {"category": c.category.value, "statute": c.statute}
            for c in parse_charges(case.charges)
        ],
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
        "charges": [
            {"category": c.category.value, "statute": c.statute}
            for c in charges_from_payload(payload)
        ],
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
    """Store the reviewer's version of the case and show it in place of the machine's. The
    syndicated copies grouped under the case get the same version, each audited with the reason
    "syndicated copy of <case id>" (they said what the case said); a grouped copy edited here
    leaves its group.

    Raises EditError (nothing changed) on invalid input, KeyError for an unknown case.
    """
    edit = parse_edit(edited)
    case = get_case(session, case_id)
    if case is None:
        raise KeyError(case_id)
    _review_on_its_own(case)
    row = _apply_edit(session, case, edit, user=user, reason=reason)
    for copy in grouped_copies(session, case_id):
        _apply_edit(session, copy, edit, user=user, reason=copy_reason(case_id))
    return row


def _apply_edit(
    session: Session, case: CaseRow, edit: CaseEdit, *, user: str, reason: str | None
) -> CaseEditRow:
    case_id = case.id
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
    published = art.publish_date or (
        art.fetched_at.date() if art.fetched_at else datetime.now(UTC).date()
    )
    # Evidence spans stay with a person the reviewer kept (same name), and so does a status
    # date the text stated when the reviewer kept the status it dates.
    kept = {p.name.casefold(): p for p in case.perpetrators}
    session.execute(delete(PerpetratorRow).where(PerpetratorRow.case_id == case_id))
    session.expire(case, ["perpetrators"])
    rows = []
    for p in edit.perpetrators:
        old = kept.get(p.name.casefold())
        dated = (
            old is not None
            and old.status == p.status.value
            and old.status_date_source == DateSource.TEXT
        )
        rows.append(
            PerpetratorRow(
                name=p.name,
                status=p.status.value,
                status_date=old.status_date if dated and old is not None else published,
                status_date_source=(DateSource.TEXT if dated else DateSource.PUBLICATION).value,
                status_date_evidence=(
                    old.status_date_evidence if dated and old is not None else None
                ),
                source_url=art.canonical_url,
                nationality=p.nationality,
                age=p.age,
                evidence=list(old.evidence or []) if old is not None else [],
            )
        )
    case.perpetrators = rows
    case.charge_categories = data["charge_categories"]
    machine = session.get(ExtractionRow, case.extraction_id)
    known = [
        *parse_charges(case.charges),
        *(charges_from_payload(machine.payload) if machine is not None else []),
    ]
    case.charges = [charge_json(c) for c in with_evidence(edit.charges, known)]
    case.country = edit.country
    case.admin1 = edit.admin1
    case.city = edit.city
    assign_persons(session, case)
    case.updated_at = utcnow()
    enqueue_case(session, case_id)
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
        "reviewed_at": iso_utc(case.reviewed_at) if case.reviewed_at else None,
        "review_reason": case.review_reason,
    }


def _review_on_its_own(case: CaseRow) -> None:
    """An analyst reviews or edits a grouped copy by itself: it leaves its group."""
    if case.copy_state == CopyState.GROUPED:
        case.copy_state = CopyState.SEPARATE.value


def review_case(
    session: Session, case_id: str, *, decision: str, user: str, reason: str | None = None
) -> CaseRow:
    """Accept or reject a case, with an audit row (before and after). The case is re-indexed
    (the index shows its review status). The same decision applies to the syndicated copies
    grouped under the case, each audited with the reason "syndicated copy of <case id>"; a
    grouped copy decided here leaves its group. ValueError for an unknown decision (nothing
    changed), KeyError for an unknown case."""
    case = session.get(CaseRow, case_id)
    if case is None:
        raise KeyError(case_id)
    state = next((d for d in DECISIONS if d.value == decision), None)
    if state is None:
        raise ValueError(f"unknown review decision {decision!r}")
    _review_on_its_own(case)
    _decide(session, case, state, user=user, reason=reason)
    for copy in grouped_copies(session, case.id):
        _decide(session, copy, state, user=user, reason=copy_reason(case.id))
    return case


def _decide(
    session: Session, case: CaseRow, state: ReviewState, *, user: str, reason: str | None
) -> None:
    case_id = case.id
    before = _review_snapshot(case)
    now = utcnow()
    case.review_status = state.value
    case.reviewed_by = user
    case.reviewed_at = now
    case.review_reason = reason
    case.updated_at = now
    enqueue_case(session, case_id)
    session.flush()
    append_audit(
        session,
        actor=user,
        action="accept" if state is ReviewState.ACCEPTED else "reject",
        object_type=CASE_OBJECT,
        object_id=case_id,
        before=before,
        after=_review_snapshot(case),
        reason=reason,
    )


# Start of `CaseRow.review_reason` of a case reopened because its article's text changed.
ARTICLE_CHANGED = "Reopened: the article changed"


def reopen_for_changed_text(
    session: Session,
    case: CaseRow,
    base_id: int,
    base_hash: str,
    ext: ExtractionRow,
    before: Mapping[str, Any],
) -> None:
    """Called by `save_extraction` after it applied `ext`, the extraction of the article's new
    text, to a reviewed or edited case that was based on extraction `base_id` of an earlier text
    (content hash `base_hash`; that extraction is kept in `article_versions`). The case goes
    back to pending with a reason saying the article changed; an audit row keeps what the case
    showed before (`before`: the reviewer's version if they edited it) and the review it had.
    Edits stay in `case_edits` for the reviewer to apply again if they still hold."""
    prior = {
        "review_status": case.review_status,
        "reviewed_by": case.reviewed_by,
        "extraction_id": base_id,
        "content_hash": base_hash,
        "case": dict(before),
    }
    edited = has_edit(session, case.id)
    case.review_status = ReviewState.PENDING.value
    case.reviewed_by = None
    case.reviewed_at = None
    case.review_reason = (
        f"{ARTICLE_CHANGED} at its source after this case was "
        f"{'reviewed' if prior['review_status'] != ReviewState.PENDING else 'edited'}: "
        "the case now shows what the new version says"
        + ("; the earlier edit is kept and not applied to it" if edited else "")
        + ". The earlier version stays in the archive."
    )
    _record_reopen(
        session,
        case,
        before=prior,
        after={
            "review_status": case.review_status,
            "extraction_id": ext.id,
            "content_hash": ext.content_hash,
            "case": case_snapshot(case),
        },
        reason="article_changed: the article's text changed since the case was reviewed",
    )


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
    if case.review_status != ReviewState.PENDING:
        case.review_status = ReviewState.PENDING.value
        case.reviewed_by = None
        case.reviewed_at = None
        case.review_reason = (
            f"Reopened: extractor {ext.extractor_version} changed the extraction "
            "this review was based on."
        )
    _record_reopen(
        session,
        case,
        before=before,
        after={
            "review_status": case.review_status,
            "extraction_id": ext.id,
            "extractor_version": ext.extractor_version,
        },
        reason="new extractor version differs from the reviewed extraction",
    )
    return True


def _record_reopen(
    session: Session,
    case: CaseRow,
    *,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str,
) -> None:
    """The reopened case goes to the index again, with its audit row (by the system)."""
    case.updated_at = utcnow()
    enqueue_case(session, case.id)
    session.flush()
    append_audit(
        session,
        actor=SYSTEM_ACTOR,
        action="reopen",
        object_type=CASE_OBJECT,
        object_id=case.id,
        before=before,
        after=after,
        reason=reason,
    )
