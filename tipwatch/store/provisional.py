"""Provisional outlets: hosts outside the registry whose pages `ingest-warc` kept.

One provisional source row per registrable domain (`SourceRow.provisional`, `domain`), with the
country inferred from the domain or the pages and how (`country_method`, `country_evidence`),
and the languages detected in its articles. Its articles go through the whole pipeline; coverage
counts them apart (`tipwatch.coverage`, `tipwatch.metrics`) until an operator adopts the outlet:
`adopt` clears the flag, and the registry YAML file the CLI writes keeps it a regular source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from tipwatch.records import UNKNOWN_COUNTRY
from tipwatch.store.models import ArticleRow, CaseRow, SourceRow, UrlRow, utcnow
from tipwatch.store.outbox import enqueue_case
from tipwatch.store.visibility import visible_case


def counted_outlet() -> ColumnElement[bool]:
    """The outlet counts in coverage figures (outlets, concentration, rates): it is not
    provisional. Queries joining `SourceRow` add it; provisional outlets are counted apart."""
    return SourceRow.provisional.is_(False)


def provisional_ids(session: Session, source_ids: Iterable[str]) -> set[str]:
    """Which of these outlets are provisional (the review UI marks their cases)."""
    ids = set(source_ids)
    if not ids:
        return set()
    return set(
        session.scalars(
            select(SourceRow.id).where(SourceRow.id.in_(ids), SourceRow.provisional.is_(True))
        )
    )


@dataclass(frozen=True)
class ProvisionalOutlet:
    """A provisional outlet as the pipeline needs it (satisfies `tipwatch.records.SourceInfo`)."""

    id: str
    name: str
    domain: str
    country: str
    country_method: str
    languages: tuple[str, ...] = ()
    demo: bool = False

    @property
    def homepage(self) -> str:
        return f"https://{self.domain}/"

    @classmethod
    def of(cls, row: SourceRow) -> ProvisionalOutlet:
        return cls(
            id=row.id,
            name=row.name,
            domain=row.domain or "",
            country=row.country,
            country_method=row.country_method or "unknown",
            languages=tuple(row.languages or ()),
        )


def outlet_id_for(domain: str, taken: Iterable[str]) -> str:
    """A source id for a domain (`nation.co.ke` -> `nation-co-ke`): a valid registry id, with
    `-2`, `-3`, ... added when another source already has it."""
    base = re.sub(r"[^a-z0-9]+", "-", domain.lower()).strip("-") or "outlet"
    taken = set(taken)
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def outlets_by_domain(session: Session) -> dict[str, SourceRow]:
    """Every source row kept by domain (provisional, or adopted since), by domain."""
    rows = session.scalars(select(SourceRow).where(SourceRow.domain.is_not(None)))
    return {r.domain: r for r in rows if r.domain}


def create_outlet(
    session: Session,
    domain: str,
    *,
    country: str | None,
    method: str,
    evidence: str | None,
) -> SourceRow:
    """A new provisional outlet for `domain` (its id unused by any source row)."""
    taken = set(session.scalars(select(SourceRow.id)))
    row = SourceRow(
        id=outlet_id_for(domain, taken),
        name=domain,
        country=country or UNKNOWN_COUNTRY,
        languages=[],
        homepage=f"https://{domain}/",
        demo=False,
        provisional=True,
        domain=domain,
        country_method=method,
        country_evidence=evidence,
        updated_at=utcnow(),
    )
    session.add(row)
    session.flush()
    return row


def set_country(
    session: Session, row: SourceRow, *, country: str | None, method: str, evidence: str | None
) -> None:
    row.country = country or UNKNOWN_COUNTRY
    row.country_method = method
    row.country_evidence = evidence
    row.updated_at = utcnow()


def refresh_languages(session: Session, source_ids: Iterable[str]) -> None:
    """Set each provisional outlet's languages to those detected in its stored articles, most
    frequent first."""
    for sid in source_ids:
        row = session.get(SourceRow, sid)
        if row is None or not row.provisional:
            continue
        counts = session.execute(
            select(ArticleRow.language, func.count(ArticleRow.id))
            .where(ArticleRow.source_id == sid, ArticleRow.language.is_not(None))
            .group_by(ArticleRow.language)
        ).all()
        ranked = sorted(((int(n), str(lang)) for lang, n in counts), key=lambda t: (-t[0], t[1]))
        row.languages = [lang for _n, lang in ranked]


class ProvisionalReport(BaseModel):
    """One provisional outlet as `tipwatch sources provisional` shows it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    domain: str
    country: str | None
    country_method: str
    country_evidence: str | None
    languages: list[str]
    pages: int
    articles: int
    cases: int
    first_seen: datetime | None
    last_seen: datetime | None


def provisional_report(session: Session) -> list[ProvisionalReport]:
    """Every provisional outlet, most articles first: pages (URLs the ledger has for it),
    articles stored, visible cases, first and last time one of its pages was fetched."""
    rows = list(session.scalars(select(SourceRow).where(SourceRow.provisional.is_(True))))
    ids = [r.id for r in rows]
    pages: Counter[str] = Counter()
    seen: dict[str, tuple[datetime | None, datetime | None]] = {}
    for sid, n, first, last in session.execute(
        select(
            UrlRow.source_id,
            func.count(UrlRow.id),
            func.min(func.coalesce(UrlRow.fetched_at, UrlRow.discovered_at)),
            func.max(func.coalesce(UrlRow.fetched_at, UrlRow.discovered_at)),
        )
        .where(UrlRow.source_id.in_(ids))
        .group_by(UrlRow.source_id)
    ):
        pages[str(sid)] = int(n)
        seen[str(sid)] = (first, last)
    articles = Counter(
        {
            str(sid): int(n)
            for sid, n in session.execute(
                select(ArticleRow.source_id, func.count(ArticleRow.id))
                .where(ArticleRow.source_id.in_(ids))
                .group_by(ArticleRow.source_id)
            )
        }
    )
    cases = Counter(
        {
            str(sid): int(n)
            for sid, n in session.execute(
                select(ArticleRow.source_id, func.count(CaseRow.id))
                .join(CaseRow, CaseRow.article_id == ArticleRow.id)
                .where(ArticleRow.source_id.in_(ids), visible_case())
                .group_by(ArticleRow.source_id)
            )
        }
    )
    out = [
        ProvisionalReport(
            id=r.id,
            domain=r.domain or r.id,
            country=None if r.country == UNKNOWN_COUNTRY else r.country,
            country_method=r.country_method or "unknown",
            country_evidence=r.country_evidence,
            languages=list(r.languages or []),
            pages=pages[r.id],
            articles=articles[r.id],
            cases=cases[r.id],
            first_seen=seen.get(r.id, (None, None))[0],
            last_seen=seen.get(r.id, (None, None))[1],
        )
        for r in rows
    ]
    return sorted(out, key=lambda p: (-p.articles, p.domain))


class NotProvisional(LookupError):
    """No provisional outlet has this domain (or id)."""


def find_provisional(session: Session, domain_or_id: str) -> SourceRow:
    key = domain_or_id.strip().lower()
    key = key[4:] if key.startswith("www.") else key
    row = session.scalars(
        select(SourceRow).where((SourceRow.domain == key) | (SourceRow.id == key))
    ).first()
    if row is None or not row.provisional:
        raise NotProvisional(f"{domain_or_id!r} is not a provisional outlet")
    return row


def adopt(session: Session, row: SourceRow, *, country: str, name: str) -> None:
    """Make a provisional outlet a regular one: its confirmed country and name, the flag
    cleared (its articles' country of publication follows the confirmed country)."""
    if country != row.country:
        for article in session.scalars(select(ArticleRow).where(ArticleRow.source_id == row.id)):
            article.country_of_publication = country
        for case_id in session.scalars(
            select(CaseRow.id)
            .join(ArticleRow, ArticleRow.id == CaseRow.article_id)
            .where(ArticleRow.source_id == row.id)
        ):
            enqueue_case(session, case_id)
    row.country = country
    row.name = name
    row.provisional = False
    if row.country_method is not None:
        row.country_evidence = f"adopted by an operator (inferred: {row.country_method}" + (
            f", {row.country_evidence})" if row.country_evidence else ")"
        )
    row.country_method = "operator"
    row.updated_at = utcnow()
