"""Article takedowns (admins only).

- `POST /articles/{id}/suppress`: take an article down (reason required; `copies=1` also takes
  down its syndicated copies), then show the takedowns page.
- `GET /takedowns`: every takedown with who, when and why, and a lift form for active ones.
- `POST /takedowns/{id}/lift`: lift the article takedown that tombstone `id` belongs to (reason
  required). The article comes back when the next run processes it again.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from tipwatch.review_ui.deps import Admin, Form, PagesDep, StoreDep
from tipwatch.review_ui.forms import posted_reason
from tipwatch.review_ui.takedowns import takedown_rows
from tipwatch.store.models import TombstoneRow
from tipwatch.store.takedowns import (
    ARTICLE_KIND,
    TakedownError,
    lift_article_takedown,
    list_takedowns,
    suppress_article,
)

router = APIRouter()


@router.post("/articles/{article_id}/suppress")
def suppress(article_id: str, user: Admin, form: Form, store: StoreDep) -> Response:
    reason = posted_reason(form, required=True)
    with_copies = form.get("copies") == "1"
    with store.session() as s:
        try:
            suppress_article(s, article_id, user.username, str(reason), with_copies=with_copies)
        except KeyError:
            raise HTTPException(status_code=404, detail="No such article.") from None
    return RedirectResponse("/takedowns", status_code=303)


@router.get("/takedowns")
def takedowns(request: Request, user: Admin, store: StoreDep, pages: PagesDep) -> Response:
    with store.session() as s:
        entries = list_takedowns(s)
    return pages.render(request, "takedowns.html", {"rows": takedown_rows(entries)})


@router.post("/takedowns/{tombstone_id}/lift")
def lift(tombstone_id: int, user: Admin, form: Form, store: StoreDep) -> Response:
    reason = posted_reason(form, required=True)
    with store.session() as s:
        tombstone = s.get(TombstoneRow, tombstone_id)
        if tombstone is None:
            raise HTTPException(status_code=404, detail="No such takedown.")
        if tombstone.kind != ARTICLE_KIND:
            raise HTTPException(status_code=400, detail="Only article takedowns are lifted here.")
        try:
            lift_article_takedown(s, tombstone.object_id, user.username, str(reason))
        except TakedownError as exc:
            raise HTTPException(status_code=409, detail=f"Cannot lift: {exc}.") from None
    return RedirectResponse("/takedowns", status_code=303)
