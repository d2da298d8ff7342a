"""Logging in and out: `GET /login`, `POST /login` (public), `POST /logout`.

A login starts a new session with a new CSRF token, so nothing learnt before login stays valid;
a wrong user name and a wrong password get the same answer (and cost: `accounts.authenticate`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from tipwatch.accounts import authenticate
from tipwatch.review_ui.auth import SessionData, safe_next
from tipwatch.review_ui.deps import Form, State, Viewer

MAX_CREDENTIAL_LENGTH = 1024

router = APIRouter()


def _credential(value: object) -> str | None:
    if isinstance(value, str) and 0 < len(value) <= MAX_CREDENTIAL_LENGTH:
        return value
    return None


@router.get("/login")
def login_form(request: Request, state: State, next: str = "/") -> Response:
    if getattr(request.state, "user", None) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return state.pages.render(request, "login.html", {"error": None, "next": safe_next(next)})


@router.post("/login")
def login(request: Request, state: State, form: Form) -> Response:
    username = _credential(form.get("username"))
    password = _credential(form.get("password"))
    target = safe_next(str(form.get("next") or "/"))
    data: SessionData | None = None
    if username is not None and password is not None:
        with state.store.session() as s:
            row = authenticate(s, username, password)
            if row is not None:
                s.flush()
                data = SessionData.fresh()
                data.user_id = row.id
                data.pw = state.sessions.password_fingerprint(row.password_hash)
    if data is None:
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
def logout(request: Request, user: Viewer) -> Response:
    request.state.session = SessionData.fresh()
    request.state.session_changed = True
    return RedirectResponse("/login", status_code=303)
