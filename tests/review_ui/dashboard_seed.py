"""A store holding the issue 16 numbers, dated relative to `today`, for the dashboard's route
and browser tests: stored through the real repository functions.

- India: outlets `in-hindu` and `in-wire`; 6 case reports over the period (6 / 1,352.6 M people
  = 0.0044 per million); the month two months back had no crawl of an Indian outlet
  (insufficient coverage: a gap, not a zero); 63 named perpetrators, 3 with a nationality.
- `in-wire` stored an article every week until the last seven days, then nothing, and four
  pages skipped with `http_403`: it dropped.
- Sri Lanka: `lk-daily`, one live case report and a backfill of 250 case reports published
  2001..2024 and fetched today.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from tipwatch.metrics.effort import month_of
from tipwatch.metrics.period import shift_month
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
from tipwatch.store.models import CrawlRunRow, SkipRow, SourceRow
from tipwatch.store.repository import save_article, save_extraction

SOURCES = {"in-hindu": "IN", "in-wire": "IN", "lk-daily": "LK"}
BACKFILL = 250
PEOPLE = 63
KNOWN_NATIONALITY = 3
WEEKS = 20


def _at(day: date) -> datetime:
    return datetime.combine(day, time(6), tzinfo=UTC)


def gap_month(today: date) -> str:
    """The month without a crawl of an Indian outlet."""
    return shift_month(month_of(today), -2)


def _save(
    s: Session,
    key: str,
    source_id: str,
    *,
    published: date,
    fetched: date,
    case: bool,
    names: list[str] | None = None,
    country: str | None = None,
) -> None:
    names = names or []
    text = (
        f"Police charged {', '.join(names)} with trafficking ({key})."
        if names
        else f"Court report {key}: a trafficking case was heard."
        if case
        else f"Local news {key}: the market reopened."
    )
    perps = []
    for i, name in enumerate(names):
        start = text.index(name)
        perps.append(
            PerpetratorMention(
                name=name,
                status=LegalStatus.CHARGED,
                nationality="IN" if (key == "in-case-0" and i < KNOWN_NATIONALITY) else None,
                evidence=[(start, start + len(name))],
            )
        )
    url = f"https://{source_id}.example/{key}"
    article = Article(
        canonical_url=url,
        url=url,
        title=f"Article {key}",
        text=text,
        publish_date=published,
        language="en",
        source_id=source_id,
        country_of_publication=SOURCES[source_id],
        content_hash=content_hash(text),
        fetched_at=_at(fetched),
    )
    extraction = Extraction(
        source="test",
        language="en",
        is_case=case,
        case_score=0.9 if case else 0.05,
        perpetrators=perps,
        charges=[ChargeMention(text="trafficking", category=ChargeCategory.SEX_TRAFFICKING)]
        if case
        else [],
        jurisdiction=Jurisdiction(country=country) if case else Jurisdiction(),
    )
    row, _ = save_article(s, article, extraction)
    save_extraction(s, row, extraction)


def seed_issue16(store: Store, today: date) -> None:
    with store.session() as s:
        for sid, country in SOURCES.items():
            s.add(
                SourceRow(
                    id=sid,
                    name=sid,
                    country=country,
                    languages=["en"],
                    homepage=f"https://{sid}.example/",
                )
            )
        gap = gap_month(today)
        for w in range(WEEKS, -1, -1):
            day = today - timedelta(days=7 * w)
            ids = ["lk-daily"] if month_of(day) == gap else list(SOURCES)
            found = {"in-hindu": 5, "in-wire": 4 if w else 0, "lk-daily": 3}
            report = {"discovered_by_source": {k: v for k, v in found.items() if k in ids}}
            s.add(
                CrawlRunRow(
                    source_ids=ids,
                    report=report,
                    status="ok",
                    started_at=_at(day),
                    finished_at=_at(day),
                    pages_fetched=sum(report["discovered_by_source"].values()),
                )
            )
        for _ in range(4):
            s.add(
                SkipRow(
                    stage="fetch",
                    reason="http_403",
                    url="https://in-wire.example/blocked",
                    source_id="in-wire",
                    created_at=_at(today - timedelta(days=1)),
                )
            )
    with store.session() as s:
        _save_articles(s, today)


def _save_articles(s: Session, today: date) -> None:
    # India: six case reports in weeks with Indian crawls, the 63 people spread over them.
    days = [
        today - timedelta(days=7 * w + 1)
        for w in range(1, WEEKS)
        if month_of(today - timedelta(days=7 * w + 1)) != gap_month(today)
    ][:6]
    people = [f"Suspect {chr(65 + i // 10)}{i % 10}" for i in range(PEOPLE)]
    for k, day in enumerate(days):
        _save(
            s,
            f"in-case-{k}",
            "in-hindu",
            published=day,
            fetched=day,
            case=True,
            names=people[k::6],
            country="IN",
        )
    # Weekly plain articles: every outlet, but nothing from in-wire in the last seven days.
    for w in range(8):
        day = today - timedelta(days=7 * w + 2)
        for sid in SOURCES:
            if not (sid == "in-wire" and w == 0):
                _save(s, f"{sid}-w{w}", sid, published=day, fetched=day, case=False)
    _save(
        s,
        "lk-live",
        "lk-daily",
        published=today - timedelta(days=10),
        fetched=today - timedelta(days=10),
        case=True,
        country="LK",
    )
    for i in range(BACKFILL):
        month = shift_month("2001-01", i * 288 // BACKFILL)
        year, mon = (int(p) for p in month.split("-"))
        _save(
            s,
            f"lk-backfill-{i}",
            "lk-daily",
            published=date(year, mon, 15),
            fetched=today,
            case=True,
            country="LK",
        )
