"""Corrections and takedowns of articles: suppress an article with a reason, and keep later
crawls, backfills and re-extractions from bringing it back.

`suppress_article` writes tombstones (`TombstoneRow`, kind `article`) keyed on the canonical URL
(`url:<sha256 of the canonical URL>`) and the content hash (`hash:<content_hash>`), blanks the
stored text and title, sets `ArticleRow.suppressed_at`, deletes the article's case with its
perpetrators, edits and machine extractions (they hold names and evidence taken from the text),
queues the index delete in the outbox, marks the URL ledger row `skipped` (`suppressed`) and
appends an audit row. Every stage that would store an article asks `is_tombstoned` first and
records a named skip (`suppressed`); `save_article` refuses a tombstoned article as the last
line of defence (`ArticleSuppressed`).

Syndicated copies: near-duplicates (the same SimHash cluster) published by other outlets are
separate publications and are not taken down implicitly; `with_copies=True` takes down every
current member of the cluster too, each with its own tombstones and audit row. A near copy that
first appears after the takedown is not matched (it has its own URL and hash) and reaches the
review queue like any new article.

The audit rows record ids, URL and hashes, never the title, text or names: the audit log is
append-only, so anything written there would outlive the takedown.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tipwatch.records import Article, Skipped
from tipwatch.store.audit import append_audit
from tipwatch.store.models import (
    ArticleRow,
    CaseEditRow,
    CaseRow,
    ExtractionRow,
    PerpetratorRow,
    TombstoneRow,
    UrlRow,
    utcnow,
)
from tipwatch.store.outbox import OutboxOp, enqueue_article, enqueue_case
from tipwatch.store.syndication import regroup
from tipwatch.store.visibility import article_shown

ARTICLE_KIND = "article"
PERSON_KIND = "person"
ARTICLE_OBJECT = "article"
SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class TombstoneRef:
    """What a skip needs of a tombstone, usable after its session is gone (rolled back)."""

    id: int
    match_key: str
    object_id: str

    @classmethod
    def of(cls, row: TombstoneRow) -> TombstoneRef:
        return cls(id=row.id, match_key=row.match_key, object_id=row.object_id)


class ArticleSuppressed(Exception):
    """The article matches an active tombstone: it must not be stored."""

    def __init__(self, canonical_url: str, tombstone: TombstoneRow) -> None:
        super().__init__(f"{canonical_url}: taken down (tombstone {tombstone.id})")
        self.canonical_url = canonical_url
        self.tombstone = TombstoneRef.of(tombstone)


class TakedownError(ValueError):
    """The takedown or lift cannot be done as asked (no reason, nothing to lift, ...)."""


def url_match_key(canonical_url: str) -> str:
    return "url:" + hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()


def hash_match_key(content_hash: str) -> str:
    return "hash:" + content_hash


def is_tombstoned(session: Session, canonical_url: str, content_hash: str) -> TombstoneRow | None:
    """The active article tombstone matching this canonical URL or content hash, if any."""
    keys = [url_match_key(canonical_url)]
    if content_hash:
        keys.append(hash_match_key(content_hash))
    return session.scalar(
        select(TombstoneRow)
        .where(
            TombstoneRow.kind == ARTICLE_KIND,
            TombstoneRow.match_key.in_(keys),
            TombstoneRow.lifted_at.is_(None),
        )
        .order_by(TombstoneRow.id)
        .limit(1)
    )


def suppressed_skip(
    article: Article, tombstone: TombstoneRow | TombstoneRef, *, stage: str = "article"
) -> Skipped:
    """The named skip a stage records for an article it refused because of `tombstone`."""
    how = tombstone.match_key.partition(":")[0]
    return Skipped(
        stage=stage,
        reason=SUPPRESSED,
        url=article.url,
        source_id=article.source_id,
        detail=f"tombstone {tombstone.id} ({how} match), article {tombstone.object_id}",
    )


def syndicated_copies(session: Session, article: ArticleRow) -> list[ArticleRow]:
    """The other articles of this article's near-duplicate cluster that are not taken down."""
    if not article.cluster_id:
        return []
    return list(
        session.scalars(
            select(ArticleRow)
            .where(
                ArticleRow.cluster_id == article.cluster_id,
                ArticleRow.id != article.id,
                article_shown(),
            )
            .order_by(ArticleRow.created_at, ArticleRow.id)
        )
    )


@dataclass(frozen=True)
class TakedownResult:
    article_ids: list[str]
    case_ids: list[str]
    tombstone_ids: list[int]


def _clean_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise TakedownError("a takedown needs a reason")
    return reason


def suppress_article(
    session: Session, article_id: str, user: str, reason: str, *, with_copies: bool = False
) -> TakedownResult:
    """Take the article down (and, with `with_copies`, its syndicated copies). Idempotent: an
    article already taken down gets no second tombstone. Raises KeyError for an unknown article,
    TakedownError without a reason."""
    reason = _clean_reason(reason)
    article = session.get(ArticleRow, article_id)
    if article is None:
        raise KeyError(article_id)
    targets = [article, *(syndicated_copies(session, article) if with_copies else [])]
    result = TakedownResult([], [], [])
    for target in targets:
        case_id = _suppress_one(
            session, target, user, reason, copy_of=None if target is article else article.id
        )
        result.article_ids.append(target.id)
        result.tombstone_ids.extend(t.id for t in active_tombstones(session, target.id))
        if case_id is not None:
            result.case_ids.append(case_id)
    # The cluster's remaining cases get their primary again (a copy may be first-seen now).
    regroup(session, article.cluster_id)
    return result


def active_tombstones(
    session: Session, object_id: str, kind: str = ARTICLE_KIND
) -> list[TombstoneRow]:
    return list(
        session.scalars(
            select(TombstoneRow)
            .where(
                TombstoneRow.kind == kind,
                TombstoneRow.object_id == object_id,
                TombstoneRow.lifted_at.is_(None),
            )
            .order_by(TombstoneRow.id)
        )
    )


def _suppress_one(
    session: Session, article: ArticleRow, user: str, reason: str, *, copy_of: str | None
) -> str | None:
    """Take one article down; returns the id of the case it deleted, if any."""
    now = utcnow()
    keys = [url_match_key(article.canonical_url), hash_match_key(article.content_hash)]
    have = {t.match_key for t in active_tombstones(session, article.id)}
    new_keys = [k for k in keys if k not in have]
    if article.suppressed_at is not None and not new_keys:
        return None
    case = session.scalar(select(CaseRow).where(CaseRow.article_id == article.id))
    case_id = case.id if case is not None else None
    before: dict[str, Any] = {
        "suppressed_at": None,
        "canonical_url": article.canonical_url,
        "content_hash": article.content_hash,
        "text_chars": len(article.text or ""),
        "case_id": case_id,
        "review_status": case.review_status if case is not None else None,
        "perpetrators": len(case.perpetrators) if case is not None else 0,
    }
    for key in new_keys:
        session.add(
            TombstoneRow(
                kind=ARTICLE_KIND,
                match_key=key,
                object_id=article.id,
                reason=reason,
                created_by=user,
                created_at=now,
            )
        )
    if case is not None:
        _delete_case(session, case)
    session.execute(delete(ExtractionRow).where(ExtractionRow.article_id == article.id))
    session.expire(article, ["extractions"])
    article.text = ""
    article.title = None
    article.suppressed_at = now
    enqueue_article(session, article.id)  # its own document leaves the index too
    ledger_rows = _ledger_rows(session, article, states=("stored", "fetched", "pending"))
    for row in ledger_rows:
        row.state = "skipped"
        row.reason = SUPPRESSED
        row.detail = f"taken down by {user}"
        row.retry_at = None
        row.updated_at = now
    session.flush()
    append_audit(
        session,
        actor=user,
        action="suppress",
        object_type=ARTICLE_OBJECT,
        object_id=article.id,
        before=before,
        after={
            "suppressed_at": _iso(now),
            "tombstones": new_keys,
            "case_deleted": case_id is not None,
            "ledger_urls_skipped": len(ledger_rows),
            "copy_of": copy_of,
        },
        reason=reason,
    )
    return case_id


def _delete_case(session: Session, case: CaseRow) -> None:
    """The case, its perpetrators and its reviewers' edits (they hold names from the text)."""
    session.execute(delete(CaseEditRow).where(CaseEditRow.case_id == case.id))
    session.execute(delete(PerpetratorRow).where(PerpetratorRow.case_id == case.id))
    session.expire(case, ["perpetrators"])
    session.delete(case)
    session.flush()
    enqueue_case(session, case.id, OutboxOp.DELETE)


def _ledger_rows(session: Session, article: ArticleRow, *, states: tuple[str, ...]) -> list[UrlRow]:
    return list(
        session.scalars(
            select(UrlRow).where(UrlRow.article_id == article.id, UrlRow.state.in_(states))
        )
    )


def lift_article_takedown(session: Session, article_id: str, user: str, reason: str) -> int:
    """Lift every active tombstone of the article (audited); returns how many. The article
    stays blank until it is processed again: its URL ledger row goes back to `fetched` (to
    `pending` when its WARC record is unknown), so the next pipeline run re-reads the archived
    page and stores it again. Raises TakedownError when nothing is taken down."""
    reason = _clean_reason(reason)
    tombstones = active_tombstones(session, article_id)
    if not tombstones:
        raise TakedownError("this article is not taken down")
    now = utcnow()
    for t in tombstones:
        t.lifted_at = now
        t.lifted_by = user
    article = session.get(ArticleRow, article_id)
    requeued = 0
    if article is not None:
        for row in _ledger_rows(session, article, states=("skipped",)):
            if row.reason != SUPPRESSED:
                continue
            row.state = "fetched" if row.warc_path else "pending"
            row.reason = None
            row.detail = f"takedown lifted by {user}"
            row.updated_at = now
            requeued += 1
    session.flush()
    append_audit(
        session,
        actor=user,
        action="lift_suppression",
        object_type=ARTICLE_OBJECT,
        object_id=article_id,
        before={"tombstones": [t.match_key for t in tombstones]},
        after={"lifted_at": _iso(now), "ledger_urls_requeued": requeued},
        reason=reason,
    )
    return len(tombstones)


def _iso(at: datetime) -> str:
    return at.isoformat(timespec="seconds")


@dataclass(frozen=True)
class TakedownEntry:
    """One takedown as the admin page lists it: the tombstones written together."""

    tombstone_id: int
    kind: str
    object_id: str
    match_keys: list[str]
    reason: str
    created_by: str
    created_at: datetime
    lifted_at: datetime | None
    lifted_by: str | None
    canonical_url: str | None
    source_id: str | None


def list_takedowns(session: Session, *, limit: int = 500) -> list[TakedownEntry]:
    """Takedowns newest first; tombstones of one takedown (same object, same time) are one
    entry."""
    rows = list(
        session.scalars(
            select(TombstoneRow).order_by(TombstoneRow.created_at.desc(), TombstoneRow.id.desc())
        )
    )
    groups: dict[tuple[str, str, datetime], list[TombstoneRow]] = {}
    for t in rows:
        groups.setdefault((t.kind, t.object_id, t.created_at), []).append(t)
    articles = {
        a.id: a
        for a in session.scalars(
            select(ArticleRow).where(
                ArticleRow.id.in_({t.object_id for t in rows if t.kind == ARTICLE_KIND})
            )
        )
    }
    out: list[TakedownEntry] = []
    for (kind, object_id, created_at), members in list(groups.items())[:limit]:
        members.sort(key=lambda t: t.id)
        first = members[0]
        art = articles.get(object_id) if kind == ARTICLE_KIND else None
        out.append(
            TakedownEntry(
                tombstone_id=first.id,
                kind=kind,
                object_id=object_id,
                match_keys=[t.match_key for t in members],
                reason=first.reason,
                created_by=first.created_by,
                created_at=created_at,
                lifted_at=first.lifted_at,
                lifted_by=first.lifted_by,
                canonical_url=art.canonical_url if art is not None else None,
                source_id=art.source_id if art is not None else None,
            )
        )
    return out
