"""The review states of a case: the analyst's decision beside the machine's extraction."""

from __future__ import annotations

from enum import StrEnum


class ReviewState(StrEnum):
    PENDING = "pending"  # not yet checked by an analyst
    ACCEPTED = "accepted"  # an analyst confirmed the case report
    REJECTED = "rejected"  # an analyst decided it is not a case report: never shown as a case

    @property
    def decided(self) -> bool:
        return self is not ReviewState.PENDING


# Decisions an analyst can take on a case (pending is where every case starts, or returns to).
DECISIONS = (ReviewState.ACCEPTED, ReviewState.REJECTED)


class ReviewFlag(StrEnum):
    """Why the machine holds a case for an analyst: a held case stays `pending`, is left out of
    what tipwatch shows as a case (exports, screening, person pages, dashboard, coverage counts)
    until an analyst accepts it, and is marked with its reason in the review queue and on the
    case page. A flag never carries a name."""

    # The same person is named in a victim, minor or witness role and as accused (a trafficked
    # person who was also charged, or a name the text gives both roles). The name stays masked
    # and is not output as a perpetrator: an analyst decides, from the source, what to record.
    DUAL_ROLE = "dual_role"
    # The article is in a language tipwatch cannot extract yet, and its language's trafficking
    # vocabulary says it may be a case report: its original text waits for an analyst who reads
    # the language (`Extraction.foreign_relevance`).
    NOT_EXTRACTED = "not_extracted"

    @property
    def reason(self) -> str:
        return _FLAG_REASONS[self]


_FLAG_REASONS = {
    ReviewFlag.DUAL_ROLE: (
        "Held for review: a person is named both as a victim, minor or witness and as accused. "
        "Their name is masked and not listed as a perpetrator; check the source article and "
        "decide."
    ),
    ReviewFlag.NOT_EXTRACTED: (
        "Not extracted: tipwatch has no extraction for this article's language, and its "
        "trafficking and legal vocabulary marks it as a likely case report. Read the original "
        "text, record the accused, their statuses, the charges and the jurisdiction with the "
        "edit form, then accept or reject."
    ),
}


def parse_flags(raw: str | None) -> list[ReviewFlag]:
    """The flags stored in `CaseRow.review_flags` (space-separated values), unknown ones left
    out."""
    known = {f.value: f for f in ReviewFlag}
    return [known[v] for v in (raw or "").split() if v in known]


def format_flags(flags: list[ReviewFlag]) -> str | None:
    """The stored form: sorted, space-separated values; None when there is no flag."""
    return " ".join(sorted({f.value for f in flags})) or None
