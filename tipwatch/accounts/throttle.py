"""The brute-force limit of review UI logins: failed logins per account and per client address
in a sliding window, kept in the store so that it holds across worker processes and restarts.

Every attempt that passes the limit is recorded *before* its password is checked (so concurrent
guesses cannot slip past a count they did not see) and deleted, with all of its account's
failures, when the password matches. While `per_account` failures of one account name or
`per_address` failures from one address lie inside the window, further attempts are held without
checking the password, with the seconds until the oldest counted failure leaves the window.

The account is keyed by a keyed hash of the name as typed (computed by the caller), so an unknown
name is counted exactly like a known one and a password typed into the name field is never
stored.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session

from tipwatch.settings import Settings
from tipwatch.store.models import LoginFailureRow, utcnow

# Any constant: serialises login-limit writers on PostgreSQL (SQLite serialises writers itself).
_THROTTLE_LOCK_KEY = 0x6C6F67696E6C6D74
MAX_ADDRESS_LENGTH = 64


@dataclass(frozen=True)
class LoginLimits:
    per_account: int
    per_address: int
    window_seconds: float

    @classmethod
    def from_settings(cls, settings: Settings) -> LoginLimits:
        return cls(
            per_account=settings.login_max_failures_per_account,
            per_address=settings.login_max_failures_per_address,
            window_seconds=settings.login_failure_window,
        )


@dataclass(frozen=True)
class Hold:
    """An attempt refused by the limit: which limit held it and for how long."""

    scope: str  # "account" | "address"
    retry_after: int  # seconds


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _hold(
    session: Session,
    column: InstrumentedAttribute[str],
    value: str,
    limit: int,
    since: datetime,
    now: datetime,
    window: timedelta,
) -> int | None:
    """Seconds until fewer than `limit` failures of `value` lie in the window, or None if they
    already do."""
    where = (column == value, LoginFailureRow.at >= since)
    count = session.scalar(select(func.count()).select_from(LoginFailureRow).where(*where)) or 0
    if count < limit:
        return None
    # The window frees a slot when the (count - limit + 1)-th oldest failure leaves it.
    oldest = session.scalar(
        select(LoginFailureRow.at)
        .where(*where)
        .order_by(LoginFailureRow.at, LoginFailureRow.id)
        .offset(count - limit)
        .limit(1)
    )
    if oldest is None:
        return 1
    return max(1, math.ceil((_aware(oldest) + window - now).total_seconds()))


def begin_attempt(
    session: Session, account_key: str, address: str, limits: LoginLimits
) -> Hold | None:
    """Check the limits for one login attempt: a Hold when it must be refused, else None after
    recording the attempt as a failure (`attempt_succeeded` removes it)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _THROTTLE_LOCK_KEY})
    address = address[:MAX_ADDRESS_LENGTH]
    now = utcnow()
    window = timedelta(seconds=limits.window_seconds)
    since = now - window
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < since))
    checks = (
        ("account", LoginFailureRow.account_key, account_key, limits.per_account),
        ("address", LoginFailureRow.address, address, limits.per_address),
    )
    for scope, column, value, limit in checks:
        wait = _hold(session, column, value, limit, since, now, window)
        if wait is not None:
            return Hold(scope=scope, retry_after=wait)
    session.add(LoginFailureRow(at=now, account_key=account_key, address=address))
    session.flush()
    return None


def attempt_succeeded(session: Session, account_key: str) -> None:
    """The password matched: forget the account's failures (those of other accounts from the
    same address still count against that address)."""
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.account_key == account_key))
