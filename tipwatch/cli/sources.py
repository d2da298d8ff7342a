"""`tipwatch sources ...`: list, validate and health-check the outlet registry.

    tipwatch sources list     [--sources DIR] [--country CC] [--json]
    tipwatch sources validate [--sources DIR]
    tipwatch sources check    [--sources DIR] [--only ID]... [--country CC]... [--json OUT]
                              [--timeout S] [--concurrency N] [--delay S] [--verbose]
    tipwatch sources provisional [--json] [--data-dir DIR]
    tipwatch sources adopt DOMAIN [--country CC] [--name NAME] [--language LL]...
                              [--sources DIR] [--data-dir DIR]

Exit codes (`ExitCode`):
    OK (0)       list/validate/provisional/adopt: fine; check: every source OK or WARN
    FAILURE (1)  validate: the registry has problems; check: at least one source FAIL
    USAGE (2)    no such folder, unknown --only id, a source file that does not load; adopt:
                 no such provisional outlet, no country known and no --country, a file there
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tipwatch.cli.common import DataDir, fail, load_settings, opened_store
from tipwatch.cli.exit_codes import ExitCode

if TYPE_CHECKING:
    from tipwatch.crawlers.source_defs import Source

group = typer.Typer(
    no_args_is_help=True,
    help="Outlet registry: list, validate, check against live sites; provisional outlets.",
)

SourcesDir = Annotated[
    Path | None,
    typer.Option(
        "--sources",
        help="Folder of source YAML files (TIPWATCH_SOURCES_DIR; default: the shipped registry)",
    ),
]


def _sources_dir(sources: Path | None) -> Path:
    from tipwatch.crawlers.source_defs import SourceError, resolve_sources_dir

    try:
        return resolve_sources_dir(sources, load_settings().sources_dir)
    except SourceError as exc:
        raise fail(str(exc)) from exc


def _load(sources: Path | None) -> list[Source]:
    from tipwatch.crawlers.source_defs import SourceError, load_sources

    try:
        return load_sources(_sources_dir(sources))
    except SourceError as exc:
        raise fail(str(exc)) from exc


def _select(all_sources: list[Source], only: list[str], countries: list[str]) -> list[Source]:
    known = {s.id for s in all_sources}
    unknown = [x for x in only if x not in known]
    if unknown:
        raise fail(f"unknown source id(s): {', '.join(unknown)}")
    wanted = {c.upper() for c in countries}
    return [
        s for s in all_sources if (not only or s.id in only) and (not wanted or s.country in wanted)
    ]


@group.command("list")
def list_sources(
    sources: SourcesDir = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="Only this country (repeatable)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the sources as JSON")] = False,
) -> None:
    """List the outlets of the registry, with per-country counts."""
    selected = _select(_load(sources), [], country or [])
    if as_json:
        typer.echo(json.dumps([s.model_dump(mode="json") for s in selected], indent=2))
        return
    rows = [("ID", "CC", "LANG", "FEEDS", "SITEMAPS", "SECTIONS", "SEARCH", "SCHEDULE", "VERIF")]
    for s in selected:
        rows.append(
            (
                s.id,
                s.country,
                ",".join(s.languages),
                str(len(s.feeds)),
                str(len(s.news_sitemaps)),
                str(len(s.sections)),
                "yes" if s.search else "-",
                s.schedule,
                "yes" if s.verified else "no",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        typer.echo("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    per_country = Counter(s.country for s in selected)
    typer.echo(
        f"{len(selected)} sources in {len(per_country)} countries: "
        + ", ".join(f"{c} {n}" for c, n in sorted(per_country.items()))
    )


@group.command("validate")
def validate(sources: SourcesDir = None) -> None:
    """Load every source file and check the registry layout (<cc>/<id>.yaml, unique ids)."""
    from tipwatch.crawlers.source_defs import validate_registry

    directory = _sources_dir(sources)
    good, problems = validate_registry(directory)
    if not directory.is_dir():
        raise fail(problems[0])
    for problem in problems:
        typer.echo(problem, err=True)
    countries = len({s.country for s in good})
    if problems:
        typer.echo(f"{len(problems)} problem(s); {len(good)} valid sources", err=True)
        raise typer.Exit(ExitCode.FAILURE)
    typer.echo(f"{len(good)} sources in {countries} countries: all valid ({directory})")


@group.command("check")
def check(
    sources: SourcesDir = None,
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Only this source id (repeatable)")
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="Only this country (repeatable)")
    ] = None,
    json_out: Annotated[
        Path | None,
        typer.Option("--json", help="Write the full report as JSON to this file ('-': stdout)"),
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", help="Seconds per request (default TIPWATCH_DOWNLOAD_TIMEOUT)"),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=32, help="Sources checked at once")
    ] = 4,
    delay: Annotated[
        float | None,
        typer.Option("--delay", min=0, help="Seconds between requests to one host"),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="One row per probe")] = False,
) -> None:
    """Probe robots.txt, feeds, news sitemaps, section pages and search of each source.

    Exit code 0 when every source is OK or WARN, 1 when any source FAILs, 2 on usage errors.
    """
    from tipwatch.crawlers.checks import any_failed, check_sources, render_table, report_json
    from tipwatch.crawlers.source_defs import DEMO_PLACEHOLDER

    settings = load_settings()
    selected = _select(_load(sources), only or [], country or [])
    placeholders = [s for s in selected if DEMO_PLACEHOLDER in s.model_dump_json()]
    for s in placeholders:
        typer.echo(f"skipping {s.id}: demo source with {DEMO_PLACEHOLDER} URLs", err=True)
    selected = [s for s in selected if s not in placeholders]
    if not selected:
        raise fail("no sources to check")
    results = check_sources(
        selected,
        user_agent=settings.user_agent,
        timeout=timeout if timeout is not None else settings.download_timeout,
        concurrency=concurrency,
        delay=delay if delay is not None else settings.download_delay,
        max_bytes=settings.max_body_bytes,
    )
    to_stdout = json_out is not None and str(json_out) == "-"
    typer.echo(render_table(results, verbose=verbose), err=to_stdout)
    if json_out is not None:
        text = json.dumps(report_json(results), indent=2)
        if to_stdout:
            typer.echo(text)
        else:
            try:
                json_out.parent.mkdir(parents=True, exist_ok=True)
                json_out.write_text(text + "\n", encoding="utf-8")
            except OSError as exc:
                raise fail(f"cannot write {json_out}: {exc}") from exc
    if any_failed(results):
        raise typer.Exit(ExitCode.FAILURE)


@group.command("provisional")
def provisional(
    as_json: Annotated[bool, typer.Option("--json", help="Print the outlets as JSON")] = False,
    data_dir: DataDir = None,
) -> None:
    """List the provisional outlets: hosts outside the registry whose pages `ingest-warc` kept,
    with the country inferred and how, detected languages, pages, articles, cases, first and
    last seen. Coverage counts them apart until adopted (`tipwatch sources adopt`)."""
    from tipwatch.store.provisional import provisional_report

    settings = load_settings(data_dir)
    with opened_store(settings, scan=False) as store, store.session() as s:
        rows = provisional_report(s)
    if as_json:
        typer.echo(json.dumps([r.model_dump(mode="json") for r in rows], indent=2))
        return
    table = [("DOMAIN", "CC", "HOW", "LANG", "PAGES", "ARTICLES", "CASES", "FIRST", "LAST")]
    for r in rows:
        table.append(
            (
                r.domain,
                r.country or "?",
                r.country_method,
                ",".join(r.languages) or "-",
                str(r.pages),
                str(r.articles),
                str(r.cases),
                r.first_seen.date().isoformat() if r.first_seen else "-",
                r.last_seen.date().isoformat() if r.last_seen else "-",
            )
        )
    widths = [max(len(t[i]) for t in table) for i in range(len(table[0]))]
    for t in table:
        typer.echo("  ".join(c.ljust(w) for c, w in zip(t, widths, strict=True)).rstrip())
    typer.echo(
        f"{len(rows)} provisional outlets, {sum(r.articles for r in rows)} articles, "
        f"{sum(r.cases for r in rows)} cases (counted apart in coverage until adopted)"
    )


@group.command("adopt")
def adopt(
    domain: Annotated[str, typer.Argument(help="The provisional outlet's domain (or id)")],
    country: Annotated[
        str | None,
        typer.Option("--country", help="ISO alpha-2 country (default: the inferred one)"),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Outlet name (default: the domain)")
    ] = None,
    language: Annotated[
        list[str] | None,
        typer.Option("--language", help="ISO 639-1 code (repeatable; default: the detected)"),
    ] = None,
    sources: SourcesDir = None,
    data_dir: DataDir = None,
) -> None:
    """Make a provisional outlet a registry source: write its YAML file in the sources folder
    (`<cc>/<id>.yaml`, validated) and clear the provisional flag, so coverage counts it as a
    regular outlet. Its feeds and sections are left for an operator to add."""
    from pydantic import ValidationError

    from tipwatch.crawlers.source_defs import Source, SourceError, format_validation_error
    from tipwatch.crawlers.source_writer import write_source
    from tipwatch.records import UNKNOWN_COUNTRY
    from tipwatch.store.provisional import NotProvisional, find_provisional
    from tipwatch.store.provisional import adopt as adopt_outlet

    settings = load_settings(data_dir)
    directory = _sources_dir(sources)
    with opened_store(settings) as store, store.session() as s:
        try:
            row = find_provisional(s, domain)
        except NotProvisional as exc:
            raise fail(f"{exc} (see `tipwatch sources provisional`)") from exc
        cc = (country or ("" if row.country == UNKNOWN_COUNTRY else row.country)).upper()
        if not cc:
            raise fail(
                f"{row.domain}: no country could be inferred (method {row.country_method}); "
                "give it with --country XX"
            )
        langs = list(language or [code for code in row.languages or [] if len(code) == 2])
        if not langs:
            raise fail(f"{row.domain}: no article language detected; give it with --language")
        try:
            source = Source(
                id=row.id,
                name=name or row.name,
                country=cc,
                languages=langs,
                homepage=row.homepage,
                notes=(
                    f"Adopted from the provisional outlet {row.domain} kept by ingest-warc "
                    f"(country inferred by {row.country_method}"
                    + (f": {row.country_evidence})" if row.country_evidence else ")")
                ),
            )
        except ValidationError as exc:
            problems = format_validation_error(Path("--"), exc).replace("--: ", "")
            raise fail(f"{row.domain}: cannot adopt:\n{problems}") from exc
        try:
            path = write_source(
                directory,
                source,
                comment=(
                    f"{source.name}: adopted with `tipwatch sources adopt` from pages ingested "
                    "from WARC files.\nNo feed, sitemap or section yet: add them, run "
                    f"`tipwatch sources check --only {source.id}`, then set `verified: true`."
                ),
            )
        except SourceError as exc:
            raise fail(str(exc)) from exc
        adopted = row.domain or row.id
        adopt_outlet(s, row, country=source.country, name=source.name)
    typer.echo(f"adopted {adopted} as {source.id} ({source.country}): wrote {path}")
