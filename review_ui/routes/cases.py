"""One case: `GET /cases/{id}` (the article with its evidence marked, the perpetrators, the
current edit beside the machine's extraction, the review and edit forms), `POST .../review`
(accept or reject) and `POST .../edit` (reviewer or admin; both audited by the store)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from tipwatch.domain.legal_status import LEGAL_STATUSES, LegalStatus
from tipwatch.domain.review_state import DECISIONS, ReviewState
from tipwatch.records import ChargeCategory
from tipwatch.review_ui import takedowns
from tipwatch.review_ui.auth import CurrentUser, safe_next
from tipwatch.review_ui.deps import Form, PagesDep, Reviewer, StoreDep, Viewer
from tipwatch.review_ui.forms import edit_from_form, posted_reason
from tipwatch.review_ui.views import concealment, highlight, perpetrator_views, safe_href
from tipwatch.store.models import CaseRow, ExtractionRow
from tipwatch.store.repository import get_case
from tipwatch.store.review import (
    EditError,
    case_snapshot,
    edit_case,
    latest_edit,
    machine_snapshot,
    review_case,
)
from tipwatch.store.syndication import copies_of

EDIT_CATEGORIES = tuple(c.value for c in ChargeCategory if c is not ChargeCategory.OTHER)
BLANK_PERPETRATOR_ROWS = 2
# The status a new row of the edit form starts with.
BLANK_STATUS = LegalStatus.CHARGED

router = APIRouter()


def _page(case_id: str) -> str:
    return f"/cases/{quote(case_id, safe='')}"


def _case_context(s: Session, case: CaseRow, user: CurrentUser) -> dict[str, Any]:
    art = case.article
    conceal = concealment(case.perpetrators, reveal=user.is_admin)
    perps = perpetrator_views(case.perpetrators, conceal)
    body = highlight(
        conceal.text(art.text) or "",
        [(f"#{p.index} {p.name}", p.evidence) for p in perps]
        + [
            (f"#{p.index} status date", [p.status_date_evidence])
            for p in perps
            if p.status_date_evidence is not None
        ],
    )
    context: dict[str, Any] = {
        "case": {
            "id": case.id,
            "country": case.country,
            "admin1": case.admin1,
            "city": case.city,
            "court_or_agency": list(case.court_or_agency or []),
            "charge_categories": list(case.charge_categories or []),
            "victims_count": case.victims_count,
            "score": case.case_score,
            "review_status": case.review_status,
            "reviewed_by": case.reviewed_by,
            "reviewed_at": case.reviewed_at,
            "review_reason": case.review_reason,
            "flags": [(f.value, f.reason) for f in case.flags],
            "held": case.held,
        },
        "article": {
            "title": conceal.text(art.title),
            "source_id": art.source_id,
            "url": art.canonical_url,
            "href": safe_href(art.canonical_url),
            "publish_date": art.publish_date,
            "language": art.language,
            "country_of_publication": art.country_of_publication,
        },
        "perpetrators": perps,
        "body": body,
        "article_text": conceal.text(art.text) or "",
        "decisions": tuple(d.value for d in DECISIONS),
        "current": conceal.snapshot(case_snapshot(case)),
        "concealed": conceal.active,
        "statuses": tuple(LEGAL_STATUSES.values()),
        "blank_status": BLANK_STATUS.value,
        "categories": EDIT_CATEGORIES,
        "blank_rows": BLANK_PERPETRATOR_ROWS,
        "edit": None,
        "machine": None,
    }
    edit = latest_edit(s, case.id)
    if edit is not None:
        ext = s.get(ExtractionRow, case.extraction_id)
        context["edit"] = {
            "data": conceal.snapshot(edit.edited),
            "by": edit.edited_by,
            "at": edit.edited_at,
            "reason": edit.reason,
        }
        machine = machine_snapshot(ext.payload if ext is not None else {})
        context["machine"] = {
            "data": conceal.snapshot(machine),
            "version": ext.extractor_version if ext is not None else "unknown",
        }
    context["takedown"] = takedowns.form_context(s, art) if user.is_admin else None
    context["syndication"] = _syndication(s, case)
    return context


def _syndication(s: Session, case: CaseRow) -> dict[str, Any]:
    """The syndicated copies of this case (a primary), or the case it is a copy of."""
    copies = [
        {
            "case_id": c.case_id,
            "source_id": c.source_id,
            "publish_date": c.publish_date,
            "url": c.url,
            "href": safe_href(c.url),
            "state": c.state,
        }
        for c in copies_of(s, [case.id]).get(case.id, [])
    ]
    return {"copies": copies, "copy_of": case.copy_of, "copy_state": case.copy_state}


@router.get("/cases/{case_id}")
def case_page(
    request: Request, case_id: str, user: Viewer, store: StoreDep, pages: PagesDep
) -> Response:
    with store.session() as s:
        case = get_case(s, case_id)
        if case is None:
            raise HTTPException(status_code=404, detail="No such case.")
        context = _case_context(s, case, user)
    return pages.render(request, "case.html", context)


def _decision(raw: object) -> ReviewState:
    if isinstance(raw, str):
        for decision in DECISIONS:
            if raw == decision.value:
                return decision
    raise HTTPException(status_code=400, detail="Decision must be accepted or rejected.")


@router.post("/cases/{case_id}/review")
def review(case_id: str, user: Reviewer, form: Form, store: StoreDep) -> Response:
    decision = _decision(form.get("decision"))
    reason = posted_reason(form)
    with store.session() as s:
        try:
            review_case(s, case_id, decision=decision.value, user=user.username, reason=reason)
        except KeyError:
            raise HTTPException(status_code=404, detail="No such case.") from None
    # The review queue's forms come back to the queue (a local path, see safe_next).
    back = form.get("next")
    if isinstance(back, str) and back:
        return RedirectResponse(safe_next(back), status_code=303)
    return RedirectResponse(_page(case_id), status_code=303)


@router.post("/cases/{case_id}/edit")
def edit(case_id: str, user: Reviewer, form: Form, store: StoreDep) -> Response:
    edited = edit_from_form(form)
    reason = posted_reason(form)
    with store.session() as s:
        try:
            edit_case(s, case_id, edited, user=user.username, reason=reason)
        except KeyError:
            raise HTTPException(status_code=404, detail="No such case.") from None
        except EditError as exc:
            raise HTTPException(status_code=400, detail=f"Invalid edit: {exc}") from None
    return RedirectResponse(_page(case_id), status_code=303)
