"""Screenshots of the review UI's main pages on the fictional demo data, for docs/screenshots/.

Runs the demo pipeline into a temporary folder (the bundled fictional outlets, crawled by the
real spider), creates an admin, serves the UI with uvicorn on loopback, logs in with Debian's
Chromium through Playwright and saves: the review queue, a case page, a person page with its
timeline, the search page with facets, the persons list and the takedowns page; and the case page
as one review screen (`review_screen`: evidence clicked, then an edit's differences).

Usage: .venv/bin/python scripts/screenshots.py [OUT_DIR]   (default docs/screenshots)
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn
from sqlalchemy import select

from tipwatch.accounts import create_user
from tipwatch.demo.run import run_demo
from tipwatch.index.factory import opened_index
from tipwatch.index.sync import sync_outbox
from tipwatch.review_ui.app import create_app
from tipwatch.settings import get_settings
from tipwatch.store.db import Store
from tipwatch.store.models import CaseRow, PerpetratorRow

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "screenshots only 123"


def review_screen(page: Page, url: str, out: Path) -> None:
    """The case page as one review screen: the first person's "In text" clicked (the text
    scrolled to the marked evidence), then, after an edit through the form (the first
    person's status set to sentenced, a statute the machine missed added), the differences."""
    page.goto(url)
    page.click('button.ev-link[data-ev="p1"]')
    page.wait_for_selector("#article-text mark.current-span")
    page.screenshot(path=str(out / "review-screen.png"), full_page=False)
    print(f"{out / 'review-screen.png'}: {url} (evidence of person 1)")
    page.locator('select[name="perp_status"]').first.select_option("sentenced")
    page.locator('select[name="charge_row_category"]').last.select_option("other")
    page.locator('input[name="charge_row_statute"]').last.fill("RA 11930")
    page.click("form.edit-form button[type=submit]")
    page.wait_for_selector("section.compare")
    page.locator("section.compare").scroll_into_view_if_needed()
    page.screenshot(path=str(out / "review-screen-edit.png"), full_page=False)
    print(f"{out / 'review-screen-edit.png'}: {url} (after an edit)")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tipwatch-shots-") as tmp:
        os.environ["TIPWATCH_DATA_DIR"] = tmp
        os.environ["TIPWATCH_NO_SERVE"] = "1"
        settings = get_settings(data_dir=Path(tmp), secret_key="s" * 40)
        run_demo(settings, sources_dir=None, serve=False)
        store = Store(settings.resolved_database_url)
        with store.session() as s:
            create_user(s, "ana", PASSWORD, "admin")
            case_id = s.scalar(
                select(CaseRow.id).order_by(CaseRow.case_score.desc(), CaseRow.id).limit(1)
            )
            person_id = s.scalar(
                select(PerpetratorRow.person_id).where(PerpetratorRow.case_id == case_id).limit(1)
            )
        with opened_index(settings) as index:
            sync_outbox(store, index)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(create_app(settings, store), log_level="warning", lifespan="off")
        )
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        from playwright.sync_api import sync_playwright

        pages = {
            "queue.png": "/",
            "case.png": f"/cases/{case_id}",
            "person.png": f"/persons/{person_id}",
            "persons.png": "/persons",
            "search.png": "/search?q=trafficking",
            "takedowns.png": "/takedowns",
        }
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + "/login")
            page.fill("input[name=username]", "ana")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(base + "/")
            for name, path in pages.items():
                page.goto(base + path)
                page.screenshot(path=str(out / name), full_page=False)
                print(f"{out / name}: {path}")
            review_screen(page, f"{base}/cases/{case_id}", out)
            browser.close()
        server.should_exit = True
        thread.join(timeout=15)
        store.dispose()


if __name__ == "__main__":
    main()
