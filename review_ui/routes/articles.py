"""One article that is no case: `GET /articles/{id}` (what the machine decided and why, the kept
text or why none was kept, and a link to the page), `POST /articles/{id}/promote` (reviewer or
admin: send it to the review queue as a pending case, audited; `tipwatch.store.promote`).

An article that is a case is found as its case: its page redirects there."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from tipwatch.review_ui import takedowns
from tipwatch.review_ui.deps import Form, PagesDep, Reviewer, SettingsDep, StoreDep, Viewer
from tipwatch.review_ui.forms import posted_reason
from tipwatch.review_ui.promotion import TextUnavailable, fresh_reading, original_text
from tipwatch.review_ui.views import safe_href
from tipwatch.store.cases import case_id_for
from tipwatch.store.documents import Decision, article_decision, latest_extraction
from tipwatch.store.models import ArticleRow, CaseRow
from tipwatch.store.promote import NotPromotable, promotable, promote_article

router = APIRouter()


def _case_page(article_id: str) -> str:
    return f"/cases/{quote(case_id_for(article_id), safe='')}"


@router.get("/articles/{article_id}")
def article_page(
    request: Request,
    article_id: str,
    user: Viewer,
    store: StoreDep,
    pages: PagesDep,
    settings: SettingsDep,
) -> Response:
    with store.session() as s:
        article = s.get(ArticleRow, article_id)
        if article is None:
            raise HTTPException(status_code=404, detail="No such article.")
        if s.get(CaseRow, case_id_for(article_id)) is not None:
            return RedirectResponse(_case_page(article_id), status_code=303)
        if article.suppressed_at is not None:
            raise HTTPException(status_code=410, detail="This article was taken down.")
        ext = latest_extraction(s, article_id)
        decided = article_decision(article, ext)
        # a text in a language tipwatch cannot extract is not stored (its victims' names cannot
        # be masked): a reviewer reads the original from the archived page
        original = (
            original_text(settings, article)
            if decided.decision is Decision.NOT_EXTRACTED and user.can_review
            else None
        )
        context = {
            "article": {
                "id": article.id,
                "title": article.title,
                "source_id": article.source_id,
                "url": article.canonical_url,
                "href": safe_href(article.canonical_url),
                "publish_date": article.publish_date,
                "language": article.language,
                "country_of_publication": article.country_of_publication,
                "text": article.text or original or "",
                "unmasked_original": original is not None,
                "archived": bool(article.warc_path),
            },
            "decision": decided,
            "score": ext.case_score if ext is not None else None,
            "extractor_version": ext.extractor_version if ext is not None else None,
            "can_promote": user.can_review,
            "takedown": takedowns.form_context(s, article) if user.is_admin else None,
        }
    return pages.render(request, "article.html", context)


@router.post("/articles/{article_id}/promote")
def promote(
    article_id: str, user: Reviewer, form: Form, store: StoreDep, settings: SettingsDep
) -> Response:
    reason = posted_reason(form, required=True) or ""
    with store.session() as s:
        try:
            article = promotable(s, article_id)
        except NotPromotable as exc:
            code = 404 if "no such" in str(exc) else 409
            raise HTTPException(status_code=code, detail=f"Cannot promote: {exc}.") from None
        try:
            extraction, text = fresh_reading(settings, article)
        except TextUnavailable as exc:
            raise HTTPException(status_code=409, detail=f"Cannot promote: {exc}.") from None
        try:
            case_id = promote_article(
                s, article_id, user=user.username, reason=reason, extraction=extraction, text=text
            )
        except NotPromotable as exc:
            raise HTTPException(status_code=409, detail=f"Cannot promote: {exc}.") from None
    return RedirectResponse(f"/cases/{quote(case_id, safe='')}", status_code=303)
