"""Reads and writes of the store of record. Every write that changes what the index shows adds
an outbox row in the same transaction, so the index can always catch up or be rebuilt."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from tipwatch.crawlers.source_defs import Source
from tipwatch.dedupe import cluster_for, simhash64, to_hex
from tipwatch.records import (
    Article,
    CaseRecord,
    ChargeCategory,
    Extraction,
    LegalStatus,
    PerpetratorRecord,
    Skipped,
    redact,
)
from tipwatch.store.models import (
    ArticleRow,
    CaseRow,
    CrawlRunRow,
    ExtractionRow,
    OutboxRow,
    PerpetratorRow,
    SkipRow,
    SourceRow,
    utcnow,
)
from tipwatch.store.queue import CaseQuery, apply_query

REVIEW_STATES = ("pending", "accepted", "rejected")
CASE_DOC = "case"


def upsert_sources(session: Session, sources: Sequence[Source]) -> None:
    for src in sources:
        row = session.get(SourceRow, src.id)
        if row is None:
            row = SourceRow(id=src.id)
            session.add(row)
        row.name = src.name
        row.country = src.country
        row.languages = list(src.languages)
        row.homepage = src.homepage
        row.demo = src.demo
        row.updated_at = utcnow()


def start_crawl_run(session: Session, source_ids: Sequence[str]) -> int:
    run = CrawlRunRow(source_ids=list(source_ids), report={}, status="running", pages_fetched=0)
    session.add(run)
    session.flush()
    return run.id


def finish_crawl_run(
    session: Session,
    run_id: int,
    *,
    status: str,
    warc_path: str | None,
    pages_fetched: int,
    report: dict[str, object],
) -> None:
    run = session.get_one(CrawlRunRow, run_id)
    run.status = status
    run.warc_path = warc_path
    run.pages_fetched = pages_fetched
    run.report = report
    run.finished_at = utcnow()


def record_skip(session: Session, skip: Skipped) -> None:
    session.add(
        SkipRow(
            stage=skip.stage,
            reason=skip.reason,
            url=skip.url,
            source_id=skip.source_id,
            detail=skip.detail,
        )
    )


def _enqueue(session: Session, doc_type: str, doc_id: str, op: str) -> None:
    session.add(OutboxRow(doc_type=doc_type, doc_id=doc_id, op=op, attempts=0))


def save_article(
    session: Session, article: Article, extraction: Extraction, *, warc_path: str | None = None
) -> tuple[ArticleRow, bool]:
    """Store the article with victim names masked. Returns (row, created).

    The same canonical URL is stored once; a changed text replaces the stored one. An article
    that was taken down (an active tombstone matches its canonical URL or content hash) is
    refused with `ArticleSuppressed`: callers check `is_tombstoned` first and record a skip.
    """
    from tipwatch.store.takedowns import ArticleSuppressed, is_tombstoned

    tombstone = is_tombstoned(session, article.canonical_url, article.content_hash)
    if tombstone is not None:
        raise ArticleSuppressed(article.canonical_url, tombstone)
    text = redact(article.text, extraction.redactions)
    row = session.get(ArticleRow, article.article_id)
    created = row is None
    if row is None:
        row = ArticleRow(id=article.article_id, canonical_url=article.canonical_url)
        session.add(row)
    row.url = article.url
    row.title = article.title
    row.text = text
    row.publish_date = article.publish_date
    row.language = article.language
    row.source_id = article.source_id
    row.country_of_publication = article.country_of_publication
    row.content_hash = article.content_hash
    row.fetched_at = article.fetched_at
    row.warc_path = warc_path
    # Stored again after its takedown was lifted.
    row.suppressed_at = None
    # The fingerprint is of the original text (a hash: it carries no name), so near-duplicate
    # detection does not depend on which names were masked.
    row.simhash = to_hex(simhash64(article.text))
    session.flush()
    row.cluster_id = cluster_for(session, row.id, row.simhash)
    return row, created


def case_id_for(article_id: str) -> str:
    return hashlib.sha256(f"case:{article_id}".encode()).hexdigest()[:32]


def save_extraction(session: Session, article: ArticleRow, extraction: Extraction) -> str | None:
    """Keep the machine's extraction and derive the article's case from it.

    Returns the case id when the article is a case report. A case a reviewer already accepted,
    rejected or edited is never overwritten by a re-run of the NLP; a new extractor version whose
    extraction differs reopens it for review (`tipwatch.store.review.reopen_if_changed`).
    """
    from tipwatch.store.persons import assign_persons
    from tipwatch.store.review import has_edit, reopen_if_changed

    ext = session.scalar(
        select(ExtractionRow).where(
            ExtractionRow.article_id == article.id,
            ExtractionRow.extractor_version == extraction.extractor_version,
        )
    )
    if ext is None:
        ext = ExtractionRow(article_id=article.id, extractor_version=extraction.extractor_version)
        session.add(ext)
    ext.is_case = extraction.is_case
    ext.case_score = extraction.case_score
    ext.skipped = extraction.skipped
    ext.payload = extraction.model_dump(mode="json", exclude={"redactions"})
    session.flush()

    case_id = case_id_for(article.id)
    case = session.get(CaseRow, case_id)
    if case is not None and (case.review_status != "pending" or has_edit(session, case_id)):
        reopen_if_changed(session, case, ext)
        return case_id
    if not extraction.is_case:
        if case is not None:
            session.delete(case)
            _enqueue(session, CASE_DOC, case_id, "delete")
        return None
    if case is None:
        case = CaseRow(id=case_id, article_id=article.id, review_status="pending")
        session.add(case)
    j = extraction.jurisdiction
    case.extraction_id = ext.id
    case.country = j.country
    case.admin1 = j.admin1
    case.city = j.city
    case.court_or_agency = list(j.court_or_agency)
    case.charge_categories = sorted(
        {c.category.value for c in extraction.charges if c.category is not ChargeCategory.OTHER}
    )
    case.case_score = extraction.case_score
    case.victims_count = extraction.victims_count
    case.updated_at = utcnow()
    status_date = article.publish_date or (
        article.fetched_at.date() if article.fetched_at else datetime.now(UTC).date()
    )
    session.execute(delete(PerpetratorRow).where(PerpetratorRow.case_id == case_id))
    case.perpetrators = [
        PerpetratorRow(
            name=p.name,
            status=p.status.value,
            status_date=status_date,
            source_url=article.canonical_url,
            nationality=p.nationality,
            age=p.age,
            evidence=[list(s) for s in p.evidence],
        )
        for p in extraction.perpetrators
    ]
    assign_persons(session, case)
    _enqueue(session, CASE_DOC, case_id, "upsert")
    return case_id


def review_case(
    session: Session, case_id: str, *, decision: str, user: str, reason: str | None = None
) -> CaseRow:
    if decision not in ("accepted", "rejected"):
        raise ValueError(f"unknown review decision {decision!r}")
    case = session.get(CaseRow, case_id)
    if case is None:
        raise KeyError(case_id)
    case.review_status = decision
    case.reviewed_by = user
    case.reviewed_at = utcnow()
    case.review_reason = reason
    case.updated_at = utcnow()
    _enqueue(session, CASE_DOC, case_id, "upsert")
    return case


def get_case(session: Session, case_id: str) -> CaseRow | None:
    return session.scalar(
        select(CaseRow)
        .where(CaseRow.id == case_id)
        .options(selectinload(CaseRow.perpetrators), selectinload(CaseRow.article))
    )


def list_cases(
    session: Session,
    *,
    country: str | None = None,
    review_status: str | None = None,
    query: CaseQuery | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[CaseRow]:
    """Cases as the review queue shows them: `query` (filters and sort, see
    `tipwatch.store.queue`), or only `country` and `review_status` in the default order."""
    if query is None:
        query = CaseQuery(country=country, review_status=review_status)
    q = select(CaseRow).options(selectinload(CaseRow.perpetrators), selectinload(CaseRow.article))
    q = apply_query(q, query).limit(limit).offset(offset)
    return list(session.scalars(q))


def case_record(case: CaseRow) -> CaseRecord:
    art = case.article
    return CaseRecord(
        case_id=case.id,
        article_id=art.id,
        source_id=art.source_id,
        source_url=art.canonical_url,
        title=art.title,
        publish_date=art.publish_date,
        country=case.country,
        country_of_publication=art.country_of_publication,
        admin1=case.admin1,
        city=case.city,
        perpetrators=[
            PerpetratorRecord(
                name=p.name,
                status=LegalStatus(p.status),
                status_date=p.status_date,
                source_url=p.source_url,
                nationality=p.nationality,
                age=p.age,
            )
            for p in case.perpetrators
        ],
        charge_categories=[ChargeCategory(c) for c in case.charge_categories],
        case_score=case.case_score,
    )
