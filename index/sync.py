"""Outbox sync: bring the search index up to date with the store, and full rebuilds.

Documents are built from the store's current state at sync time, so replaying an outbox row is
always safe (idempotent by doc_id); a row is marked synced only after the backend accepted it.
The sync and the rebuild take the store's index lock (`tipwatch.store.locks.index_lock`) so
that they never write the index at the same time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

import structlog
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, object_session

from tipwatch.domain.language_codes import canonical_or_none
from tipwatch.index.base import IndexDoc, SearchIndex, utc_iso
from tipwatch.store.cases import case_id_for, get_case
from tipwatch.store.db import Store
from tipwatch.store.documents import (
    NO_REVIEW,
    article_decision,
    case_decision,
)
from tipwatch.store.locks import index_lock
from tipwatch.store.models import ArticleRow, CaseRow, ExtractionRow, OutboxRow, utcnow
from tipwatch.store.outbox import ARTICLE_DOC, CASE_DOC, OutboxOp
from tipwatch.store.person_names import mask_names
from tipwatch.store.persons import hidden_in_case, suppressed_names

log = structlog.get_logger(__name__)

BODY_CHARS = 20_000
_MARK_CHUNK = 1_000  # outbox ids per UPDATE when a rebuild marks its snapshot's rows


def case_doc(case: CaseRow) -> IndexDoc:
    """The case's search document. Suppressed persons are left out: not in `names` or
    `statuses`, and masked in the title and body (`tipwatch.store.persons.hidden_in_case`)."""
    session = object_session(case)
    if session is None:
        raise ValueError("case_doc needs a case loaded in a session")
    hidden = hidden_in_case(session, case.perpetrators)
    shown = [p for p in case.perpetrators if not hidden.hides(p)]
    art = case.article
    decided = case_decision(case)
    return IndexDoc(
        doc_id=case.id,
        doc_type=CASE_DOC,
        title=hidden.mask(art.title or ""),
        names=[p.name for p in shown],
        statuses=[p.status for p in shown],
        body=hidden.mask(art.text)[:BODY_CHARS],
        country=case.country,
        country_of_publication=art.country_of_publication,
        source_id=art.source_id,
        charge_categories=list(case.charge_categories),
        review_status=case.review_status,
        publish_date=art.publish_date.isoformat() if art.publish_date else None,
        url=art.canonical_url,
        language=canonical_or_none(art.language),
        decision=decided.decision.value,
        reason=decided.reason,
        first_seen=utc_iso(case.created_at) if case.created_at else None,
    )


def _mask_whole(text: str, hidden_names: Sequence[str]) -> str:
    folded = text.casefold()
    present = [n for n in hidden_names if n.casefold() in folded]
    return mask_names(text, present) if present else text


def article_doc(
    article: ArticleRow, ext: ExtractionRow | None, hidden_names: Sequence[str] = ()
) -> IndexDoc:
    """The search document of an article that is no case: its title and kept text (none when
    the text was not kept), its outlet's country, and why the machine took it for no case.
    A suppressed person's name found whole in it is masked (`suppressed_names`)."""
    decided = article_decision(article, ext)
    return IndexDoc(
        doc_id=article.id,
        doc_type=ARTICLE_DOC,
        title=_mask_whole(article.title or "", hidden_names),
        names=[],
        statuses=[],
        body=_mask_whole(article.text or "", hidden_names)[:BODY_CHARS],
        country=article.country_of_publication,
        country_of_publication=article.country_of_publication,
        source_id=article.source_id,
        charge_categories=[],
        review_status=NO_REVIEW,
        publish_date=article.publish_date.isoformat() if article.publish_date else None,
        url=article.canonical_url,
        language=canonical_or_none(article.language),
        decision=decided.decision.value,
        reason=decided.reason,
        first_seen=utc_iso(article.created_at) if article.created_at else None,
    )


def _article_docs_of(
    s: Session, article_ids: Sequence[str], hidden_names: Sequence[str]
) -> dict[str, IndexDoc | None]:
    """Each article's own document, or None when it has none (gone, taken down, or a case):
    one query per table for many articles, not three per article (a run's sync reads
    thousands)."""
    out: dict[str, IndexDoc | None] = dict.fromkeys(article_ids)
    ids = list(out)
    for start in range(0, len(ids), _MARK_CHUNK):
        chunk = ids[start : start + _MARK_CHUNK]
        cases = set(
            s.scalars(select(CaseRow.id).where(CaseRow.id.in_([case_id_for(a) for a in chunk])))
        )
        latest: dict[str, ExtractionRow] = {}
        for ext in s.scalars(
            select(ExtractionRow)
            .where(ExtractionRow.article_id.in_(chunk))
            .order_by(ExtractionRow.id)
        ):
            latest[ext.article_id] = ext
        for article in s.scalars(select(ArticleRow).where(ArticleRow.id.in_(chunk))):
            if article.suppressed_at is None and case_id_for(article.id) not in cases:
                out[article.id] = article_doc(article, latest.get(article.id), hidden_names)
    return out


def _article_docs(s: Session, ids: list[str], hidden_names: Sequence[str]) -> Iterator[IndexDoc]:
    """The documents of these articles (none of them a case), each with its latest extraction;
    one query per table for the chunk."""
    latest: dict[str, ExtractionRow] = {}
    for ext in s.scalars(
        select(ExtractionRow).where(ExtractionRow.article_id.in_(ids)).order_by(ExtractionRow.id)
    ):
        latest[ext.article_id] = ext
    for article in s.scalars(select(ArticleRow).where(ArticleRow.id.in_(ids))):
        yield article_doc(article, latest.get(article.id), hidden_names)
    s.expunge_all()


def sync_outbox(store: Store, index: SearchIndex, *, batch: int = 500) -> int:
    """Apply pending outbox rows to the index; returns how many rows were synced.

    When the backend fails, the rows stay pending with the error recorded, and the error is
    raised: nothing is marked synced that the backend did not accept. A document the backend
    refuses for good (`ItemFailure`) is quarantined: its row leaves the queue with the reason.
    """
    if getattr(index, "needs_rebuild", False):
        # The index file had an older layout and was emptied on open: rebuild it whole.
        log.warning("index.layout_changed_rebuilding")
        rebuild(store, index)
    done = 0
    while True:
        failure: Exception | None = None
        refused: dict[str, str] = {}
        with store.session() as s, index_lock(s):
            rows = list(
                s.scalars(
                    select(OutboxRow)
                    .where(OutboxRow.synced_at.is_(None), OutboxRow.quarantined_at.is_(None))
                    .order_by(OutboxRow.id)
                    .limit(batch)
                )
            )
            if not rows:
                return done
            upserts: dict[str, IndexDoc] = {}
            deletes: set[str] = set()
            article_ids = [
                row.doc_id
                for row in rows
                if row.op == OutboxOp.UPSERT and row.doc_type == ARTICLE_DOC
            ]
            article_docs = (
                _article_docs_of(s, article_ids, suppressed_names(s)) if article_ids else {}
            )
            for row in rows:
                doc: IndexDoc | None = None
                if row.op == OutboxOp.UPSERT and row.doc_type == ARTICLE_DOC:
                    doc = article_docs[row.doc_id]
                elif row.op == OutboxOp.UPSERT:
                    case = get_case(s, row.doc_id)
                    doc = case_doc(case) if case is not None else None
                if doc is None:
                    deletes.add(row.doc_id)
                    upserts.pop(row.doc_id, None)
                else:
                    upserts[row.doc_id] = doc
                    deletes.discard(row.doc_id)
            try:
                if upserts:
                    for item in index.upsert(list(upserts.values())):
                        refused[item.doc_id] = f"HTTP {item.status}: {item.reason}"
                if deletes:
                    index.delete(sorted(deletes))
            except Exception as exc:  # backend down or refusing: keep the rows pending
                failure = exc
            now = utcnow()
            for row in rows:
                row.attempts += 1
                if failure is not None:
                    row.last_error = f"{type(failure).__name__}: {failure}"[:2000]
                elif row.doc_id in refused and row.op == OutboxOp.UPSERT:
                    row.quarantined_at = now
                    row.last_error = refused[row.doc_id][:2000]
                else:
                    row.synced_at = now
                    row.last_error = None
        if failure is not None:
            log.warning("index.sync_failed", error=str(failure), pending=len(rows))
            raise failure
        for doc_id, reason in sorted(refused.items()):
            log.error("index.quarantined", doc_id=doc_id, reason=reason)
        done += len(rows)
        log.info(
            "index.synced",
            rows=len(rows),
            upserts=len(upserts),
            deletes=len(deletes),
            quarantined=len(refused),
        )


def rebuild(store: Store, index: SearchIndex) -> int:
    """Rebuild the index from the store (Elasticsearch: into a new version behind the alias,
    swapped only when its count matches); returns the number of documents.

    Holds the index lock, so no sync writes meanwhile. The pending outbox rows are read before
    the documents, and only those rows are marked synced afterwards: a row that a concurrent
    run commits after that read (its change may be missing from the rebuilt documents) stays
    pending for the next sync.
    """
    with store.session() as s, index_lock(s):
        snapshot = list(
            s.scalars(
                select(OutboxRow.id).where(OutboxRow.synced_at.is_(None)).order_by(OutboxRow.id)
            )
        )
        ids = list(s.scalars(select(CaseRow.id).order_by(CaseRow.id)))
        article_ids = list(
            s.scalars(
                select(ArticleRow.id)
                .where(
                    ArticleRow.suppressed_at.is_(None),
                    ArticleRow.id.not_in(select(CaseRow.article_id)),
                )
                .order_by(ArticleRow.id)
            )
        )
        hidden_names = suppressed_names(s)

        def docs() -> Iterator[IndexDoc]:
            for cid in ids:
                case = get_case(s, cid)
                if case is not None:
                    yield case_doc(case)
            for start in range(0, len(article_ids), _MARK_CHUNK):
                yield from _article_docs(s, article_ids[start : start + _MARK_CHUNK], hidden_names)

        n = index.rebuild(docs(), expected=len(ids) + len(article_ids))
        now = utcnow()
        for start in range(0, len(snapshot), _MARK_CHUNK):
            s.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_(snapshot[start : start + _MARK_CHUNK]))
                .values(synced_at=now, quarantined_at=None),
                execution_options={"synchronize_session": False},
            )
    log.info("index.rebuilt", docs=n, outbox_rows_marked=len(snapshot))
    return n


class Quarantined(BaseModel):
    """An outbox row the index refused for good: left out of the queue with the reason."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    reason: str
    at: datetime


def quarantined_rows(store: Store, *, limit: int = 50) -> tuple[int, list[Quarantined]]:
    """How many outbox rows are quarantined, and the newest `limit` of them."""
    with store.session() as s:
        where = OutboxRow.quarantined_at.is_not(None)
        total = s.scalar(select(func.count()).select_from(OutboxRow).where(where)) or 0
        rows = s.scalars(
            select(OutboxRow).where(where).order_by(OutboxRow.quarantined_at.desc()).limit(limit)
        )
        return int(total), [
            Quarantined(doc_id=r.doc_id, reason=r.last_error or "", at=r.quarantined_at)
            for r in rows
            if r.quarantined_at is not None
        ]
