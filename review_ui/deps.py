"""Typed route dependencies of the review UI.

`create_app` puts one `UiState` on the application; routes ask for what they need from it by
type (`StoreDep`, `SettingsDep`, `PagesDep`), for the posted form (`Form`) and for the least role
the route needs (`Viewer`: any logged-in user, `Reviewer`, `Admin`). `enforce_csrf` is an
app-wide dependency, so no unsafe route can forget it. Anonymous requests never get here: the
request guard (`tipwatch.review_ui.guard`) sends them to /login first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import FormData

from tipwatch.accounts import Role
from tipwatch.index.push import IndexPusher
from tipwatch.review_ui.auth import (
    CSRF_FIELD,
    UNSAFE_METHODS,
    CurrentUser,
    SessionData,
    SessionManager,
    csrf_refusal,
    log_refused,
)
from tipwatch.review_ui.render import Pages
from tipwatch.settings import Settings
from tipwatch.store.db import Store


@dataclass(frozen=True)
class UiState:
    """Everything a request of the review UI may use, built once by `create_app`."""

    settings: Settings
    store: Store
    sessions: SessionManager
    pages: Pages
    # Pushes the outbox to the search index after each change (`review_ui/freshness.py`).
    index: IndexPusher


def ui_state(request: Request) -> UiState:
    state = request.app.state.ui
    assert isinstance(state, UiState)
    return state


State = Annotated[UiState, Depends(ui_state)]


def get_store(state: State) -> Store:
    return state.store


def get_settings(state: State) -> Settings:
    return state.settings


def get_pages(state: State) -> Pages:
    return state.pages


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
PagesDep = Annotated[Pages, Depends(get_pages)]


# --- who may do what ---------------------------------------------------------------------------


def current_user(request: Request) -> CurrentUser:
    """The logged-in user (the guard has already sent anonymous requests to /login)."""
    user: CurrentUser | None = getattr(request.state, "user", None)
    if user is None:
        raise HTTPException(status_code=401, detail="Log in first.")
    return user


def reviewer(user: Annotated[CurrentUser, Depends(current_user)]) -> CurrentUser:
    if not user.can_review:
        raise HTTPException(status_code=403, detail="Your role may not review cases.")
    return user


def admin(user: Annotated[CurrentUser, Depends(current_user)]) -> CurrentUser:
    if user.role != Role.ADMIN:
        raise HTTPException(status_code=403, detail="Only admins may see this page.")
    return user


Viewer = Annotated[CurrentUser, Depends(current_user)]
Reviewer = Annotated[CurrentUser, Depends(reviewer)]
Admin = Annotated[CurrentUser, Depends(admin)]


# --- posted forms ------------------------------------------------------------------------------


async def posted_form(request: Request) -> FormData:
    return await request.form()


Form = Annotated[FormData, Depends(posted_form)]


async def enforce_csrf(request: Request) -> None:
    """App-wide: every unsafe request must carry this session's CSRF token."""
    if request.method not in UNSAFE_METHODS:
        return
    form = await request.form()
    data: SessionData | None = getattr(request.state, "session", None)
    reason = csrf_refusal(data, form.get(CSRF_FIELD))
    if reason is not None:
        log_refused(request, reason)
        raise HTTPException(status_code=403, detail="Missing or wrong form token. Reload the page.")
