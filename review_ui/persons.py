"""Review UI pages: persons (registered by `create_app`).

- `GET /persons`: list and search (name words, country), with the latest status and the number of
  mentions; `GET /persons/{id}`: the latest status, the timeline of every mention (latest first,
  each linked to its case page and source) and the merge/split history. A merged person's page
  redirects to the person it was merged into.
- `POST /persons/{id}/merge` and `/split` (reviewer or admin), `/suppress` and `/unsuppress`
  (admin only); each needs a reason and is audited (`tipwatch.store.persons`).
- Suppressed persons do not exist for non-admins: not listed, their pages 404, and merging with
  one is refused as with an unknown id. Admins see them marked suppressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from tipwatch.review_ui.auth import CurrentUser
from tipwatch.review_ui.deps import (
    COUNTRY_RE,
    Ui,
    admin,
    current_user,
    posted_form,
    posted_reason,
    reviewer,
)
from tipwatch.review_ui.views import StatusView, status_view
from tipwatch.store.models import PerpetratorRow, PersonRow
from tipwatch.store.person_timeline import Mention
from tipwatch.store.persons import (
    Hidden,
    PersonError,
    backfill_persons,
    final_person_id,
    hidden_in_case,
    list_persons,
    merge_persons,
    person_history,
    person_timeline,
    split_person,
    suppress_person,
    unsuppress_person,
)

PAGE_SIZE = 100
MAX_QUERY_LENGTH = 300
MAX_SPLIT_MENTIONS = 1000
BACKFILL_BATCH = 5000
PERSON_ID_RE = re.compile(r"^[0-9a-f]{32}$")
# History entries non-admins see (suppressions are for admins, like the audit log).
PUBLIC_ACTIONS = frozenset({"merge", "split", "split_from"})


@dataclass(frozen=True)
class MentionView:
    id: int
    case_id: str
    name: str
    status: StatusView
    article_title: str | None
    publish_date: date | None
    outlet_id: str
    outlet_name: str | None
    review_status: str
    rejected: bool


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    reason: str | None
    summary: str
    other_id: str | None  # the other person of a merge or split, linked


def _mention_view(m: Mention, hidden: Hidden) -> MentionView:
    title = hidden.mask(m.article_title) if m.article_title else m.article_title
    return MentionView(
        id=m.perpetrator_id,
        case_id=m.case_id,
        name=m.name,
        status=status_view(m),
        article_title=title,
        publish_date=m.publish_date,
        outlet_id=m.outlet_id,
        outlet_name=m.outlet_name,
        review_status=m.review_status,
        rejected=m.rejected,
    )


def _hidden_by_case(s: Session, case_ids: set[str], *, reveal: bool) -> dict[str, Hidden]:
    """Per case, the suppressed co-defendants whose names are masked in article titles."""
    if reveal or not case_ids:
        return {}
    perps: dict[str, list[PerpetratorRow]] = {}
    for p in s.scalars(
        select(PerpetratorRow)
        .where(PerpetratorRow.case_id.in_(case_ids))
        .order_by(PerpetratorRow.id)
    ):
        perps.setdefault(p.case_id, []).append(p)
    return {cid: hidden_in_case(s, rows) for cid, rows in perps.items()}


def _count(items: object, noun: str) -> str:
    n = len(items) if isinstance(items, list) else 0
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _history(s: Session, person_id: str, *, is_admin: bool) -> list[HistoryEntry]:
    entries = []
    for row in person_history(s, person_id):
        if not is_admin and row.action not in PUBLIC_ACTIONS:
            continue
        after: dict[str, Any] = row.after or {}
        before: dict[str, Any] = row.before or {}
        split: dict[str, Any] = after.get("split") or {}
        other: str | None = None
        if row.action == "merge":
            absorbed = before.get("absorb") or {}
            summary = (
                f"Merged in {absorbed.get('display_name', '?')} (person "
                f"{str(after.get('absorbed') or '?')[:8]}, "
                f"{_count(absorbed.get('mentions'), 'mention')})."
            )
        elif row.action == "split":
            other = str(split.get("to") or "") or None
            summary = f"Split {_count(split.get('mentions'), 'mention')} off to a new person."
        elif row.action == "split_from":
            other = str(split.get("from") or "") or None
            summary = f"Created from {_count(split.get('mentions'), 'mention')} split off."
        elif row.action == "suppress":
            summary = "Suppressed: hidden from lists, case pages and the search index."
        elif row.action == "unsuppress":
            summary = "Suppression lifted."
        else:
            summary = row.action
        if row.object_id != person_id and row.action != "merge":
            summary += f" (as person {row.object_id}, since merged)"
        entries.append(HistoryEntry(row.at, row.actor, row.action, row.reason, summary, other))
    return entries


def _person_context(s: Session, person_id: str, user: CurrentUser) -> dict[str, Any]:
    timeline = person_timeline(s, person_id)
    is_admin = user.role == "admin"
    hidden = _hidden_by_case(s, {m.case_id for m in timeline.mentions}, reveal=is_admin)
    mentions = [_mention_view(m, hidden.get(m.case_id, Hidden())) for m in timeline.mentions]
    latest_id = timeline.latest.perpetrator_id if timeline.latest is not None else None
    latest = next((v for v in mentions if v.id == latest_id), None)
    return {
        "person": timeline.person,
        "mentions": mentions,
        "latest": latest,
        "counted": sum(1 for m in mentions if not m.rejected),
        "history": _history(s, person_id, is_admin=is_admin),
        "is_admin": is_admin,
    }


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


def _page(person_id: str) -> str:
    return f"/persons/{quote(person_id, safe='')}"


def register(app: FastAPI, ui: Ui) -> None:
    """Add this module's routes to `app`; resolve mentions stored before persons existed."""
    while True:
        with ui.store.session() as s:
            if backfill_persons(s, limit=BACKFILL_BATCH) < BACKFILL_BATCH:
                break

    def visible(s: Session, person_id: str, user: CurrentUser) -> PersonRow:
        """The person, or 404 when unknown or suppressed and the user is no admin."""
        row = s.get(PersonRow, person_id) if PERSON_ID_RE.match(person_id) else None
        if row is None or (row.suppressed_at is not None and user.role != "admin"):
            raise HTTPException(status_code=404, detail="No such person.")
        return row

    def act(s: Session, person_id: str, user: CurrentUser) -> PersonRow:
        row = visible(s, person_id, user)
        if row.merged_into is not None:
            raise HTTPException(
                status_code=400, detail="This person was merged; act on the merged person."
            )
        return row

    @app.get("/persons")
    def person_list(
        request: Request,
        user: Annotated[CurrentUser, Depends(current_user)],
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
        page = max(1, min(page, 10_000))
        is_admin = user.role == "admin"
        rows = []
        has_next = False
        with ui.store.session() as s:
            countries = sorted(
                c for c in s.scalars(select(PersonRow.country).distinct()) if c is not None
            )
            if not errors:
                found = list_persons(
                    s,
                    query=q,
                    country=country or None,
                    include_suppressed=is_admin,
                    limit=PAGE_SIZE + 1,
                    offset=(page - 1) * PAGE_SIZE,
                )
                has_next = len(found) > PAGE_SIZE
                rows = [
                    {
                        "person": f.person,
                        "mentions": f.mention_count,
                        "latest": status_view(f.latest) if f.latest is not None else None,
                    }
                    for f in found[:PAGE_SIZE]
                ]
        return ui.render(
            request,
            "persons.html",
            {
                "rows": rows,
                "q": q if len(q) <= MAX_QUERY_LENGTH else "",
                "country": country,
                "countries": countries,
                "errors": errors,
                "page": page,
                "has_next": has_next,
            },
            status_code=400 if errors else 200,
        )

    @app.get("/persons/{person_id}")
    def person_page(
        request: Request, person_id: str, user: Annotated[CurrentUser, Depends(current_user)]
    ) -> Response:
        with ui.store.session() as s:
            row = visible(s, person_id, user)
            if row.merged_into is not None:
                target = final_person_id(s, row.id)
                return RedirectResponse(_page(target), status_code=303)
            context = _person_context(s, row.id, user)
        return ui.render(request, "person.html", context)

    @app.post("/persons/{person_id}/merge")
    def merge(
        person_id: str,
        user: Annotated[CurrentUser, Depends(reviewer)],
        form: Annotated[FormData, Depends(posted_form)],
    ) -> Response:
        reason = posted_reason(form, required=True) or ""
        other = _form_text(form, "other", 100).lower()
        with ui.store.session() as s:
            keep = act(s, person_id, user)
            try:
                absorb = act(s, other, user)
            except HTTPException as exc:
                if exc.status_code == 404:
                    raise HTTPException(
                        status_code=400, detail="No such person to merge: check the id."
                    ) from None
                raise
            try:
                merge_persons(s, keep.id, absorb.id, user=user.username, reason=reason)
            except PersonError as exc:
                raise HTTPException(status_code=400, detail=f"Cannot merge: {exc}.") from None
        return RedirectResponse(_page(person_id), status_code=303)

    @app.post("/persons/{person_id}/split")
    def split(
        person_id: str,
        user: Annotated[CurrentUser, Depends(reviewer)],
        form: Annotated[FormData, Depends(posted_form)],
    ) -> Response:
        reason = posted_reason(form, required=True) or ""
        new_name = _form_text(form, "new_name", 300) or None
        ids = _mention_ids(form)
        with ui.store.session() as s:
            act(s, person_id, user)
            try:
                new_id = split_person(
                    s, person_id, ids, user=user.username, reason=reason, new_name=new_name
                )
            except PersonError as exc:
                raise HTTPException(status_code=400, detail=f"Cannot split: {exc}.") from None
        return RedirectResponse(_page(new_id), status_code=303)

    @app.post("/persons/{person_id}/suppress")
    def suppress(
        person_id: str,
        user: Annotated[CurrentUser, Depends(admin)],
        form: Annotated[FormData, Depends(posted_form)],
    ) -> Response:
        reason = posted_reason(form, required=True) or ""
        with ui.store.session() as s:
            act(s, person_id, user)
            try:
                suppress_person(s, person_id, user=user.username, reason=reason)
            except PersonError as exc:
                raise HTTPException(status_code=400, detail=f"Cannot suppress: {exc}.") from None
        return RedirectResponse(_page(person_id), status_code=303)

    @app.post("/persons/{person_id}/unsuppress")
    def unsuppress(
        person_id: str,
        user: Annotated[CurrentUser, Depends(admin)],
        form: Annotated[FormData, Depends(posted_form)],
    ) -> Response:
        reason = posted_reason(form, required=True) or ""
        with ui.store.session() as s:
            act(s, person_id, user)
            try:
                unsuppress_person(s, person_id, user=user.username, reason=reason)
            except PersonError as exc:
                raise HTTPException(status_code=400, detail=f"Cannot lift: {exc}.") from None
        return RedirectResponse(_page(person_id), status_code=303)
