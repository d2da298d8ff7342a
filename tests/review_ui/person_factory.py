"""Dated case reports for the person pages' tests, stored through the repository functions
(`save_article`, `save_extraction`), as the pipeline and a re-crawl store them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from tipwatch.records import (
    Article,
    ChargeCategory,
    ChargeMention,
    Extraction,
    Jurisdiction,
    LegalStatus,
    PerpetratorMention,
    content_hash,
)
from tipwatch.store.db import Store
from tipwatch.store.models import PerpetratorRow, SourceRow
from tipwatch.store.repository import save_article, save_extraction


def report(
    store: Store,
    *,
    url: str,
    text: str,
    names: list[tuple[str, str]],
    day: date,
    title: str | None = None,
    country: str = "IN",
    source_id: str = "pune-post",
    version: str = "test-1",
) -> str:
    """Store (or store again: a re-crawl) the article at `url` naming `names` (name, status),
    published on `day`; returns the case id."""
    perps = []
    for name, status in names:
        start = text.index(name)
        perps.append(
            PerpetratorMention(
                name=name, status=LegalStatus(status), evidence=[(start, start + len(name))]
            )
        )
    article = Article(
        canonical_url=url,
        url=url,
        title=title if title is not None else f"Report of {day.isoformat()}",
        text=text,
        publish_date=day,
        language="en",
        source_id=source_id,
        country_of_publication=country,
        content_hash=content_hash(text),
        fetched_at=datetime(day.year, day.month, day.day, tzinfo=UTC),
    )
    extraction = Extraction(
        source="test",
        language="en",
        is_case=True,
        case_score=0.8,
        perpetrators=perps,
        charges=[ChargeMention(text="trafficking", category=ChargeCategory.LABOUR_TRAFFICKING)],
        jurisdiction=Jurisdiction(country=country),
        extractor_version=version,
    )
    with store.session() as s:
        if s.get(SourceRow, source_id) is None:
            s.add(
                SourceRow(
                    id=source_id,
                    name=source_id,
                    country=country,
                    languages=["en"],
                    homepage="https://news.example/",
                )
            )
            s.flush()
        row, _ = save_article(s, article, extraction)
        case_id = save_extraction(s, row, extraction)
    assert case_id is not None
    return case_id


def person_of(store: Store, case_id: str, name: str) -> str:
    """The person the mention of `name` in the case resolved to."""
    with store.session() as s:
        pid = s.scalar(
            select(PerpetratorRow.person_id).where(
                PerpetratorRow.case_id == case_id, PerpetratorRow.name == name
            )
        )
    assert pid is not None
    return pid


def mention_of(store: Store, case_id: str, name: str) -> int:
    with store.session() as s:
        mid = s.scalar(
            select(PerpetratorRow.id).where(
                PerpetratorRow.case_id == case_id, PerpetratorRow.name == name
            )
        )
    assert mid is not None
    return mid
