"""Screening API keys: created on the CLI, shown once, stored as sha256; each key has its own
rate limit (requests per minute). API keys open the screening API only, never the review UI."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipwatch.store.models import ApiKeyRow, utcnow

PREFIX = "tw_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_api_key(
    session: Session, *, label: str, created_by: str, rate_per_minute: int = 60
) -> str:
    """A new key (returned once: only its hash is stored); `key_id_of` gives its id."""
    if not 1 <= rate_per_minute <= 100_000:
        raise ValueError("rate_per_minute must be between 1 and 100000")
    key = PREFIX + secrets.token_urlsafe(32)
    session.add(
        ApiKeyRow(
            key_hash=hash_key(key),
            label=label[:200],
            rate_per_minute=rate_per_minute,
            created_by=created_by,
        )
    )
    session.flush()
    return key


def key_id_of(session: Session, key: str) -> int | None:
    """The id of a key (what `revoke` takes), from the key itself."""
    return session.scalar(select(ApiKeyRow.id).where(ApiKeyRow.key_hash == hash_key(key)))


def list_api_keys(session: Session) -> list[ApiKeyRow]:
    """Every key (active and revoked), by id; the keys themselves are not stored."""
    return list(session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id)))


def revoke_api_key(session: Session, key_id: int) -> bool:
    row = session.get(ApiKeyRow, key_id)
    if row is None or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    return True


@dataclass(frozen=True)
class ApiClient:
    key_id: int
    label: str
    rate_per_minute: int


def lookup(session: Session, key: str) -> ApiClient | None:
    if not key.startswith(PREFIX) or len(key) > 200:
        return None
    row = session.scalar(select(ApiKeyRow).where(ApiKeyRow.key_hash == hash_key(key)))
    if row is None or row.revoked_at is not None:
        return None
    return ApiClient(key_id=row.id, label=row.label, rate_per_minute=row.rate_per_minute)


class RateLimiter:
    """Sliding one-minute window per key, in this process. `check` returns 0 when the request
    may go ahead, else the seconds to wait (for Retry-After)."""

    def __init__(self, window: float = 60.0) -> None:
        self.window = window
        self._hits: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, client: ApiClient, cost: int = 1, now: float | None = None) -> int:
        t = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.setdefault(client.key_id, deque())
            while hits and hits[0] <= t - self.window:
                hits.popleft()
            if len(hits) + cost > client.rate_per_minute:
                if not hits:
                    return int(self.window)
                index = min(len(hits) - 1, len(hits) + cost - client.rate_per_minute - 1)
                return max(1, int(hits[index] + self.window - t) + 1)
            hits.extend([t] * cost)
            return 0
