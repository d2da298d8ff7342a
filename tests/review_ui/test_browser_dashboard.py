"""The coverage dashboard with the issue 16 numbers in a real browser (Debian's Chromium via
Playwright, real uvicorn server, a real store seeded by `dashboard_seed`): what an analyst sees
cannot be misread. India's 0.0044 per million is printed beside a visible bar, the month without
Indian crawls is a shaded gap with no point, the backfill is stated and does not stretch the
axis, the unknown nationality is a sentence, the dropped outlet is flagged.

Saves a screenshot of the page to the test's tmp_path; with TIPWATCH_SCREENSHOTS=<folder> set
(e.g. docs/screenshots) it is saved there as dashboard.png too. Skipped when Playwright or
/usr/bin/chromium is missing, except under CI (see test_browser).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from tests.review_ui.dashboard_seed import gap_month, seed_issue16
from tests.review_ui.test_browser import (  # noqa: F401 (live_server is a fixture)
    _require_browser,
    live_server,
)
from tests.review_ui.test_browser_queue import browser_page
from tipwatch.index.factory import opened_index
from tipwatch.index.sync import sync_outbox
from tipwatch.settings import Settings
from tipwatch.store.db import Store


def test_dashboard_cannot_be_misread_in_chromium(
    add_user: Callable[..., str],
    password: str,
    store: Store,
    live_server: str,  # noqa: F811
    settings: Settings,
    tmp_path: Path,
) -> None:
    _require_browser()
    today = date.today()
    seed_issue16(store, today)
    with opened_index(settings) as index:
        sync_outbox(store, index)  # as the pipeline does: no "not indexed yet" banner
    add_user("vera", "viewer")
    with browser_page(live_server, "vera", password) as (page, watch):
        page.goto(live_server + "/coverage/dashboard?country=IN")

        # India: a visible bar and its rate in significant digits.
        india = page.locator("svg#chart-ranked g.bar-row[data-country='IN']")
        box = india.locator("rect.bar").bounding_box()
        assert box is not None and box["width"] >= 1 and box["height"] > 0
        value = india.locator("text.value")
        assert value.inner_html() == "0.0044" and value.is_visible()
        assert page.locator("svg#chart-ranked text.value:text-is('0.00')").count() == 0

        # The month without Indian crawls: shaded, no point, the lines break around it.
        gap = gap_month(today)
        sex = page.locator("svg#chart-series g.panel[data-type='sex']")
        assert sex.locator("rect.shade").count() >= 1
        tips = sex.locator("circle.dot title").all_text_contents()
        assert tips and not [t for t in tips if gap in t]
        assert sex.locator("polyline").count() == 2

        # The backfill: stated, not plotted, not on the axis.
        note = page.locator("#period-note")
        assert note.is_visible()
        assert note.inner_text().startswith("250 articles dated before the period (2001-01 to")
        axis = page.locator("svg#chart-series text.axis").all_text_contents()
        assert not [t for t in axis if t[:2] in ("19", "20") and t[:4] < "2020"]

        # Origin: the unknown share in words, no "unknown" row.
        share = page.locator("#unknown-share")
        assert share.is_visible()
        assert "nationality unknown for 60 of 63 people (95%)" in share.inner_text()
        assert page.locator("table.heatmap th:text-is('unknown')").count() == 0

        # Per-source health: in-wire flagged, with its reason on screen.
        flagged = page.locator("svg#chart-health g.health-row.flagged")
        assert flagged.count() == 1 and flagged.get_attribute("data-source") == "in-wire"
        assert "DROPPED" in flagged.locator("text.flag").inner_html()
        fill = page.eval_on_selector(
            "svg#chart-health g.health-row.flagged text.flag", "e => getComputedStyle(e).fill"
        )
        assert fill == "rgb(140, 29, 24)"  # --convicted: the stylesheet styles the flag

        shot = tmp_path / "dashboard.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        if folder := os.environ.get("TIPWATCH_SCREENSHOTS"):
            shutil.copyfile(shot, Path(folder) / "dashboard.png")
        watch.assert_clean()
