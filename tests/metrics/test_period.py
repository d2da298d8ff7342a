"""The report period (tipwatch.metrics.period): old articles do not stretch it, and what is left
out is counted."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tipwatch.metrics.effort import ArticleFact, RunFact
from tipwatch.metrics.period import report_period, shift_month

TODAY = date(2026, 6, 20)


def _art(
    aid: str, month: str, fetched: str | None, country: str = "LK", case: bool = False
) -> ArticleFact:
    return ArticleFact(
        aid, "src", country, month, "en", None, f"k{aid}" if case else None, None, fetched
    )


def _run(day: date) -> RunFact:
    return RunFact(
        1, datetime(day.year, day.month, day.day, tzinfo=UTC), "ok", ("src",), {"src": 1}
    )


def test_shift_month_crosses_years() -> None:
    assert shift_month("2026-01", -1) == "2025-12"
    assert shift_month("2025-12", 1) == "2026-01"
    assert shift_month("2026-06", -300) == "2001-06"


def test_a_backfill_of_old_articles_does_not_move_the_start() -> None:
    live = [_art("a", "2026-03", "2026-03"), _art("b", "2026-05", "2026-05")]
    old = [_art(f"o{i}", f"{2001 + i:04d}-01", "2026-06", case=i % 2 == 0) for i in range(24)]
    p = report_period([_run(date(2026, 3, 4))], live + old, today=TODAY)
    assert (p.start, p.end, p.monitoring_start) == ("2026-03", "2026-06", "2026-03")
    assert p.articles_before == 24 and p.case_articles_before == 12
    assert p.articles_before_by_country == {"LK": 24}
    assert (p.earliest_before, p.latest_before) == ("2001-01", "2024-01")
    note = p.note()
    assert note is not None and note.startswith("24 articles dated before the period (2001-01")
    assert p.contains("2026-04") and not p.contains("2024-01")


def test_recent_back_catalogue_within_the_lookback_is_in_the_period() -> None:
    # A first crawl in June brings in the outlet's articles since January: they are monitored.
    arts = [_art("a", "2026-01", "2026-06"), _art("b", "2026-06", "2026-06")]
    p = report_period([], arts, today=TODAY)
    assert (p.start, p.monitoring_start) == ("2026-01", "2026-06")
    assert p.articles_before == 0 and p.note() is None
    # ... but not further back than twelve months before monitoring started.
    p = report_period([], [*arts, _art("c", "2025-05", "2026-06")], today=TODAY)
    assert p.start == "2026-01" and p.articles_before == 1


def test_articles_dated_after_today_are_counted_apart() -> None:
    p = report_period(
        [], [_art("a", "2026-06", None), _art("z", "2031-01", None, "IN")], today=TODAY
    )
    assert p.articles_after == 1 and p.articles_after_by_country == {"IN": 1}
    assert "1 article dated after 2026-06" in (p.note() or "")


def test_no_data_is_a_one_month_period() -> None:
    p = report_period([], [], today=TODAY)
    assert (p.start, p.end, p.monitoring_start) == ("2026-06", "2026-06", None)
