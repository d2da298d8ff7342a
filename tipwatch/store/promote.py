"""An analyst sends an article the machine did not take for a case to the review queue.

The article becomes a pending case marked as promoted (who, when, why, in the audit log); a
later run of the NLP that still finds no case leaves it to the analyst. Its perpetrators,
charges and jurisdiction come from the extraction the caller made of the article (the review UI
reads the article again with the case threshold at zero, so the extractor lists whom it found,
and masks victims' names in a text it never stored before); without one, from the stored
extraction (an article in a language tipwatch cannot extract has none: the analyst records the
case by hand through the edit form).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from tipwatch.domain.review_state import ReviewState
from tipwatch.records import UNSUPPORTED_LANGUAGE, Extraction, redact
from tipwatch.store.audit import append_audit
from tipwatch.store.cases import case_id_for
from tipwatch.store.documents import article_decision, latest_extraction
from tipwatch.store.models import ArticleRow, CaseRow, utcnow
from tipwatch.store.outbox import enqueue_article
from tipwatch.store.repository import apply_extraction, write_extraction_row
from tipwatch.store.review import CASE_OBJECT


class NotPromotable(ValueError):
    """The article cannot be promoted (unknown, taken down, already a case): the reason."""


def promotable(session: Session, article_id: str) -> ArticleRow:
    """The article, if it can be promoted; NotPromotable with the reason otherwise."""
    article = session.get(ArticleRow, article_id)
    if article is None:
        raise NotPromotable("no such article")
    if article.suppressed_at is not None:
        raise NotPromotable("the article was taken down")
    if session.get(CaseRow, case_id_for(article_id)) is not None:
        raise NotPromotable("the article is already a case")
    return article


def promote_article(
    session: Session,
    article_id: str,
    *,
    user: str,
    reason: str,
    extraction: Extraction | None = None,
    text: str | None = None,
) -> str:
    """Make the article a pending, promoted case; returns its id. `extraction` and `text`: the
    caller's fresh reading of the article (`text` only when the store kept none)."""
    if not reason.strip():
        raise NotPromotable("a reason is required")
    article = promotable(session, article_id)
    stored = latest_extraction(session, article_id)
    before = article_decision(article, stored)
    if extraction is None:
        if stored is None:
            raise NotPromotable("the article has no extraction")
        extraction = Extraction.model_validate(stored.payload)
        ext = stored
    else:
        if text is not None and not article.text and extraction.skipped != UNSUPPORTED_LANGUAGE:
            # read for victims' names now: kept with them masked (a text in a language tipwatch
            # cannot extract stays in its WARC record only)
            article.text = redact(text, extraction.redactions)
        ext = write_extraction_row(session, article, extraction)
    now = utcnow()
    case = CaseRow(
        id=case_id_for(article_id),
        article_id=article_id,
        review_status=ReviewState.PENDING.value,
        promoted_by=user,
        promoted_at=now,
    )
    session.add(case)
    apply_extraction(session, case, article, ext, extraction)
    enqueue_article(session, article_id)  # its article document gives way to the case's
    session.flush()
    append_audit(
        session,
        actor=user,
        action="promote",
        object_type=CASE_OBJECT,
        object_id=case.id,
        before={
            "article_id": article_id,
            "decision": before.decision.value,
            "reason": before.reason,
        },
        after={"review_status": case.review_status, "perpetrators": len(case.perpetrators)},
        reason=reason.strip(),
    )
    return case.id
