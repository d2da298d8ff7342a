"""`GET /`: the review queue. Filters and sort are parsed in `tipwatch.review_ui.queue`; the
keyboard shortcuts live in static/queue.js. Perpetrators of suppressed persons are concealed
from everyone but admins, as on the case page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from tipwatch.domain.review_state import ReviewState
from tipwatch.review_ui.auth import CurrentUser
from tipwatch.review_ui.deps import PagesDep, StoreDep, Viewer
from tipwatch.review_ui.queue import QueueParams, parse_queue, queue_context
from tipwatch.review_ui.views import concealment, perpetrator_views
from tipwatch.store.models import CaseRow
from tipwatch.store.provisional import provisional_ids
from tipwatch.store.queue import edited_case_ids, known_outlets
from tipwatch.store.repository import list_cases

PAGE_SIZE = 100

router = APIRouter()


def _rows(
    s: Session, params: QueueParams, user: CurrentUser
) -> tuple[list[dict[str, Any]], bool, set[str]]:
    """One page of the queue: its rows, whether a next page exists, the ids of edited cases."""
    cases = list_cases(
        s, query=params.query, limit=PAGE_SIZE + 1, offset=(params.page - 1) * PAGE_SIZE
    )
    page = cases[:PAGE_SIZE]
    edited_ids = edited_case_ids(s, [c.id for c in page])
    provisional = provisional_ids(s, [c.article.source_id for c in page])
    rows: list[dict[str, Any]] = []
    for case in page:
        art = case.article
        conceal = concealment(case.perpetrators, reveal=user.is_admin)
        rows.append(
            {
                "id": case.id,
                "title": conceal.text(art.title),
                "source_id": art.source_id,
                "provisional_outlet": art.source_id in provisional,
                "publish_date": art.publish_date,
                "country_of_publication": art.country_of_publication,
                "country": case.country,
                "perpetrators": perpetrator_views(case.perpetrators, conceal),
                "charge_categories": list(case.charge_categories or []),
                "score": case.case_score,
                "review_status": case.review_status,
                "flags": [(f.value, f.reason) for f in case.flags],
                "held": case.held,
            }
        )
    return rows, len(cases) > PAGE_SIZE, edited_ids


@router.get("/")
def case_list(request: Request, user: Viewer, store: StoreDep, pages: PagesDep) -> Response:
    rows: list[dict[str, Any]] = []
    has_next = False
    edited_ids: set[str] = set()
    with store.session() as s:
        countries = sorted(
            c for c in s.scalars(select(CaseRow.country).distinct()) if c is not None
        )
        outlets = known_outlets(s)
        params = parse_queue(request.query_params, outlets=outlets)
        if not params.errors:
            rows, has_next, edited_ids = _rows(s, params, user)
    return pages.render(
        request,
        "cases.html",
        {
            "rows": rows,
            "countries": countries,
            "states": [state.value for state in ReviewState],
            "errors": params.errors,
            "page": params.page,
            "has_next": has_next,
            **queue_context(params, outlets, edited_ids),
        },
        status_code=400 if params.errors else 200,
    )
