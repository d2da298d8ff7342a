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
from tipwatch.domain.review_state import DECISIONS, ReviewFlag, ReviewState
from tipwatch.records import ChargeCategory
from tipwatch.review_ui import takedowns
from tipwatch.review_ui.auth import CurrentUser, safe_next
from tipwatch.review_ui.deps import Form, PagesDep, Reviewer, SettingsDep, StoreDep, Viewer
from tipwatch.review_ui.diff import charge_label, compare
from tipwatch.review_ui.forms import edit_from_form, posted_reason
from tipwatch.review_ui.promotion import original_text
from tipwatch.review_ui.views import (
    Evidence,
    PerpetratorView,
    concealment,
    highlight,
    perpetrator_views,
    safe_href,
    spans_of,
)
from tipwatch.settings import Settings
from tipwatch.store.charges import MAX_STATUTE, CaseCharge, parse_charges
from tipwatch.store.models import ArticleRow, CaseRow, ExtractionRow
from tipwatch.store.provisional import provisional_ids
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
# A charge row may be `other`: a statute outside the case categories (e.g. POCSO).
CHARGE_ROW_CATEGORIES = tuple(c.value for c in ChargeCategory)
BLANK_CHARGE_ROWS = 1
# The status a new row of the edit form starts with.
BLANK_STATUS = LegalStatus.CHARGED

router = APIRouter()


def _page(case_id: str) -> str:
    return f"/cases/{quote(case_id, safe='')}"


def _jurisdiction_evidence(ext: ExtractionRow | None, art: ArticleRow) -> list[tuple[int, int]]:
    """The spans the machine read the jurisdiction from, when its extraction was made from the
    article's present text (an extraction of an earlier text has offsets of that text)."""
    if ext is None or (ext.content_hash is not None and ext.content_hash != art.content_hash):
        return []
    jur = ext.payload.get("jurisdiction") or {}
    return spans_of(jur.get("evidence") if isinstance(jur, dict) else None)


def _evidence(
    perps: list[PerpetratorView], charges: list[CaseCharge], jurisdiction: list[tuple[int, int]]
) -> list[Evidence]:
    """Every field's evidence in the text: each perpetrator's (name mentions, status, age,
    nationality), each charge's wording and the jurisdiction's. Nothing else is marked."""
    return [
        *(
            Evidence(f"p{p.index}", "perpetrator", f"#{p.index} {p.name}", p.evidence)
            for p in perps
        ),
        # the date the text gives a person's status (`status_date_source` "text")
        *(
            Evidence(
                f"p{p.index}d", "perpetrator", f"#{p.index} status date", [p.status_date_evidence]
            )
            for p in perps
            if p.status_date_evidence is not None
        ),
        *(
            Evidence(
                f"c{i}", "charge", f"charge {charge_label(c.model_dump(mode='json'))}", c.evidence
            )
            for i, c in enumerate(charges, start=1)
        ),
        Evidence("j", "jurisdiction", "jurisdiction", jurisdiction),
    ]


def _case_context(
    s: Session, case: CaseRow, user: CurrentUser, settings: Settings
) -> dict[str, Any]:
    art = case.article
    conceal = concealment(case.perpetrators, reveal=user.is_admin)
    # A case held as "not extracted" has no stored text: a reviewer reads the original from the
    # archived page, unmasked (tipwatch cannot find victims' names in its language).
    original = (
        original_text(settings, art)
        if ReviewFlag.NOT_EXTRACTED in case.flags and user.can_review
        else None
    )
    perps = perpetrator_views(case.perpetrators, conceal)
    ext = s.get(ExtractionRow, case.extraction_id)
    charges = parse_charges(case.charges)
    evidence = _evidence(perps, charges, _jurisdiction_evidence(ext, art))
    body = highlight(original if original is not None else (conceal.text(art.text) or ""), evidence)
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
            "provisional_outlet": bool(provisional_ids(s, [art.source_id])),
            "url": art.canonical_url,
            "href": safe_href(art.canonical_url),
            "publish_date": art.publish_date,
            "language": art.language,
            "country_of_publication": art.country_of_publication,
        },
        "perpetrators": perps,
        "charges": [
            {
                "key": f"c{i}",
                "category": c.category.value,
                "statute": c.statute,
                "spans": len(c.evidence),
            }
            for i, c in enumerate(charges, start=1)
        ],
        "spans": {e.key: len(e.spans) for e in evidence},
        "body": body,
        "article_text": original if original is not None else (conceal.text(art.text) or ""),
        "unmasked_original": original is not None,
        "not_extracted": ReviewFlag.NOT_EXTRACTED in case.flags,
        "decisions": tuple(d.value for d in DECISIONS),
        "current": conceal.snapshot(case_snapshot(case)),
        "concealed": conceal.active,
        "statuses": tuple(LEGAL_STATUSES.values()),
        "blank_status": BLANK_STATUS.value,
        "categories": EDIT_CATEGORIES,
        "charge_row_categories": CHARGE_ROW_CATEGORIES,
        "blank_charge_rows": BLANK_CHARGE_ROWS,
        "max_statute": MAX_STATUTE,
        "blank_rows": BLANK_PERPETRATOR_ROWS,
        "edit": None,
        "machine": None,
        "comparison": None,
    }
    edit = latest_edit(s, case.id)
    if edit is not None:
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
        context["comparison"] = compare(context["machine"]["data"], context["edit"]["data"])
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
    request: Request,
    case_id: str,
    user: Viewer,
    store: StoreDep,
    pages: PagesDep,
    settings: SettingsDep,
) -> Response:
    with store.session() as s:
        case = get_case(s, case_id)
        if case is None:
            raise HTTPException(status_code=404, detail="No such case.")
        context = _case_context(s, case, user, settings)
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
