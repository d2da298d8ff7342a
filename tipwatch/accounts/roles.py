"""The roles of a review UI account and what each may do.

One place for the role names: the review UI's route guards, the CLI's `users add` and the
account checks all read them from here.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # everything, including the audit log, takedowns and suppressions
    REVIEWER = "reviewer"  # may review and edit cases and merge or split persons
    VIEWER = "viewer"  # reads only

    @property
    def can_review(self) -> bool:
        return self in REVIEW_ROLES


ROLES: tuple[str, ...] = tuple(r.value for r in Role)
REVIEW_ROLES = frozenset({Role.ADMIN, Role.REVIEWER})


def is_role(value: str) -> bool:
    return value in ROLES
