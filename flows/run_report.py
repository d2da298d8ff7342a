"""The run's summary as a Prefect markdown artifact: per source, the article URLs found, the
articles and case reports stored by this run, the assertion result; skips by reason; and what
the run changed in the per-country coverage table. Operators read it in the Prefect UI beside
the run's logs; the same text is what `PipelineResult.summary_markdown` carries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tipwatch.coverage import CoverageRow
from tipwatch.crawlers.source_defs import Source
from tipwatch.store.models import ArticleRow, CaseRow

log = structlog.get_logger(__name__)

ARTIFACT_KEY = "tipwatch-run"
SourceCounts = dict[str, tuple[int, int]]


def stored_by_source(session: Session, source_ids: Sequence[str]) -> SourceCounts:
    """(articles, case reports) stored for each source: taken before and after a run, the
    difference is what the run added."""
    articles = dict(
        session.execute(
            select(ArticleRow.source_id, func.count())
            .where(ArticleRow.source_id.in_(list(source_ids)))
            .group_by(ArticleRow.source_id)
        ).all()
    )
    cases = dict(
        session.execute(
            select(ArticleRow.source_id, func.count(CaseRow.id))
            .join(CaseRow, CaseRow.article_id == ArticleRow.id)
            .where(ArticleRow.source_id.in_(list(source_ids)))
            .group_by(ArticleRow.source_id)
        ).all()
    )
    return {sid: (int(articles.get(sid, 0)), int(cases.get(sid, 0))) for sid in source_ids}


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def run_markdown(
    *,
    run_id: int,
    status: str,
    sources: Sequence[Source],
    crawl_report: Mapping[str, object],
    skipped: Mapping[str, int],
    violations: Sequence[str],
    before: SourceCounts,
    after: SourceCounts,
    coverage_before: Sequence[CoverageRow],
    coverage_after: Sequence[CoverageRow],
) -> str:
    """The summary of one run as markdown (pure: every figure comes in as an argument)."""
    found = crawl_report.get("discovered_by_source")
    found = found if isinstance(found, Mapping) else {}
    failed = crawl_report.get("failed_sources")
    failed_ids = set(failed) if isinstance(failed, list) else set()
    lines = [
        f"# tipwatch run {run_id}: {status}",
        "",
        f"Pages fetched: {crawl_report.get('pages_fetched', 0)}; crawl errors: "
        f"{crawl_report.get('errors', 0)}; robots.txt refusals: "
        f"{crawl_report.get('robots_forbidden', 0)}.",
        "",
        "| source | country | article URLs found | articles stored | case reports | assertions |",
        "|---|---|---|---|---|---|",
    ]
    for src in sources:
        a0, c0 = before.get(src.id, (0, 0))
        a1, c1 = after.get(src.id, (0, 0))
        problems = [v for v in violations if v.startswith(f"{src.id}: ")]
        verdict = (
            "; ".join(problems)
            if problems
            else ("failed: nothing reachable" if src.id in failed_ids else "ok")
        )
        lines.append(
            f"| {_cell(src.id)} | {src.country} | {found.get(src.id, 0)} | +{a1 - a0} "
            f"({a1}) | +{c1 - c0} ({c1}) | {_cell(verdict)} |"
        )
    lines += ["", "## Skipped, by reason", ""]
    if skipped:
        lines += ["| reason | pages |", "|---|---|"]
        lines += [f"| {_cell(k)} | {v} |" for k, v in sorted(skipped.items())]
    else:
        lines.append("none")
    lines += [
        "",
        "## Coverage changes (countries this run touched)",
        "",
        "| country | articles fetched | case articles | perpetrators | per million |",
        "|---|---|---|---|---|",
    ]
    old = {r.country: r for r in coverage_before}
    touched = 0
    for row in coverage_after:
        prev = old.get(row.country)
        d_art = row.articles_fetched - (prev.articles_fetched if prev else 0)
        d_case = row.case_articles - (prev.case_articles if prev else 0)
        d_perp = row.perpetrators - (prev.perpetrators if prev else 0)
        if not (d_art or d_case or d_perp):
            continue
        touched += 1
        rate = (
            "n/a"
            if row.case_articles_per_million is None
            else f"{row.case_articles_per_million:.4g}"
        )
        lines.append(
            f"| {row.country} | {row.articles_fetched} ({d_art:+d}) | {row.case_articles} "
            f"({d_case:+d}) | {row.perpetrators} ({d_perp:+d}) | {rate} |"
        )
    if not touched:
        lines.append("| (no change) | | | | |")
    return "\n".join(lines) + "\n"


def publish(markdown: str, run_id: int) -> str | None:
    """The summary as a Prefect markdown artifact of the current flow run; its id, or None when
    Prefect cannot take it (the run's result never depends on it)."""
    from prefect.artifacts import create_markdown_artifact

    try:
        artifact_id = create_markdown_artifact(
            markdown=markdown, key=ARTIFACT_KEY, description=f"tipwatch run {run_id}"
        )
    except Exception as exc:  # an unreachable Prefect API must not fail the run
        log.warning("run.artifact_failed", error=f"{type(exc).__name__}: {exc}")
        return None
    return str(artifact_id)
