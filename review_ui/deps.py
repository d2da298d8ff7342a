"""Route dependencies shared by every page module: the current user, role checks, the posted
form and the app-wide CSRF check, plus `Ui`, what a page module needs from the application."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from tipwatch.review_ui.auth import (
    CSRF_FIELD,
    UNSAFE_METHODS,
    CurrentUser,
    SessionData,
    csrf_token_ok,
)
from tipwatch.settings import Settings
from tipwatch.store.db import Store

# A country filter or field: ISO 3166-1 alpha-2, upper case.
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
MAX_EDIT_FIELD = 300
MAX_REASON_LENGTH = 2000


@dataclass(frozen=True)
class Ui:
    """What page modules (`register(app, ui)`) get from `create_app`."""

    settings: Settings
    store: Store
    render: Callable[..., HTMLResponse]


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
    if user.role != "admin":
        raise HTTPException(status_code=403, detail="Only admins may see this page.")
    return user


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    if len(value) > MAX_EDIT_FIELD:
        raise HTTPException(status_code=400, detail=f"{name} is too long.")
    return value.strip()


def _list(form: FormData, name: str) -> list[str]:
    out = []
    for value in form.getlist(name):
        if not isinstance(value, str) or len(value) > MAX_EDIT_FIELD:
            raise HTTPException(status_code=400, detail=f"Bad {name}.")
        out.append(value.strip())
    return out


def edit_from_form(form: FormData) -> dict[str, Any]:
    """The edit form as `CaseEdit` input; rows with an empty name are dropped. Values are
    validated by `tipwatch.store.review.edit_case`."""
    names = _list(form, "perp_name")
    statuses = _list(form, "perp_status")
    nationalities = _list(form, "perp_nationality")
    ages = _list(form, "perp_age")
    if not len(names) == len(statuses) == len(nationalities) == len(ages):
        raise HTTPException(status_code=400, detail="Incomplete perpetrator rows.")
    perpetrators = [
        {
            "name": name,
            "status": status,
            "nationality": nationality.upper() or None,
            "age": age or None,
        }
        for name, status, nationality, age in zip(names, statuses, nationalities, ages, strict=True)
        if name
    ]
    return {
        "perpetrators": perpetrators,
        "charge_categories": _list(form, "charge_category"),
        "country": _field(form, "country").upper() or None,
        "admin1": _field(form, "admin1") or None,
        "city": _field(form, "city") or None,
    }


async def posted_form(request: Request) -> FormData:
    return await request.form()


async def enforce_csrf(request: Request) -> None:
    """App-wide: every unsafe request must carry this session's CSRF token."""
    if request.method not in UNSAFE_METHODS:
        return
    form = await request.form()
    data: SessionData | None = getattr(request.state, "session", None)
    if not csrf_token_ok(data, form.get(CSRF_FIELD)):
        raise HTTPException(status_code=403, detail="Missing or wrong form token. Reload the page.")


def posted_reason(form: FormData, *, required: bool = False) -> str | None:
    """The form's `reason`, stripped; 400 when too long (or missing and `required`)."""
    raw = form.get("reason")
    reason = raw.strip() if isinstance(raw, str) else ""
    if len(reason) > MAX_REASON_LENGTH:
        raise HTTPException(status_code=400, detail="Reason is too long.")
    if required and not reason:
        raise HTTPException(status_code=400, detail="A reason is required.")
    return reason or None
