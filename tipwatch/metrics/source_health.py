"""Per-source health over time: what each outlet's crawls found, stored and failed on, week by
week, and which outlets dropped.

A country's case count falls when its outlets stop yielding articles (a changed site, a block,
a dead feed) as surely as when its courts go quiet. Media Cloud shows each source's story volume
over time for that reason; this is tipwatch's version. Buckets are the `WEEKS` seven-day windows
ending on the report's `today` (full windows, so the latest is not a partial week that looks
like a drop). Per source and window:

- crawl runs that covered the source, and how many failed for it (the run failed, crashed, or
  found no article URL on the source's feeds: `effort.source_run_outcomes`);
- article URLs found on its feeds by those runs (`crawl_runs.report["discovered_by_source"]`);
- pages fetched (archived) for it, by the day of the fetch (the URL ledger's `fetched_at`: a
  page fetched again for an update counts in the week of its latest fetch), and pages whose
  fetch failed for good (ledger state `failed`: every retry spent, or a permanent HTTP error),
  by the day it was given up;
- articles stored, by the date tipwatch fetched them (else stored them), never the publication
  date (a backfill of old articles counts in the week it was fetched);
- skips recorded against the source (table `skips`), by reason.

Flags: "dropped" when the latest window stored no article although an earlier one did;
"failures rising" when the latest window's failures (failed runs + failed fetches + skips) are
at least `MIN_RISING` and more than twice the earlier windows' mean.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from tipwatch.metrics.effort import RunFact, SourceFact, source_run_outcomes
from tipwatch.store.models import ArticleRow, SkipRow, UrlRow

WEEKS = 8
MIN_RISING = 3
DROPPED = "dropped"
FAILURES_RISING = "failures rising"


@dataclass(frozen=True)
class StoredFact:
    source_id: str
    day: date  # fetched, else stored


@dataclass(frozen=True)
class SkipFact:
    source_id: str
    day: date
    reason: str


@dataclass(frozen=True)
class FetchFact:
    source_id: str
    day: date
    ok: bool  # archived; False: the fetch failed for good


# the URL ledger's state of a URL whose fetch failed for good (crawlers.ledger.FAILED; the metrics
# layer reads the store, not the crawler)
_LEDGER_FAILED = "failed"


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def load_stored(session: Session) -> list[StoredFact]:
    rows = session.execute(
        select(ArticleRow.source_id, ArticleRow.fetched_at, ArticleRow.created_at)
    ).all()
    return [StoredFact(sid, _day(fetched or created)) for sid, fetched, created in rows]


def load_source_skips(session: Session) -> list[SkipFact]:
    """Skips recorded against a source (skips without a source, e.g. an unreadable WARC
    record, belong to no outlet's health and are counted by the ingest report)."""
    rows = session.execute(
        select(SkipRow.source_id, SkipRow.created_at, SkipRow.reason).where(
            SkipRow.source_id.is_not(None)
        )
    ).all()
    return [SkipFact(str(sid), _day(at), reason) for sid, at, reason in rows]


def load_fetches(session: Session) -> list[FetchFact]:
    """Pages fetched per source from the URL ledger, and fetches that failed for good."""
    rows = session.execute(
        select(UrlRow.source_id, UrlRow.state, UrlRow.fetched_at, UrlRow.updated_at).where(
            UrlRow.source_id.is_not(None),
            (UrlRow.fetched_at.is_not(None)) | (UrlRow.state == _LEDGER_FAILED),
        )
    ).all()
    out: list[FetchFact] = []
    for sid, state, fetched, updated in rows:
        if fetched is not None:
            out.append(FetchFact(str(sid), _day(fetched), True))
        if state == _LEDGER_FAILED and updated is not None:
            out.append(FetchFact(str(sid), _day(updated), False))
    return out


class HealthBucket(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    start: date
    end: date  # inclusive
    crawl_runs: int = 0
    failed_runs: int = 0
    urls_found: int = 0
    pages_fetched: int = 0
    fetch_failures: int = 0
    articles_stored: int = 0
    skips: int = 0
    skips_by_reason: dict[str, int] = Field(default_factory=dict)

    @property
    def failures(self) -> int:
        return self.failed_runs + self.fetch_failures + self.skips

    @property
    def label(self) -> str:
        return f"{self.start:%m-%d}–{self.end:%m-%d}"


class SourceHealth(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source_id: str
    country: str
    buckets: list[HealthBucket]  # oldest first
    flag: str | None = None  # DROPPED, FAILURES_RISING, or None
    flag_reason: str | None = None


def week_windows(today: date, weeks: int = WEEKS) -> list[tuple[date, date]]:
    """`weeks` seven-day windows, oldest first, the last ending on `today`."""
    return [
        (today - timedelta(days=7 * (weeks - i) - 1), today - timedelta(days=7 * (weeks - 1 - i)))
        for i in range(weeks)
    ]


def flag_of(buckets: Sequence[HealthBucket]) -> tuple[str | None, str | None]:
    if len(buckets) < 2:
        return None, None
    latest, earlier = buckets[-1], buckets[:-1]
    stored_before = sum(b.articles_stored for b in earlier)
    if latest.articles_stored == 0 and stored_before > 0:
        last_active = max(b.end for b in earlier if b.articles_stored)
        return DROPPED, (
            f"no article stored in the last 7 days ({latest.label}); {stored_before} in the "
            f"{len(earlier)} weeks before, the last in the week ending {last_active}"
        )
    mean = sum(b.failures for b in earlier) / len(earlier)
    if latest.failures >= MIN_RISING and latest.failures > 2 * mean:
        return FAILURES_RISING, (
            f"{latest.failures} failures in the last 7 days ({latest.label}) against "
            f"{mean:.1f} a week before"
        )
    return None, None


def source_health(
    sources: Sequence[SourceFact],
    runs: Sequence[RunFact],
    stored: Sequence[StoredFact],
    skips: Sequence[SkipFact],
    *,
    today: date,
    weeks: int = WEEKS,
    fetches: Sequence[FetchFact] = (),
) -> list[SourceHealth]:
    """One row per source, flagged sources first, then by id."""
    windows = week_windows(today, weeks)

    def index(day: date) -> int | None:
        for i, (start, end) in enumerate(windows):
            if start <= day <= end:
                return i
        return None

    ids = {s.source_id for s in sources}
    runs_n: Counter[tuple[str, int]] = Counter()
    failed: Counter[tuple[str, int]] = Counter()
    for o in source_run_outcomes(runs):
        i = index(o.day)
        if i is not None and o.source_id in ids:
            runs_n[(o.source_id, i)] += 1
            failed[(o.source_id, i)] += 0 if o.ok else 1
    found: Counter[tuple[str, int]] = Counter()
    for run in runs:
        i = index(run.started_at.date())
        if i is not None:
            for sid, n in run.discovered_by_source.items():
                found[(sid, i)] += n
    fetched: Counter[tuple[str, int]] = Counter()
    fetch_failed: Counter[tuple[str, int]] = Counter()
    for f in fetches:
        i = index(f.day)
        if i is not None:
            (fetched if f.ok else fetch_failed)[(f.source_id, i)] += 1
    kept: Counter[tuple[str, int]] = Counter()
    for a in stored:
        i = index(a.day)
        if i is not None:
            kept[(a.source_id, i)] += 1
    reasons: dict[tuple[str, int], Counter[str]] = {}
    for sk in skips:
        i = index(sk.day)
        if i is not None:
            reasons.setdefault((sk.source_id, i), Counter())[sk.reason] += 1

    out: list[SourceHealth] = []
    for s in sources:
        buckets = []
        for i, (start, end) in enumerate(windows):
            key = (s.source_id, i)
            why = reasons.get(key, Counter())
            buckets.append(
                HealthBucket(
                    start=start,
                    end=end,
                    crawl_runs=runs_n[key],
                    failed_runs=failed[key],
                    urls_found=found[key],
                    pages_fetched=fetched[key],
                    fetch_failures=fetch_failed[key],
                    articles_stored=kept[key],
                    skips=sum(why.values()),
                    skips_by_reason=dict(sorted(why.items())),
                )
            )
        flag, reason = flag_of(buckets)
        out.append(
            SourceHealth(
                source_id=s.source_id,
                country=s.country,
                buckets=buckets,
                flag=flag,
                flag_reason=reason,
            )
        )
    return sorted(out, key=lambda h: (h.flag is None, h.source_id))
