"""The review queue in a real browser (Debian's Chromium via Playwright, real uvicorn server):
a reviewer works through the queue with the keyboard (j/k, a, r + reason, e), a viewer can only
move, and an admin takes an article down and sees it leave the queue. Every step is checked in
the store, and no page logs an error or breaks the Content Security Policy.

Skipped when Playwright or /usr/bin/chromium is missing, except under CI (see test_browser).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tests.review_ui.test_browser import (  # noqa: F401 (live_server is a fixture)
    CHROMIUM,
    CHROMIUM_ARGS,
    _require_browser,
    live_server,
)
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, CaseRow
from tipwatch.store.repository import get_case
from tipwatch.store.review import latest_edit

if TYPE_CHECKING:
    from playwright.sync_api import Page

REASON = "a court report, not a trafficking case"


@dataclass
class Watch:
    """What the browser reported: console messages, page errors and failed responses."""

    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.bad == [], self.bad
        logged = [
            m for m in self.console if m.startswith("error") and not m.endswith("/favicon.ico")
        ]
        assert logged == [], self.console
        assert not [m for m in self.console if "Content Security Policy" in m], self.console


@contextmanager
def browser_page(base: str, username: str, password: str) -> Iterator[tuple[Page, Watch]]:
    """A logged-in Chromium page on the queue, and what it reports."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(30_000)
            watch = Watch()
            page.on(
                "console",
                lambda m: watch.console.append(f"{m.type}: {m.text} @ {m.location.get('url', '')}"),
            )
            page.on("pageerror", lambda e: watch.errors.append(str(e)))
            page.on(
                "response",
                lambda r: watch.bad.append(f"{r.status} {r.url}") if r.status >= 400 else None,
            )
            page.goto(base + "/")
            page.fill('input[name="username"]', username)
            page.fill('input[name="password"]', password)
            page.click('form.login button[type="submit"]')
            page.wait_for_url(base + "/")
            yield page, watch
        finally:
            browser.close()


def selected_title(page: Page) -> str:
    rows = page.locator("table.queue tr.selected")
    assert rows.count() == 1
    return str(rows.locator("td").first.locator("a").inner_text())


def status_of(store: Store, case_id: str) -> tuple[str, str | None, str | None]:
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        return case.review_status, case.reviewed_by, case.review_reason


def test_reviewer_works_the_queue_with_the_keyboard(
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    password: str,
    store: Store,
    live_server: str,  # noqa: F811
) -> None:
    _require_browser()
    ids = {
        title: add_case(title=title, score=score, url=f"https://news.example/{title[-1]}")
        for title, score in [("Case A", 0.95), ("Case B", 0.9), ("Case C", 0.85), ("Case D", 0.8)]
    }
    add_user("rita", "reviewer")
    base = live_server
    with browser_page(base, "rita", password) as (p, watch):
        assert "a accept" in p.locator("#keys-help").inner_text()
        # The first row is selected on load; j, j, k moves to the second.
        assert selected_title(p) == "Case A"
        for key in ["j", "j", "k"]:
            p.keyboard.press(key)
        assert selected_title(p) == "Case B"
        bg = p.eval_on_selector(
            "table.queue tr.selected td", "e => getComputedStyle(e).backgroundColor"
        )
        assert bg == "rgb(230, 238, 246)"  # the visible selected-row state

        # a accepts the selected case; the queue comes back at the same place.
        with p.expect_navigation():
            p.keyboard.press("a")
        assert p.url == base + "/#row=1"
        assert status_of(store, ids["Case B"]) == ("accepted", "rita", None)
        # Pending first: B moved down, C is now the second row and selected.
        assert selected_title(p) == "Case C"

        # r focuses the reason; typing it (its letters include a, e, j, k and r) triggers no
        # shortcut; Enter submits the rejection.
        p.keyboard.press("r")
        focused = p.evaluate("() => document.activeElement.name")
        assert focused == "reason"
        p.keyboard.type(REASON + " jk")
        assert status_of(store, ids["Case C"])[0] == "pending"
        assert p.url == base + "/#row=1"
        with p.expect_navigation():
            p.keyboard.press("Enter")
        assert status_of(store, ids["Case C"]) == ("rejected", "rita", REASON + " jk")
        for title in ["Case A", "Case D"]:
            assert status_of(store, ids[title])[0] == "pending"
        assert selected_title(p) == "Case D"

        # e opens the selected case at its edit form.
        with p.expect_navigation():
            p.keyboard.press("e")
        assert p.url == f"{base}/cases/{ids['Case D']}#edit"
        assert p.locator("#edit form.edit-form").is_visible()
        # Edit a field: the first person's reported status and the city, with a reason.
        form = p.locator("#edit form.edit-form")
        form.locator('select[name="perp_status"]').first.select_option("convicted")
        form.locator('input[name="city"]').fill("Abuja")
        form.locator('textarea[name="reason"]').fill("the article says convicted")
        with p.expect_navigation():
            form.locator('button[type="submit"]').click()
        with store.session() as s:
            edit = latest_edit(s, ids["Case D"])
            case = get_case(s, ids["Case D"])
            assert edit is not None and edit.edited_by == "rita"
            assert edit.edited["perpetrators"][0]["status"] == "convicted"
            assert case is not None and case.city == "Abuja"
            assert case.perpetrators[0].status == "convicted"
        watch.assert_clean()


def test_viewer_moves_with_j_and_k_but_cannot_decide(
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    password: str,
    store: Store,
    live_server: str,  # noqa: F811
) -> None:
    _require_browser()
    first = add_case(title="First case", score=0.9)
    add_case(title="Second case", score=0.8, url="https://news.example/2nd")
    add_user("vic", "viewer")
    with browser_page(live_server, "vic", password) as (p, watch):
        assert p.locator("form.queue-accept").count() == 0
        p.keyboard.press("j")
        assert selected_title(p) == "Second case"
        p.keyboard.press("k")
        for key in ["a", "r", "e"]:
            p.keyboard.press(key)
        assert p.url == live_server + "/"
        assert selected_title(p) == "First case"
        assert status_of(store, first)[0] == "pending"
        watch.assert_clean()


def test_admin_takes_an_article_down_and_it_leaves_the_queue(
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    password: str,
    store: Store,
    live_server: str,  # noqa: F811
) -> None:
    _require_browser()
    gone = add_case(title="Wrongly named person", score=0.9)
    add_case(title="Stays in the queue", score=0.8, url="https://news.example/stays")
    with store.session() as s:
        article_id = s.get_one(CaseRow, gone).article_id
    add_user("ada", "admin")
    base = live_server
    with browser_page(base, "ada", password) as (p, watch):
        with p.expect_navigation():
            p.keyboard.press("Enter")
        assert p.url == f"{base}/cases/{gone}"
        p.fill("form.takedown-form textarea[name=reason]", "court order 12/2024")
        p.click("form.takedown-form button.takedown")
        p.wait_for_url(base + "/takedowns")
        row = p.locator("table.takedowns tr.takedown-active")
        assert row.count() == 1
        assert "court order 12/2024" in row.inner_text() and "ada" in row.inner_text()

        p.goto(base + "/")
        titles = p.locator("table.queue tr.queue-row td:first-child a").all_inner_texts()
        assert titles == ["Stays in the queue"]
        with store.session() as s:
            art = s.get_one(ArticleRow, article_id)
            assert art.suppressed_at is not None and art.text == ""
            assert s.get(CaseRow, gone) is None
        watch.assert_clean()
