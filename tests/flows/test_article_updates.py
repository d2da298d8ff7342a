"""C23: the same URL, later updated. Real crawls (the crawl child, the URL ledger in a real SQLite
store) of a loopback outlet whose feed dates its items, the real NLP, store, review functions and
FTS5 index:

- first run: the article (a couple charged) is stored and its case accepted by an analyst, who
  also edited it;
- the outlet updates the article (the couple is now sentenced) and bumps the feed
  item's date: the second run re-fetches only that URL, stores the new text under the same id,
  records the earlier version (its WARC record, content hash, when superseded), reopens the
  case with the reason, keeps the analyst's edit unapplied, and the persons' latest status and
  the index follow the new text;
- the date bumps but the text is the same: re-fetched once, nothing reopens or changes;
- a feed item without a date for a stored URL is never re-fetched.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.crawlers.conftest import make_settings
from tipwatch.crawlers.run import crawl
from tipwatch.crawlers.warc import read_page_at
from tipwatch.demo.server import DemoSite, serve_demo
from tipwatch.flows.steps import ProcessCounts, process_fetched
from tipwatch.index.base import SearchQuery
from tipwatch.index.factory import opened_index
from tipwatch.index.sync import sync_outbox
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import (
    ArticleRow,
    ArticleVersionRow,
    AuditRow,
    CaseEditRow,
    CaseRow,
    UrlRow,
)
from tipwatch.store.person_timeline import person_timeline
from tipwatch.store.repository import upsert_sources
from tipwatch.store.review import ARTICLE_CHANGED, edit_case, review_case

DEMO_SITE = Path(__file__).resolve().parents[2] / "tipwatch" / "demo" / "site" / "lagos-courier"
STORY = "naptip-arraigns-couple-baby-factory-owerri.html"
OTHER = "naptip-intercepts-14-women-bound-for-mali-arrests-two.html"
CHARGED = (
    "The National Agency for the Prohibition of Trafficking in Persons (NAPTIP) on Tuesday "
    "arraigned a couple, Ngozi Chinwendu Okafor, 49, and her husband, Ikechukwu Okafor, 53, "
    "before the Federal High Court in Owerri, Imo State,"
)
SENTENCED = (
    "The Federal High Court in Owerri, Imo State, on Tuesday convicted a couple, Ngozi "
    "Chinwendu Okafor, 49, and her husband, Ikechukwu Okafor, 53, and sentenced them to 14 "
    "years in prison each, in a case brought by the National Agency for the Prohibition of "
    "Trafficking in Persons (NAPTIP),"
)


@pytest.fixture(scope="module")
def extractor() -> CaseExtractor:
    return CaseExtractor()


class Outlet:
    """A one-feed outlet on loopback whose files the test rewrites between runs."""

    def __init__(self, root: Path) -> None:
        self.site_dir, self.sources_dir = root / "site", root / "sources"
        self.articles = self.site_dir / "up-news" / "articles"
        self.articles.mkdir(parents=True)
        (self.site_dir / "up-news" / "robots.txt").write_text("User-agent: *\nAllow: /\n")
        for name in (STORY, OTHER):
            shutil.copy(DEMO_SITE / "articles" / name, self.articles / name)
        self.sources_dir.mkdir()
        (self.sources_dir / "up-news.yaml").write_text(
            "id: up-news\nname: Update News\ncountry: NG\nlanguages: [en]\n"
            'homepage: "{{BASE}}/"\nfeeds: ["{{BASE}}/feed.xml"]\ndemo: true\n'
        )

    def feed(self, dates: dict[str, datetime | None]) -> None:
        items = ""
        for name, when in dates.items():
            date = f"<pubDate>{format_datetime(when)}</pubDate>" if when else ""
            items += f"<item><title>t</title><link>{{{{BASE}}}}/articles/{name}</link>{date}</item>"
        (self.site_dir / "up-news" / "feed.xml").write_text(
            "<?xml version='1.0'?><rss version='2.0'><channel><title>up</title>"
            f"{items}</channel></rss>"
        )

    def rewrite_story(self, old: str, new: str) -> None:
        path = self.articles / STORY
        html = path.read_text("utf-8")
        assert old in html
        path.write_text(html.replace(old, new), "utf-8")


def _run(site: DemoSite, settings: Settings, extractor: CaseExtractor) -> ProcessCounts:
    """One crawl and its processing, then the index sync: what `tipwatch run` does."""
    store = Store(settings.resolved_database_url)
    try:
        with store.session() as s:
            upsert_sources(s, site.sources)
        crawl(
            site.sources,
            settings.data_dir / "warc",
            settings,
            allow_loopback=True,
            store_url=settings.resolved_database_url,
        )
        counts = process_fetched({src.id: src for src in site.sources}, extractor, store)
        with opened_index(settings) as index:
            sync_outbox(store, index)
        return counts
    finally:
        store.dispose()


def _article_hits(site: DemoSite) -> Counter[str]:
    return Counter(p for p in site.requested_paths() if p.startswith("/articles/"))


def _now_after_the_fetch() -> datetime:
    """A feed date after the first run's fetch (RSS dates have whole seconds), not in the
    future."""
    time.sleep(1.1)
    return datetime.now(UTC)


def _setup(tmp_path: Path) -> tuple[Outlet, Settings]:
    outlet = Outlet(tmp_path / "demo")
    settings = make_settings(tmp_path / "var", download_delay=0.0, max_body_bytes=2_000_000)
    return outlet, settings


def _first_run_and_review(
    outlet: Outlet, site: DemoSite, settings: Settings, extractor: CaseExtractor, *, edit: bool
) -> tuple[str, str]:
    """Run 1 and the analyst's review; returns (article id, case id)."""
    first = _run(site, settings, extractor)
    assert first.articles == 2 and first.cases == 2
    assert _article_hits(site) == Counter({f"/articles/{STORY}": 1, f"/articles/{OTHER}": 1})
    store = Store(settings.resolved_database_url)
    try:
        with store.session() as s:
            art = s.scalars(select(ArticleRow).where(ArticleRow.url.endswith(STORY))).one()
            case = s.scalars(select(CaseRow).where(CaseRow.article_id == art.id)).one()
            assert {p.status for p in case.perpetrators} == {"charged"}
            if edit:
                edit_case(
                    s,
                    case.id,
                    {
                        "perpetrators": [
                            {"name": "Ngozi Chinwendu Okafor", "status": "charged"},
                            {"name": "Ikechukwu Okafor", "status": "charged"},
                        ],
                        "charge_categories": ["child_trafficking"],
                        "country": "NG",
                    },
                    user="ana",
                    reason="checked against the charge sheet",
                )
            review_case(s, case.id, decision="accepted", user="ana", reason="court report")
            return art.id, case.id
    finally:
        store.dispose()


def test_updated_article_is_refetched_stored_as_a_new_version_and_its_case_reopened(
    tmp_path: Path, extractor: CaseExtractor
) -> None:
    outlet, settings = _setup(tmp_path)
    day = datetime(2026, 8, 12, 8, 0, tzinfo=UTC)
    outlet.feed({STORY: day, OTHER: day})
    with serve_demo(outlet.site_dir, outlet.sources_dir) as site:
        article_id, case_id = _first_run_and_review(outlet, site, settings, extractor, edit=True)
        store = Store(settings.resolved_database_url)
        try:
            with store.session() as s:
                old = s.get_one(ArticleRow, article_id)
                old_hash, old_warc, old_offset = old.content_hash, old.warc_path, old.warc_offset
                edit_id = s.scalars(select(CaseEditRow.id)).one()
            assert old_warc and old_offset is not None

            # The outlet updates the story and bumps its feed date; the other item keeps its date.
            outlet.rewrite_story(CHARGED, SENTENCED)
            outlet.rewrite_story("pleaded not guilty to all the counts", "were found guilty")
            outlet.feed({STORY: _now_after_the_fetch(), OTHER: day})
            site.request_log.clear()
            second = _run(site, settings, extractor)

            # Only the updated URL was fetched again.
            assert _article_hits(site) == Counter({f"/articles/{STORY}": 1})
            assert second.pages == 1 and second.updated == 1 and second.new_articles == 0
            with store.session() as s:
                art = s.get_one(ArticleRow, article_id)
                assert "sentenced them to 14 years" in art.text
                assert art.content_hash != old_hash and art.warc_path != old_warc
                # The earlier version: recorded, and still readable in its WARC record.
                version = s.scalars(
                    select(ArticleVersionRow).where(ArticleVersionRow.article_id == article_id)
                ).one()
                assert (version.content_hash, version.warc_path, version.warc_offset) == (
                    old_hash,
                    old_warc,
                    old_offset,
                )
                assert version.superseded_by == art.content_hash
                assert version.superseded_at is not None
                assert [e["payload"]["perpetrators"][0]["status"] for e in version.extractions] == [
                    "charged"
                ]
                page = read_page_at(Path(version.warc_path or ""), int(version.warc_offset or 0))
                assert b"arraigned a couple" in page.body
                # The ledger: stored again, with the new record.
                url = s.scalars(select(UrlRow).where(UrlRow.url.endswith(STORY))).one()
                assert (url.state, url.article_id, url.reason) == ("stored", article_id, None)
                assert (url.warc_path, url.warc_offset) == (art.warc_path, art.warc_offset)

                # The case: same id, back to pending with the reason, showing the new text.
                case = s.get_one(CaseRow, case_id)
                assert case.review_status == "pending" and case.reviewed_by is None
                assert (case.review_reason or "").startswith(ARTICLE_CHANGED)
                assert {p.status for p in case.perpetrators} == {"sentenced"}
                # The analyst's edit is kept, not applied to the new text.
                assert s.scalars(select(CaseEditRow.id)).all() == [edit_id]
                edit = s.get_one(CaseEditRow, edit_id)
                assert {p["status"] for p in edit.edited["perpetrators"]} == {"charged"}
                reopen = s.scalars(
                    select(AuditRow).where(
                        AuditRow.action == "reopen", AuditRow.object_id == case_id
                    )
                ).one()
                prior = reopen.before or {}
                assert prior["review_status"] == "accepted"
                assert prior["case"]["perpetrators"][0]["status"] == "charged"
                # Each person's latest status follows the new article.
                for p in case.perpetrators:
                    assert p.person_id is not None
                    latest = person_timeline(s, p.person_id).latest
                    assert latest is not None and latest.status == "sentenced"
            with opened_index(settings) as index:
                hits = index.search(SearchQuery(text="sentenced prison years"))
                assert [h.url for h in hits] == [
                    f"{site.base_urls['up-news'].rstrip('/')}/articles/{STORY}"
                ]

            # A third run with the same feed: nothing is fetched again.
            site.request_log.clear()
            third = _run(site, settings, extractor)
            assert _article_hits(site) == Counter() and third.pages == 0
        finally:
            store.dispose()


def test_a_bumped_date_with_the_same_text_reopens_nothing(
    tmp_path: Path, extractor: CaseExtractor
) -> None:
    outlet, settings = _setup(tmp_path)
    day = datetime(2026, 8, 12, 8, 0, tzinfo=UTC)
    outlet.feed({STORY: day, OTHER: day})
    with serve_demo(outlet.site_dir, outlet.sources_dir) as site:
        article_id, case_id = _first_run_and_review(outlet, site, settings, extractor, edit=False)
        store = Store(settings.resolved_database_url)
        try:
            with store.session() as s:
                before = s.get_one(ArticleRow, article_id)
                snapshot = (before.content_hash, before.warc_path, before.warc_offset, before.text)
            outlet.feed({STORY: _now_after_the_fetch(), OTHER: day})
            site.request_log.clear()
            second = _run(site, settings, extractor)
            assert _article_hits(site) == Counter({f"/articles/{STORY}": 1})
            assert second.unchanged == 1 and second.updated == 0 and second.articles == 0
            with store.session() as s:
                art = s.get_one(ArticleRow, article_id)
                assert (art.content_hash, art.warc_path, art.warc_offset, art.text) == snapshot
                assert s.scalars(select(ArticleVersionRow)).all() == []
                case = s.get_one(CaseRow, case_id)
                assert (case.review_status, case.reviewed_by) == ("accepted", "ana")
                assert s.scalars(select(AuditRow).where(AuditRow.action == "reopen")).all() == []
                url = s.scalars(select(UrlRow).where(UrlRow.url.endswith(STORY))).one()
                assert (url.state, url.article_id) == ("stored", article_id)
        finally:
            store.dispose()


def test_a_feed_item_without_a_date_is_not_refetched(
    tmp_path: Path, extractor: CaseExtractor
) -> None:
    outlet, settings = _setup(tmp_path)
    outlet.feed({STORY: None, OTHER: None})
    with serve_demo(outlet.site_dir, outlet.sources_dir) as site:
        first = _run(site, settings, extractor)
        assert first.articles == 2
        outlet.rewrite_story(CHARGED, SENTENCED)
        site.request_log.clear()
        second = _run(site, settings, extractor)
        assert _article_hits(site) == Counter() and second.pages == 0
    store = Store(settings.resolved_database_url)
    try:
        with store.session() as s:
            states = {u.state for u in s.scalars(select(UrlRow))}
            assert states == {"stored"}
    finally:
        store.dispose()
