"""The same case across outlets: link case reports into case groups, and turn them into
capture-recapture sightings with syndicated copies counted once.

* **Case groups** (union-find): two non-rejected case reports are the same case when they have
  the same jurisdiction country and share a perpetrator, or belong to the same near-duplicate
  cluster (a syndicated copy reports the same case as its original). Names are compared by
  `normalise_name` with the words sorted, so "Vikram Rao" and "Rao Vikram" (surname / given-name
  order swapped) match. A report with no named perpetrator and no syndicated copy is a case of its
  own. Cases without a jurisdiction country are grouped among themselves (country `None`).
* **Stories**: a near-duplicate cluster (`ArticleRow.cluster_id`, else the article itself) is one
  story. It is attributed to the outlet that published it first (publish date, else fetch date,
  else store date; ties by article id), so that outlets carrying a copy are not counted as
  independent sources of it, as capture-recapture assumes.
* **Sightings** of a country: the set of (outlet, case group) over its stories' first publishers.

Limits (see docs/metrics.md): namesakes in one country merge (deflating capture-recapture
estimates); spelling and transliteration variants do not (inflating them); two reports of one
prosecution that name no one are never linked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from tipwatch.metrics.effort import normalise_name
from tipwatch.store.models import ArticleRow, CaseRow, PerpetratorRow, SourceRow
from tipwatch.store.provisional import counted_outlet
from tipwatch.store.visibility import visible_case

# ChargeCategory values -> the case types of `mix.CASE_TYPES`; "other" is not a case type.
CASE_TYPE_OF_CHARGE: dict[str, str] = {
    "sex_trafficking": "sex",
    "labour_trafficking": "labour",
    "child_trafficking": "child",
    "organ_trafficking": "organ",
    "migrant_smuggling": "smuggling",
}


@dataclass(frozen=True)
class CaseReport:
    """One article's (non-rejected) case report, with what matching and attribution need."""

    case_id: str
    article_id: str
    source_id: str
    source_country: str
    case_country: str | None
    cluster_id: str | None
    day: date  # publish date, else fetch date, else store date
    charge_categories: tuple[str, ...] = ()
    perpetrators: tuple[str, ...] = ()

    @property
    def story(self) -> str:
        """The near-duplicate cluster this report belongs to (itself when it has none)."""
        return self.cluster_id or self.article_id

    @property
    def month(self) -> str:
        return f"{self.day.year:04d}-{self.day.month:02d}"

    @property
    def case_types(self) -> tuple[str, ...]:
        """Case types of the charges (`other` and unknown categories left out), sorted."""
        return tuple(
            sorted(
                {CASE_TYPE_OF_CHARGE[c] for c in self.charge_categories if c in CASE_TYPE_OF_CHARGE}
            )
        )


def name_key(name: str) -> str:
    """Normalised name with its words sorted: word order (surname first or last) is ignored."""
    return " ".join(sorted(normalise_name(name).split()))


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller id becomes the root, so group ids do not depend on input order.
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def match_cases(reports: Sequence[CaseReport]) -> dict[str, str]:
    """Case id -> case group id (the smallest case id of the group).

    Reports are linked when they share a jurisdiction country and either a perpetrator (by
    `name_key`) or a near-duplicate cluster. Empty names are ignored.
    """
    uf = _UnionFind(r.case_id for r in reports)
    first_by_key: dict[tuple[str | None, str, str], str] = {}
    for r in sorted(reports, key=lambda r: r.case_id):
        keys = [(r.case_country, "story", r.story)]
        keys += [(r.case_country, "name", k) for k in map(name_key, r.perpetrators) if k]
        for key in keys:
            other = first_by_key.setdefault(key, r.case_id)
            uf.union(other, r.case_id)
    return {r.case_id: uf.find(r.case_id) for r in reports}


def _order(r: CaseReport) -> tuple[date, str]:
    return (r.day, r.article_id)


def story_originators(reports: Iterable[CaseReport]) -> dict[str, CaseReport]:
    """Story (cluster) -> its first published report (earliest day, then article id)."""
    first: dict[str, CaseReport] = {}
    for r in reports:
        cur = first.get(r.story)
        if cur is None or _order(r) < _order(cur):
            first[r.story] = r
    return first


def sightings(
    reports: Sequence[CaseReport], groups: Mapping[str, str] | None = None
) -> dict[str | None, set[tuple[str, str]]]:
    """Per jurisdiction country, the set of (outlet, case group) sightings.

    Within a country each story counts once, for the outlet that published it first; an outlet
    that only carried a copy does not sight the case through it. `groups` defaults to
    `match_cases(reports)`.
    """
    groups = match_cases(reports) if groups is None else groups
    by_country: dict[str | None, list[CaseReport]] = {}
    for r in reports:
        by_country.setdefault(r.case_country, []).append(r)
    out: dict[str | None, set[tuple[str, str]]] = {}
    for country, mine in by_country.items():
        out[country] = {
            (first.source_id, groups[first.case_id]) for first in story_originators(mine).values()
        }
    return out


def story_items(reports: Iterable[CaseReport]) -> list[tuple[str, str]]:
    """(outlet, story) pairs in publication order, for `mix.outlet_counts(..., "first")`."""
    return [(r.source_id, r.story) for r in sorted(reports, key=_order)]


# --- SQL layer ---------------------------------------------------------------------------------


def _day(publish: date | None, fetched: datetime | None, created: datetime) -> date:
    if publish is not None:
        return publish
    return (fetched or created).date()


def load_case_reports(session: Session) -> list[CaseReport]:
    """Every non-rejected case report with its outlet, cluster, day, charges and perpetrators."""
    names: dict[str, list[str]] = {}
    for case_id, name in session.execute(
        select(PerpetratorRow.case_id, PerpetratorRow.name).order_by(PerpetratorRow.id)
    ).all():
        names.setdefault(case_id, []).append(name)
    stmt = (
        select(
            CaseRow.id,
            ArticleRow.id,
            ArticleRow.source_id,
            SourceRow.country,
            CaseRow.country,
            ArticleRow.cluster_id,
            ArticleRow.publish_date,
            ArticleRow.fetched_at,
            ArticleRow.created_at,
            CaseRow.charge_categories,
        )
        .join(ArticleRow, ArticleRow.id == CaseRow.article_id)
        .join(SourceRow, SourceRow.id == ArticleRow.source_id)
        .where(visible_case(), counted_outlet())
        .order_by(CaseRow.id)
    )
    return [
        CaseReport(
            case_id=cid,
            article_id=aid,
            source_id=sid,
            source_country=scountry,
            case_country=ccountry,
            cluster_id=cluster,
            day=_day(pub, fetched, created),
            charge_categories=tuple(charges or ()),
            perpetrators=tuple(names.get(cid, ())),
        )
        for cid, aid, sid, scountry, ccountry, cluster, pub, fetched, created, charges in (
            session.execute(stmt).all()
        )
    ]
