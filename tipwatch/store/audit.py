"""The append-only, hash-chained audit log: who changed what, when, why, before and after.

Each row's `hash` is sha256 over its content and `prev_hash` (the previous row's hash), so an
edited or deleted row breaks the chain; `verify_audit_chain` recomputes it. The ORM refuses
updates and deletes of audit rows. At the bottom of the store so that every module that changes
reviewed data (review, persons, takedowns) can append a row without importing another.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from tipwatch.store.models import AuditRow, utcnow

GENESIS_HASH = "0" * 64
# Any constant: serialises audit writers on PostgreSQL so the chain cannot fork.
_AUDIT_LOCK_KEY = 0x7469707761746368


def iso_utc(at: datetime) -> str:
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
        "at": iso_utc(at),
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
