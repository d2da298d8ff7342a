"""Server-side records of review UI sessions, so that a session can end before its cookie does.

The review UI's signed cookie (`tipwatch.review_ui.auth`) carries a random session id; the store
keeps only its sha256 (`UiSessionRow`), so a copy of the store cannot be turned into cookies.
A session is good while its row exists, belongs to the cookie's user, is not revoked and has not
expired. Logout revokes one session; a password or role reset (`users.save_user`) revokes all of
a user's sessions.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from tipwatch.store.models import UiSessionRow, utcnow

# Revoked and expired rows are kept this long after expiry (to tell a replayed cookie from a
# forged one when reading the table), then pruned at the next login.
_KEEP_AFTER_EXPIRY = timedelta(days=7)


def _id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def start_session(session: Session, user_id: int, *, max_age: int) -> str:
    """Record a new session of `user_id` valid for `max_age` seconds; returns its id (for the
    cookie only: the store keeps its hash)."""
    now = utcnow()
    session.execute(delete(UiSessionRow).where(UiSessionRow.expires_at < now - _KEEP_AFTER_EXPIRY))
    session_id = secrets.token_urlsafe(32)
    session.add(
        UiSessionRow(
            id_hash=_id_hash(session_id),
            user_id=user_id,
            created_at=now,
            expires_at=now + timedelta(seconds=max_age),
        )
    )
    session.flush()
    return session_id


def session_is_live(session: Session, session_id: str, user_id: int) -> bool:
    """Whether the session exists for this user, is not revoked and has not expired."""
    found = session.scalar(
        select(UiSessionRow.id_hash).where(
            UiSessionRow.id_hash == _id_hash(session_id),
            UiSessionRow.user_id == user_id,
            UiSessionRow.revoked_at.is_(None),
            UiSessionRow.expires_at > utcnow(),
        )
    )
    return found is not None


def end_session(session: Session, session_id: str) -> None:
    """Revoke one session (logout); its cookie is refused from now on, wherever it is replayed."""
    session.execute(
        update(UiSessionRow)
        .where(UiSessionRow.id_hash == _id_hash(session_id), UiSessionRow.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def end_user_sessions(session: Session, user_id: int) -> int:
    """Revoke every live session of a user; returns how many were revoked."""
    result = session.execute(
        update(UiSessionRow)
        .where(UiSessionRow.user_id == user_id, UiSessionRow.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)
