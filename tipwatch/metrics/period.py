"""The report period: which months the coverage report plots and counts.

The period ends with the month of `today`. It starts with the earliest dated article or crawl
run, but never more than `LOOKBACK_MONTHS` before monitoring started (a first crawl of an
outlet's sitemaps and archive pages legitimately brings in the recent back-catalogue).
Monitoring starts with the first crawl run or, without runs, the first article fetched (the
fetch date, else the date it was stored: never its publication date).

So a backfill of old articles (publication dates 25 years back, fetched today) does not stretch
the time axis or add 25 years of one country's archive to its per-million rate beside countries
monitored for a few months: the articles dated before the period are counted apart, per
country, and the dashboard and CLI say how many were left out (`ReportPeriod`). Articles dated
after `today` (a wrong publication date) are counted apart too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from tipwatch.metrics.effort import ArticleFact, RunFact, month_of

LOOKBACK_MONTHS = 12


class ReportPeriod(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    start: str  # YYYY-MM, first month plotted and counted
    end: str  # YYYY-MM, the month of the report's `today`
    monitoring_start: str | None  # month of the first crawl run / first fetch; None: no data
    articles_before: int = 0  # dated before `start`: not plotted, not in any rate
    articles_before_by_country: dict[str, int] = Field(default_factory=dict)  # outlet country
    case_articles_before: int = 0
    earliest_before: str | None = None  # month of the oldest article left out
    latest_before: str | None = None  # month of the newest article left out
    articles_after: int = 0  # dated after `end`
    articles_after_by_country: dict[str, int] = Field(default_factory=dict)

    def contains(self, month: str) -> bool:
        return self.start <= month <= self.end

    def note(self) -> str | None:
        """One sentence on what was left out, or None when nothing was."""
        parts: list[str] = []
        if self.articles_before:
            where = ", ".join(f"{c} {n}" for c, n in self.articles_before_by_country.items())
            cases = self.case_articles_before
            of_them = f"; {cases} of them case reports" if cases else ""
            parts.append(
                f"{self.articles_before} article{_s(self.articles_before)} dated before the "
                f"period ({self.earliest_before} to {self.latest_before}; {where}"
                f"{of_them}) are not plotted and not in any rate"
            )
        if self.articles_after:
            parts.append(
                f"{self.articles_after} article{_s(self.articles_after)} dated after "
                f"{self.end} (a wrong publication date) are not plotted"
            )
        return "; ".join(parts) + "." if parts else None


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def shift_month(month: str, n: int) -> str:
    year, mon = (int(p) for p in month.split("-"))
    idx = year * 12 + (mon - 1) + n
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def report_period(
    runs: Sequence[RunFact],
    articles: Sequence[ArticleFact],
    *,
    today: date,
    lookback: int = LOOKBACK_MONTHS,
) -> ReportPeriod:
    end = month_of(today)
    run_months = [month_of(r.started_at) for r in runs]
    fetch_months = [a.fetched_month or a.month for a in articles]
    activity = run_months or fetch_months
    monitoring = min(activity) if activity else None
    first = min(monitoring, end) if monitoring is not None else end
    floor = shift_month(first, -lookback)
    dated = [m for m in run_months + [a.month for a in articles] if floor <= m <= end]
    start = min([*dated, first])
    before = [a for a in articles if a.month < start]
    after = [a for a in articles if a.month > end]
    return ReportPeriod(
        start=start,
        end=end,
        monitoring_start=monitoring,
        articles_before=len(before),
        articles_before_by_country=dict(sorted(Counter(a.source_country for a in before).items())),
        case_articles_before=sum(1 for a in before if a.case_id is not None),
        earliest_before=min((a.month for a in before), default=None),
        latest_before=max((a.month for a in before), default=None),
        articles_after=len(after),
        articles_after_by_country=dict(sorted(Counter(a.source_country for a in after).items())),
    )
