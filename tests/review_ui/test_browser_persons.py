"""Person pages in a real browser (Debian's Chromium driven by Playwright, as in test_browser.py):
a reviewer checks a timeline, merges two persons and splits a mention off; an admin suppresses a
person, and the person stays hidden after its article is extracted again (same and new extractor
version, as a re-crawl or `tipwatch reextract` would). XSS payloads planted in names and titles
must never run: no dialog, no page error, no console error, no injected element.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tests.review_ui.person_factory import mention_of, person_of, report
from tests.review_ui.test_browser import (  # noqa: F401 (live_server is a fixture)
    CHROMIUM,
    CHROMIUM_ARGS,
    IMG,
    SCRIPT,
    _require_browser,
    live_server,
)
from tipwatch.store.db import Store
from tipwatch.store.models import PersonRow

TEXT_A = f"Pune police arrested Ramesh Kumar and Ada {IMG} Obi on Monday."
TEXT_B = "The court charged Ramesh Kumar with trafficking."
TEXT_C = "Ramesh Kumar was convicted by the sessions court."
TEXT_V = "Police named Rmesh Kumaar as a suspect."


def _reports(store: Store) -> dict[str, str]:
    a = report(
        store,
        url="https://news.example/a",
        text=TEXT_A,
        names=[("Ramesh Kumar", "arrested"), (f"Ada {IMG} Obi", "arrested")],
        day=date(2025, 1, 10),
        title=f"Arrests in Pune {SCRIPT}",
    )
    b = report(
        store,
        url="https://news.example/b",
        text=TEXT_B,
        names=[("Ramesh Kumar", "charged")],
        day=date(2025, 3, 2),
        title=f"Charged {IMG}",
    )
    c = report(
        store,
        url="https://news.example/c",
        text=TEXT_C,
        names=[("Ramesh Kumar", "convicted")],
        day=date(2025, 9, 30),
        title="Convicted in Pune",
    )
    v = report(
        store,
        url="https://news.example/v",
        text=TEXT_V,
        names=[("Rmesh Kumaar", "wanted")],
        day=date(2024, 12, 1),
        title="Suspect named",
    )
    return {"a": a, "b": b, "c": c, "v": v}


def test_person_timeline_merge_split_and_suppression_in_chromium(
    store: Store,
    add_user: Callable[..., str],
    password: str,
    live_server: str,  # noqa: F811
) -> None:
    _require_browser()
    from playwright.sync_api import Dialog, Page, sync_playwright

    cases = _reports(store)
    ramesh = person_of(store, cases["a"], "Ramesh Kumar")
    variant = person_of(store, cases["v"], "Rmesh Kumaar")
    ada = person_of(store, cases["a"], f"Ada {IMG} Obi")
    add_user("rita", "reviewer")
    add_user("root", "admin")
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
            page.on(
                "console",
                lambda m: console.append(f"{m.type}: {m.text} @ {m.location.get('url', '')}"),
            )
            page.on("pageerror", lambda e: page_errors.append(str(e)))

            def log_in(p: Page, user: str, target: str) -> None:
                p.goto(base + target)
                p.fill('input[name="username"]', user)
                p.fill('input[name="password"]', password)
                p.click('form.login button[type="submit"]')
                p.wait_for_url(base + target)

            def log_out(p: Page) -> None:
                p.click('form[action="/logout"] button')
                p.wait_for_url(base + "/login")

            def inert(p: Page) -> None:
                # Only scripts served from 'self' (the queue's keyboard handler), none planted.
                assert p.locator('script:not([src^="/static/"])').count() == 0, p.url
                assert p.locator("img").count() == 0, p.url
                assert dialogs == [], f"a planted script ran: {dialogs}"

            def timeline_dates(p: Page) -> list[str]:
                return p.locator("table.timeline td.date").all_inner_texts()

            # --- a reviewer: list, person page, timeline latest first -------------------------
            log_in(page, "rita", "/persons")
            inert(page)
            page.fill('input[name="q"]', "kumar ramesh")
            page.click('form.filters button[type="submit"]')
            page.wait_for_url(base + "/persons?q=kumar+ramesh&country=")
            assert page.locator("table.persons tbody tr").count() == 1
            page.click(f'a[href="/persons/{ramesh}"]')
            page.wait_for_url(f"{base}/persons/{ramesh}")
            inert(page)
            assert page.locator("h1 .name").inner_text() == "Ramesh Kumar"
            latest = page.locator(".latest-status").inner_text()
            assert "convicted" in latest and "2025-09-30" in latest
            assert timeline_dates(page) == ["2025-09-30", "2025-03-02", "2025-01-10"]
            statuses = page.locator("table.timeline td .status").all_inner_texts()
            assert statuses == ["convicted", "charged", "arrested"]
            # The planted title is text, and the evidence link leads to the case page.
            assert f"Arrests in Pune {SCRIPT}" in page.locator("table.timeline").inner_text()
            page.click(f'table.timeline a[href="/cases/{cases["a"]}"]')
            page.wait_for_url(f"{base}/cases/{cases['a']}")
            inert(page)
            # The case page links each name to its person page.
            assert page.locator(f'a.name[href="/persons/{ada}"]').inner_text() == f"Ada {IMG} Obi"
            page.click(f'a.name[href="/persons/{ramesh}"]')
            page.wait_for_url(f"{base}/persons/{ramesh}")

            # --- merge the misspelt variant into Ramesh ----------------------------------------
            page.fill('.merge-form input[name="other"]', variant)
            page.fill('.merge-form textarea[name="reason"]', "same man, misspelt by one outlet")
            page.click('.merge-form button[type="submit"]')
            page.wait_for_url(f"{base}/persons/{ramesh}")
            inert(page)
            assert timeline_dates(page) == ["2025-09-30", "2025-03-02", "2025-01-10", "2024-12-01"]
            assert "Rmesh Kumaar" in page.locator("table.timeline").inner_text()
            assert "Merged in Rmesh Kumaar" in page.locator("table.history").inner_text()
            with store.session() as s:
                absorbed = s.get(PersonRow, variant)
                assert absorbed is not None and absorbed.merged_into == ramesh

            # --- split the March mention off ---------------------------------------------------
            mention_b = mention_of(store, cases["b"], "Ramesh Kumar")
            page.check(f'input[name="mention"][value="{mention_b}"]')
            page.fill('#split-form input[name="new_name"]', "Ramesh Kumar (Delhi)")
            page.fill('#split-form textarea[name="reason"]', "another man: different father")
            page.click('#split-form button[type="submit"]')
            page.wait_for_url(lambda url: "/persons/" in url and ramesh not in url)
            inert(page)
            other = page.url.rsplit("/", 1)[1]
            assert page.locator("h1 .name").inner_text() == "Ramesh Kumar (Delhi)"
            assert timeline_dates(page) == ["2025-03-02"]
            assert person_of(store, cases["b"], "Ramesh Kumar") == other
            page.goto(f"{base}/persons/{ramesh}")
            assert timeline_dates(page) == ["2025-09-30", "2025-01-10", "2024-12-01"]
            assert page.locator('form[action$="/suppress"]').count() == 0  # admins only
            log_out(page)

            # --- an admin suppresses Ramesh ----------------------------------------------------
            log_in(page, "root", f"/persons/{ramesh}")
            page.fill('.suppress-form textarea[name="reason"]', "court-ordered correction")
            page.click('.suppress-form button[type="submit"]')
            page.wait_for_url(f"{base}/persons/{ramesh}")
            inert(page)
            assert page.locator("h1 .badge-suppressed").count() == 1

            # A re-crawl extracts article A again, with the same and with a new extractor.
            for version in ("test-1", "test-2"):
                report(
                    store,
                    url="https://news.example/a",
                    text=TEXT_A,
                    names=[("Ramesh Kumar", "charged"), (f"Ada {IMG} Obi", "charged")],
                    day=date(2025, 1, 10),
                    title=f"Arrests in Pune {SCRIPT}",
                    version=version,
                )
                assert person_of(store, cases["a"], "Ramesh Kumar") == ramesh
            page.goto(f"{base}/cases/{cases['a']}")
            inert(page)
            badge = page.locator(f'a.name[href="/persons/{ramesh}"] + .badge-suppressed')
            assert badge.count() == 1  # the admin sees the name, marked
            log_out(page)

            # --- the reviewer no longer sees him anywhere -------------------------------------
            log_in(page, "rita", f"/cases/{cases['a']}")
            inert(page)
            names = page.locator("table.perpetrators .name").all_inner_texts()
            assert names[0] == "[suppressed person]" and names[1] == f"Ada {IMG} Obi"
            assert "Ramesh" not in page.content()
            for path in ["/persons", f"/persons/{ada}"]:
                page.goto(base + path)
                inert(page)
                assert "Ramesh" not in page.content().replace("Ramesh Kumar (Delhi)", ""), path
            # In the queue, cases A and C name him: a placeholder. B names the other man.
            page.goto(base + "/")
            inert(page)
            for key in ("a", "c"):
                row = page.locator(f'tr:has(a[href="/cases/{cases[key]}"])').inner_text()
                assert "[suppressed person]" in row and "Ramesh" not in row, key
            row_b = page.locator(f'tr:has(a[href="/cases/{cases["b"]}"])').inner_text()
            assert "Ramesh Kumar" in row_b
            response = page.goto(f"{base}/persons/{ramesh}")
            assert response is not None and response.status == 404
            assert page.locator("h1").inner_text() == "Error 404"

            # Nothing planted ran or broke the CSP; the detector itself works.
            inert(page)
            assert page_errors == []
            errors = [
                m
                for m in console
                if m.startswith("error")
                and not m.endswith("/favicon.ico")
                and f"/persons/{ramesh}" not in m  # the expected 404 above
            ]
            assert errors == [], console
            assert not [m for m in console if "Content Security Policy" in m], console
            page.evaluate("() => alert('probe')")
            assert dialogs == ["probe"]
        finally:
            browser.close()
