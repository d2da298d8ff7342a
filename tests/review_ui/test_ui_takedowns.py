"""Article takedowns in the review UI: only admins take down and lift, always with a reason and
the CSRF token; the case leaves the queue; the takedowns page lists who, when and why."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, AuditRow, CaseRow, TombstoneRow
from tipwatch.store.takedowns import list_takedowns

SCRIPT = "<script>alert(1)</script>"


def article_of(store: Store, case_id: str) -> str:
    with store.session() as s:
        return s.get_one(CaseRow, case_id).article_id


def tombstones(store: Store) -> list[TombstoneRow]:
    with store.session() as s:
        return list(s.scalars(select(TombstoneRow).order_by(TombstoneRow.id)))


@pytest.fixture
def as_admin(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str]
) -> tuple[TestClient, str]:
    add_user("ada", "admin")
    return client, login("ada")


def test_admin_sees_the_takedown_form_and_nav_link(
    as_admin: tuple[TestClient, str], add_case: Callable[..., str], store: Store
) -> None:
    client, _ = as_admin
    case_id = add_case()
    html = client.get(f"/cases/{case_id}").text
    article_id = article_of(store, case_id)
    assert f'action="/articles/{article_id}/suppress"' in html
    assert 'name="reason" rows="2" maxlength="2000" required' in html
    assert '<a href="/takedowns">Takedowns</a>' in html
    # No syndicated copy: no checkbox for them.
    assert 'name="copies"' not in html


@pytest.mark.parametrize("role", ["reviewer", "viewer"])
def test_others_see_no_takedown_form_and_are_refused(
    client: TestClient,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
    store: Store,
    role: str,
) -> None:
    case_id = add_case()
    add_user("someone", role)
    token = login("someone")
    html = client.get(f"/cases/{case_id}").text
    assert "/suppress" not in html and 'href="/takedowns"' not in html
    article_id = article_of(store, case_id)
    r = client.post(f"/articles/{article_id}/suppress", data={"reason": "x", "csrf_token": token})
    assert r.status_code == 403
    assert client.get("/takedowns").status_code == 403
    assert (
        client.post("/takedowns/1/lift", data={"reason": "x", "csrf_token": token}).status_code
        == 403
    )
    assert tombstones(store) == []


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/takedowns"), ("POST", "/articles/x/suppress"), ("POST", "/takedowns/1/lift")],
)
def test_anonymous_is_sent_to_login(client: TestClient, method: str, path: str) -> None:
    r = client.request(method, path, data={"reason": "x"} if method == "POST" else None)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_takedown_needs_csrf_token_and_reason(
    as_admin: tuple[TestClient, str], add_case: Callable[..., str], store: Store
) -> None:
    client, token = as_admin
    article_id = article_of(store, add_case())
    url = f"/articles/{article_id}/suppress"
    assert client.post(url, data={"reason": "court order"}).status_code == 403
    for reason in ["", "   ", "x" * 2001]:
        assert client.post(url, data={"reason": reason, "csrf_token": token}).status_code == 400
    assert (
        client.post(
            "/articles/no-such-article/suppress", data={"reason": "r", "csrf_token": token}
        ).status_code
        == 404
    )
    assert tombstones(store) == []


def test_admin_takes_an_article_down_and_its_case_leaves_the_queue(
    as_admin: tuple[TestClient, str], add_case: Callable[..., str], store: Store
) -> None:
    client, token = as_admin
    gone = add_case(title="Wrong person named", text="Police charged Ada Obi with trafficking.")
    add_case(title="Another case", url="https://news.example/other")
    assert "Wrong person named" in client.get("/").text
    article_id = article_of(store, gone)
    r = client.post(
        f"/articles/{article_id}/suppress",
        data={"reason": f"court order {SCRIPT}", "csrf_token": token},
    )
    assert r.status_code == 303 and r.headers["location"] == "/takedowns"

    queue = client.get("/").text
    assert "Wrong person named" not in queue and "Another case" in queue
    assert client.get(f"/cases/{gone}").status_code == 404
    with store.session() as s:
        art = s.get_one(ArticleRow, article_id)
        assert (art.text, art.title) == ("", None)
    assert {t.created_by for t in tombstones(store)} == {"ada"}

    page = client.get("/takedowns")
    assert page.status_code == 200
    row = re.search(r'<tr class="takedown takedown-active">(.*?)</tr>', page.text, re.S)
    assert row is not None
    assert "ada" in row.group(1) and article_id in row.group(1)
    assert "court order &lt;script&gt;alert(1)&lt;/script&gt;" in row.group(1)
    assert SCRIPT not in page.text
    assert "https://news.example/" in row.group(1)
    assert 'action="/takedowns/' in row.group(1) and "Lift takedown" in row.group(1)


def test_admin_lifts_a_takedown_with_a_reason(
    as_admin: tuple[TestClient, str], add_case: Callable[..., str], store: Store
) -> None:
    client, token = as_admin
    article_id = article_of(store, add_case())
    client.post(
        f"/articles/{article_id}/suppress", data={"reason": "court order", "csrf_token": token}
    )
    first = tombstones(store)[0].id
    lift = f"/takedowns/{first}/lift"
    assert client.post(lift, data={"reason": "overturned"}).status_code == 403
    assert client.post(lift, data={"reason": "", "csrf_token": token}).status_code == 400
    assert (
        client.post("/takedowns/999999/lift", data={"reason": "r", "csrf_token": token}).status_code
        == 404
    )
    assert all(t.lifted_at is None for t in tombstones(store))

    r = client.post(lift, data={"reason": "overturned", "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == "/takedowns"
    assert all(t.lifted_by == "ada" for t in tombstones(store))
    page = client.get("/takedowns").text
    assert '<tr class="takedown takedown-lifted">' in page and "lifted by ada" in page
    assert "Lift takedown" not in page
    # Nothing left to lift.
    again = client.post(lift, data={"reason": "again", "csrf_token": token})
    assert again.status_code == 409
    with store.session() as s:
        actions = [a.action for a in s.scalars(select(AuditRow).order_by(AuditRow.id))]
        assert actions == ["suppress", "lift_suppression"]


def test_syndicated_copies_are_offered_and_taken_down_on_request(
    as_admin: tuple[TestClient, str], add_case: Callable[..., str], store: Store
) -> None:
    client, token = as_admin
    story = "Police in Lagos charged Ada Obi with trafficking. " + " ".join(
        f"Witness {i} told the court in Ikeja how the travel agency recruited women."
        for i in range(12)
    )
    original = add_case(text=story, url="https://news.example/a", syndicated=True)
    copy = add_case(
        text="From our wire partners. " + story,
        url="https://wire.example/b",
        source_id="accra-times",
        pub_country="GH",
        syndicated=True,
    )
    html = client.get(f"/cases/{original}").text
    assert 'name="copies" value="1"' in html and "<code>accra-times</code>" in html
    r = client.post(
        f"/articles/{article_of(store, original)}/suppress",
        data={"reason": "court order", "copies": "1", "csrf_token": token},
    )
    assert r.status_code == 303
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(CaseRow)) == 0
        entries = list_takedowns(s)
    assert len(entries) == 2
    assert client.get(f"/cases/{copy}").status_code == 404
