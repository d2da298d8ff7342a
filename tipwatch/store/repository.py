"""Writes of the pipeline into the store of record: outlets, crawl runs, skips, articles and the
cases derived from their extractions. Every write that changes what the index shows adds an
outbox row in the same transaction (`tipwatch.store.outbox`), so the index can always catch up
or be rebuilt.

The top of the store: it uses persons, review and takedowns, none of which imports it. Imports
point one way: models, outbox, audit, visibility, cases -> person_timeline -> persons -> review,
takedowns -> repository. Outlets come in as `tipwatch.records.SourceInfo` (the crawlers' `Source`
satisfies it), so the store never imports the crawlers. Deciding a case is
`tipwatch.store.review.review_case` (audited); there is no unaudited path.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tipwatch.domain.review_state import ReviewFlag, ReviewState, format_flags
from tipwatch.domain.status_date import DateSource
from tipwatch.records import (
    NOT_RELEVANT,
    UNSUPPORTED_LANGUAGE,
    Article,
    ChargeCategory,
    Extraction,
    Skipped,
    SourceInfo,
    redact,
)
from tipwatch.store.bulk import extraction_payload
from tipwatch.store.cases import case_id_for, case_record, get_case, list_cases
from tipwatch.store.charges import charges_from_extraction
from tipwatch.store.dedupe import (
    Fingerprint,
    clear_fingerprint,
    cluster_for,
    store_fingerprint,
)
from tipwatch.store.models import (
    ArticleRow,
    ArticleVersionRow,
    CaseRow,
    CrawlRunRow,
    ExtractionRow,
    PerpetratorRow,
    SkipRow,
    SourceRow,
    utcnow,
)
from tipwatch.store.outbox import CASE_DOC, OutboxOp, enqueue_article, enqueue_case
from tipwatch.store.persons import assign_persons
from tipwatch.store.review import (
    case_snapshot,
    has_edit,
    reopen_for_changed_text,
    reopen_if_changed,
)
from tipwatch.store.syndication import regroup
from tipwatch.store.takedowns import ArticleSuppressed, is_tombstoned

# Re-exported: callers read cases through the repository (defined in `tipwatch.store.cases`).
__all__ = [
    "CASE_DOC",
    "PREFECT_FLOW_RUNS",
    "REVIEW_STATES",
    "case_id_for",
    "case_record",
    "close_stale_runs",
    "finish_crawl_run",
    "get_case",
    "list_cases",
    "prefect_flow_runs_of",
    "record_skip",
    "save_article",
    "save_extraction",
    "start_crawl_run",
    "upsert_sources",
]

REVIEW_STATES = tuple(state.value for state in ReviewState)


def upsert_sources(session: Session, sources: Sequence[SourceInfo]) -> None:
    """Keep each outlet's current definition (coverage metrics read it)."""
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
        # A registry source is never provisional: its YAML file adopts an outlet that
        # `ingest-warc` kept provisionally under the same id (`tipwatch.store.provisional`).
        row.provisional = False
        row.updated_at = utcnow()


# Key of a crawl run's report that holds the ids of the Prefect flow runs doing the run (the
# pipeline's own, then the flow that started it, if any): a run killed before it could close its
# row is then marked crashed in Prefect too (`tipwatch.flows.prefect_runs`).
PREFECT_FLOW_RUNS = "prefect_flow_run_ids"


def start_crawl_run(
    session: Session, source_ids: Sequence[str], *, prefect_flow_run_ids: Sequence[str] = ()
) -> int:
    report: dict[str, object] = {}
    if prefect_flow_run_ids:
        report[PREFECT_FLOW_RUNS] = list(prefect_flow_run_ids)
    run = CrawlRunRow(source_ids=list(source_ids), report=report, status="running", pages_fetched=0)
    session.add(run)
    session.flush()
    return run.id


def prefect_flow_runs_of(session: Session, run_ids: Sequence[int]) -> list[str]:
    """The Prefect flow-run ids recorded for these crawl runs (`start_crawl_run`), in order."""
    out: list[str] = []
    for run_id in run_ids:
        run = session.get(CrawlRunRow, run_id)
        ids = (run.report or {}).get(PREFECT_FLOW_RUNS) if run is not None else None
        if isinstance(ids, list):
            out.extend(str(i) for i in ids if str(i) not in out)
    return out


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
    flow_runs = (run.report or {}).get(PREFECT_FLOW_RUNS)
    run.status = status
    run.warc_path = warc_path
    run.pages_fetched = pages_fetched
    run.report = report if flow_runs is None else {**report, PREFECT_FLOW_RUNS: flow_runs}
    run.finished_at = utcnow()


CRASHED = "crashed"


def close_stale_runs(session: Session) -> list[int]:
    """Mark every crawl run still `running` as `crashed` (finished now) and return their ids.

    Call it only while holding the run lock (`tipwatch.store.locks.run_lock`): then no other run
    can be live, so a `running` row is one whose process died (SIGKILL, power loss, OOM) before
    it could close its row. Coverage counts crashed runs as failed effort."""
    stale = list(session.scalars(select(CrawlRunRow).where(CrawlRunRow.status == "running")))
    now = utcnow()
    for run in stale:
        run.status = CRASHED
        run.finished_at = now
        run.report = {
            **(run.report or {}),
            "error": "the run's process ended without closing its run (killed or crashed); "
            "marked crashed by the next run",
        }
    return [run.id for run in stale]


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


def save_article(
    session: Session,
    article: Article,
    extraction: Extraction,
    *,
    warc_path: str | None = None,
    warc_offset: int | None = None,
    fingerprint: Fingerprint | None = None,
) -> tuple[ArticleRow, bool]:
    """Store the article with victim names masked. Returns (row, created). `fingerprint`: the
    text's near-duplicate fingerprint when it was computed elsewhere (a worker process).

    The same canonical URL is stored once; a changed text replaces the stored one, keeping the
    row's id. When the new text comes from another WARC record (a re-fetch of an updated page),
    the version it replaces is recorded in `article_versions` (content hash, WARC path and
    offset, fetch time, when superseded): its text stays readable in that record. An article
    that was taken down (an active tombstone matches its canonical URL or content hash) is
    refused with `ArticleSuppressed`: callers check `is_tombstoned` first and record a skip.
    """
    tombstone = is_tombstoned(session, article.canonical_url, article.content_hash)
    if tombstone is not None:
        raise ArticleSuppressed(article.canonical_url, tombstone)
    # A text spaCy never read for victims' names is not kept: one with no trafficking wording, or
    # one in a language tipwatch cannot extract (its victims' names cannot be masked). It stays
    # in the WARC record (an analyst reads a "not extracted" one from there); the row keeps what
    # coverage reads (`nlp/triage.py`).
    not_kept = article.metadata_only or extraction.skipped in (NOT_RELEVANT, UNSUPPORTED_LANGUAGE)
    text = "" if not_kept else redact(article.text, extraction.redactions)
    row = session.get(ArticleRow, article.article_id)
    created = row is None
    if row is None:
        row = ArticleRow(id=article.article_id, canonical_url=article.canonical_url)
        session.add(row)
    elif (
        row.content_hash != article.content_hash
        and row.suppressed_at is None
        and (row.warc_path, row.warc_offset) != (warc_path, warc_offset)
    ):
        session.add(
            ArticleVersionRow(
                article_id=row.id,
                content_hash=row.content_hash,
                warc_path=row.warc_path,
                warc_offset=row.warc_offset,
                fetched_at=row.fetched_at,
                superseded_at=utcnow(),
                superseded_by=article.content_hash,
            )
        )
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
    row.warc_offset = warc_offset
    # Stored again after its takedown was lifted.
    row.suppressed_at = None
    # The fingerprints (SimHash, MinHash and its band keys: hashes, they carry no name) are of the
    # original text, so near-duplicate detection does not depend on which names were masked.
    session.flush()
    old_cluster = None if created else row.cluster_id
    if article.metadata_only:
        # No text read: nothing to compare (exact copies still meet by content hash).
        if not created:
            clear_fingerprint(session, row)
        row.cluster_id = row.id
    else:
        store_fingerprint(session, row, article.text, fingerprint)
        session.flush()
        row.cluster_id = cluster_for(session, row.id, row.simhash)
    if old_cluster and old_cluster != row.cluster_id:
        # An updated text left its cluster: the cases still there are regrouped without it
        # (its own case is grouped in its new cluster by `save_extraction`).
        regroup(session, old_cluster)
    return row, created


def save_extraction(session: Session, article: ArticleRow, extraction: Extraction) -> str | None:
    """Keep the machine's extraction and derive the article's case from it.

    Returns the case id when the article is a case report. A case a reviewer already accepted,
    rejected or edited is never overwritten by a re-run of the NLP; a new extractor version whose
    extraction differs reopens it for review (`tipwatch.store.review.reopen_if_changed`). When
    the article's text changed (an updated article re-fetched), the case shows the extraction
    of the new text and goes back to pending with the reason; the reviewer's edit stays in
    `case_edits`, not applied to the new text (`reopen_for_changed_text`). The extraction of
    the earlier text is kept in its `article_versions` row before the new one replaces it.

    The article's near-duplicate cluster is then regrouped: a syndicated copy's case is grouped
    under the cluster's first-seen case when their extractions agree
    (`tipwatch.store.syndication`).
    """
    had_case = session.get(CaseRow, case_id_for(article.id)) is not None
    case_id = _derive_case(session, article, extraction)
    if had_case or case_id is not None:
        # (an article that is no case, and was none, changes no group)
        regroup(session, article.cluster_id)
    return case_id


def _derive_case(session: Session, article: ArticleRow, extraction: Extraction) -> str | None:
    """`save_extraction` before the cluster is regrouped."""
    case_id = case_id_for(article.id)
    case = session.get(CaseRow, case_id)
    # An article read before without becoming a case has its own index document.
    had_doc = case is None and (
        session.scalar(select(ExtractionRow.id).where(ExtractionRow.article_id == article.id))
        is not None
    )
    found = _save_extraction(session, article, extraction, case_id, case)
    if found is None or had_doc:
        # Its own document: written while it is no case, removed when it becomes one.
        enqueue_article(session, article.id)
    return found


def _save_extraction(
    session: Session,
    article: ArticleRow,
    extraction: Extraction,
    case_id: str,
    case: CaseRow | None,
) -> str | None:
    base = session.get(ExtractionRow, case.extraction_id) if case is not None else None
    # The text the case's current extraction was made from, before `ext` is overwritten.
    base_hash = base.content_hash if base is not None else None
    ext = write_extraction_row(session, article, extraction)

    if case is not None and (
        case.review_status != ReviewState.PENDING
        or has_edit(session, case_id)
        or case.promoted_at is not None
    ):
        if base_hash is not None and base_hash != article.content_hash:
            # The article's text changed since the review: show what the new text says and
            # ask the reviewer again (a case that is no case any more is theirs to reject).
            before = case_snapshot(case)
            base_id = case.extraction_id
            apply_extraction(session, case, article, ext, extraction)
            reopen_for_changed_text(session, case, base_id, base_hash, ext, before)
            return case_id
        if reopen_if_changed(session, case, ext):
            # back to pending: the new extraction's reasons to hold it apply
            case.review_flags = format_flags(extraction.review_flags)
        return case_id
    relevance = extraction.foreign_relevance
    if (
        extraction.skipped == UNSUPPORTED_LANGUAGE
        and relevance is not None
        and (relevance.is_candidate)
    ):
        # "Not extracted: <language>": held in the review queue for an analyst who reads it.
        if case is None:
            case = CaseRow(
                id=case_id, article_id=article.id, review_status=ReviewState.PENDING.value
            )
            session.add(case)
        held = extraction.model_copy(
            update={"review_flags": [ReviewFlag.NOT_EXTRACTED], "case_score": relevance.score}
        )
        apply_extraction(session, case, article, ext, held)
        return case_id
    if not extraction.is_case:
        if case is not None:
            session.delete(case)
            enqueue_case(session, case_id, OutboxOp.DELETE)
        return None
    if case is None:
        case = CaseRow(id=case_id, article_id=article.id, review_status=ReviewState.PENDING.value)
        session.add(case)
    apply_extraction(session, case, article, ext, extraction)
    return case_id


def write_extraction_row(
    session: Session, article: ArticleRow, extraction: Extraction
) -> ExtractionRow:
    """The article's extraction row of this extractor version, written from `extraction` (one
    row per version; the row of an earlier text is first copied into its `article_versions`
    row)."""
    ext = session.scalar(
        select(ExtractionRow).where(
            ExtractionRow.article_id == article.id,
            ExtractionRow.extractor_version == extraction.extractor_version,
        )
    )
    if ext is None:
        ext = ExtractionRow(article_id=article.id, extractor_version=extraction.extractor_version)
    elif ext.content_hash is not None and ext.content_hash != article.content_hash:
        _keep_superseded_extraction(session, article, ext)
    ext.content_hash = article.content_hash
    ext.is_case = extraction.is_case
    ext.case_score = extraction.case_score
    ext.skipped = extraction.skipped
    ext.payload = extraction_payload(extraction)
    session.add(ext)
    session.flush()
    return ext


def _keep_superseded_extraction(session: Session, article: ArticleRow, ext: ExtractionRow) -> None:
    """Copy `ext`, the extraction of an earlier text of `article`, into that version's
    `article_versions` row before the new text's extraction replaces it."""
    version = session.scalar(
        select(ArticleVersionRow)
        .where(
            ArticleVersionRow.article_id == article.id,
            ArticleVersionRow.content_hash == ext.content_hash,
        )
        .order_by(ArticleVersionRow.id.desc())
        .limit(1)
    )
    if version is None:
        return
    kept = {
        "extraction_id": ext.id,
        "extractor_version": ext.extractor_version,
        "is_case": ext.is_case,
        "case_score": ext.case_score,
        "skipped": ext.skipped,
        "payload": ext.payload,
    }
    version.extractions = [*(version.extractions or []), kept]


def apply_extraction(
    session: Session, case: CaseRow, article: ArticleRow, ext: ExtractionRow, extraction: Extraction
) -> None:
    """The case's fields and perpetrators as the machine's extraction gives them (re-indexed)."""
    case_id = case.id
    j = extraction.jurisdiction
    case.extraction_id = ext.id
    case.country = j.country
    case.admin1 = j.admin1
    case.city = j.city
    case.court_or_agency = list(j.court_or_agency)
    case.charge_categories = sorted(
        {c.category.value for c in extraction.charges if c.category is not ChargeCategory.OTHER}
    )
    case.charges = charges_from_extraction(extraction)
    case.case_score = extraction.case_score
    case.victims_count = extraction.victims_count
    case.review_flags = format_flags(extraction.review_flags)
    case.updated_at = utcnow()
    published = article.publish_date or (
        article.fetched_at.date() if article.fetched_at else datetime.now(UTC).date()
    )
    session.execute(delete(PerpetratorRow).where(PerpetratorRow.case_id == case_id))
    session.expire(case, ["perpetrators"])
    case.perpetrators = [
        PerpetratorRow(
            name=p.name,
            status=p.status.value,
            # the date the text states for the status, else the publication date (said so)
            status_date=p.status_date or published,
            status_date_source=(DateSource.TEXT if p.status_date else DateSource.PUBLICATION).value,
            status_date_evidence=(list(p.status_date_evidence) if p.status_date_evidence else None),
            source_url=article.canonical_url,
            nationality=p.nationality,
            age=p.age,
            evidence=[list(s) for s in p.evidence],
        )
        for p in extraction.perpetrators
    ]
    assign_persons(session, case)
    enqueue_case(session, case_id)
