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
    files: list[Path] = typer.Argument(  # noqa: B008
        ..., help="Labelled files: cases-dev's cases.jsonl, a materialized corpus.jsonl."
    ),
    split: str | None = typer.Option(
        None, help="Only this split of a corpus file (train, dev, test); cases-dev is all kept."
    ),
    by: bool = typer.Option(
        True, "--by/--no-by", help="Also break figures down by source country and genre."
    ),
    out: Path | None = typer.Option(None, "--json", help="Also write figures as JSON here."),  # noqa: B008
    workers: int = typer.Option(
        0, help="Processes that extract (0: one per core). The figures do not depend on it."
    ),
) -> None:
    """Score the extractor (as configured: TIPWATCH_CASE_THRESHOLD) on annotated files and
    print, per file: case, perpetrator, status, charge-category, place figures and victim
    leaks, a breakdown by source country and genre, and the status confusion table."""
    from tipwatch.nlp.eval import (
        breakdown,
        format_breakdown,
        format_confusion,
        format_table,
        load_split,
        predict,
        score,
    )
    from tipwatch.nlp.extractor import CaseExtractor

    missing = [f for f in files if not f.is_file()]
    if missing:
        typer.echo(f"error: no such file: {missing[0]}", err=True)
        raise typer.Exit(2)
    extractor = CaseExtractor.from_settings(get_settings())
    figures: dict[str, object] = {}
    for path in files:
        records = load_split(path, split)
        preds = predict(records, extractor, workers=workers or None)
        result = score(records, preds)
        label = f"{path}" + (
            f" (split {split})" if split and records and "split" in records[0] else ""
        )
        typer.echo(f"== {label}")
        typer.echo(format_table(result))
        if by:
            typer.echo(
                format_breakdown(
                    "source country", breakdown(records, preds, "country_of_publication")
                )
            )
            typer.echo(format_breakdown("genre", breakdown(records, preds, "genre")))
        typer.echo("status confusion (matched names):")
        typer.echo(format_confusion(result))
        figures[str(path)] = result.to_json()
    if out is not None:
        only = next(iter(figures.values())) if len(figures) == 1 else figures
        out.write_text(json.dumps(only, indent=2), encoding="utf-8")


def register(app: typer.Typer) -> None:
    """Add `extract` and `eval` to the main tipwatch CLI."""
    app.command("extract")(extract_command)
    app.command("eval")(eval_command)
    app.command("train")(train_command)


def train_command(
    corpus: Path = typer.Argument(  # noqa: B008
        ..., help="A materialized corpus.jsonl (`tipwatch corpus materialize`)."
    ),
    out: Path = typer.Option(  # noqa: B008
        None,
        help=(
            "Where to write case.json, case_brief.json, person.json and country.json"
            " (default: the package's models)."
        ),
    ),
    l2: float = typer.Option(1.0, help="L2 penalty on the weights."),
    also: list[Path] = typer.Option(  # noqa: B008
        [], help="More labelled files to train on, all their records (e.g. cases-dev)."
    ),
) -> None:
    """Fit the learned components (case decision, perpetrator decision, case country) on the
    corpus's train split; print their figures on the dev split. Deterministic: the same corpus
    gives the same weights. The test split is never read."""
    from tipwatch.nlp.learned.train import train
    from tipwatch.nlp.models import MODELS

    if not corpus.is_file():
        typer.echo(f"error: no such file: {corpus}", err=True)
        raise typer.Exit(2)
    result = train(corpus, out or MODELS, l2=l2, also=also)
    typer.echo(json.dumps(result, indent=2))
