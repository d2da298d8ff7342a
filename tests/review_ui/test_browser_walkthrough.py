"""An analyst's walk through the demo in a real browser (issue 16's "done when"): Debian's
Chromium via Playwright, on the data the real demo pipeline crawls from the bundled fictional
outlets, served by uvicorn.

1. A rejected article is found by search (filtered by the machine's decision) and promoted to
   the review queue from its page.
2. The Tagalog case report the demo cannot extract waits in the queue as "not extracted"; the
   analyst reads the original text, records the accused by hand and accepts it.
3. One case is reviewed from a single screen: its text beside the extraction, a perpetrator's
   evidence brought into view by a click, then accepted.
4. The demo's wire copy (the Deccan Ledger runs the Visayas Post's Moalboal report under its own
   headline and an agency dateline) is one queue row listing both outlets; one decision accepts
   both, and the audit log shows the decision applied to the copy.

With TIPWATCH_SCREENSHOT_DIR set, the pages are saved there (docs/screenshots/ holds the
committed ones). Skipped when Playwright or /usr/bin/chromium is missing, except under CI.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from tests.review_ui.test_browser import (  # noqa: F401 (live_server is a fixture)
    _require_browser,
    live_server,
)
from tests.review_ui.test_browser_queue import browser_page
from tipwatch.accounts import create_user
from tipwatch.demo.run import run_demo
from tipwatch.domain.review_state import ReviewFlag
from tipwatch.index.factory import opened_index
from tipwatch.index.sync import sync_outbox
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, CaseRow
from tipwatch.store.syndication import CopyState

if TYPE_CHECKING:
    from playwright.sync_api import Page

PASSWORD = "walkthrough only 123"
# The case reviewed from one screen, and the demo's Tagalog case report.
ONE_SCREEN = "pune-hadapsar-raid-nine-women-rescued-two-held"
TAGALOG = "siyam-na-kababaihan-nasagip-pantalan-cebu"
# The demo's wire story: the Visayas Post's report and the Deccan Ledger's copy of it.
WIRE = {
    "visayas-post": "german-national-pleads-guilty-trafficking-children-moalboal",
    "deccan-ledger": "german-man-admits-trafficking-children-philippine-resort-town",
}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo pipeline's data folder (crawled once for the module)."""
    _require_browser()
    data = tmp_path_factory.mktemp("walkthrough")
    settings = Settings(data_dir=data, secret_key="w" * 40)
    os.environ.setdefault("TIPWATCH_NO_SERVE", "1")
    run_demo(settings, sources_dir=None, serve=False)
    return data


@pytest.fixture
def settings(demo_dir: Path) -> Settings:
    return Settings(data_dir=demo_dir, secret_key="w" * 40)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    st = Store(settings.resolved_database_url)
    yield st
    st.dispose()


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("TIPWATCH_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def _case_of(store: Store, slug: str) -> CaseRow:
    with store.session() as s:
        case = s.scalars(
            select(CaseRow).join(ArticleRow).where(ArticleRow.canonical_url.contains(slug))
        ).one()
        s.expunge(case)
        return case


def _wire_story(store: Store) -> tuple[str, str, str]:
    """(primary case, copy case, the copy's outlet) of the demo's wire story, as the crawl stored
    it: whichever outlet's page was stored first is the primary."""
    with store.session() as s:
        rows = s.execute(
            select(CaseRow.id, CaseRow.copy_of, CaseRow.copy_state, ArticleRow.source_id)
            .join(ArticleRow)
            .where(
                ArticleRow.canonical_url.contains(WIRE["visayas-post"])
                | ArticleRow.canonical_url.contains(WIRE["deccan-ledger"])
            )
        ).all()
    assert {r.source_id for r in rows} == set(WIRE)
    (primary,) = [r for r in rows if r.copy_of is None]
    (copy,) = [r for r in rows if r.copy_of is not None]
    assert (copy.copy_of, copy.copy_state) == (primary.id, CopyState.GROUPED.value)
    return primary.id, copy.id, copy.source_id


def test_an_analyst_walks_through_the_demo(
    settings: Settings,
    store: Store,
    live_server: str,  # noqa: F811
) -> None:
    one_screen_case = _case_of(store, ONE_SCREEN).id
    wire_case, copy_case, copy_outlet = _wire_story(store)
    tagalog = _case_of(store, TAGALOG)
    assert tagalog.flags == [ReviewFlag.NOT_EXTRACTED]
    tagalog_case = tagalog.id
    with store.session() as s:
        create_user(s, "rita", PASSWORD, "reviewer")
        create_user(s, "ada", PASSWORD, "admin")
    with opened_index(settings) as index:
        sync_outbox(store, index)
    base = live_server

    with browser_page(base, "rita", PASSWORD) as (p, watch):
        # 1. a rejected article, found by search and promoted
        p.goto(base + "/search?decision=rejected&q=trafficking")
        count = p.locator("p.result-count").inner_text()
        assert re.match(r"\d+ documents? match", count), count
        hit = p.locator("li.hit-rejected").first
        assert "rejected: below threshold" in hit.locator(".badge.decision").inner_text()
        assert hit.locator(".snippet mark").count() >= 1  # the matched word marked
        title = hit.locator("a").first.inner_text()
        _shot(p, "search-rejected.png")
        hit.locator("a").first.click()
        p.wait_for_url(re.compile(r"/articles/[0-9a-f]{32}$"))
        article_id = p.url.rsplit("/", 1)[-1]
        assert "Not a case: rejected" in p.locator("h2").first.inner_text()
        _shot(p, "article-rejected.png")
        p.fill(".promote-form textarea[name=reason]", "a rescue the classifier missed")
        p.click(".promote-form button[type=submit]")
        p.wait_for_url(re.compile(r"/cases/[0-9a-f]{32}$"))
        promoted = p.url.rsplit("/", 1)[-1]
        assert title in p.locator("h1").inner_text()
        with store.session() as s:
            row = s.get_one(CaseRow, promoted)
            assert (row.article_id, row.promoted_by, row.review_status) == (
                article_id,
                "rita",
                "pending",
            )

        # 2. the Tagalog report waits as "not extracted"; recorded by hand and accepted
        p.goto(base + "/")
        row = p.locator(f"#case-{tagalog_case}")
        assert "not_extracted" in row.inner_text()
        row.locator("a").first.click()
        p.wait_for_url(base + f"/cases/{tagalog_case}")
        text = p.locator("#article-text").inner_text()
        assert "Rodel Bantilan Gerona" in text  # the original text, for a reader of Tagalog
        # read from the archived page, never stored: the page says its names are not masked
        assert p.locator(".unmasked-original").is_visible()
        with store.session() as s:
            assert s.get_one(CaseRow, tagalog_case).article.text == ""
        assert "Not extracted" in p.locator(".review-flag").first.inner_text()
        _shot(p, "not-extracted.png")
        p.locator(".edit-form input[name=perp_name]").first.fill("Rodel Bantilan Gerona")
        p.locator(".edit-form select[name=perp_status]").first.select_option("arrested")
        p.fill(".edit-form input[name=country]", "PH")
        p.fill(".edit-form textarea[name=reason]", "read in Tagalog: the recruiter was arrested")
        p.click(".edit-form button[type=submit]")
        p.wait_for_url(base + f"/cases/{tagalog_case}")
        p.click(".review-form button[value=accepted]")
        p.wait_for_url(re.compile(r"/cases/|/$"))
        with store.session() as s:
            done = s.get_one(CaseRow, tagalog_case)
            assert done.review_status == "accepted"
            assert [(x.name, x.status) for x in done.perpetrators] == [
                ("Rodel Bantilan Gerona", "arrested")
            ]

        # 3. one case reviewed from one screen: text beside the extraction, evidence linked
        p.goto(base + f"/cases/{one_screen_case}")
        text_box = p.locator("#article-text").bounding_box()
        extraction_col = p.locator(".extraction-col").bounding_box()
        assert text_box and extraction_col and text_box["x"] > extraction_col["x"] + 200
        button = p.locator("button.ev-link[data-ev=p1]")
        button.click()
        mark = p.locator("#article-text mark.current-span, #article-text mark.current").first
        mark.wait_for()
        box = p.locator("#article-text").bounding_box()
        spot = mark.bounding_box()
        assert box and spot and box["y"] <= spot["y"] <= box["y"] + box["height"]
        _shot(p, "review-screen-demo.png")

        # 4. the wire copy is one row listing both outlets; one decision accepts both
        p.goto(base + "/")
        story = p.locator(f"#case-{wire_case}")
        assert f"also in: {copy_outlet} (1 copy)" in story.locator(".also-in").inner_text()
        assert p.locator(f"#case-{copy_case}").count() == 0
        story.scroll_into_view_if_needed()
        _shot(p, "queue-wire-copy.png")
        p.goto(base + f"/cases/{wire_case}")
        copies = p.locator("section.syndication table.copies tr.copy")
        assert copies.count() == 1
        assert copy_outlet in copies.first.inner_text()
        assert "grouped" in copies.first.inner_text()
        p.click(".review-form button[value=accepted]")
        p.wait_for_url(re.compile(r"/cases/|/$"))
        with store.session() as s:
            assert s.get_one(CaseRow, wire_case).review_status == "accepted"
            copy = s.get_one(CaseRow, copy_case)
            assert (copy.review_status, copy.reviewed_by, copy.review_reason) == (
                "accepted",
                "rita",
                f"syndicated copy of {wire_case}",
            )
        assert not watch.errors, watch.errors

    # the audit log (an admin's page) holds the decision applied to the copy, row by row
    with browser_page(base, "ada", PASSWORD) as (p, watch):
        p.goto(base + "/audit")
        assert "Hash chain verified" in p.locator("p.chain").inner_text()
        rows = p.locator("table.audit tbody tr")
        decided = {
            (cells[2], cells[3], cells[4], cells[7])
            for cells in (rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count()))
        }
        assert ("rita", "accept", f"case {wire_case}", "") in decided
        assert ("rita", "accept", f"case {copy_case}", f"syndicated copy of {wire_case}") in decided
        _shot(p, "audit-wire-copy.png")
        assert not watch.errors, watch.errors
