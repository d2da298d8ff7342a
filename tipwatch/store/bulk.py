"""New metadata-only articles stored many at a time.

Most pages of a news crawl name no trafficking wording: triage keeps them as metadata-only
articles (`nlp/triage.py`: no text, no fingerprint, no case). Stored one by one through
`save_article` and `save_extraction`, each costs about ten statements and their ORM work
(tombstone, identity, exact-copy and case checks, a savepoint, the rows, the ledger), 7-10 ms of
the store process per page (issue 15). Here a batch of them costs a handful of statements: the
checks as `IN` queries over the batch, then one multi-row insert per table.

Only articles that need no per-row decision take this path: new (no stored row under their id),
no active tombstone on their canonical URL or content hash, no stored article with their content
hash (an exact copy), and neither id nor content hash shared with another page of the batch.
Everything else goes through `save_article` as before, so the stored rows are the same either way
(`tests/store/test_bulk.py` stores the same pages both ways and compares every column).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from tipwatch.records import Article, Extraction
from tipwatch.store.cases import case_id_for
from tipwatch.store.models import ArticleRow, CaseRow, ExtractionRow, OutboxRow, TombstoneRow
from tipwatch.store.outbox import ARTICLE_DOC, OutboxOp
from tipwatch.store.takedowns import ARTICLE_KIND, hash_match_key, url_match_key

# SQLite allows 32,766 bound parameters per statement; batches are far below this.
_CHUNK = 500


@dataclass(frozen=True)
class NewArticle:
    """A metadata-only article with its extraction and where its page is archived."""

    article: Article
    extraction: Extraction
    warc_path: str | None
    warc_offset: int | None


def _chunks(values: Sequence[str]) -> list[Sequence[str]]:
    return [values[i : i + _CHUNK] for i in range(0, len(values), _CHUNK)]


def _existing(
    session: Session, column: InstrumentedAttribute[str], values: Sequence[str]
) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(values):
        found.update(session.scalars(select(column).where(column.in_(chunk))))
    return found


def plain_new(session: Session, items: Sequence[NewArticle]) -> list[bool]:
    """For each item, whether it can be stored by `insert_new` (see the module docstring)."""
    ids = [i.article.article_id for i in items]
    hashes = [i.article.content_hash for i in items]
    id_count = Counter(ids)
    hash_count = Counter(hashes)
    stored_ids = _existing(session, ArticleRow.id, sorted(set(ids)))
    stored_hashes = _existing(session, ArticleRow.content_hash, sorted(set(hashes)))
    cases = _existing(session, CaseRow.id, sorted({case_id_for(a) for a in ids}))
    keys = sorted(
        {url_match_key(i.article.canonical_url) for i in items}
        | {hash_match_key(h) for h in hashes if h}
    )
    tombstoned: set[str] = set()
    for chunk in _chunks(keys):
        tombstoned.update(
            session.scalars(
                select(TombstoneRow.match_key).where(
                    TombstoneRow.kind == ARTICLE_KIND,
                    TombstoneRow.match_key.in_(chunk),
                    TombstoneRow.lifted_at.is_(None),
                )
            )
        )
    out = []
    for item in items:
        a = item.article
        out.append(
            a.metadata_only
            and id_count[a.article_id] == 1
            and hash_count[a.content_hash] == 1
            and a.article_id not in stored_ids
            and a.content_hash not in stored_hashes
            and case_id_for(a.article_id) not in cases
            and url_match_key(a.canonical_url) not in tombstoned
            and hash_match_key(a.content_hash) not in tombstoned
            and not item.extraction.is_case
        )
    return out


def extraction_payload(extraction: Extraction) -> dict[str, object]:
    """The extraction as the store keeps it (`ExtractionRow.payload`, here and in
    `save_extraction`): no redaction spans; no key for empty review flags or a missing
    foreign-language score, so payloads stored before those fields existed compare equal
    (`tipwatch.store.review.reopen_if_changed`). Likewise no status date key for a person whose
    text states none: a person's payload changes (and a reviewed case reopens) only when a
    date was found."""
    exclude: dict[str, Any] = {"redactions": True}
    if not extraction.review_flags:
        exclude["review_flags"] = True
    if extraction.foreign_relevance is None:
        exclude["foreign_relevance"] = True
    undated = {
        i: {"status_date": True, "status_date_evidence": True}
        for i, p in enumerate(extraction.perpetrators)
        if p.status_date is None
    }
    if undated:
        exclude["perpetrators"] = undated
    return extraction.model_dump(mode="json", exclude=exclude)


def insert_new(session: Session, items: Sequence[NewArticle]) -> None:
    """Insert the articles and their extractions: one multi-row statement per table. Every item
    must have passed `plain_new` in this transaction."""
    if not items:
        return
    articles = []
    extractions = []
    for item in items:
        a, e = item.article, item.extraction
        if not a.metadata_only or e.is_case:
            raise ValueError(f"not a plain metadata-only article: {a.canonical_url}")
        articles.append(
            {
                "id": a.article_id,
                "canonical_url": a.canonical_url,
                "url": a.url,
                "title": a.title,
                "text": "",
                "publish_date": a.publish_date,
                "language": a.language,
                "source_id": a.source_id,
                "country_of_publication": a.country_of_publication,
                "content_hash": a.content_hash,
                "fetched_at": a.fetched_at,
                "warc_path": item.warc_path,
                "warc_offset": item.warc_offset,
                "simhash": None,
                "minhash": None,
                "cluster_id": a.article_id,
                "suppressed_at": None,
            }
        )
        extractions.append(
            {
                "article_id": a.article_id,
                "extractor_version": e.extractor_version,
                "content_hash": a.content_hash,
                "is_case": e.is_case,
                "case_score": e.case_score,
                "skipped": e.skipped,
                "payload": extraction_payload(e),
            }
        )
    session.execute(insert(ArticleRow), articles)
    session.execute(insert(ExtractionRow), extractions)
    # Each article's own document (`tipwatch.store.documents`): found by search as "not relevant".
    session.execute(
        insert(OutboxRow),
        [
            {"doc_type": ARTICLE_DOC, "doc_id": a["id"], "op": OutboxOp.UPSERT.value, "attempts": 0}
            for a in articles
        ],
    )
