"""The one review screen in Chromium (Playwright, Debian's browser): on a wide screen the article
text and the extraction are side by side, the text scrolls on its own, and a field's "In text"
button scrolls the text so that field's marked evidence is in view; on a narrow screen the
page is one column. A reviewer's edit through the form then shows its differences marked.

Skipped without the playwright package or /usr/bin/chromium (a failure under CI), as
tests/review_ui/test_browser.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tests.review_ui.test_browser import (  # noqa: F401 (live_server is a fixture)
    _require_browser,
    live_server,
)
from tests.review_ui.test_browser_queue import browser_page

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Background paragraphs around the report, so that its evidence starts below the text box.
FILLER = "".join(
    f"Paragraph {i}: the city council met on Tuesday to discuss the new bus routes, the "
    "budget for the coming year and repairs to the old market hall near the river.\n\n"
    for i in range(1, 41)
)
REPORT = "Police in Lagos charged Ada Obi with sex trafficking on Monday."


def box(page: Page, selector: str) -> dict[str, float]:
    rect: dict[str, float] = page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect();"
        " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }",
    )
    return rect


def inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return outer["top"] <= inner["top"] and inner["bottom"] <= outer["bottom"]


def test_evidence_link_scrolls_the_text_beside_the_extraction(
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    password: str,
    live_server: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    _require_browser()
    case_id = add_case(text=FILLER + REPORT + "\n\n" + FILLER, perps=[{"name": "Ada Obi"}])
    add_user("rita", "reviewer")
    base = live_server
    with browser_page(base, "rita", password) as (page, watch):
        page.goto(f"{base}/cases/{case_id}")
        extraction = box(page, ".extraction-col")
        text = box(page, "#article-text")
        viewport = {"top": 0.0, "bottom": 900.0}
        # Side by side: the text column starts right of the extraction, both begin on screen.
        assert text["left"] >= extraction["right"]
        assert extraction["top"] < viewport["bottom"] and text["top"] < viewport["bottom"]
        # The text scrolls inside its own box, no taller than the window.
        assert text["bottom"] - text["top"] <= viewport["bottom"]
        assert page.eval_on_selector("#article-text", "e => e.scrollHeight > e.clientHeight")
        # The perpetrator's evidence is far down the text, out of view.
        mark = '#article-text mark[data-ev~="p1"]'
        assert page.locator(mark).inner_text() == "Ada Obi"
        assert not inside(box(page, mark), text)
        window_scroll = page.evaluate("window.scrollY")

        page.click('button.ev-link[data-ev="p1"]')
        page.wait_for_function(
            "() => document.querySelector('#article-text mark.current-span') !== null"
        )
        text = box(page, "#article-text")
        assert inside(box(page, mark), text) and inside(box(page, mark), viewport)
        assert page.eval_on_selector(mark, "e => e.classList.contains('current-span')")
        assert page.evaluate("document.getElementById('article-text').scrollTop") > 0
        # Only the text box scrolled: the extraction column stayed where it was.
        assert page.evaluate("window.scrollY") == window_scroll
        page.screenshot(path=str(tmp_path / "review-screen-wide.png"))

        # A narrow screen: one column, the text below the extraction.
        page.set_viewport_size({"width": 700, "height": 900})
        assert box(page, "#article-text")["top"] >= box(page, ".extraction-col")["bottom"]
        page.set_viewport_size({"width": 1400, "height": 900})

        # An edit through the form: the differences are marked beside the machine's version.
        page.locator('select[name="perp_status"]').first.select_option("convicted")
        page.locator('input[name="charge_row_statute"]').last.fill("IPC 370")
        page.locator('select[name="charge_row_category"]').last.select_option("child_trafficking")
        page.click('form.edit-form button[type="submit"]')
        page.wait_for_selector("section.compare")
        changes = page.locator("ul.changes li").all_inner_texts()
        assert "Status of Ada Obi: charged → convicted" in changes
        assert "Charge added: child_trafficking (IPC 370)" in changes
        assert page.locator(".edited tr.diff-changed td.diff-cell").inner_text() == "convicted"
        assert page.locator("#article-text mark[data-ev~='p1']").inner_text() == "Ada Obi"
        watch.assert_clean()
