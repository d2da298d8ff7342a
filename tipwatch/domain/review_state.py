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
