"""Persons (view models in `tipwatch.review_ui.persons`).

- `GET /persons`: list and search (name words, country), with the latest status and the number of
  mentions; `GET /persons/{id}`: the latest status, the timeline of every mention (latest first,
  each linked to its case page and source) and the merge/split history. A merged person's page
  redirects to the person it was merged into.
- `POST /persons/{id}/merge` and `/split` (reviewer or admin), `/suppress` and `/unsuppress`
  (admin only); each needs a reason and is audited (`tipwatch.store.persons`). A merge of two
  persons named in one article is refused (400); one across countries, birth years or a "not
  the same" judgement needs `confirm=1` (409 says what to confirm).
- `POST /persons/{id}/not-same` (reviewer or admin): record that another person is not this
  one (`judgement=not_same`) or that it cannot be told (`unsure`); suggestions then leave the
  pair out.
- Suppressed persons do not exist for non-admins: not listed, their pages 404, and merging with
  one is refused as with an unknown id. Admins see them marked suppressed.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from tipwatch.review_ui.auth import CurrentUser
from tipwatch.review_ui.deps import Admin, Form, PagesDep, Reviewer, StoreDep, Viewer
from tipwatch.review_ui.forms import COUNTRY_RE, posted_reason
from tipwatch.review_ui.persons import person_context, person_list_context
from tipwatch.store.models import PersonRow
from tipwatch.store.person_judgements import JUDGEMENTS, NOT_SAME, judge
from tipwatch.store.persons import (
    MergeNeedsConfirmation,
    PersonError,
    final_person_id,
    merge_persons,
    split_person,
    suppress_person,
    unsuppress_person,
)

MAX_QUERY_LENGTH = 300
MAX_PAGE = 10_000
MAX_SPLIT_MENTIONS = 1000
PERSON_ID_RE = re.compile(r"^[0-9a-f]{32}$")

router = APIRouter()


def _page(person_id: str) -> str:
    return f"/persons/{quote(person_id, safe='')}"


def _form_text(form: FormData, name: str, max_length: int) -> str:
    raw = form.get(name)
    value = raw.strip() if isinstance(raw, str) else ""
    if len(value) > max_length:
        raise HTTPException(status_code=400, detail=f"{name} is too long.")
    return value


def _mention_ids(form: FormData) -> list[int]:
    values = form.getlist("mention")
    if len(values) > MAX_SPLIT_MENTIONS:
        raise HTTPException(status_code=400, detail="Too many mentions.")
    ids = []
    for v in values:
        if not isinstance(v, str) or not v.isdigit() or len(v) > 18:
            raise HTTPException(status_code=400, detail="Bad mention id.")
        ids.append(int(v))
    if not ids:
        raise HTTPException(status_code=400, detail="Choose at least one mention to split off.")
    return ids


def _visible(s: Session, person_id: str, user: CurrentUser) -> PersonRow:
    """The person, or 404 when unknown or suppressed and the user is no admin."""
    row = s.get(PersonRow, person_id) if PERSON_ID_RE.match(person_id) else None
    if row is None or (row.suppressed_at is not None and not user.is_admin):
        raise HTTPException(status_code=404, detail="No such person.")
    return row


def _act(s: Session, person_id: str, user: CurrentUser) -> PersonRow:
    """The person to change: visible and not merged into another."""
    row = _visible(s, person_id, user)
    if row.merged_into is not None:
        raise HTTPException(
            status_code=400, detail="This person was merged; act on the merged person."
        )
    return row


def _other(s: Session, form: FormData, user: CurrentUser) -> PersonRow:
    """The other person a merge or judgement names (form field `other`); 400 when unknown."""
    try:
        return _act(s, _form_text(form, "other", 100).lower(), user)
    except HTTPException as exc:
        if exc.status_code == 404:
            raise HTTPException(
                status_code=400, detail="No such person to merge or judge: check the id."
            ) from None
        raise


@router.get("/persons")
def person_list(
    request: Request,
    user: Viewer,
    store: StoreDep,
    pages: PagesDep,
    q: str = "",
    country: str = "",
    page: int = 1,
) -> Response:
    q = q.strip()
    country = country.strip().upper()
    errors = []
    if len(q) > MAX_QUERY_LENGTH:
        errors.append("The name search is too long.")
    if country and not COUNTRY_RE.match(country):
        errors.append("Country must be a two-letter ISO code, e.g. NG.")
    page = max(1, min(page, MAX_PAGE))
    with store.session() as s:
        context = person_list_context(
            s, q=q, country=country, page=page, is_admin=user.is_admin, search=not errors
        )
    context.update(
        {
            "q": q if len(q) <= MAX_QUERY_LENGTH else "",
            "country": country,
            "errors": errors,
            "page": page,
        }
    )
    return pages.render(request, "persons.html", context, status_code=400 if errors else 200)


@router.get("/persons/{person_id}")
def person_page(
    request: Request, person_id: str, user: Viewer, store: StoreDep, pages: PagesDep
) -> Response:
    with store.session() as s:
        row = _visible(s, person_id, user)
        if row.merged_into is not None:
            return RedirectResponse(_page(final_person_id(s, row.id)), status_code=303)
        context = person_context(s, row.id, is_admin=user.is_admin, can_review=user.can_review)
    return pages.render(request, "person.html", context)


@router.post("/persons/{person_id}/merge")
def merge(person_id: str, user: Reviewer, form: Form, store: StoreDep) -> Response:
    reason = posted_reason(form, required=True) or ""
    with store.session() as s:
        keep = _act(s, person_id, user)
        absorb = _other(s, form, user)
        try:
            merge_persons(
                s,
                keep.id,
                absorb.id,
                user=user.username,
                reason=reason,
                confirmed=form.get("confirm") == "1",
            )
        except MergeNeedsConfirmation as exc:
            raise HTTPException(
                status_code=409,
                detail="Not merged: " + "; ".join(exc.conflicts) + ". If they are the same "
                "person all the same, tick the confirmation and give the reason.",
            ) from None
        except PersonError as exc:
            raise HTTPException(status_code=400, detail=f"Cannot merge: {exc}.") from None
    return RedirectResponse(_page(person_id), status_code=303)


@router.post("/persons/{person_id}/not-same")
def not_same(person_id: str, user: Reviewer, form: Form, store: StoreDep) -> Response:
    reason = posted_reason(form, required=True) or ""
    judgement = _form_text(form, "judgement", 20) or NOT_SAME
    if judgement not in JUDGEMENTS:
        raise HTTPException(status_code=400, detail="Judgement must be not_same or unsure.")
    with store.session() as s:
        me = _act(s, person_id, user)
        them = _other(s, form, user)
        try:
            judge(s, me.id, them.id, judgement=judgement, user=user.username, reason=reason)
        except ValueError as exc:
            raise HTTPException(status_code=400, detail=f"Not recorded: {exc}.") from None
    return RedirectResponse(_page(person_id), status_code=303)


@router.post("/persons/{person_id}/split")
def split(person_id: str, user: Reviewer, form: Form, store: StoreDep) -> Response:
    reason = posted_reason(form, required=True) or ""
    new_name = _form_text(form, "new_name", 300) or None
    ids = _mention_ids(form)
    with store.session() as s:
        _act(s, person_id, user)
        try:
            new_id = split_person(
                s, person_id, ids, user=user.username, reason=reason, new_name=new_name
            )
        except PersonError as exc:
            raise HTTPException(status_code=400, detail=f"Cannot split: {exc}.") from None
    return RedirectResponse(_page(new_id), status_code=303)


@router.post("/persons/{person_id}/suppress")
def suppress(person_id: str, user: Admin, form: Form, store: StoreDep) -> Response:
    reason = posted_reason(form, required=True) or ""
    with store.session() as s:
        _act(s, person_id, user)
        try:
            suppress_person(s, person_id, user=user.username, reason=reason)
        except PersonError as exc:
            raise HTTPException(status_code=400, detail=f"Cannot suppress: {exc}.") from None
    return RedirectResponse(_page(person_id), status_code=303)


@router.post("/persons/{person_id}/unsuppress")
def unsuppress(person_id: str, user: Admin, form: Form, store: StoreDep) -> Response:
    reason = posted_reason(form, required=True) or ""
    with store.session() as s:
        _act(s, person_id, user)
        try:
            unsuppress_person(s, person_id, user=user.username, reason=reason)
        except PersonError as exc:
            raise HTTPException(status_code=400, detail=f"Cannot lift: {exc}.") from None
    return RedirectResponse(_page(person_id), status_code=303)
