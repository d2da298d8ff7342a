"""Cases of a provisional outlet (a host outside the registry kept by a WARC backfill) are in
the review queue like any other, marked as such in the queue and on the case page."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from tipwatch.store.db import Store
from tipwatch.store.models import SourceRow

MARK = re.compile(r'class="badge badge-provisional"[^>]*>provisional outlet<')


def test_queue_and_case_page_mark_a_provisional_outlet(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    regular = add_case(source_id="lagos-daily", title="Registry outlet report")
    provisional = add_case(
        source_id="kenyacourtwatch-co-ke",
        pub_country="KE",
        title="Backfilled outlet report",
        text="Police in Mombasa charged Ada Obi with sex trafficking on Monday.",
    )
    with store.session() as s:
        row = s.get_one(SourceRow, "kenyacourtwatch-co-ke")
        row.provisional, row.domain, row.country_method = True, "kenyacourtwatch.co.ke", "cctld"
    add_user("rita", "reviewer")
    login("rita")

    queue = client.get("/")
    assert queue.status_code == 200
    rows = {
        m.group(1): m.group(0) for m in re.finditer(r'id="case-(\w+)".*?</tr>', queue.text, re.S)
    }
    assert MARK.search(rows[provisional]) and not MARK.search(rows[regular])

    assert MARK.search(client.get(f"/cases/{provisional}").text)
    assert not MARK.search(client.get(f"/cases/{regular}").text)
