"""`tipwatch extract` and `tipwatch eval`: registered on the main CLI by `register(app)`."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import typer

from tipwatch.records import Extraction, FetchedPage, Skipped
from tipwatch.settings import get_settings


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    return Path(path).read_bytes()


def extract_command(
    paths: list[str] = typer.Argument(..., help="Files to read; '-' reads stdin."),  # noqa: B008
    as_json: bool = typer.Option(False, "--json", help="One JSON object per input per line."),
    html: bool = typer.Option(False, "--html", help="Inputs are HTML pages (run trafilatura)."),
    country: str | None = typer.Option(None, "--country", help="Country of publication (ISO)."),
) -> None:
    """Extract trafficking-case facts from text (or HTML) files."""
    from tipwatch.nlp.article import page_to_article
    from tipwatch.nlp.extractor import CaseExtractor

    contents: list[tuple[str, bytes]] = []
    for path in paths:
        try:
            contents.append((path, _read(path)))
        except OSError as exc:
            typer.echo(f"error: cannot read {path}: {exc.strerror or exc}", err=True)
            raise typer.Exit(2) from exc
    extractor = CaseExtractor.from_settings(get_settings())
    for path, raw in contents:
        source = str(path)  # "-" for stdin, as given
        if html:
            page = FetchedPage(
                url=source,
                final_url=source,
                status=200,
                headers={"content-type": "text/html"},
                body=raw,
                fetched_at=datetime.now(UTC),
                source_id="cli",
            )
            article = page_to_article(page, country)
            if isinstance(article, Skipped):
                # the same object shape as any other extraction, so consumers see one schema
                extraction = Extraction(
                    source=source,
                    language=None,
                    is_case=False,
                    case_score=0.0,
                    skipped=article.reason,
                    extractor_version=extractor.version,
                )
            else:
                # the input path stays the source ("-" for stdin), as without --html
                extraction = extractor.extract_article(article).model_copy(
                    update={"source": source}
                )
        else:
            extraction = extractor.extract_text(
                raw.decode("utf-8", errors="replace"), source=source, publication_country=country
            )
        if as_json:
            typer.echo(json.dumps(extraction.to_cli_json(), ensure_ascii=False))
        else:
            names = ", ".join(f"{p.name} ({p.status.value})" for p in extraction.perpetrators)
            typer.echo(
                f"{source}: case={extraction.is_case} score={extraction.case_score:.2f} "
                f"country={extraction.jurisdiction.country} perpetrators=[{names}]"
            )


def eval_command(
    cases: Path = typer.Argument(..., help="cases.jsonl with gold labels."),  # noqa: B008
    out: Path | None = typer.Option(None, "--json", help="Also write figures as JSON here."),  # noqa: B008
) -> None:
    """Score the extractor (as configured: TIPWATCH_CASE_THRESHOLD) on an annotated cases.jsonl
    and print the figures."""
    from tipwatch.nlp.eval import evaluate, format_table
    from tipwatch.nlp.extractor import CaseExtractor

    if not cases.is_file():
        typer.echo(f"error: no such file: {cases}", err=True)
        raise typer.Exit(2)
    result = evaluate(cases, CaseExtractor.from_settings(get_settings()))
    typer.echo(format_table(result))
    if out is not None:
        out.write_text(json.dumps(result.to_json(), indent=2), encoding="utf-8")


def register(app: typer.Typer) -> None:
    """Add `extract` and `eval` to the main tipwatch CLI."""
    app.command("extract")(extract_command)
    app.command("eval")(eval_command)
