"""Syndicated copies grouped under one case.

A wire story run by several outlets is one near-duplicate cluster (`ArticleRow.cluster_id`, see
`tipwatch.store.dedupe`), and each copy that is a case report has a case of its own. The case of
the cluster's first-seen article (earliest stored, then id) is the **primary**; every other case
of the cluster is a copy of it (`CaseRow.copy_of`) in one of three states (`CaseRow.copy_state`):

- `grouped`: the copy's machine extraction says what the primary's says (same persons with the
  same statuses, same charge categories, same jurisdiction). The review queue shows the primary
  only, with "also in: <outlets>"; a review decision on the primary applies to the copy too
  (`tipwatch.store.review.review_case`, one audit row per copy).
- `differs`: the copy's extraction differs from the primary's (the outlet rewrote the story, or
  added a sentence naming another person). It stays its own queue item, marked as a copy of the
  primary whose extraction differs: a decision on the primary must not decide what nobody read.
- `separate`: an analyst reviewed or edited the copy on its own; later decisions on the primary
  leave it alone.

`regroup` recomputes a cluster's states; `save_extraction` calls it whenever a case of the
cluster is created, changed or deleted, `suppress_article` when an article leaves its cluster.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipwatch.domain.review_state import ReviewState
from tipwatch.store.models import ArticleRow, CaseRow, ExtractionRow
from tipwatch.store.visibility import article_shown, join_article

# Start of the review reason of a decision applied to a copy from its primary.
COPY_REASON = "syndicated copy of "


class CopyState(StrEnum):
    GROUPED = "grouped"
    DIFFERS = "differs"
    SEPARATE = "separate"


def copy_reason(primary_id: str) -> str:
    return f"{COPY_REASON}{primary_id}"


def _agreement_key(payload: Mapping[str, Any]) -> tuple[object, ...]:
    """What two copies' extractions must share to be reviewed as one: the persons (name and
    status, in any order), the charge categories and the jurisdiction. Evidence offsets, status
    dates and scores are left out (an outlet's own headline moves every offset)."""
    persons = sorted(
        (str(p.get("name") or "").casefold(), str(p.get("status") or ""))
        for p in payload.get("perpetrators") or []
        if isinstance(p, Mapping)
    )
    categories = sorted(
        {
            str(c.get("category"))
            for c in payload.get("charges") or []
            if isinstance(c, Mapping) and c.get("category") != "other"
        }
    )
    jur = payload.get("jurisdiction") or {}
    place = (jur.get("country"), jur.get("admin1"), jur.get("city"))
    return (tuple(persons), tuple(categories), place)


def _payload(session: Session, case: CaseRow) -> Mapping[str, Any]:
    ext = session.get(ExtractionRow, case.extraction_id)
    return ext.payload if ext is not None else {}


def _reviewed_on_its_own(case: CaseRow) -> bool:
    """Decided by an analyst, not by a decision applied from a primary."""
    return case.review_status != ReviewState.PENDING.value and not (
        case.review_reason or ""
    ).startswith(COPY_REASON)


def cluster_cases(session: Session, cluster_id: str) -> list[CaseRow]:
    """The cases of a near-duplicate cluster whose articles are shown, first-seen first."""
    q = join_article(select(CaseRow)).where(ArticleRow.cluster_id == cluster_id, article_shown())
    return list(session.scalars(q.order_by(ArticleRow.created_at, ArticleRow.id)))


def regroup(session: Session, cluster_id: str | None) -> None:
    """Set `copy_of` and `copy_state` of every case of the cluster (see the module's doc)."""
    if not cluster_id:
        return
    session.flush()
    cases = cluster_cases(session, cluster_id)
    if not cases:
        return
    primary, copies = cases[0], cases[1:]
    primary.copy_of = None
    primary.copy_state = None
    if not copies:
        return
    key = _agreement_key(_payload(session, primary))
    for copy in copies:
        separate = copy.copy_state == CopyState.SEPARATE or _reviewed_on_its_own(copy)
        if separate:
            state = CopyState.SEPARATE
        elif _agreement_key(_payload(session, copy)) == key:
            state = CopyState.GROUPED
        else:
            state = CopyState.DIFFERS
        copy.copy_of = primary.id
        copy.copy_state = state.value


def grouped_copies(session: Session, primary_id: str) -> list[CaseRow]:
    """The copies grouped under this case (their articles shown), first-seen first."""
    q = join_article(select(CaseRow)).where(
        CaseRow.copy_of == primary_id,
        CaseRow.copy_state == CopyState.GROUPED.value,
        article_shown(),
    )
    return list(session.scalars(q.order_by(ArticleRow.created_at, ArticleRow.id)))


@dataclass(frozen=True)
class CopyView:
    """A copy as the queue and the case page list it."""

    case_id: str
    source_id: str
    publish_date: date | None
    url: str
    state: str


def copies_of(session: Session, primary_ids: list[str]) -> dict[str, list[CopyView]]:
    """Every copy (any state) of these primaries, first-seen first, per primary."""
    out: dict[str, list[CopyView]] = {}
    if not primary_ids:
        return out
    q = (
        select(
            CaseRow.copy_of,
            CaseRow.id,
            ArticleRow.source_id,
            ArticleRow.publish_date,
            ArticleRow.canonical_url,
            CaseRow.copy_state,
        )
        .join(ArticleRow, ArticleRow.id == CaseRow.article_id)
        .where(CaseRow.copy_of.in_(primary_ids), article_shown())
        .order_by(ArticleRow.created_at, ArticleRow.id)
    )
    for primary, cid, source, published, url, state in session.execute(q).all():
        if primary is not None:
            out.setdefault(primary, []).append(
                CopyView(cid, source, published, url, state or CopyState.GROUPED.value)
            )
    return out
