"""One real-browser run of the review UI: Debian's Chromium driven by Playwright.

Log in, see the case list, open a case, accept it, and check that none of the XSS payloads
planted in the data ran (no `dialog` event), that no injected element reached the DOM and that
the pages themselves break no rule of the Content Security Policy.

Needs the `playwright` Python package (never `playwright install`: the browser is the system's)
and /usr/bin/chromium. Skipped when either is missing, except under CI (env `CI` set), where a
missing browser is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn

from tipwatch.review_ui.app import create_app
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.repository import get_case

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def _require_browser() -> None:
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright Python package (pip install playwright)")
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install -y chromium)")
    if missing:
        msg = "browser test needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(msg + " (CI is set: the browser test must run)")
        pytest.skip(msg)


@pytest.fixture
def live_server(settings: Settings, store: Store) -> Iterator[str]:
    """The app served by uvicorn on a free port of 127.0.0.1, in a background thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings, store), log_level="warning", lifespan="off", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


def test_review_flow_in_chromium_runs_no_planted_script(
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    password: str,
    store: Store,
    live_server: str,
) -> None:
    _require_browser()
    from playwright.sync_api import Dialog, sync_playwright

    name = f"Ada {IMG} Obi"
    case_id = add_case(
        title=f"Title {SCRIPT} {IMG}",
        text=f"Lead {SCRIPT} then {IMG} and police charged {name} with trafficking.",
        perps=[{"name": name}],
        source_id=f"src{SCRIPT}",
        url="javascript:alert(1)",
        score=0.95,
    )
    add_case(title="A quieter case", score=0.6)
    add_user("rita", "reviewer")

    base = live_server
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(30_000)
            dialogs: list[str] = []
            console: list[str] = []
            page_errors: list[str] = []

            def on_dialog(dialog: Dialog) -> None:
                dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", on_dialog)
            page.on("console", lambda m: console.append(m.text))
            page.on("pageerror", lambda e: page_errors.append(str(e)))

            # Anonymous: sent to the login page.
            page.goto(base + "/")
            assert page.url.startswith(base + "/login")
            page.fill('input[name="username"]', "rita")
            page.fill('input[name="password"]', password)
            page.click('form.login button[type="submit"]')
            page.wait_for_url(base + "/")

            # Case list, most confident first, payloads shown as text.
            assert dialogs == [], f"a planted script ran: {dialogs}"
            rows = page.locator("table.cases tbody tr")
            assert rows.count() == 2
            assert f"Title {SCRIPT} {IMG}" in rows.nth(0).inner_text()
            assert "A quieter case" in rows.nth(1).inner_text()

            # Case page: evidence highlighted, the javascript: URL not a link.
            page.click(f'a[href="/cases/{case_id}"]')
            page.wait_for_url(f"{base}/cases/{case_id}")
            assert dialogs == [], f"a planted script ran: {dialogs}"
            assert page.locator("h1").inner_text() == f"Title {SCRIPT} {IMG}"
            assert page.locator(".article-text mark").all_inner_texts() == [name]
            assert page.locator('a[href^="javascript"]').count() == 0
            # The local stylesheet loaded (the CSP allows 'self').
            bg = page.eval_on_selector(
                ".article-text mark", "e => getComputedStyle(e).backgroundColor"
            )
            assert bg == "rgb(255, 226, 122)"

            # Accept it.
            page.click('button[name="decision"][value="accepted"]')
            page.wait_for_url(f"{base}/cases/{case_id}")
            assert page.locator("dd .review").first.inner_text() == "accepted"
            with store.session() as s:
                case = get_case(s, case_id)
                assert case is not None and case.review_status == "accepted"
                assert case.reviewed_by == "rita"

            # Nothing planted became an element, nothing ran, nothing broke the CSP.
            for path in ["/", f"/cases/{case_id}", "/coverage"]:
                page.goto(base + path)
                # The only scripts are the queue's keyboard handler and the case page's
                # evidence links, both from 'self'.
                own = 'script:not([src="/static/queue.js"]):not([src="/static/case.js"])'
                assert page.locator(own).count() == 0, path
                assert page.locator("img").count() == 0, path
            assert dialogs == [], f"a planted script ran: {dialogs}"
            assert page_errors == []
            assert not [m for m in console if "Content Security Policy" in m], console

            # The detector itself works: a real alert is seen as a dialog.
            page.evaluate("() => alert('probe')")
            assert dialogs == ["probe"]
        finally:
            browser.close()


def test_dashboard_charts_render_in_chromium(
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    password: str,
    live_server: str,
) -> None:
    _require_browser()
    from playwright.sync_api import Dialog, sync_playwright

    evil_outlet = f"src{SCRIPT}{IMG}"
    add_case(
        text=f"Police charged Ada {IMG} Obi with trafficking.",
        perps=[{"name": f"Ada {IMG} Obi", "nationality": "NG"}],
        source_id=evil_outlet,
    )
    add_case(source_id="accra-times", pub_country="GH", country="GH")
    add_user("vera", "viewer")

    base = live_server
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.set_default_timeout(30_000)
            dialogs: list[str] = []
            console: list[str] = []
            page_errors: list[str] = []

            def on_dialog(dialog: Dialog) -> None:
                dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", on_dialog)
            page.on(
                "console",
                lambda m: console.append(f"{m.type}: {m.text} @ {m.location.get('url', '')}"),
            )
            page.on("pageerror", lambda e: page_errors.append(str(e)))
            bad_responses: list[str] = []
            page.on(
                "response",
                lambda r: bad_responses.append(f"{r.status} {r.url}") if r.status >= 400 else None,
            )

            page.goto(base + "/coverage/dashboard")
            page.fill('input[name="username"]', "vera")
            page.fill('input[name="password"]', password)
            page.click('form.login button[type="submit"]')
            page.wait_for_url(base + "/coverage/dashboard")

            for selector in ["svg#chart-ranked", "svg#chart-series", "table.heatmap"]:
                box = page.locator(selector).bounding_box()
                assert box is not None and box["width"] > 0 and box["height"] > 0, selector
            bars = page.locator("svg#chart-ranked g.bar-row rect.bar")
            assert bars.count() == 2
            for i in range(bars.count()):
                box = bars.nth(i).bounding_box()
                assert box is not None and box["width"] > 0 and box["height"] > 0
            assert page.locator("svg#chart-series g.panel").count() == 5
            # No crawl run is recorded here, so every month is insufficient coverage: shaded
            # gaps, no line (issue 16; this asserted one line per panel through them before).
            assert page.locator("svg#chart-series polyline").count() == 0
            assert page.locator("svg#chart-series rect.shade").count() >= 5
            # The stylesheet styles the SVG (classes, not inline styles).
            fill = page.eval_on_selector(
                "svg#chart-ranked rect.bar", "e => getComputedStyle(e).fill"
            )
            assert fill == "rgb(31, 95, 153)"
            # Nigeria's panel names the planted outlet: as text; nothing became an element or ran.
            page.click('nav.country-pick a:text-is("NG")')
            page.wait_for_url(base + "/coverage/dashboard?country=NG#country")
            assert evil_outlet in page.locator("#country").inner_text()
            assert page.locator("script").count() == 0
            assert page.locator("img").count() == 0
            assert dialogs == [], f"a planted script ran: {dialogs}"
            assert page_errors == []
            # No console error, except the browser's own favicon probe (the UI has none).
            assert bad_responses == [], bad_responses
            errors = [
                m for m in console if m.startswith("error") and not m.endswith("/favicon.ico")
            ]
            assert errors == [], console
            assert not [m for m in console if "Content Security Policy" in m], console
        finally:
            browser.close()
