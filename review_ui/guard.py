"""The request guard: the HTTP middleware every request of the review UI passes first.

- Unsafe requests from other sites are refused (`auth.cross_site_reason`) and logged
  (`auth.log_refused`).
- The signed session is loaded and its user read from the store (`request.state.session`,
  `request.state.user`); a session of a deleted user or changed password starts afresh.
- Anonymous requests go to /login unless the path is public (`/login`, `/healthz`,
  `/static/...`; `/api/...` authenticates by API key itself and never sees the cookie).
- Every response carries a strict CSP (no inline script or style), nosniff and no-referrer;
  pages and API answers are never cached.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from tipwatch.review_ui.auth import (
    UNSAFE_METHODS,
    CurrentUser,
    SessionData,
    cross_site_reason,
    log_refused,
)
from tipwatch.review_ui.deps import UiState, ui_state

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
PUBLIC_PATHS = frozenset({"/login", "/healthz"})
# /api/ authenticates by API key itself (tipwatch.api); it never sees the session cookie.
PUBLIC_PREFIXES = ("/static/", "/api/")


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _load_user(state: UiState, data: SessionData) -> CurrentUser | None:
    with state.store.session() as s:
        return state.sessions.load_user(s, data)


async def guard(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    state = ui_state(request)
    path = request.url.path
    response: Response
    reason = cross_site_reason(request) if request.method in UNSAFE_METHODS else None
    if reason is not None:
        log_refused(request, reason)
        response = state.pages.render(
            request,
            "error.html",
            {"status": 403, "message": "Cross-site request refused."},
            status_code=403,
        )
    else:
        data = state.sessions.load(request)
        changed = data is None
        if data is None:
            data = SessionData.fresh()
        user = None
        if data.user_id is not None:
            user = await run_in_threadpool(_load_user, state, data)
            if user is None:
                # Deleted user, changed password or role removed: start a fresh session.
                data, changed = SessionData.fresh(), True
        request.state.session = data
        request.state.session_changed = changed
        request.state.user = user
        if user is None and not is_public(path):
            target = "/login"
            if request.method == "GET":
                here = path + (f"?{request.url.query}" if request.url.query else "")
                target += "?next=" + quote(here, safe="")
            response = RedirectResponse(target, status_code=303)
        else:
            response = await call_next(request)
        if request.state.session_changed and not path.startswith(PUBLIC_PREFIXES):
            state.sessions.save(response, request, request.state.session)
    for key, value in SECURITY_HEADERS.items():
        response.headers[key] = value
    if not path.startswith("/static/"):  # pages and API answers are never cached
        response.headers["Cache-Control"] = "no-store"
    return response
