"""Per-source health (tipwatch.metrics.source_health): weekly windows ending today, and the
flags for an outlet that dropped or whose failures rose."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tipwatch.crawlers.ledger import FAILED, MAX_ATTEMPTS, Ledger
from tipwatch.metrics.effort import RunFact, SourceFact
from tipwatch.metrics.source_health import (
    DROPPED,
    FAILURES_RISING,
    FetchFact,
    SkipFact,
    StoredFact,
    load_fetches,
    source_health,
    week_windows,
)
from tipwatch.store.db import Store

TODAY = date(2026, 6, 20)
SOURCES = [
    SourceFact("a", "IN", ("en",)),
    SourceFact("b", "IN", ("en",)),
    SourceFact("c", "LK", ()),
]


def _run(n: int, day: date, found: dict[str, int], status: str = "ok") -> RunFact:
    at = datetime(day.year, day.month, day.day, 6, tzinfo=UTC)
    return RunFact(n, at, status, ("a", "b", "c"), found)


def test_windows_are_full_weeks_ending_today() -> None:
    w = week_windows(TODAY, 3)
    assert w == [
        (date(2026, 5, 31), date(2026, 6, 6)),
        (date(2026, 6, 7), date(2026, 6, 13)),
        (date(2026, 6, 14), date(2026, 6, 20)),
    ]


def test_dropped_rising_and_healthy_sources() -> None:
    days = [TODAY - timedelta(days=7 * w + 1) for w in range(8)]
    runs = [_run(i, d, {"a": 3, "b": 2, "c": 1}) for i, d in enumerate(days)]
    stored = [StoredFact("a", d) for d in days[1:]]  # a: nothing in the last week
    stored += [StoredFact("b", d) for d in days] + [StoredFact("c", d) for d in days]
    skips = [SkipFact("b", TODAY, "http_429") for _ in range(3)]
    skips += [SkipFact("b", days[5], "timeout")]
    skips += [SkipFact("c", TODAY - timedelta(days=60), "timeout")]  # outside the windows
    rows = source_health(SOURCES, runs, stored, skips, today=TODAY)
    by = {r.source_id: r for r in rows}
    assert by["a"].flag == DROPPED and "no article stored in the last 7 days" in (
        by["a"].flag_reason or ""
    )
    assert by["b"].flag == FAILURES_RISING  # 3 skips this week against 1 in seven weeks
    assert by["b"].buckets[-1].skips_by_reason == {"http_429": 3}
    assert by["c"].flag is None and sum(b.skips for b in by["c"].buckets) == 0
    assert [r.source_id for r in rows] == ["a", "b", "c"]  # flagged first
    last = by["a"].buckets[-1]
    assert (last.crawl_runs, last.failed_runs, last.urls_found) == (1, 0, 3)


def test_a_run_that_found_nothing_or_failed_is_a_failure_of_the_source() -> None:
    runs = [
        _run(1, TODAY - timedelta(days=1), {"a": 0, "b": 2, "c": 1}),
        _run(2, TODAY - timedelta(days=2), {}, status="failed"),
    ]
    rows = {r.source_id: r for r in source_health(SOURCES, runs, [], [], today=TODAY)}
    assert rows["a"].buckets[-1].failed_runs == 2 and rows["b"].buckets[-1].failed_runs == 1


def test_a_source_that_never_stored_is_not_dropped() -> None:
    rows = source_health(SOURCES, [], [], [], today=TODAY)
    assert all(r.flag is None for r in rows) and all(len(r.buckets) == 8 for r in rows)


def test_fetches_and_failed_fetches_count_in_their_week() -> None:
    fetches = [FetchFact("a", TODAY - timedelta(days=d), True) for d in (0, 1, 8)]
    fetches += [FetchFact("a", TODAY - timedelta(days=2), False) for _ in range(3)]
    fetches += [FetchFact("b", TODAY - timedelta(days=100), True)]  # outside the windows
    stored = [StoredFact("a", TODAY - timedelta(days=7 * w)) for w in range(8)]
    rows = {
        r.source_id: r for r in source_health(SOURCES, [], stored, [], today=TODAY, fetches=fetches)
    }
    last, before = rows["a"].buckets[-1], rows["a"].buckets[-2]
    assert (last.pages_fetched, last.fetch_failures, before.pages_fetched) == (2, 3, 1)
    assert last.failures == 3  # no failed run, no skip: the fetches that failed for good
    # three failures this week against none before: the outlet is flagged although it stored
    assert rows["a"].flag == FAILURES_RISING
    assert sum(b.pages_fetched for b in rows["b"].buckets) == 0


def test_health_reads_fetches_from_the_url_ledger(store: Store) -> None:
    ledger = Ledger(store)
    urls = [f"https://in-a.example/news/{i}" for i in range(4)]
    ledger.discover((u, "in-a") for u in urls)
    assert ledger.mark_fetched(urls[0], "a.warc.gz", 0, source_id="in-a")
    assert ledger.mark_fetched(urls[1], "a.warc.gz", 100, source_id="in-a")
    # a URL whose every attempt failed is given up: a failure of the outlet
    for _ in range(MAX_ATTEMPTS):
        state = ledger.defer(urls[2], None, "http_503", source_id="in-a")
    assert state == FAILED
    with store.session() as s:
        facts = load_fetches(s)
    today = datetime.now(UTC).date()
    assert sorted((f.source_id, f.ok) for f in facts) == [
        ("in-a", False),
        ("in-a", True),
        ("in-a", True),
    ]
    rows = source_health(
        [SourceFact("in-a", "IN", ("en",))], [], [], [], today=today, fetches=facts
    )
    last = rows[0].buckets[-1]
    assert (last.pages_fetched, last.fetch_failures) == (2, 1)
