"""Builders of boundary records for tests."""

from __future__ import annotations

from datetime import date

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


def make_article(url: str, text: str, source_id: str = "in-a", country: str = "IN") -> Article:
    return Article(
        canonical_url=url,
        url=url,
        title=f"Title of {url}",
        text=text,
        publish_date=date(2026, 3, 1),
        language="en",
        source_id=source_id,
        country_of_publication=country,
        content_hash=content_hash(text),
    )


def make_extraction(
    text: str,
    names: list[tuple[str, LegalStatus]],
    *,
    country: str | None = "IN",
    is_case: bool = True,
    redactions: list[tuple[int, int]] | None = None,
) -> Extraction:
    perps = []
    for name, status in names:
        start = text.index(name)
        perps.append(
            PerpetratorMention(name=name, status=status, evidence=[(start, start + len(name))])
        )
    return Extraction(
        source="test",
        language="en",
        is_case=is_case,
        case_score=0.9 if is_case else 0.1,
        perpetrators=perps if is_case else [],
        charges=[
            ChargeMention(text="trafficking", category=ChargeCategory.SEX_TRAFFICKING, evidence=[])
        ]
        if is_case
        else [],
        jurisdiction=Jurisdiction(country=country),
        extractor_version="test-1",
        redactions=redactions or [],
    )
