"""What the person pages show (routes in `tipwatch.review_ui.routes.persons`): the persons list
with each person's latest status, and a person's timeline of mentions and merge/split history.

Names of suppressed co-defendants are masked in article titles for non-admins; suppression
entries of the history are for admins, like the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipwatch.review_ui.views import StatusView, status_view
from tipwatch.screening.duplicates import suggest_duplicates
from tipwatch.store.models import PerpetratorRow, PersonRow
from tipwatch.store.person_timeline import Mention
from tipwatch.store.persons import (
    Hidden,
    hidden_in_case,
    list_persons,
    person_history,
    person_timeline,
)

PAGE_SIZE = 100
# History entries non-admins see (suppressions are for admins, like the audit log).
PUBLIC_ACTIONS = frozenset({"merge", "split", "split_from", "judge_not_same", "judge_unsure"})


@dataclass(frozen=True)
class MentionView:
    id: int
    case_id: str
    name: str
    status: StatusView
    article_title: str | None
    publish_date: date | None
    outlet_id: str
    outlet_name: str | None
    review_status: str
    rejected: bool


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    reason: str | None
    summary: str
    other_id: str | None  # the other person of a merge or split, linked


def _mention_view(m: Mention, hidden: Hidden) -> MentionView:
    title = hidden.mask(m.article_title) if m.article_title else m.article_title
    return MentionView(
        id=m.perpetrator_id,
        case_id=m.case_id,
        name=m.name,
        status=status_view(m),
        article_title=title,
        publish_date=m.publish_date,
        outlet_id=m.outlet_id,
        outlet_name=m.outlet_name,
        review_status=m.review_status,
        rejected=m.rejected,
    )


def _hidden_by_case(s: Session, case_ids: set[str], *, reveal: bool) -> dict[str, Hidden]:
    """Per case, the suppressed co-defendants whose names are masked in article titles."""
    if reveal or not case_ids:
        return {}
    perps: dict[str, list[PerpetratorRow]] = {}
    for p in s.scalars(
        select(PerpetratorRow)
        .where(PerpetratorRow.case_id.in_(case_ids))
        .order_by(PerpetratorRow.id)
    ):
        perps.setdefault(p.case_id, []).append(p)
    return {cid: hidden_in_case(s, rows) for cid, rows in perps.items()}


def _count(items: object, noun: str) -> str:
    n = len(items) if isinstance(items, list) else 0
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _history(s: Session, person_id: str, *, is_admin: bool) -> list[HistoryEntry]:
    entries = []
    for row in person_history(s, person_id):
        if not is_admin and row.action not in PUBLIC_ACTIONS:
            continue
        after: dict[str, Any] = row.after or {}
        before: dict[str, Any] = row.before or {}
        split: dict[str, Any] = after.get("split") or {}
        other: str | None = None
        if row.action == "merge":
            absorbed = before.get("absorb") or {}
            summary = (
                f"Merged in {absorbed.get('display_name', '?')} (person "
                f"{str(after.get('absorbed') or '?')[:8]}, "
                f"{_count(absorbed.get('mentions'), 'mention')})."
            )
        elif row.action == "split":
            other = str(split.get("to") or "") or None
            summary = f"Split {_count(split.get('mentions'), 'mention')} off to a new person."
        elif row.action == "split_from":
            other = str(split.get("from") or "") or None
            summary = f"Created from {_count(split.get('mentions'), 'mention')} split off."
        elif row.action == "suppress":
            summary = "Suppressed: hidden from lists, case pages and the search index."
        elif row.action == "unsuppress":
            summary = "Suppression lifted."
        elif row.action in ("judge_not_same", "judge_unsure"):
            other = str(after.get("other") or "") or None
            verdict = "not the same person" if row.action == "judge_not_same" else "undecided"
            summary = f"Judged {verdict} as person {str(other or '?')[:8]}."
        else:
            summary = row.action
        if row.object_id != person_id and row.action != "merge":
            summary += f" (as person {row.object_id}, since merged)"
        entries.append(HistoryEntry(row.at, row.actor, row.action, row.reason, summary, other))
    return entries


def person_context(
    s: Session, person_id: str, *, is_admin: bool, can_review: bool = False
) -> dict[str, Any]:
    """What person.html needs: the person, every mention (names of suppressed co-defendants
    masked for non-admins), the latest status, the history and, for reviewers, likely
    duplicates (`tipwatch.screening.duplicates`)."""
    timeline = person_timeline(s, person_id)
    hidden = _hidden_by_case(s, {m.case_id for m in timeline.mentions}, reveal=is_admin)
    mentions = [_mention_view(m, hidden.get(m.case_id, Hidden())) for m in timeline.mentions]
    latest_id = timeline.latest.perpetrator_id if timeline.latest is not None else None
    latest = next((v for v in mentions if v.id == latest_id), None)
    return {
        "person": timeline.person,
        "mentions": mentions,
        "latest": latest,
        "counted": sum(1 for m in mentions if not m.rejected),
        "history": _history(s, person_id, is_admin=is_admin),
        "is_admin": is_admin,
        "duplicates": suggest_duplicates(s, person_id) if can_review else [],
    }


def person_list_context(
    s: Session, *, q: str, country: str, page: int, is_admin: bool, search: bool = True
) -> dict[str, Any]:
    """One page of persons.html's list (nothing found when `search` is False: the form has
    errors), and the countries to choose from."""
    countries = sorted(c for c in s.scalars(select(PersonRow.country).distinct()) if c is not None)
    rows: list[dict[str, Any]] = []
    has_next = False
    if search:
        found = list_persons(
            s,
            query=q,
            country=country or None,
            include_suppressed=is_admin,
            limit=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
        )
        has_next = len(found) > PAGE_SIZE
        rows = [
            {
                "person": f.person,
                "mentions": f.mention_count,
                "latest": status_view(f.latest) if f.latest is not None else None,
            }
            for f in found[:PAGE_SIZE]
        ]
    return {"rows": rows, "countries": countries, "has_next": has_next}
