"""The append-only, hash-chained audit log: who changed what, when, why, before and after.

Each row's `hash` is sha256 over its content and `prev_hash` (the previous row's hash), so an
edited or deleted row breaks the chain; `verify_audit_chain` recomputes it. The ORM refuses
updates and deletes of audit rows.

A chain alone cannot show that its newest rows were deleted, so the head is anchored: every
append also moves the one `audit_head` row (row count, last id and hash) with an HMAC whose key
lives outside the database, in a key file beside the SQLite store (`AUDIT_KEY_FILE`, created on
the first append; the Store puts its path in `session.info`). `check_audit` reports a broken
link, a head that the log does not reach (deleted tail), a head that does not verify, and a
case edit or review decision without its audit row.

At the bottom of the store so that every module that changes reviewed data (review, persons,
takedowns) can append a row without importing another.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from tipwatch.domain.review_state import ReviewState
from tipwatch.store.models import AuditHeadRow, AuditRow, CaseEditRow, CaseRow, utcnow

GENESIS_HASH = "0" * 64
# The head's HMAC key, in the folder of the SQLite store (outside the database, so a DELETE
# behind the ORM's back cannot re-sign the head). `session.info[AUDIT_KEY_INFO]` names it.
AUDIT_KEY_FILE = "audit.key"
AUDIT_KEY_INFO = "audit_key_file"
_HEAD_ID = 1
# Review decisions are the audit actions that set a case's review status.
_STATUS_ACTIONS = ("accept", "reject", "reopen")
_MAX_PROBLEMS = 50
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
    _move_head(session, row)
    return row


class AuditKeyMissing(RuntimeError):
    pass


def _audit_key(session: Session, *, create: bool) -> bytes:
    """The head's HMAC key from the key file the session names; b"" when it names none (a
    store that is not a SQLite file: the head then catches a bare DELETE, not a forger)."""
    name = session.info.get(AUDIT_KEY_INFO)
    if not name:
        return b""
    path = Path(name)
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        if not create:
            raise AuditKeyMissing(str(path)) from None
    key = os.urandom(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another writer made it first
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key.hex() + "\n")
        f.flush()
        os.fsync(f.fileno())
    return key


def _head_mac(key: bytes, row_count: int, last_id: int, last_hash: str) -> str:
    msg = f"tipwatch-audit-head:{row_count}:{last_id}:{last_hash}".encode("ascii")
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def _move_head(session: Session, row: AuditRow) -> None:
    """Count the new row into the head and re-sign it. The count goes on from the head's own
    count (not a recount), so rows deleted earlier stay visible as a gap."""
    key = _audit_key(session, create=True)
    head = session.get(AuditHeadRow, _HEAD_ID)
    if head is None:
        # First append since the anchor exists: trust the log as it is now.
        count = int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)
        head = AuditHeadRow(id=_HEAD_ID, row_count=count, last_id=row.id, last_hash=row.hash)
        session.add(head)
    else:
        head.row_count += 1
    head.last_id = row.id
    head.last_hash = row.hash
    head.mac = _head_mac(key, head.row_count, head.last_id, head.last_hash)
    session.flush()


def audit_trail(session: Session, object_id: str | None = None) -> list[AuditRow]:
    q = select(AuditRow).order_by(AuditRow.id)
    if object_id is not None:
        q = q.where(AuditRow.object_id == object_id)
    return list(session.scalars(q))


@dataclass
class AuditReport:
    rows: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, problem: str) -> None:
        if len(self.problems) < _MAX_PROBLEMS:
            self.problems.append(problem)


def check_audit(session: Session) -> AuditReport:
    """Everything that can be checked about the audit log: each row hashes to its `hash` and
    links to the row before it; the signed head is where the log ends (a deleted newest row);
    every case edit and every standing review decision has its audit row."""
    report = AuditReport()
    prev, prev_id = GENESIS_HASH, None
    last: AuditRow | None = None
    edits_audited: Counter[str] = Counter()
    last_decision: dict[str, AuditRow] = {}
    for row in session.scalars(select(AuditRow).order_by(AuditRow.id)):
        report.rows += 1
        if _row_hash(row) != row.hash:
            report.add(f"audit row {row.id}: its content does not match its hash (edited)")
        if row.prev_hash != prev:
            where = f"after row {prev_id}" if prev_id is not None else "at its start"
            report.add(
                f"audit chain broken {where}, before row {row.id}: a row was deleted or edited"
            )
        if row.object_type == "case":
            if row.action == "edit":
                edits_audited[row.object_id] += 1
            elif row.action in _STATUS_ACTIONS:
                last_decision[row.object_id] = row
        prev, prev_id, last = row.hash, row.id, row
    _check_head(session, report, last)
    edits = session.execute(
        select(CaseEditRow.case_id, func.count()).group_by(CaseEditRow.case_id)
    ).all()
    for case_id, n in edits:
        if n > edits_audited[case_id]:
            report.add(
                f"case_edits: case {case_id} has {n} edits but {edits_audited[case_id]} "
                "edit audit rows: an edit has no audit row"
            )
    decided = session.execute(
        select(CaseRow.id, CaseRow.review_status, CaseRow.reviewed_by).where(
            CaseRow.review_status.in_([ReviewState.ACCEPTED.value, ReviewState.REJECTED.value])
        )
    ).all()
    for case_id, status, reviewed_by in decided:
        audit = last_decision.get(case_id)
        after = (audit.after or {}) if audit is not None else {}
        if after.get("review_status") != status or after.get("reviewed_by") != reviewed_by:
            report.add(
                f"review decision of case {case_id} ({status} by {reviewed_by}) has no "
                "matching audit row"
            )
    return report


def _check_head(session: Session, report: AuditReport, last: AuditRow | None) -> None:
    head = session.get(AuditHeadRow, _HEAD_ID)
    if head is None:
        if report.rows:
            report.add(
                f"the audit head is missing while the log has {report.rows} rows: it was "
                "deleted, so deleted newest rows cannot be ruled out"
            )
        return
    try:
        key = _audit_key(session, create=False)
    except AuditKeyMissing as exc:
        report.add(f"the audit key file {exc} is missing: the head's signature cannot be checked")
    else:
        expected = _head_mac(key, head.row_count, head.last_id, head.last_hash)
        if not hmac.compare_digest(expected, head.mac):
            report.add(
                "the audit head's signature does not verify: the head was rewritten outside "
                "tipwatch (or the audit key file was replaced)"
            )
    if head.row_count > report.rows:
        report.add(
            f"the audit head counts {head.row_count} rows, the log has {report.rows}: "
            f"{head.row_count - report.rows} audit rows were deleted"
        )
    elif head.row_count < report.rows:
        report.add(
            f"the audit head counts {head.row_count} rows, the log has {report.rows}: rows "
            "were added outside tipwatch"
        )
    if last is None or last.id != head.last_id or last.hash != head.last_hash:
        newest = f"row {last.id}" if last is not None else "empty"
        report.add(
            f"the newest audit row ({newest}) is not the head's (row {head.last_id}): the "
            "newest rows were deleted or replaced"
        )


def verify_audit_chain(session: Session) -> bool:
    """Whether the audit log checks out (`check_audit` finds no problem)."""
    return not check_audit(session).problems


def _refuse_change(*_args: object) -> None:
    raise RuntimeError("the audit log is append-only")


event.listen(AuditRow, "before_update", _refuse_change)
event.listen(AuditRow, "before_delete", _refuse_change)
