"""The coverage report: every coverage-bias metric per country, assembled from the store.

The models are the contract between the computation (`build_report`), the CLI (`tipwatch
coverage`), the JSON export and the review UI's dashboard.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from tipwatch.metrics.effort import CountryMonthEffort, OutletHealth
from tipwatch.metrics.estimators import MultiSourceEstimate, TwoSourceEstimate
from tipwatch.metrics.language import LanguageCoverageRow
from tipwatch.metrics.mix import Concentration, DriftResult, FitTest, MixResult
from tipwatch.metrics.origin import NationalityCoverage, OriginCell
from tipwatch.metrics.period import ReportPeriod
from tipwatch.metrics.provisional import ProvisionalCount
from tipwatch.metrics.source_health import SourceHealth


class CaptureRecapture(BaseModel):
    """Estimated number of cases in a country from their overlap across independent outlets."""

    model_config = ConfigDict(extra="forbid")

    outlets: int  # independent sources used (syndication groups)
    observed_cases: int  # distinct cases seen by at least one of them
    two_source: TwoSourceEstimate | None = None
    multi_source: MultiSourceEstimate | None = None
    # Why no estimate was made (too few outlets, no overlap ...), or caveats of this one.
    note: str | None = None


class DriftAlert(BaseModel):
    model_config = ConfigDict(extra="forbid")

    group: str  # "country:XX" or "outlet:<source id>"
    window_a: str  # "YYYY-MM..YYYY-MM"
    window_b: str
    result: DriftResult


class CountryReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    country: str
    country_name: str
    population: int | None
    months: list[CountryMonthEffort] = Field(default_factory=list)  # oldest first
    latest: CountryMonthEffort | None = None  # the current month
    outlets: list[OutletHealth] = Field(default_factory=list)
    language: LanguageCoverageRow | None = None
    concentration: Concentration | None = None
    mix: MixResult | None = None  # case-type mix of this country's cases
    mix_vs_reference: FitTest | None = None
    drift: list[DriftAlert] = Field(default_factory=list)
    capture_recapture: CaptureRecapture | None = None


class CoverageReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    generated_at: datetime
    today: date
    countries: list[CountryReport]
    origin: list[OriginCell]
    # The months plotted and counted, and the articles left out of them (None: an old report).
    period: ReportPeriod | None = None
    # People in the origin matrix and how many have a known nationality.
    nationality: NationalityCoverage | None = None
    # Each outlet's crawls, articles and failures over the last weeks, flagged when it dropped.
    source_health: list[SourceHealth] = Field(default_factory=list)
    # Caveats that apply to every number (stated once, shown beside the tables).
    caveats: list[str] = Field(default_factory=list)
    # Provisional outlets (`ingest-warc` hosts outside the registry) per inferred country: in
    # no figure above until adopted; a caveat states them.
    provisional: list[ProvisionalCount] = Field(default_factory=list)
