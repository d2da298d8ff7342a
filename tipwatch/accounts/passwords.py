"""Password hashing: argon2id with the argon2-cffi defaults.

Hashes are upgraded at login when the library's parameters change (`needs_rehash`); a login for
an unknown user verifies against a dummy hash so that it costs the same (no timing oracle).
"""

from __future__ import annotations

import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 8

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash to verify against when the user does not exist (same cost, no timing oracle)."""
    return _hasher.hash(secrets.token_urlsafe(16))
