"""Per-run source assertions: a source that suddenly yields too few articles fails loudly."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select

from tests.crawlers.site import build_site
from tipwatch.demo.server import serve_demo
from tipwatch.flows.pipeline import pipeline
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import CrawlRunRow


def test_assertion_violation_is_reported_and_marks_the_run(tmp_path: Path) -> None:
    site_dir, sources_dir = build_site(tmp_path / "site")
    for path in sources_dir.glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        # alpha-times expects far more articles than its feeds list; beta-daily is satisfied
        data["assertions"] = {"min_articles": 100 if data["id"] == "alpha-times" else 0}
        path.write_text(yaml.safe_dump(data))
    settings = Settings(data_dir=tmp_path / "var", download_delay=0.0)
    with serve_demo(site_dir, sources_dir) as site:
        result = pipeline(site.sources, settings, allow_loopback=True)
    assert len(result.assertion_violations) == 1
    assert result.assertion_violations[0].startswith("alpha-times: ")
    assert "expected at least 100" in result.assertion_violations[0]
    store = Store(settings.resolved_database_url)
    with store.session() as s:
        run = s.scalars(select(CrawlRunRow)).one()
        assert run.status == "assertion_failed"
        assert run.report["assertion_violations"] == result.assertion_violations
        assert run.report["discovered_by_source"]["alpha-times"] > 0
    store.dispose()
