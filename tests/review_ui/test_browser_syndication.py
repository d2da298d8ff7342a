"""A wire story and its copy in a real browser (Debian's Chromium via Playwright, real uvicorn
server): the queue shows one row listing both outlets, the reviewer accepts it with the keyboard
and both cases are accepted in the store; the case page lists the copy and quotes the date the
text states for the status. With TIPWATCH_SCREENSHOT_DIR set, the pages are saved there
(docs/screenshots/ holds the committed ones).

Skipped when Playwright or /usr/bin/chromium is missing, except under CI (see test_browser).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from tests.review_ui.test_browser import (  # noqa: F401 (live_server is a fixture)
    _require_browser,
    live_server,
)
from tests.review_ui.test_browser_queue import browser_page, status_of
from tipwatch.store.db import Store
from tipwatch.store.models import CaseRow, PerpetratorRow

if TYPE_CHECKING:
    from playwright.sync_api import Page

BODY = (
    "Police in Lagos arrested Ada Obi on Monday after a raid on a hotel in Ikeja, where officers "
    "found six young women from Benin who said they had been promised work as hairdressers. Obi "
    "was charged with sex trafficking and remanded in custody, a NAPTIP spokesman told reporters."
)


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("TIPWATCH_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def test_a_wire_story_is_one_row_and_one_decision(
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    password: str,
    store: Store,
    live_server: str,  # noqa: F811
) -> None:
    _require_browser()
    primary = add_case(
        title="Hotel raid: woman held for trafficking",
        text="LAGOS, May 6 (NAN) - " + BODY,
        source_id="lagos-daily",
        syndicated=True,
        perps=[{"name": "Ada Obi", "status": "charged"}],
    )
    copy = add_case(
        title="NAPTIP arrests suspected trafficker in Ikeja",
        text=BODY + "\n(NAN)",
        source_id="accra-times",
        pub_country="GH",
        syndicated=True,
        perps=[{"name": "Ada Obi", "status": "charged"}],
    )
    add_case(title="Another story", score=0.7, url="https://news.example/other")
    # the machine read "on Monday" beside the arrest: the primary's status dated from the text
    with store.session() as s:
        row = s.scalars(select(PerpetratorRow).where(PerpetratorRow.case_id == primary)).one()
        start = s.get_one(CaseRow, primary).article.text.index("Monday")
        row.status_date_source = "text"
        row.status_date_evidence = [start, start + len("Monday")]
    add_user("rita", "reviewer")
    base = live_server
    with browser_page(base, "rita", password) as (p, watch):
        rows = p.locator("table.queue tr.queue-row")
        assert rows.count() == 2
        first = rows.first
        assert first.get_attribute("id") == f"case-{primary}"
        assert "also in: accra-times (1 copy)" in first.locator(".also-in").inner_text()
        _shot(p, "queue-syndicated.png")

        # a accepts the story: the copy is accepted with it
        with p.expect_navigation():
            p.keyboard.press("a")
        assert status_of(store, primary)[:2] == ("accepted", "rita")
        assert status_of(store, copy) == ("accepted", "rita", f"syndicated copy of {primary}")

        p.goto(f"{base}/cases/{primary}")
        copies = p.locator("section.syndication table.copies tr.copy")
        assert copies.count() == 1
        assert "accra-times" in copies.first.inner_text()
        assert "grouped" in copies.first.inner_text()
        dated = p.locator("table.perpetrators .date-from-text").first
        assert dated.inner_text() == "stated in the text: \u201cMonday\u201d"
        _shot(p, "case-syndicated.png")

        # the copy's page leads back to the story's case
        p.locator("section.syndication a.copy-link").first.click()
        p.wait_for_url(f"{base}/cases/{copy}")
        assert "reviewed with it" in p.locator("section.syndication .copy-of").inner_text()
        watch.assert_clean()
