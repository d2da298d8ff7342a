"""What became of each stored article: the machine's decision and its reason, in words an analyst
reads and as codes search filters on.

Every stored article is a document of the index and has a page: a case report as its case, every
other article as itself, with why it is no case (rejected below the case threshold, no
trafficking wording, a language tipwatch cannot extract, another skip). An analyst can promote
any of them to the review queue (`tipwatch.store.promote`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipwatch.records import NOT_RELEVANT, UNSUPPORTED_LANGUAGE
from tipwatch.store.models import ArticleRow, CaseRow, ExtractionRow


class Decision(StrEnum):
    """The machine's decision on an article (the index's `decision` field)."""

    CASE = "case"  # a case report (its document is the case)
    HELD = "held"  # a case report held for an analyst (a review flag)
    REJECTED = "rejected"  # read by the NLP, scored below the case threshold
    NOT_RELEVANT = "not_relevant"  # no trafficking wording: never read by spaCy, text not kept
    NOT_EXTRACTED = "not_extracted"  # a language tipwatch cannot extract yet
    SKIPPED = "skipped"  # another skip (no text, ...)


# What an article that is no case is, in the review status facet.
NO_REVIEW = "none"


@dataclass(frozen=True)
class ArticleDecision:
    decision: Decision
    reason: str  # a code: below_threshold, not_relevant, unsupported_language, a skip reason
    detail: str  # the reason in words, for the article page

    @property
    def label(self) -> str:
        return self.decision.value.replace("_", " ")


def latest_extraction(session: Session, article_id: str) -> ExtractionRow | None:
    """The article's most recent extraction (of any extractor version)."""
    return session.scalar(
        select(ExtractionRow)
        .where(ExtractionRow.article_id == article_id)
        .order_by(ExtractionRow.id.desc())
        .limit(1)
    )


def case_decision(case: CaseRow) -> ArticleDecision:
    if case.held:
        flags = " ".join(f.value for f in case.flags)
        return ArticleDecision(Decision.HELD, flags, "; ".join(f.reason for f in case.flags))
    return ArticleDecision(Decision.CASE, "", "A case report.")


def article_decision(article: ArticleRow, ext: ExtractionRow | None) -> ArticleDecision:
    """Why an article that has no case is none."""
    if ext is None:
        return ArticleDecision(
            Decision.SKIPPED, "no_extraction", "The NLP has not read this article yet."
        )
    if ext.skipped == NOT_RELEVANT:
        return ArticleDecision(
            Decision.NOT_RELEVANT,
            NOT_RELEVANT,
            "No trafficking wording anywhere in the page: spaCy did not read it and its text "
            "was not kept (it stays in the archived page; promoting it reads it again).",
        )
    if ext.skipped == UNSUPPORTED_LANGUAGE:
        language = article.language or ext.payload.get("language") or "unknown"
        return ArticleDecision(
            Decision.NOT_EXTRACTED,
            UNSUPPORTED_LANGUAGE,
            f"Not extracted: {language}. tipwatch has no extraction for this language; an "
            "analyst who reads it can promote the article and record the case by hand.",
        )
    if ext.skipped:
        return ArticleDecision(
            Decision.SKIPPED, ext.skipped, f"Skipped by the NLP: {ext.skipped.replace('_', ' ')}."
        )
    return ArticleDecision(
        Decision.REJECTED,
        "below_threshold",
        f"Read by the NLP and not taken for a case report (case score {ext.case_score:.2g}, "
        "below the case threshold).",
    )
