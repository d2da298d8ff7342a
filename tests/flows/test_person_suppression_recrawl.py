"""A suppressed person stays suppressed after a real re-crawl: the spider crawls a local site,
the pipeline stores the case, an admin suppresses the person, and a second crawl brings a new
article (a follow-up report) naming the same person. The new mention resolves to the suppressed
person, so the name is in neither the search index, nor screening, nor exports."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select

from tests.flows.test_takedown_recrawl import DEMO_SITE, NAME, STORY, SURNAME, _feed
from tipwatch.demo.server import serve_demo
from tipwatch.exports.rows import export_rows
from tipwatch.exports.tabular import write_csv
from tipwatch.flows.pipeline import pipeline
from tipwatch.index.base import SearchQuery
from tipwatch.index.factory import opened_index
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.screening.service import ScreeningQuery, screen
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import PerpetratorRow, PersonRow
from tipwatch.store.persons import suppress_person

FOLLOW_UP = "follow-up.html"


def _site(root: Path) -> tuple[Path, Path]:
    site, sources = root / "site", root / "sources"
    articles = site / "pn-news" / "articles"
    articles.mkdir(parents=True)
    (site / "pn-news" / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    story = (DEMO_SITE / "articles" / STORY).read_text("utf-8")
    (articles / STORY).write_text(story, "utf-8")
    # A later report on the same woman: a different page with different text (an appeal).
    follow = story.replace(f"/articles/{STORY}", f"/articles/{FOLLOW_UP}").replace(
        "on Wednesday sentenced", "on Friday heard the appeal of, and earlier sentenced"
    )
    (articles / FOLLOW_UP).write_text(follow, "utf-8")
    (site / "pn-news" / "feed.xml").write_text(_feed([f"/articles/{STORY}"]))
    sources.mkdir()
    (sources / "pn-news.yaml").write_text(
        "id: pn-news\nname: PN News\ncountry: NG\nlanguages: [en]\n"
        'homepage: "{{BASE}}/"\nfeeds: ["{{BASE}}/feed.xml"]\ndemo: true\n'
    )
    return site, sources


def test_suppressed_person_stays_hidden_after_recrawl(tmp_path: Path) -> None:
    extractor = CaseExtractor()
    site_dir, sources_dir = _site(tmp_path)
    settings = Settings(data_dir=tmp_path / "var", download_delay=0.0)
    store = Store(settings.resolved_database_url)
    try:
        with serve_demo(site_dir, sources_dir) as site:
            first = pipeline(site.sources, settings, allow_loopback=True, extractor=extractor)
            assert first.counts.cases == 1
            with store.session() as s:
                person_id = s.scalar(
                    select(PerpetratorRow.person_id).where(PerpetratorRow.name == NAME)
                )
                assert person_id is not None
                suppress_person(s, person_id, user="admin", reason="court-ordered correction")
            (site_dir / "pn-news" / "feed.xml").write_text(
                _feed([f"/articles/{STORY}", f"/articles/{FOLLOW_UP}"])
            )
            second = pipeline(site.sources, settings, allow_loopback=True, extractor=extractor)
        assert second.counts.articles == 1 and second.counts.cases == 1
        with store.session() as s:
            mentions = s.execute(
                select(PerpetratorRow.case_id, PerpetratorRow.person_id).where(
                    PerpetratorRow.name == NAME
                )
            ).all()
            assert len({case for case, _ in mentions}) == 2  # both reports are stored ...
            assert {pid for _, pid in mentions} == {person_id}  # ... as the suppressed person
            row = s.get(PersonRow, person_id)
            assert row is not None and row.suppressed_at is not None
            hits = screen(s, ScreeningQuery(name=NAME, threshold=0.3)).hits
            buf = io.StringIO()
            write_csv(export_rows(s), buf)
        assert all(SURNAME not in h.caption and SURNAME not in h.matched_name for h in hits)
        assert SURNAME not in buf.getvalue()
        with opened_index(settings) as index:
            assert index.count() == 2
            assert index.search(SearchQuery(text=SURNAME)) == []
            assert index.search(SearchQuery(text="Osasere")) == []
    finally:
        store.dispose()
