"""Scheduled runs (`tipwatch schedule`): one Prefect deployment per source, on the source's own
cron in its own time zone, all served by one long-running process.

Each deployment runs `source_run` for its source: the `pipeline` flow for that one source, as
`tipwatch run --only ID` does. Three limits keep runs apart:

- per source: the deployment's concurrency limit is 1 with collision strategy CANCEL_NEW, so a
  run that would overlap the source's previous one is cancelled by the Prefect server ("Deployment
  concurrency limit reached."); the next cron tick tries again, and the URL ledger carries what
  was left pending. A run killed with its `tipwatch schedule` keeps that slot while Prefect has
  it RUNNING: the next `tipwatch schedule` marks it `Crashed` when it starts
  (`run_guard.close_crashed_runs`), which frees the slot;
- per data folder: the run lock (`run_guard`); a scheduled run waits for it up to
  `Settings.schedule_lock_wait` seconds, then ends as `Skipped` with the holder in its message;
- globally: a Prefect global concurrency limit, `tipwatch-crawls`
  (`Settings.max_concurrent_crawls`), that every `tipwatch schedule` process using the same
  Prefect server shares.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import structlog
from prefect import flow
from prefect.states import Completed, Failed, State
from pydantic import BaseModel, ConfigDict

from tipwatch.crawlers.source_defs import Source, load_sources, resolve_sources_dir
from tipwatch.flows import detach_prefect_server, one_line_prefect_failures
from tipwatch.flows.run_guard import RunBusy, held_run_waiting
from tipwatch.settings import Settings, get_settings

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

detach_prefect_server()
one_line_prefect_failures()
log = structlog.get_logger(__name__)

GLOBAL_LIMIT = "tipwatch-crawls"
# Seconds a crawl slot's lease lasts unless its holder renews it (it does every 3/4 of it): a
# killed holder's slot frees itself within about this long (and the server's 15 s sweep), not
# Prefect's default 5 minutes. Prefect's floor is 60.
CRAWL_SLOT_LEASE = 60.0
FLOW_NAME = "source-run"
SKIPPED = "Skipped"


class PlannedDeployment(BaseModel):
    """What `tipwatch schedule` serves for one source (and prints with `--dry-run`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str  # <flow>/<deployment>, as Prefect's UI and CLI name it
    source_id: str
    cron: str
    timezone: str
    next_runs: list[datetime]


def next_runs(source: Source, n: int = 3, after: datetime | None = None) -> list[datetime]:
    """The next `n` start times of the source's schedule after `after` (default now), in the
    source's time zone, computed by the Prefect server's own schedule code."""
    from prefect.server.schemas.schedules import CronSchedule

    schedule = CronSchedule(cron=source.schedule, timezone=source.timezone)
    dates = asyncio.run(schedule.get_dates(n=n, start=after))
    return [d.astimezone(_zone(source.timezone)) for d in dates]


def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def plan(
    sources: Sequence[Source], n: int = 3, after: datetime | None = None
) -> list[PlannedDeployment]:
    return [
        PlannedDeployment(
            name=f"{FLOW_NAME}/{s.id}",
            source_id=s.id,
            cron=s.schedule,
            timezone=s.timezone,
            next_runs=next_runs(s, n, after),
        )
        for s in sources
    ]


def build_deployments(
    sources: Sequence[Source], *, sources_dir: Path, data_dir: Path
) -> list[RunnerDeployment]:
    """One deployment per source: its cron in its time zone, at most one run at a time (an
    overlapping run is cancelled), `source_run` with the source's id as parameters."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    return [
        cast(
            "RunnerDeployment",
            source_run.to_deployment(
                name=s.id,
                schedules=[Cron(s.schedule, timezone=s.timezone)],
                parameters={
                    "source_id": s.id,
                    "sources_dir": str(sources_dir.resolve()),
                    "data_dir": str(data_dir.resolve()),
                },
                concurrency_limit=ConcurrencyLimitConfig(
                    limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
                ),
                tags=["tipwatch", f"country:{s.country}"],
                description=f"{s.name} ({s.country}): `{s.schedule}` {s.timezone}",
                entrypoint_type=EntrypointType.MODULE_PATH,
            ),  # a RunnerDeployment when called from synchronous code
        )
        for s in sources
    ]


def ensure_global_limit(limit: int, *, overwrite: bool) -> int:
    """Create the `tipwatch-crawls` global concurrency limit with `limit` slots if Prefect has
    none; with `overwrite`, set an existing one to `limit`. Returns the limit now in force."""
    from prefect import get_client
    from prefect.client.schemas.actions import (
        GlobalConcurrencyLimitCreate,
        GlobalConcurrencyLimitUpdate,
    )
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            current = client.read_global_concurrency_limit_by_name(GLOBAL_LIMIT)
        except ObjectNotFound:
            client.create_global_concurrency_limit(
                GlobalConcurrencyLimitCreate(name=GLOBAL_LIMIT, limit=limit)
            )
            return limit
        if overwrite and (current.limit != limit or not current.active):
            client.update_global_concurrency_limit(
                GLOBAL_LIMIT, GlobalConcurrencyLimitUpdate(limit=limit, active=True)
            )
            return limit
        return current.limit


@contextmanager
def crawl_slot(timeout: float | None = None) -> Iterator[None]:
    """Hold one slot of `tipwatch-crawls` (waiting up to `timeout` seconds, `TimeoutError`
    after; None waits for good). The slot is a lease: a killed holder's slot frees itself
    (`CRAWL_SLOT_LEASE`)."""
    from prefect.concurrency.sync import concurrency

    with concurrency(
        GLOBAL_LIMIT,
        occupy=1,
        timeout_seconds=timeout,
        lease_duration=CRAWL_SLOT_LEASE,
        strict=True,
    ):
        yield


def _settings(data_dir: str | None) -> Settings:
    return get_settings(data_dir=Path(data_dir)) if data_dir else get_settings()


def _source(source_id: str, sources_dir: str | None, settings: Settings) -> Source:
    folder = resolve_sources_dir(Path(sources_dir) if sources_dir else None, settings.sources_dir)
    for source in load_sources(folder):
        if source.id == source_id:
            return source
    raise ValueError(f"no source {source_id!r} in {folder}")


@flow(name=FLOW_NAME, log_prints=False)
def source_run(
    source_id: str, sources_dir: str | None = None, data_dir: str | None = None
) -> State[Any]:
    """One scheduled run of one source: wait for the data folder (up to
    `schedule_lock_wait`) and a global crawl slot, then the pipeline for that source."""
    from tipwatch.flows.pipeline import pipeline

    settings = _settings(data_dir)
    source = _source(source_id, sources_dir, settings)
    wait = settings.schedule_lock_wait
    ensure_global_limit(settings.max_concurrent_crawls, overwrite=False)
    started = time.monotonic()
    with ExitStack() as held:
        try:
            held.enter_context(held_run_waiting(settings, wait))
            held.enter_context(crawl_slot(timeout=wait))
        except (RunBusy, TimeoutError) as exc:
            reason = (
                str(exc)
                if isinstance(exc, RunBusy)
                else f"no free slot of the {GLOBAL_LIMIT} concurrency limit"
            )
            waited = round(time.monotonic() - started)
            log.warning(
                "schedule.run_skipped", source=source_id, reason=reason, waited_seconds=waited
            )
            return Completed(name=SKIPPED, message=f"skipped after waiting {waited} s: {reason}")
        result = pipeline([source], settings)
    c = result.counts
    summary = (
        f"run {result.crawl_run_id}: {result.crawl_report.get('pages_fetched', 0)} pages, "
        f"{c.articles} articles, {c.cases} case reports"
    )
    if result.all_sources_failed:
        first = result.crawl_errors[0] if result.crawl_errors else "no article found"
        return Failed(message=f"{summary}; the source failed ({first})")
    if result.assertion_violations:
        return Failed(message=f"{summary}; " + "; ".join(result.assertion_violations))
    log.info("schedule.run_done", source=source_id, summary=summary)
    return Completed(message=summary)


def serve_deployments(deployments: Sequence[RunnerDeployment], limit: int) -> None:
    """Serve the deployments until Ctrl-C or SIGTERM (their schedules are paused then); this
    process runs at most `limit` flow runs at once, each in a child process."""
    from prefect import serve

    serve(*deployments, limit=limit)
