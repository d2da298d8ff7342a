"""Users, passwords, signed session cookies and CSRF checks for the review UI.

- Passwords are hashed with argon2id (argon2-cffi defaults); hashes are upgraded on login when
  the library's parameters change.
- The session lives in a cookie signed (not encrypted) with `settings.secret_key` through
  itsdangerous. It holds the user id, a fingerprint of the password hash (changing the password
  ends every session) and the per-session CSRF token. The role is read from the store on every
  request, so a role change takes effect at once.
- Every unsafe request must carry the session's CSRF token in the `csrf_token` form field and
  must not come from another site (`Sec-Fetch-Site`, `Origin`).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from tipwatch.settings import Settings
from tipwatch.store.models import UserRow

ROLES = ("admin", "reviewer", "viewer")
REVIEW_ROLES = frozenset({"admin", "reviewer"})
MIN_PASSWORD_LENGTH = 8
MIN_SECRET_KEY_LENGTH = 32
USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$")

SESSION_COOKIE = "tipwatch_session"
SESSION_MAX_AGE = 12 * 3600  # seconds; absolute lifetime of a signed session
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_hasher = PasswordHasher()


class AuthError(ValueError):
    """A user could not be created (bad role, name or password, or a duplicate name)."""


# --- passwords and users -----------------------------------------------------------------------


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against when the user does not exist (same cost, no timing oracle)."""
    return _hasher.hash(secrets.token_urlsafe(16))


def create_user(session: Session, username: str, password: str, role: str) -> UserRow:
    """Add a user with an argon2id password hash. Raises AuthError on bad input or a duplicate."""
    if role not in ROLES:
        raise AuthError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    if not USERNAME_RE.match(username):
        raise AuthError("username must be 1-100 characters of letters, digits, _ . @ -")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
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
    if role not in ROLES:
        raise AuthError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    row.password_hash = hash_password(password)
    row.role = role
    session.flush()
    return row


def authenticate(session: Session, username: str, password: str) -> UserRow | None:
    """The user when the password matches, else None. Rehashes outdated hashes."""
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        verify_password(_dummy_hash(), password)
        return None
    if not verify_password(row.password_hash, password):
        return None
    if row.role not in ROLES:
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
    return row


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    role: str

    @property
    def can_review(self) -> bool:
        return self.role in REVIEW_ROLES


# --- secret key --------------------------------------------------------------------------------


def ensure_secret_key(settings: Settings) -> Settings:
    """Settings with a secret key: the configured one, else one kept in `<data_dir>/secret_key`
    (created with mode 0600 on first use, so sessions survive restarts)."""
    if settings.secret_key:
        return settings
    path = Path(settings.data_dir) / "secret_key"
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.touch(mode=0o600)
        path.write_text(key + "\n", encoding="utf-8")
    return settings.model_copy(update={"secret_key": key})


# --- sessions ----------------------------------------------------------------------------------


@dataclass
class SessionData:
    csrf: str
    user_id: int | None = None
    pw: str | None = None

    @classmethod
    def fresh(cls) -> SessionData:
        return cls(csrf=secrets.token_urlsafe(32))


class SessionManager:
    """Reads and writes the signed session cookie."""

    def __init__(self, secret_key: str, *, max_age: int = SESSION_MAX_AGE) -> None:
        if len(secret_key) < MIN_SECRET_KEY_LENGTH:
            raise ValueError(
                f"settings.secret_key must have at least {MIN_SECRET_KEY_LENGTH} characters "
                "(see review_ui.auth.ensure_secret_key)"
            )
        self._secret = secret_key.encode("utf-8")
        self._serializer = URLSafeTimedSerializer(secret_key, salt="tipwatch.review_ui.session")
        self.max_age = max_age

    def password_fingerprint(self, password_hash: str) -> str:
        return hmac.new(self._secret, password_hash.encode("utf-8"), hashlib.sha256).hexdigest()[
            :24
        ]

    def load(self, request: Request) -> SessionData | None:
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            return None
        try:
            data: Any = self._serializer.loads(raw, max_age=self.max_age)
        except BadSignature:  # includes SignatureExpired
            return None
        if not isinstance(data, dict):
            return None
        csrf, uid, pw = data.get("c"), data.get("u"), data.get("p")
        if not isinstance(csrf, str) or len(csrf) < 32:
            return None
        if uid is not None and (not isinstance(uid, int) or not isinstance(pw, str)):
            return None
        return SessionData(csrf=csrf, user_id=uid, pw=pw)

    def save(self, response: Response, request: Request, data: SessionData) -> None:
        value = self._serializer.dumps({"c": data.csrf, "u": data.user_id, "p": data.pw})
        response.set_cookie(
            SESSION_COOKIE,
            value,
            path="/",
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )

    def load_user(self, session: Session, data: SessionData) -> CurrentUser | None:
        if data.user_id is None or data.pw is None:
            return None
        row = session.get(UserRow, data.user_id)
        if row is None or row.role not in ROLES:
            return None
        if not hmac.compare_digest(self.password_fingerprint(row.password_hash), data.pw):
            return None
        return CurrentUser(id=row.id, username=row.username, role=row.role)


# --- cross-site request checks -----------------------------------------------------------------


def _netloc(host: str, scheme: str) -> str:
    host = host.strip().lower()
    default = {"http": ":80", "https": ":443"}.get(scheme)
    if default and host.endswith(default):
        host = host[: -len(default)]
    return host


def cross_site_reason(request: Request) -> str | None:
    """Why an unsafe request looks cross-site, or None when it comes from this site.

    `Sec-Fetch-Site` is decisive when the browser sends it. Under `Referrer-Policy: no-referrer`
    browsers send `Origin: null` even for this site's own forms, so a null Origin is accepted
    only together with `Sec-Fetch-Site: same-origin`; any other Origin must match the Host.
    """
    fetch_site = (request.headers.get("sec-fetch-site") or "").lower()
    if fetch_site in ("cross-site", "same-site"):
        return f"Sec-Fetch-Site: {fetch_site}"
    origin = request.headers.get("origin")
    if origin is None:
        return None
    if origin == "null":
        return None if fetch_site == "same-origin" else "Origin: null"
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "Origin is not an http(s) origin"
    host = request.headers.get("host", "")
    if _netloc(parts.netloc, parts.scheme) != _netloc(host, request.url.scheme):
        return "Origin does not match Host"
    return None


def csrf_token_ok(data: SessionData | None, submitted: object) -> bool:
    if data is None or not isinstance(submitted, str) or not submitted:
        return False
    return hmac.compare_digest(data.csrf.encode("utf-8"), submitted.encode("utf-8"))


def safe_next(target: str | None) -> str:
    """A local path to go to after login; anything else (other hosts, schemes) becomes `/`."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target
