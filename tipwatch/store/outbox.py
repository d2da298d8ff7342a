"""The outbox: index writes queued in the same transaction as the store change they describe.

Every module that changes what the search index shows calls `enqueue_case` (or `enqueue`); the
index sync (`tipwatch.index.sync`) reads the rows back. Kept apart from the repository so that
persons, review and takedowns can queue writes without importing the repository.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tipwatch.store.models import OutboxRow

CASE_DOC = "case"
# An article that is no case (rejected, not relevant, not extracted, skipped): its own document,
# so that an analyst finds what the machine dropped (`tipwatch.store.documents`). An article
# with a case is found as its case: the sync deletes its article document.
ARTICLE_DOC = "article"


class OutboxOp(StrEnum):
    UPSERT = "upsert"  # (re)build the document from the store's current state
    DELETE = "delete"


def enqueue(session: Session, doc_type: str, doc_id: str, op: OutboxOp | str) -> OutboxRow:
    """Queue an index write for the document; committed (or rolled back) with the session."""
    row = OutboxRow(doc_type=doc_type, doc_id=doc_id, op=str(OutboxOp(op)), attempts=0)
    session.add(row)
    return row


def enqueue_case(session: Session, case_id: str, op: OutboxOp | str = OutboxOp.UPSERT) -> None:
    """Queue an index write for a case document."""
    enqueue(session, CASE_DOC, case_id, op)


def enqueue_article(session: Session, article_id: str) -> None:
    """Queue a rebuild of the article's document (the sync writes it, or deletes it when the
    article is a case or was taken down)."""
    enqueue(session, ARTICLE_DOC, article_id, OutboxOp.UPSERT)


def pending_index_writes(session: Session) -> int:
    """Outbox rows not yet applied to the index (quarantined rows left out: they wait for a
    rebuild, not for a sync)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(OutboxRow)
            .where(OutboxRow.synced_at.is_(None), OutboxRow.quarantined_at.is_(None))
        )
        or 0
    )
