"""Logout in a real browser (Debian's Chromium via Playwright, real uvicorn server): the session
cookie a browser held before "Log out" opens nothing when replayed in a fresh browser context.

Skipped when Playwright or /usr/bin/chromium is missing, except under CI (see test_browser).
"""

from __future__ import annotations

from collections.abc import Callable

from tests.review_ui.test_browser import (  # noqa: F401 (live_server is a fixture)
    CHROMIUM,
    CHROMIUM_ARGS,
    _require_browser,
    live_server,
)
from tipwatch.review_ui.auth import SESSION_COOKIE


def test_cookie_copied_before_logout_opens_nothing_in_chromium(
    add_user: Callable[..., str],
    password: str,
    live_server: str,  # noqa: F811
) -> None:
    _require_browser()
    from playwright.sync_api import sync_playwright

    add_user("rita", "reviewer")
    base = live_server
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context()
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(base + "/login")
            page.fill('input[name="username"]', "rita")
            page.fill('input[name="password"]', password)
            page.click('form.login button[type="submit"]')
            page.wait_for_url(base + "/")
            stolen = [c for c in context.cookies() if c["name"] == SESSION_COOKIE]
            assert len(stolen) == 1

            # Before logout the copied cookie works elsewhere (it is a real session)...
            probe = browser.new_context()
            probe.add_cookies(stolen)  # type: ignore[arg-type]
            other = probe.new_page()
            other.goto(base + "/")
            assert other.url == base + "/"
            probe.close()

            page.click('form[action="/logout"] button[type="submit"]')
            page.wait_for_url(base + "/login")

            # ...after logout it is refused: the replaying browser lands on the login page.
            replay = browser.new_context()
            replay.add_cookies(stolen)  # type: ignore[arg-type]
            again = replay.new_page()
            again.goto(base + "/coverage")
            assert again.url.startswith(base + "/login")
            assert again.locator('input[name="password"]').count() == 1
            replay.close()
        finally:
            browser.close()
