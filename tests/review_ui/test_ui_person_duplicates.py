"""The person page suggests likely duplicates with scores; a reviewer merges one, judges one
not the same (it leaves the list), and a merge across countries is answered 409 until the
conflict is confirmed; co-defendants are refused."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from tests.review_ui.person_factory import person_of, report
from tipwatch.store.db import Store
from tipwatch.store.models import PersonRow


def _suggested(html: str) -> dict[str, str]:
    """person id -> score, as the page lists them."""
    rows = re.findall(
        r'<tr class="duplicate" data-person="([0-9a-f]{32})">.*?<td class="num">([0-9.]+)</td>',
        html,
        re.S,
    )
    return dict(rows)


def test_suggest_judge_and_merge_from_the_person_page(
    client: TestClient,
    store: Store,
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    def case(n: int, name: str, country: str = "IN", also: str | None = None) -> str:
        names = [(name, "charged")] + ([(also, "charged")] if also else [])
        text = f"Police charged {name}" + (f" and {also}" if also else "") + " with trafficking."
        return report(
            store,
            url=f"https://news.example/{n}",
            text=text,
            names=names,
            day=date(2025, 4, n),
            country=country,
        )

    first = case(1, "Ramesh Kumar", also="Ramesh Kumari")
    a = person_of(store, first, "Ramesh Kumar")
    co_named = person_of(store, first, "Ramesh Kumari")
    b = person_of(store, case(2, "Rmesh Kumaar"), "Rmesh Kumaar")
    c = person_of(store, case(3, "Ramesh Kumarr"), "Ramesh Kumarr")
    abroad = person_of(store, case(4, "Ramesh Kumar", country="NP"), "Ramesh Kumar")

    add_user("vera", "viewer")
    login("vera")
    assert "Possible duplicates" not in client.get(f"/persons/{a}").text  # reviewers only
    client.cookies.clear()

    add_user("rita", "reviewer")
    token = login("rita")
    found = _suggested(client.get(f"/persons/{a}").text)
    assert set(found) == {b, c, abroad}  # never the co-defendant named beside him
    assert co_named not in found
    assert all(float(score) >= 0.75 for score in found.values())
    assert float(found[abroad]) < 1.0  # same name, other country: lower
    page = client.get(f"/persons/{a}").text
    row = page[page.index(f'data-person="{abroad}"') :]
    assert "different countries (IN, NP)" in row[: row.index("</tr>")]

    r = client.post(
        f"/persons/{a}/not-same",
        data={"other": b, "judgement": "not_same", "reason": "other father", "csrf_token": token},
    )
    assert r.status_code == 303
    assert set(_suggested(client.get(f"/persons/{a}").text)) == {c, abroad}

    r = client.post(
        f"/persons/{a}/merge", data={"other": abroad, "reason": "same", "csrf_token": token}
    )
    assert r.status_code == 409 and "different countries (IN, NP)" in r.text
    with store.session() as s:
        assert s.get_one(PersonRow, abroad).merged_into is None
    r = client.post(
        f"/persons/{a}/merge",
        data={"other": abroad, "reason": "court record", "confirm": "1", "csrf_token": token},
    )
    assert r.status_code == 303
    r = client.post(
        f"/persons/{a}/merge", data={"other": co_named, "reason": "x", "csrf_token": token}
    )
    assert r.status_code == 400 and "same article" in r.text
    with store.session() as s:
        assert s.get_one(PersonRow, abroad).merged_into == a
        assert s.get_one(PersonRow, co_named).merged_into is None
    history = client.get(f"/persons/{a}").text
    assert "Judged not the same person" in history
