"""Wiring of stage functions that the flow calls as tasks. Stages themselves live in crawlers/,
nlp/, tipwatch/store and index/ and do not know where they sit in the pipeline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import structlog
from pydantic import BaseModel, ConfigDict, Field

from crawlers.source_defs import Source
from nlp.article import page_to_article
from nlp.extractor import CaseExtractor
from tipwatch.records import FetchedPage, Skipped
from tipwatch.store.db import Store
from tipwatch.store.repository import record_skip, save_article, save_extraction

log = structlog.get_logger(__name__)


class ProcessCounts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pages: int = 0
    articles: int = 0
    new_articles: int = 0
    cases: int = 0
    skipped: dict[str, int] = Field(default_factory=dict)


def process_pages(
    pages: Iterable[FetchedPage],
    sources: dict[str, Source],
    extractor: CaseExtractor,
    store: Store,
    *,
    warc_path: Path | None = None,
) -> ProcessCounts:
    """fetched page -> article -> extraction -> store (+ outbox), one transaction per article.

    Every page ends as an article or as a named skip in the store; nothing is dropped silently.
    """
    counts = ProcessCounts()
    skipped: Counter[str] = Counter()
    for page in pages:
        counts.pages += 1
        source = sources.get(page.source_id)
        if source is None:
            skip = Skipped(
                stage="article", reason="unknown_source", url=page.url, source_id=page.source_id
            )
        else:
            result = page_to_article(page, source.country)
            if isinstance(result, Skipped):
                skip = result
            else:
                extraction = extractor.extract_article(result)
                with store.session() as s:
                    row, created = save_article(
                        s, result, extraction, warc_path=str(warc_path) if warc_path else None
                    )
                    case_id = save_extraction(s, row, extraction)
                counts.articles += 1
                counts.new_articles += int(created)
                counts.cases += int(case_id is not None)
                if extraction.skipped:
                    skipped[f"nlp:{extraction.skipped}"] += 1
                log.info(
                    "article.processed",
                    source_id=source.id,
                    article_id=row.id,
                    is_case=extraction.is_case,
                    perpetrators=len(extraction.perpetrators),
                    skipped=extraction.skipped,
                )
                continue
        with store.session() as s:
            record_skip(s, skip)
        skipped[f"{skip.stage}:{skip.reason}"] += 1
        log.info("page.skipped", url=skip.url, stage=skip.stage, reason=skip.reason)
    counts.skipped = dict(skipped)
    return counts
