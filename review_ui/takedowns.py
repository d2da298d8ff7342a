"""Review UI pages: article takedowns (registered by `create_app`). Admins only.

- `POST /articles/{id}/suppress`: take an article down (reason required; `copies=1` also takes
  down its syndicated copies), then show the takedowns page.
- `GET /takedowns`: every takedown with who, when and why, and a lift form for active ones.
- `POST /takedowns/{id}/lift`: lift the article takedown that tombstone `id` belongs to (reason
  required). The article comes back when the next run processes it again.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from tipwatch.review_ui.auth import CurrentUser
from tipwatch.review_ui.deps import Ui, admin, posted_form, posted_reason
from tipwatch.review_ui.views import safe_href
from tipwatch.store.models import ArticleRow, TombstoneRow
from tipwatch.store.takedowns import (
    ARTICLE_KIND,
    TakedownError,
    lift_article_takedown,
    list_takedowns,
    suppress_article,
    syndicated_copies,
)


def register(app: FastAPI, ui: Ui) -> None:
    """Add this module's routes to `app`."""

    @app.post("/articles/{article_id}/suppress")
    def suppress(
        article_id: str,
        user: Annotated[CurrentUser, Depends(admin)],
        form: Annotated[FormData, Depends(posted_form)],
    ) -> Response:
        reason = posted_reason(form, required=True)
        with_copies = form.get("copies") == "1"
        with ui.store.session() as s:
            try:
                suppress_article(s, article_id, user.username, str(reason), with_copies=with_copies)
            except KeyError:
                raise HTTPException(status_code=404, detail="No such article.") from None
        return RedirectResponse("/takedowns", status_code=303)

    @app.get("/takedowns")
    def takedowns(request: Request, user: Annotated[CurrentUser, Depends(admin)]) -> Response:
        with ui.store.session() as s:
            entries = list_takedowns(s)
        rows = [
            {
                "entry": e,
                "href": safe_href(e.canonical_url),
                "liftable": e.kind == ARTICLE_KIND and e.lifted_at is None,
            }
            for e in entries
        ]
        return ui.render(request, "takedowns.html", {"rows": rows})

    @app.post("/takedowns/{tombstone_id}/lift")
    def lift(
        tombstone_id: int,
        user: Annotated[CurrentUser, Depends(admin)],
        form: Annotated[FormData, Depends(posted_form)],
    ) -> Response:
        reason = posted_reason(form, required=True)
        with ui.store.session() as s:
            tombstone = s.get(TombstoneRow, tombstone_id)
            if tombstone is None:
                raise HTTPException(status_code=404, detail="No such takedown.")
            if tombstone.kind != ARTICLE_KIND:
                raise HTTPException(
                    status_code=400, detail="Only article takedowns are lifted here."
                )
            try:
                lift_article_takedown(s, tombstone.object_id, user.username, str(reason))
            except TakedownError as exc:
                raise HTTPException(status_code=409, detail=f"Cannot lift: {exc}.") from None
        return RedirectResponse("/takedowns", status_code=303)


def form_context(session: Session, article: ArticleRow) -> dict[str, object]:
    """What the case page's "Take down article" form needs (admins only)."""
    return {
        "article_id": article.id,
        "copies": [
            {"id": a.id, "source_id": a.source_id} for a in syndicated_copies(session, article)
        ],
    }
