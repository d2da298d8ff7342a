"""Review UI accounts in the store: create, reset, list, disable, authenticate, look up.

Sessions, cookies and CSRF belong to the review UI (`tipwatch.review_ui.auth`); this module only
knows users, their password hashes and their roles, so the CLI and the demo create accounts
without importing the web application.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipwatch.accounts.passwords import (
    MIN_PASSWORD_LENGTH,
    dummy_hash,
    hash_password,
    needs_rehash,
    verify_password,
)
from tipwatch.accounts.roles import ROLES, is_role
from tipwatch.accounts.sessions import end_user_sessions
from tipwatch.store.models import UserRow, utcnow

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$")


class AuthError(ValueError):
    """A user could not be created (bad role, name or password, or a duplicate name)."""


def _check_role(role: str) -> None:
    if not is_role(role):
        raise AuthError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")


def create_user(session: Session, username: str, password: str, role: str) -> UserRow:
    """Add a user with an argon2id password hash. Raises AuthError on bad input or a duplicate."""
    _check_role(role)
    if not USERNAME_RE.match(username):
        raise AuthError("username must be 1-100 characters of letters, digits, _ . @ -")
    _check_password(password)
    if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
        raise AuthError(f"user {username!r} already exists")
    row = UserRow(username=username, password_hash=hash_password(password), role=role)
    session.add(row)
    session.flush()
    return row


def save_user(session: Session, username: str, password: str, role: str) -> UserRow:
    """Create the user, or reset an existing user's password and role (ends their sessions)."""
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        return create_user(session, username, password, role)
    _check_role(role)
    _check_password(password)
    row.password_hash = hash_password(password)
    row.role = role
    end_user_sessions(session, row.id)
    session.flush()
    return row


def authenticate(session: Session, username: str, password: str) -> UserRow | None:
    """The user when the password matches, else None. Rehashes outdated hashes."""
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        verify_password(dummy_hash(), password)
        return None
    if not verify_password(row.password_hash, password):
        return None
    if not is_role(row.role) or row.disabled_at is not None:
        return None
    if needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
    return row


def active_user(session: Session, user_id: int) -> UserRow | None:
    """The user with this id when it still exists and holds a known role (a session of a
    deleted user, or of one whose role was removed, is worth nothing)."""
    row = session.get(UserRow, user_id)
    if row is None or not is_role(row.role) or row.disabled_at is not None:
        return None
    return row


def list_users(session: Session) -> list[UserRow]:
    """Every account, by name."""
    return list(session.scalars(select(UserRow).order_by(UserRow.username)))


def _user(session: Session, username: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        raise AuthError(f"no user {username!r}")
    return row


def set_password(session: Session, username: str, password: str) -> UserRow:
    """Give an existing user a new password; their sessions end. AuthError for an unknown user
    or a short password."""
    row = _user(session, username)
    _check_password(password)
    row.password_hash = hash_password(password)
    end_user_sessions(session, row.id)
    session.flush()
    return row


def disable_user(session: Session, username: str) -> UserRow:
    """Stop an account from logging in and end its sessions (the row stays for the audit log).
    AuthError for an unknown user; disabling twice keeps the first date."""
    row = _user(session, username)
    if row.disabled_at is None:
        row.disabled_at = utcnow()
    end_user_sessions(session, row.id)
    session.flush()
    return row


def enable_user(session: Session, username: str) -> UserRow:
    """Let a disabled account log in again."""
    row = _user(session, username)
    row.disabled_at = None
    session.flush()
    return row
