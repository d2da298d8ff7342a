"""Logging in and out: `GET /login`, `POST /login` (public), `POST /logout`.

A login starts a new session with a new CSRF token and a new server-side session record, so
nothing learnt before login stays valid; logout revokes that record, so the cookie is worth
nothing afterwards, wherever it was copied to. A wrong user name and a wrong password get the
same answer (and cost: `accounts.authenticate`).

Failed logins are limited per account name and per client address in a sliding window kept in
the store (`accounts.throttle`): beyond the limit the answer is 429 with `Retry-After`, the
password is not checked, and an unknown name is held exactly like a known one.
"""

from __future__ import annotations

import math

import structlog
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from tipwatch.accounts import (
    Hold,
    LoginLimits,
    attempt_succeeded,
    authenticate,
    begin_attempt,
    end_session,
    start_session,
)
from tipwatch.review_ui.auth import SessionData, client_address, safe_next
from tipwatch.review_ui.deps import Form, State, Viewer

MAX_CREDENTIAL_LENGTH = 1024

router = APIRouter()
log = structlog.get_logger(__name__)


def _credential(value: object) -> str | None:
    if isinstance(value, str) and 0 < len(value) <= MAX_CREDENTIAL_LENGTH:
        return value
    return None


@router.get("/login")
def login_form(request: Request, state: State, next: str = "/") -> Response:
    if getattr(request.state, "user", None) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return state.pages.render(request, "login.html", {"error": None, "next": safe_next(next)})


def _held(request: Request, state: State, hold: Hold, target: str) -> Response:
    minutes = max(1, math.ceil(hold.retry_after / 60))
    log.warning(
        "ui.login_throttled",
        scope=hold.scope,
        client=client_address(request),
        retry_after=hold.retry_after,
    )
    response = state.pages.render(
        request,
        "login.html",
        {
            "error": f"Too many failed logins. Try again in {minutes} minute(s).",
            "next": target,
        },
        status_code=429,
    )
    response.headers["Retry-After"] = str(hold.retry_after)
    return response


@router.post("/login")
def login(request: Request, state: State, form: Form) -> Response:
    username = _credential(form.get("username"))
    password = _credential(form.get("password"))
    target = safe_next(str(form.get("next") or "/"))
    data: SessionData | None = None
    if username is not None and password is not None:
        key = state.sessions.account_key(username)
        limits = LoginLimits.from_settings(state.settings)
        # Committed before the password is checked: concurrent guesses all see each other.
        with state.store.session() as s:
            hold = begin_attempt(s, key, client_address(request), limits)
        if hold is not None:
            return _held(request, state, hold, target)
        with state.store.session() as s:
            row = authenticate(s, username, password)
            if row is not None:
                s.flush()
                attempt_succeeded(s, key)
                data = SessionData.fresh()
                data.user_id = row.id
                data.pw = state.sessions.password_fingerprint(row.password_hash)
                data.sid = start_session(s, row.id, max_age=state.sessions.max_age)
                log.info("ui.login", user=row.username, client=client_address(request))
    if data is None:
        log.info("ui.login_failed", client=client_address(request))
        return state.pages.render(
            request,
            "login.html",
            {"error": "Wrong username or password.", "next": target},
            status_code=401,
        )
    request.state.session = data
    request.state.session_changed = True
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(request: Request, state: State, user: Viewer) -> Response:
    old: SessionData | None = getattr(request.state, "session", None)
    if old is not None and old.sid is not None:
        with state.store.session() as s:
            end_session(s, old.sid)
    log.info("ui.logout", user=user.username, client=client_address(request))
    request.state.session = SessionData.fresh()
    request.state.session_changed = True
    return RedirectResponse("/login", status_code=303)
