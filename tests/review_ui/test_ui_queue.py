"""The review queue (`/`): every filter, the sort orders, bad values, pagination that keeps the
filters, the per-row decision forms and who sees them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from tipwatch.store.db import Store
from tipwatch.store.models import SourceRow
from tipwatch.store.repository import get_case
from tipwatch.store.review import edit_case, review_case

TITLE_RE = re.compile(r'<a href="/cases/[0-9a-f]+">([^<]*)</a>')


@pytest.fixture
def reviewer(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str]
) -> TestClient:
    add_user("rita", "reviewer")
    login("rita")
    return client


def titles(html: str) -> list[str]:
    """Case titles in the order the queue lists them."""
    return TITLE_RE.findall(html)


def queue(client: TestClient, query: str = "") -> list[str]:
    r = client.get("/" + (f"?{query}" if query else ""))
    assert r.status_code == 200, r.text
    return titles(r.text)


def decide(store: Store, case_id: str, decision: str) -> None:
    with store.session() as s:
        review_case(s, case_id, decision=decision, user="ana", reason="test")


# --- filters -----------------------------------------------------------------------------------


def test_filter_by_outlet(reviewer: TestClient, add_case: Callable[..., str]) -> None:
    add_case(title="Lagos story", source_id="lagos-daily")
    add_case(title="Accra story", source_id="accra-times", pub_country="GH")
    assert queue(reviewer, "outlet=accra-times") == ["Accra story"]
    assert queue(reviewer, "outlet=lagos-daily") == ["Lagos story"]
    html = reviewer.get("/").text
    assert '<option value="accra-times">accra-times</option>' in html


def test_filter_by_minimum_score(reviewer: TestClient, add_case: Callable[..., str]) -> None:
    add_case(title="Sure", score=0.95)
    add_case(title="Likely", score=0.7)
    add_case(title="Unsure", score=0.55)
    assert queue(reviewer, "min_score=0.7") == ["Sure", "Likely"]
    assert queue(reviewer, "min_score=0.96") == []
    assert queue(reviewer, "min_score=0") == ["Sure", "Likely", "Unsure"]


def test_filter_by_confidence_bands(reviewer: TestClient, add_case: Callable[..., str]) -> None:
    add_case(title="High one", score=0.9)
    add_case(title="Medium one", score=0.6)
    add_case(title="Edge of high", score=0.8)
    add_case(title="Low one", score=0.3)
    assert queue(reviewer, "band=high") == ["High one", "Edge of high"]
    assert queue(reviewer, "band=medium") == ["Medium one"]
    assert queue(reviewer, "band=high&band=low") == ["High one", "Edge of high", "Low one"]
    # A band and a minimum score together: both apply.
    assert queue(reviewer, "band=high&min_score=0.85") == ["High one"]


def test_filter_by_publication_date_range(
    reviewer: TestClient, add_case: Callable[..., str]
) -> None:
    add_case(title="January", publish_date=date(2024, 1, 10))
    add_case(title="March", publish_date=date(2024, 3, 10))
    add_case(title="June", publish_date=date(2024, 6, 10))
    add_case(title="Undated", publish_date=None)
    assert queue(reviewer, "from=2024-02-01&to=2024-04-30") == ["March"]
    assert queue(reviewer, "from=2024-03-10") == ["June", "March"]
    assert queue(reviewer, "to=2024-03-10") == ["March", "January"]
    # Bounds are inclusive; without a date filter, undated articles are listed last.
    assert queue(reviewer, "from=2024-01-10&to=2024-01-10") == ["January"]
    assert queue(reviewer) == ["June", "March", "January", "Undated"]


def test_filter_by_edited(reviewer: TestClient, add_case: Callable[..., str], store: Store) -> None:
    edited = add_case(title="Edited one")
    add_case(title="Untouched one")
    with store.session() as s:
        edit_case(
            s, edited, {"perpetrators": [{"name": "Ada Obi", "status": "convicted"}]}, user="rita"
        )
    assert queue(reviewer, "edited=yes") == ["Edited one"]
    assert queue(reviewer, "edited=no") == ["Untouched one"]
    assert sorted(queue(reviewer)) == ["Edited one", "Untouched one"]
    html = reviewer.get("/?edited=yes").text
    assert '<div class="edited-mark">edited</div>' in html


def test_filters_combine(reviewer: TestClient, add_case: Callable[..., str], store: Store) -> None:
    add_case(title="Match", source_id="accra-times", country="GH", score=0.9)
    add_case(title="Wrong outlet", country="GH", score=0.9)
    add_case(title="Wrong country", source_id="accra-times", country="NG", score=0.9)
    add_case(title="Too low", source_id="accra-times", country="GH", score=0.6)
    decided = add_case(title="Decided", source_id="accra-times", country="GH", score=0.95)
    decide(store, decided, "accepted")
    assert queue(reviewer, "outlet=accra-times&country=gh&status=pending&band=high") == ["Match"]
    # Without the band filter the lower one is listed too, after the more confident one.
    assert queue(reviewer, "outlet=accra-times&country=GH&status=pending") == ["Match", "Too low"]


# --- sort --------------------------------------------------------------------------------------


@pytest.fixture
def four_cases(add_case: Callable[..., str], store: Store) -> None:
    reviewed = add_case(title="Reviewed sure", score=0.95, publish_date=date(2024, 2, 1))
    add_case(title="Pending unsure", score=0.6, publish_date=date(2024, 6, 1))
    add_case(title="Pending old", score=0.8, publish_date=date(2024, 1, 1))
    add_case(title="Pending new", score=0.8, publish_date=date(2024, 3, 1))
    decide(store, reviewed, "accepted")


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # Pending first, then the most confident, then the newest.
        ("", ["Pending new", "Pending old", "Pending unsure", "Reviewed sure"]),
        ("useful", ["Pending new", "Pending old", "Pending unsure", "Reviewed sure"]),
        ("score", ["Reviewed sure", "Pending new", "Pending old", "Pending unsure"]),
        ("newest", ["Pending unsure", "Pending new", "Reviewed sure", "Pending old"]),
        ("oldest", ["Pending old", "Reviewed sure", "Pending new", "Pending unsure"]),
    ],
)
def test_sort_orders(
    reviewer: TestClient, four_cases: None, sort: str, expected: list[str]
) -> None:
    assert queue(reviewer, f"sort={sort}" if sort else "") == expected
    html = reviewer.get("/" + (f"?sort={sort}" if sort else "")).text
    assert f'<option value="{sort or "useful"}" selected>' in html


# --- bad values --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=Nigeria", "Country must be a two-letter ISO code"),
        ("outlet=no-such-outlet", "Outlet must be the id of a known outlet"),
        ("status=approved", "Review status must be one of: pending, accepted, rejected."),
        ("min_score=abc", "Minimum score must be a number from 0 to 1"),
        ("min_score=1.5", "Minimum score must be a number from 0 to 1"),
        ("min_score=-0.1", "Minimum score must be a number from 0 to 1"),
        ("min_score=nan", "Minimum score must be a number from 0 to 1"),
        ("band=extreme", "Confidence band must be one of: high, medium, low."),
        ("band=high&band=bogus", "Confidence band must be one of"),
        ("from=2024-13-01", "Published from must be a date as YYYY-MM-DD"),
        ("from=yesterday", "Published from must be a date as YYYY-MM-DD"),
        ("to=06/01/2024", "Published to must be a date as YYYY-MM-DD"),
        ("from=2024-06-01&to=2024-01-01", "Published from must not be after published to."),
        ("edited=maybe", "Edited must be yes or no"),
        ("sort=random", "Sort must be one of: useful, score, newest, oldest."),
        ("page=0", "Page must be a whole number"),
        ("page=abc", "Page must be a whole number"),
    ],
)
def test_bad_filter_values_are_a_400_with_a_message(
    reviewer: TestClient, add_case: Callable[..., str], query: str, message: str
) -> None:
    add_case(title="Some case")
    r = reviewer.get("/?" + query)
    assert r.status_code == 400
    assert message in unescape(r.text)
    assert 'role="alert"' in r.text
    assert "Some case" not in r.text


def test_unlisted_but_registered_outlet_is_a_valid_filter(
    reviewer: TestClient, add_case: Callable[..., str], store: Store
) -> None:
    add_case(title="Lagos story")
    with store.session() as s:
        s.add(SourceRow(id="quiet-news", name="Q", country="KE", languages=["en"], homepage="x"))
    r = reviewer.get("/?outlet=quiet-news")
    assert r.status_code == 200 and titles(r.text) == []


# --- pagination --------------------------------------------------------------------------------


def test_pagination_links_keep_the_filters(
    reviewer: TestClient, add_case: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tipwatch.review_ui.routes.queue.PAGE_SIZE", 2)
    for i, score in enumerate([0.95, 0.9, 0.85, 0.82]):
        add_case(title=f"Case {i}", score=score, source_id="accra-times", pub_country="GH")
    add_case(title="Other outlet", score=0.99)
    first = reviewer.get("/?outlet=accra-times&band=high&sort=score&from=2024-01-01")
    assert titles(first.text) == ["Case 0", "Case 1"]
    nxt = re.search(r'<a href="([^"]+)" rel="next">', first.text)
    assert nxt is not None and 'rel="prev"' not in first.text
    href = unescape(nxt.group(1))
    assert parse_qs(urlsplit(href).query) == {
        "outlet": ["accra-times"],
        "band": ["high"],
        "sort": ["score"],
        "from": ["2024-01-01"],
        "page": ["2"],
    }
    second = reviewer.get(href)
    assert titles(second.text) == ["Case 2", "Case 3"]
    prev = re.search(r'<a href="([^"]+)" rel="prev">', second.text)
    assert prev is not None
    assert parse_qs(urlsplit(unescape(prev.group(1))).query)["outlet"] == ["accra-times"]
    assert "page" not in parse_qs(urlsplit(unescape(prev.group(1))).query)


# --- row forms and roles -----------------------------------------------------------------------


def test_reviewer_gets_accept_and_reject_forms_with_csrf_token_per_row(
    reviewer: TestClient, add_case: Callable[..., str], page_csrf: Callable[[str], str]
) -> None:
    ids = [add_case(title="First", score=0.9), add_case(title="Second", score=0.8)]
    html = reviewer.get("/?sort=score").text
    token = page_csrf(html)
    assert 'data-review="1"' in html
    for i, case_id in enumerate(ids):
        accept = re.search(
            rf'<form method="post" action="/cases/{case_id}/review" class="queue-accept">'
            r"(.*?)</form>",
            html,
            re.S,
        )
        reject = re.search(
            rf'<form method="post" action="/cases/{case_id}/review" class="queue-reject">'
            r"(.*?)</form>",
            html,
            re.S,
        )
        assert accept is not None and reject is not None
        for form in (accept.group(1), reject.group(1)):
            assert f'name="csrf_token" value="{token}"' in form
            assert f'name="next" value="/?sort=score#row={i}"' in form
        assert 'name="decision" value="accepted"' in accept.group(1)
        assert 'name="decision" value="rejected"' in reject.group(1)
        assert 'name="reason" required' in reject.group(1)
    assert "<kbd>a</kbd> accept" in html and "<kbd>r</kbd> reject" in html


def test_viewer_gets_navigation_only(
    client: TestClient,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    add_case(title="A case")
    add_user("vic", "viewer")
    login("vic")
    html = client.get("/").text
    assert "A case" in html
    assert "queue-accept" not in html and "queue-reject" not in html
    assert 'name="decision"' not in html and 'data-review="1"' not in html
    assert "<kbd>j</kbd>/<kbd>k</kbd> next/previous" in html
    assert "<kbd>a</kbd>" not in html
    assert '<script src="/static/queue.js" defer></script>' in html


def test_admin_gets_the_forms_too(
    client: TestClient,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    add_case(title="A case")
    add_user("ada", "admin")
    login("ada")
    html = client.get("/").text
    assert "queue-accept" in html and 'data-review="1"' in html


def test_decision_from_the_queue_returns_to_the_queue(
    reviewer: TestClient,
    add_case: Callable[..., str],
    store: Store,
    page_csrf: Callable[[str], str],
) -> None:
    case_id = add_case(title="A case")
    token = page_csrf(reviewer.get("/").text)
    r = reviewer.post(
        f"/cases/{case_id}/review",
        data={
            "decision": "rejected",
            "reason": "not trafficking",
            "next": "/?status=pending#row=0",
            "csrf_token": token,
        },
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/?status=pending#row=0"
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        assert (case.review_status, case.review_reason) == ("rejected", "not trafficking")
    # Only local paths: anything else goes to the queue's start.
    r = reviewer.post(
        f"/cases/{case_id}/review",
        data={"decision": "accepted", "next": "https://evil.example/", "csrf_token": token},
    )
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_queue_script_is_served_from_self(client: TestClient) -> None:
    r = client.get("/static/queue.js")
    assert r.status_code == 200
    assert "javascript" in r.headers["content-type"]
    assert 'addEventListener("keydown"' in r.text
