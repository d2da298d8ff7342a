"""Issue 15: each run publishes a Prefect markdown artifact with, per source, what was found and
stored and the assertion result, the skips by reason and the coverage changes. A real crawl of
the loopback test site through the real Prefect flow; the artifact is read back from Prefect."""

from __future__ import annotations

import uuid
from pathlib import Path

import yaml
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterId

from tests.crawlers.site import build_site
from tipwatch.demo.server import serve_demo
from tipwatch.flows.pipeline import pipeline
from tipwatch.flows.run_report import ARTIFACT_KEY
from tipwatch.settings import Settings


def _table_rows(markdown: str, first_cell: str) -> list[list[str]]:
    return [
        [c.strip() for c in line.strip("|").split("|")]
        for line in markdown.splitlines()
        if line.startswith(f"| {first_cell}")
    ]


def test_the_run_summary_is_a_prefect_artifact(tmp_path: Path) -> None:
    site_dir, sources_dir = build_site(tmp_path / "site")
    for path in sources_dir.glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        data["assertions"] = {"min_articles": 100 if data["id"] == "alpha-times" else 1}
        path.write_text(yaml.safe_dump(data))
    settings = Settings(data_dir=tmp_path / "var", download_delay=0.0)
    with serve_demo(site_dir, sources_dir) as site:
        first = pipeline(site.sources, settings, allow_loopback=True)
        again = pipeline(site.sources, settings, allow_loopback=True)

    md = first.summary_markdown
    assert md.startswith(f"# tipwatch run {first.crawl_run_id}: assertion_failed")
    alpha = _table_rows(md, "alpha-times")
    beta = _table_rows(md, "beta-daily")
    assert len(alpha) == 1 and len(beta) == 1
    found = first.crawl_report["discovered_by_source"]
    assert isinstance(found, dict)
    assert alpha[0][2] == str(found["alpha-times"])
    assert alpha[0][5].startswith("alpha-times: ") and "expected at least 100" in alpha[0][5]
    assert beta[0][5] == "ok"
    stored = int(alpha[0][3].split()[0].lstrip("+")) + int(beta[0][3].split()[0].lstrip("+"))
    assert stored == first.counts.new_articles
    assert "## Coverage changes" in md and "(+" in md.split("## Coverage changes")[1]
    # The second run finds the same articles and stores nothing new.
    assert all(r[3].startswith("+0 ") for r in _table_rows(again.summary_markdown, "alpha-times"))

    assert first.prefect_artifact_id is not None
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                id=ArtifactFilterId(any_=[uuid.UUID(first.prefect_artifact_id)])
            )
        )
    assert len(artifacts) == 1
    assert artifacts[0].key == ARTIFACT_KEY
    assert artifacts[0].type == "markdown"
    assert artifacts[0].data == md
    assert artifacts[0].flow_run_id is not None
