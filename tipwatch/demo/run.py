"""`tipwatch demo`: the main job on the embedded defaults, against a local fictional news site."""

from __future__ import annotations

import secrets
from pathlib import Path

import structlog
import typer

from tipwatch.crawlers.source_defs import Source, load_sources
from tipwatch.domain.legal_status import LEGAL_STATUSES
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.tables import coverage_text, render

log = structlog.get_logger(__name__)

DEMO_USER = "analyst"


def cases_text(store: Store) -> str:
    from tipwatch.store.repository import list_cases

    with store.session() as s:
        cases = list_cases(s, limit=1000)
        rows = []
        for c in sorted(cases, key=lambda c: (c.country or "", c.article.source_id, c.id)):
            people = "; ".join(f"{p.name} ({p.status})" for p in c.perpetrators) or "(unnamed)"
            rows.append(
                [
                    c.country or "?",
                    c.article.country_of_publication or "?",
                    c.article.source_id,
                    ",".join(c.charge_categories),
                    people,
                ]
            )
    return render(["case country", "published in", "outlet", "charges", "perpetrators"], rows)


def bias_summary(store: Store) -> str:
    """The compact coverage-bias section of the summary (`tipwatch coverage` has it all)."""
    from datetime import UTC, datetime

    from tipwatch.metrics.build import build_report
    from tipwatch.metrics.render import bias_summary_text

    with store.session() as s:
        report = build_report(s, today=datetime.now(UTC).date())
    return (
        "Coverage bias (this month's crawl status, population share reading a monitored language,\n"
        "top outlet's share of stories, capture-recapture; `tipwatch coverage` shows it all):\n"
        + bias_summary_text(report)
    )


def serve_ui(settings: Settings, store: Store, *, login_hint: str | None = None) -> None:
    import uvicorn

    from tipwatch.review_ui.app import create_app
    from tipwatch.review_ui.auth import ensure_secret_key
    from tipwatch.screening import postings
    from tipwatch.screening.pool import ScreeningPool, batch_workers
    from tipwatch.screening.warm import settle, warm_up
    from tipwatch.store.name_keys import stale_datasets

    settings = ensure_secret_key(settings)
    # Worker processes for batch requests: started first, they load their name tables while
    # this process loads its own.
    workers = batch_workers(settings.screen_workers)
    pool = ScreeningPool(settings, workers) if workers else None
    app = create_app(settings, store, pool)
    # Imported lists' key postings: read by memory map; a list without current ones is
    # screened by SQL while they are built in the background.
    lists = postings.attach(store, settings.data_dir, build_missing=True)
    # screening's name tables load now, not on the first API request
    typer.echo(f"Name tables for screening loaded in {warm_up():.1f} s.")
    with store.session() as s:
        _, missing = lists.warm(s)
    if missing:
        typer.echo(f"Building key postings of {', '.join(missing)} in the background.")
    settle()
    with store.session() as s:
        stale = stale_datasets(s)
    if stale:
        typer.echo(
            f"Imported lists keyed by an older name analysis: {', '.join(stale)}. Screening "
            "still finds their names by the old keys; run `tipwatch db rekey` to key them anew."
        )
    url = f"http://{settings.ui_host}:{settings.ui_port}/"
    typer.echo(f"\nReview UI: {url}")
    if login_hint:
        typer.echo(login_hint)
    typer.echo("Press Ctrl+C to stop.")
    try:
        uvicorn.run(app, host=settings.ui_host, port=settings.ui_port, log_level="warning")
    finally:
        if pool is not None:
            pool.close()


def _summary(settings: Settings, sources: list[Source], allow_loopback: bool) -> Store:
    from tipwatch.flows.pipeline import pipeline
    from tipwatch.flows.run_guard import held_run

    # Taken before Prefect starts: a busy data folder is one `RunBusy` line, no flow traceback.
    with held_run(settings):
        result = pipeline(sources, settings, allow_loopback=allow_loopback)
    store = Store.from_settings(settings)
    c = result.counts
    crawl_skips = result.crawl_report.get("skipped") or {}
    assert isinstance(crawl_skips, dict)
    skipped = {**{f"crawl:{k}": v for k, v in crawl_skips.items()}, **c.skipped}
    typer.echo("")
    typer.echo(
        f"Crawled {len(sources)} outlets: {c.pages} pages fetched, {c.articles} articles, "
        f"{c.cases} case reports"
        + (
            f", {c.not_extracted} not extracted (another language) in the review queue"
            if c.not_extracted
            else ""
        )
        + "; skipped: "
        + (", ".join(f"{k}={v}" for k, v in sorted(skipped.items())) or "none")
    )
    typer.echo(f"Search index: {result.indexed} outbox rows synced")
    for problem in result.assertion_violations:
        typer.echo(f"ASSERTION FAILED: {problem}")
    typer.echo("\nCoverage per country (counts mean little without the effort behind them):")
    typer.echo(coverage_text(result.coverage))
    typer.echo("\n" + bias_summary(store))
    alleged = LEGAL_STATUSES.alleged_phrase("or").lower()
    typer.echo(f"\nCases (status is what the article reports; {alleged} is alleged):")
    typer.echo(cases_text(store))
    return store


def run_demo(settings: Settings, *, sources_dir: Path | None, serve: bool) -> int:
    if sources_dir is not None:
        store = _summary(settings, load_sources(sources_dir), allow_loopback=False)
    else:
        from tipwatch.demo.server import serve_demo

        with serve_demo() as site:
            typer.echo("Demo news site (fictional): " + ", ".join(site.base_urls.values()))
            store = _summary(settings, site.sources, allow_loopback=True)
    if not serve:
        store.dispose()
        return 0
    from tipwatch.accounts import save_user

    password = secrets.token_urlsafe(12)
    with store.session() as s:
        save_user(s, DEMO_USER, password, "admin")
    serve_ui(
        settings,
        store,
        login_hint=f"Log in as '{DEMO_USER}' with password '{password}' (new each demo run).",
    )
    return 0
