"""The one legal-status table: order, outcome, label, note and FollowTheMoney topic of each stage.

Alleged is not convicted. Every place that ranks statuses, says whether one is an allegation,
labels it, or attaches a topic to a person reads this table; adding a status means adding an
enum member and its row here (a test adds one to a copy of the table and runs every reader).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

T = TypeVar("T")

# The FollowTheMoney topic of a person or case involved in human trafficking.
TRAFFICKING_TOPIC = "crime.traffick.human"


class LegalStatus(StrEnum):
    """Procedural stage reported for a person. Alleged is not convicted: keep them apart."""

    WANTED = "wanted"
    ARRESTED = "arrested"
    CHARGED = "charged"
    DISCHARGED = "discharged"
    ACQUITTED = "acquitted"
    CONVICTED = "convicted"
    SENTENCED = "sentenced"

    @property
    def rank(self) -> int:
        """How far along the proceedings this stage is (higher is further)."""
        return LEGAL_STATUSES[self].rank


class Outcome(StrEnum):
    """What a status says about guilt."""

    ALLEGED = "alleged"  # proceedings not ended: presumed innocent
    CONVICTED = "convicted"  # a court found the person guilty
    NOT_CONVICTED = "not_convicted"  # proceedings ended without a conviction


class UnknownStatus(ValueError):
    """A status string that the table does not define."""


@dataclass(frozen=True)
class StatusInfo:
    """One row of the table."""

    status: str
    # Furthest stage wins: in one text (NLP), and between same-day reports of a person.
    # Convicted beats acquitted (mixed verdicts); sentenced beats everything.
    rank: int
    outcome: Outcome
    label: str
    # Shown beside the status wherever a person's status is shown.
    note: str
    # FollowTheMoney topic a Person carries when this is their latest status (None: no topic).
    ftm_topic: str | None

    @property
    def alleged(self) -> bool:
        return self.outcome is Outcome.ALLEGED


_NOTES = {
    Outcome.ALLEGED: "alleged: not convicted, presumed innocent",
    Outcome.CONVICTED: "convicted by a court, as reported",
    Outcome.NOT_CONVICTED: "not convicted",
}


class StatusTable:
    """An ordered, validated set of `StatusInfo` rows, looked up by status value."""

    def __init__(self, rows: Iterable[StatusInfo]) -> None:
        self._rows: dict[str, StatusInfo] = {}
        for row in rows:
            if row.status in self._rows:
                raise ValueError(f"legal status {row.status!r} defined twice")
            self._rows[row.status] = row

    def __getitem__(self, status: str) -> StatusInfo:
        try:
            return self._rows[str(status)]
        except KeyError:
            raise UnknownStatus(
                f"unknown legal status {status!r}; known: {', '.join(self._rows)}"
            ) from None

    def __contains__(self, status: object) -> bool:
        return str(status) in self._rows

    def __iter__(self) -> Iterator[StatusInfo]:
        return iter(sorted(self._rows.values(), key=lambda r: r.rank))

    def __len__(self) -> int:
        return len(self._rows)

    def values(self) -> list[str]:
        """Every status, in rank order."""
        return [r.status for r in self]

    def rank(self, status: str) -> int:
        return self[status].rank

    def sort_rank(self, status: str) -> int:
        """The rank for ordering reports: an unknown status (a stored value the table no longer
        or not yet defines) sorts below every known one instead of raising."""
        return self._rows[status].rank if status in self._rows else -1

    def label(self, status: str) -> str:
        """The status's label; an unknown status is shown as it is stored."""
        return self._rows[status].label if status in self._rows else str(status)

    def ftm_topic(self, status: str) -> str | None:
        """The FollowTheMoney topic of a person whose latest status this is (None for an
        unknown status: an unknown status never carries a risk flag)."""
        return self._rows[status].ftm_topic if status in self._rows else None

    def alleged_statuses(self) -> list[str]:
        """The statuses that are allegations, in rank order."""
        return [r.status for r in self if r.alleged]

    def alleged_phrase(self, conjunction: str = "and") -> str:
        """The alleged statuses as a phrase: "Wanted, arrested and charged" (or, with
        `conjunction="or"`, "Wanted, arrested or charged")."""
        words = self.alleged_statuses()
        if not words:
            return ""
        last = f" {conjunction} " + words[-1] if len(words) > 1 else words[-1]
        text = ", ".join(words[:-1]) + last
        return text[:1].upper() + text[1:]

    def outcome(self, status: str) -> Outcome:
        """The outcome of a status; an unknown status reads as alleged (never as convicted)."""
        return self._rows[status].outcome if status in self._rows else Outcome.ALLEGED

    def is_alleged(self, status: str) -> bool:
        return self.outcome(status) is Outcome.ALLEGED

    def note(self, status: str) -> str:
        return _NOTES[self.outcome(status)]

    def with_status(self, row: StatusInfo) -> StatusTable:
        """A copy of the table with one more (or one replaced) row."""
        return StatusTable([*(r for r in self._rows.values() if r.status != row.status), row])

    def further(self, a: str | None, b: str) -> bool:
        """True when `b` is a further stage than `a` (any stage is further than none)."""
        return a is None or self.rank(b) > self.rank(a)

    def latest(
        self,
        items: Iterable[T],
        status: Callable[[T], str],
        when: Callable[[T], date | None],
    ) -> T:
        """The latest report among `items`: the latest date, then the furthest stage.
        An undated report counts as older than any dated one, an unknown status as below every
        known one; between equal reports the first given wins."""
        return max(items, key=lambda it: self.report_key(status(it), when(it)))

    def report_key(self, status: str, when: date | None) -> tuple[date, int]:
        """The order of reports, oldest first: the date (undated counts as older than any
        dated one), then the stage (unknown below every known one)."""
        return (when or date.min, self.sort_rank(status))


def _row(status: LegalStatus, rank: int, outcome: Outcome, label: str) -> StatusInfo:
    topic = TRAFFICKING_TOPIC if outcome is Outcome.CONVICTED else None
    if status is LegalStatus.WANTED:
        topic = "wanted"
    return StatusInfo(status.value, rank, outcome, label, _NOTES[outcome], topic)


LEGAL_STATUSES = StatusTable(
    [
        _row(LegalStatus.WANTED, 0, Outcome.ALLEGED, "Wanted"),
        _row(LegalStatus.ARRESTED, 1, Outcome.ALLEGED, "Arrested"),
        _row(LegalStatus.CHARGED, 2, Outcome.ALLEGED, "Charged"),
        _row(LegalStatus.DISCHARGED, 3, Outcome.NOT_CONVICTED, "Discharged"),
        _row(LegalStatus.ACQUITTED, 4, Outcome.NOT_CONVICTED, "Acquitted"),
        _row(LegalStatus.CONVICTED, 5, Outcome.CONVICTED, "Convicted"),
        _row(LegalStatus.SENTENCED, 6, Outcome.CONVICTED, "Sentenced"),
    ]
)

_missing = {s.value for s in LegalStatus} ^ set(LEGAL_STATUSES.values())
if _missing:  # pragma: no cover - fails at import when the enum and the table disagree
    raise RuntimeError(f"LegalStatus and LEGAL_STATUSES disagree on {sorted(_missing)}")

__all__ = [
    "LEGAL_STATUSES",
    "TRAFFICKING_TOPIC",
    "LegalStatus",
    "Outcome",
    "StatusInfo",
    "StatusTable",
    "UnknownStatus",
]
