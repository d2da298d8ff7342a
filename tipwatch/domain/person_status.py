"""The latest status of a person: the one rule that the person pages, screening and the
FollowTheMoney export use to say where a person's proceedings stand.

A person's reports are the mentions of them in case reports. The latest is the report with the
latest status date, then the furthest stage (`StatusTable.latest`); reports from rejected
cases are not counted (an analyst decided the article is no case report).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol, TypeVar

from tipwatch.domain.legal_status import LEGAL_STATUSES, StatusTable
from tipwatch.domain.review_state import ReviewState


class StatusReport(Protocol):
    """One dated report of a person's status (a store mention, an export row, ...)."""

    @property
    def status(self) -> str: ...

    @property
    def status_date(self) -> date | None: ...

    @property
    def review_status(self) -> str: ...


R = TypeVar("R", bound=StatusReport)


def counts_for_status(report: StatusReport) -> bool:
    """Whether the report counts for the person's latest status (its case is not rejected)."""
    return report.review_status != ReviewState.REJECTED.value


def latest_status(reports: Iterable[R], *, table: StatusTable = LEGAL_STATUSES) -> R | None:
    """The report that gives the person's latest status, or None when no report counts.
    Between reports of the same date and stage, the first given wins."""
    counted = [r for r in reports if counts_for_status(r)]
    if not counted:
        return None
    return table.latest(counted, status=lambda r: r.status, when=lambda r: r.status_date)
