"""`GET /`: the review queue. Filters and sort are parsed in `tipwatch.review_ui.queue`; the
keyboard shortcuts live in static/queue.js. A case row lists the outlets of the syndicated copies
grouped under it ("also in"); a candidate row (an article the machine did not call a case, in a
chosen score band) links to the article's page. Perpetrators of suppressed persons are concealed
from everyone but admins, as on the case page."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tipwatch.domain.review_state import ReviewState
from tipwatch.review_ui.auth import CurrentUser
from tipwatch.review_ui.deps import PagesDep, StoreDep, Viewer
from tipwatch.review_ui.queue import QueueParams, parse_queue, queue_context
from tipwatch.review_ui.views import concealment, perpetrator_views
from tipwatch.store.models import ArticleRow, CaseRow, ExtractionRow
from tipwatch.store.provisional import provisional_ids
from tipwatch.store.queue import (
    CANDIDATE_ITEM,
    CASE_ITEM,
    edited_case_ids,
    known_outlets,
    latest_extractions,
    queue_page,
)
from tipwatch.store.syndication import CopyState, CopyView, copies_of

PAGE_SIZE = 100


def article_page(article_id: str) -> str:
    """The page of an article that is not a case (a candidate): where it is read and promoted."""
    return f"/articles/{article_id}"


router = APIRouter()


def _case_row(case: CaseRow, user: CurrentUser, copies: list[CopyView]) -> dict[str, Any]:
    art = case.article
    conceal = concealment(case.perpetrators, reveal=user.is_admin)
    grouped = [c for c in copies if c.state == CopyState.GROUPED]
    return {
        "kind": CASE_ITEM,
        "id": case.id,
        "href": f"/cases/{case.id}",
        "title": conceal.text(art.title),
        "source_id": art.source_id,
        "publish_date": art.publish_date,
        "country_of_publication": art.country_of_publication,
        "country": case.country,
        "perpetrators": perpetrator_views(case.perpetrators, conceal),
        "charge_categories": list(case.charge_categories or []),
        "score": case.case_score,
        "review_status": case.review_status,
        "flags": [(f.value, f.reason) for f in case.flags],
        "held": case.held,
        # "also in": the outlets of the copies grouped under this case
        "also_in": sorted({c.source_id for c in grouped}),
        "copies": len(grouped),
        "copy_of": case.copy_of,
        "copy_state": case.copy_state,
    }


def _candidate_row(art: ArticleRow, ext: ExtractionRow | None) -> dict[str, Any]:
    jur = (ext.payload if ext is not None else {}).get("jurisdiction") or {}
    return {
        "kind": CANDIDATE_ITEM,
        "id": art.id,
        "href": article_page(art.id),
        "title": art.title,
        "source_id": art.source_id,
        "publish_date": art.publish_date,
        "country_of_publication": art.country_of_publication,
        "country": jur.get("country"),
        "perpetrators": [],
        "charge_categories": [],
        "score": ext.case_score if ext is not None else 0.0,
        "review_status": "not a case",
        "flags": [],
        "held": False,
        "also_in": [],
        "copies": 0,
        "copy_of": None,
        "copy_state": None,
    }


def _rows(
    s: Session, params: QueueParams, user: CurrentUser
) -> tuple[list[dict[str, Any]], bool, set[str]]:
    """One page of the queue: its rows, whether a next page exists, the ids of edited cases."""
    items = queue_page(s, params.query, limit=PAGE_SIZE + 1, offset=(params.page - 1) * PAGE_SIZE)
    page = items[:PAGE_SIZE]
    case_ids = [i.id for i in page if i.kind == CASE_ITEM]
    article_ids = [i.id for i in page if i.kind == CANDIDATE_ITEM]
    cases = {
        c.id: c
        for c in s.scalars(
            select(CaseRow)
            .where(CaseRow.id.in_(case_ids))
            .options(selectinload(CaseRow.perpetrators), selectinload(CaseRow.article))
        )
    }
    articles = {
        a.id: a for a in s.scalars(select(ArticleRow).where(ArticleRow.id.in_(article_ids)))
    }
    extractions = latest_extractions(s, article_ids)
    copies = copies_of(s, case_ids)
    edited_ids = edited_case_ids(s, case_ids)
    provisional = provisional_ids(
        s, [c.article.source_id for c in cases.values()] + [a.source_id for a in articles.values()]
    )
    rows: list[dict[str, Any]] = []
    for item in page:
        if item.kind == CASE_ITEM and item.id in cases:
            rows.append(_case_row(cases[item.id], user, copies.get(item.id, [])))
        elif item.kind == CANDIDATE_ITEM and item.id in articles:
            rows.append(_candidate_row(articles[item.id], extractions.get(item.id)))
        else:
            continue
        rows[-1]["provisional_outlet"] = rows[-1]["source_id"] in provisional
    return rows, len(items) > PAGE_SIZE, edited_ids


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
