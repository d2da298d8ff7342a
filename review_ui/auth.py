"""Signed session cookies, the logged-in user and CSRF checks of the review UI.

Accounts themselves (user rows, password hashes, roles) are `tipwatch.accounts`; this module
only decides who a request belongs to.

- The session lives in a cookie signed (not encrypted) with `settings.secret_key` through
  itsdangerous. It holds the user id, a fingerprint of the password hash (changing the password
  ends every session), the per-session CSRF token and, once logged in, a random session id whose
  record in the store (`tipwatch.accounts.sessions`) must be live: logout revokes it, so a cookie
  replayed after logout is refused. The role is read from the store on every request, so a role
  change takes effect at once.
- Every unsafe request must carry the session's CSRF token in the `csrf_token` form field and
  must not come from another site (`Sec-Fetch-Site`, `Origin`). Refusals are logged
  (`ui.request_refused`: route, method, reason, client address; never a token or cookie).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import structlog
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match

from tipwatch.accounts import REVIEW_ROLES, Role, active_user, session_is_live
from tipwatch.settings import Settings

log = structlog.get_logger(__name__)

MIN_SECRET_KEY_LENGTH = 32
SESSION_COOKIE = "tipwatch_session"
SESSION_MAX_AGE = 12 * 3600  # seconds; absolute lifetime of a signed session
CSRF_FIELD = "csrf_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class CurrentUser:
    """The user a request belongs to, with the role read from the store for this request."""

    id: int
    username: str
    role: str

    @property
    def can_review(self) -> bool:
        return self.role in REVIEW_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


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
    sid: str | None = None  # the server-side session id (`tipwatch.accounts.sessions`)

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
        csrf, uid, pw, sid = data.get("c"), data.get("u"), data.get("p"), data.get("s")
        if not isinstance(csrf, str) or len(csrf) < 32:
            return None
        if uid is not None and (
            not isinstance(uid, int) or not isinstance(pw, str) or not isinstance(sid, str)
        ):
            return None
        return SessionData(csrf=csrf, user_id=uid, pw=pw, sid=sid)

    def save(self, response: Response, request: Request, data: SessionData) -> None:
        value = self._serializer.dumps(
            {"c": data.csrf, "u": data.user_id, "p": data.pw, "s": data.sid}
        )
        response.set_cookie(
            SESSION_COOKIE,
            value,
            path="/",
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )

    def account_key(self, username: str) -> str:
        """Key of a user name as typed, for the login limit (`tipwatch.accounts.throttle`)."""
        msg = b"login-limit\x00" + username.encode("utf-8")
        return hmac.new(self._secret, msg, hashlib.sha256).hexdigest()

    def load_user(self, session: Session, data: SessionData) -> CurrentUser | None:
        if data.user_id is None or data.pw is None or data.sid is None:
            return None
        row = active_user(session, data.user_id)
        if row is None:
            return None
        if not hmac.compare_digest(self.password_fingerprint(row.password_hash), data.pw):
            return None
        if not session_is_live(session, data.sid, row.id):
            return None  # logged out, revoked by a password or role reset, or expired
        return CurrentUser(id=row.id, username=row.username, role=row.role)


# --- request facts for logs --------------------------------------------------------------------


def client_address(request: Request) -> str:
    """The client's address (behind a reverse proxy on this host, uvicorn's proxy headers
    support puts the forwarded address here)."""
    return request.client.host if request.client is not None else "unknown"


def route_template(request: Request) -> str | None:
    """The route a request is for, as declared (`/cases/{case_id}/review`), or None."""
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    for candidate in request.app.router.routes:
        match, _ = candidate.matches(request.scope)
        if match == Match.FULL:
            found = getattr(candidate, "path", None)
            return found if isinstance(found, str) else None
    return None


def log_refused(request: Request, reason: str) -> None:
    """Log a refused CSRF or cross-site request: route, method, reason, client address and the
    logged-in user if any; never a token or a cookie."""
    user = getattr(request.state, "user", None)
    log.warning(
        "ui.request_refused",
        route=route_template(request),
        path=request.url.path,
        method=request.method,
        reason=reason,
        client=client_address(request),
        user=user.username if isinstance(user, CurrentUser) else None,
    )


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
    return csrf_refusal(data, submitted) is None


def csrf_refusal(data: SessionData | None, submitted: object) -> str | None:
    """Why a submitted CSRF token is refused, or None when it is this session's token."""
    if data is None:
        return "no session"
    if not isinstance(submitted, str) or not submitted:
        return "missing CSRF token"
    if not hmac.compare_digest(data.csrf.encode("utf-8"), submitted.encode("utf-8")):
        return "wrong CSRF token"
    return None


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
