"""Person pages: every route against every role, CSRF, the timeline, merge and split through the
forms, suppression hiding names from non-admins everywhere, and escaped scraped names."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from tests.review_ui.person_factory import mention_of, person_of, report
from tipwatch.review_ui.app import create_app
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import AuditRow, PerpetratorRow, PersonRow, TombstoneRow
from tipwatch.store.persons import suppress_person

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SCRIPT_ESC = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG_ESC = "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"
RAMESH_A = "Pune police arrested Ramesh Kumar and Anil Rao on Monday."
RAMESH_B = "The court charged Ramesh Kumar with trafficking."
RAMESH_C = "Ramesh Kumar was convicted by the sessions court."


@pytest.fixture
def people(store: Store) -> dict[str, Any]:
    """Ramesh Kumar in three dated reports (with Anil Rao in the first) and a misspelt variant."""
    a = report(
        store,
        url="https://news.example/a",
        text=RAMESH_A,
        names=[("Ramesh Kumar", "arrested"), ("Anil Rao", "arrested")],
        day=date(2025, 1, 10),
        title="Two arrested in Pune",
    )
    b = report(
        store,
        url="https://news.example/b",
        text=RAMESH_B,
        names=[("Ramesh Kumar", "charged")],
        day=date(2025, 3, 2),
    )
    c = report(
        store,
        url="https://news.example/c",
        text=RAMESH_C,
        names=[("Ramesh Kumar", "convicted")],
        day=date(2025, 9, 30),
    )
    v = report(
        store,
        url="https://news.example/v",
        text="Police named Rmesh Kumaar as a suspect.",
        names=[("Rmesh Kumaar", "wanted")],
        day=date(2024, 12, 1),
    )
    return {
        "cases": {"a": a, "b": b, "c": c, "v": v},
        "ramesh": person_of(store, a, "Ramesh Kumar"),
        "anil": person_of(store, a, "Anil Rao"),
        "variant": person_of(store, v, "Rmesh Kumaar"),
    }


@pytest.fixture
def as_role(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str]
) -> Callable[[str], str]:
    """Log in as a user of `role` (logging out whoever was in); returns the CSRF token."""
    tokens: list[str] = []

    def _as(role: str) -> str:
        if tokens:
            assert client.post("/logout", data={"csrf_token": tokens[-1]}).status_code == 303
        else:
            for r in ("viewer", "reviewer", "admin"):
                add_user(f"{r}-user", r)
        tokens.append(login(f"{role}-user"))
        return tokens[-1]

    return _as


def _audit_count(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(AuditRow)) or 0


def _person(store: Store, pid: str) -> PersonRow:
    with store.session() as s:
        row = s.get(PersonRow, pid)
        assert row is not None
        return row


# --- access ------------------------------------------------------------------------------------


def test_person_pages_need_a_login(
    client: TestClient, store: Store, people: dict[str, Any]
) -> None:
    for path in ["/persons", f"/persons/{people['ramesh']}"]:
        r = client.get(path)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    r = client.post(f"/persons/{people['ramesh']}/suppress", data={"reason": "x"})
    assert r.status_code in (303, 403)
    assert _person(store, people["ramesh"]).suppressed_at is None


EXPECTED = {
    # action: status per role (viewer, reviewer, admin)
    "merge": (403, 303, 303),
    "split": (403, 303, 303),
    "suppress": (403, 403, 303),
    "unsuppress": (403, 403, 303),
}


@pytest.mark.parametrize("role", ["viewer", "reviewer", "admin"])
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_every_person_action_against_every_role(
    client: TestClient,
    store: Store,
    people: dict[str, Any],
    as_role: Callable[[str], str],
    role: str,
    action: str,
) -> None:
    ramesh = people["ramesh"]
    if action == "unsuppress":
        with store.session() as s:
            suppress_person(s, ramesh, user="root", reason="order")
    token = as_role(role)
    assert client.get("/persons").status_code == 200
    page = client.get(f"/persons/{ramesh}")
    assert page.status_code == (200 if action != "unsuppress" or role == "admin" else 404)
    data: dict[str, Any] = {"csrf_token": token, "reason": "checked the court record"}
    if action == "merge":
        data["other"] = people["variant"]
    if action == "split":
        data["mention"] = [str(mention_of(store, people["cases"]["c"], "Ramesh Kumar"))]
    before = _audit_count(store)
    r = client.post(f"/persons/{ramesh}/{action}", data=data)
    expected = EXPECTED[action][("viewer", "reviewer", "admin").index(role)]
    assert r.status_code == expected, r.text
    assert _audit_count(store) == before + (0 if expected == 403 else 2 if action == "split" else 1)
    state = _person(store, ramesh)
    if action == "suppress":
        assert (state.suppressed_at is not None) == (expected == 303)
    if action == "unsuppress":
        assert (state.suppressed_at is None) == (expected == 303)
    if action == "merge":
        assert (_person(store, people["variant"]).merged_into == ramesh) == (expected == 303)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_person_posts_without_the_csrf_token_are_refused(
    client: TestClient,
    store: Store,
    people: dict[str, Any],
    as_role: Callable[[str], str],
    action: str,
) -> None:
    ramesh = people["ramesh"]
    if action == "unsuppress":
        with store.session() as s:
            suppress_person(s, ramesh, user="root", reason="order")
    as_role("admin")
    data: dict[str, Any] = {"reason": "x", "other": people["variant"]}
    data["mention"] = [str(mention_of(store, people["cases"]["c"], "Ramesh Kumar"))]
    before = _audit_count(store)
    for token in (None, "wrong-token"):
        sent = dict(data) if token is None else {**data, "csrf_token": token}
        r = client.post(f"/persons/{ramesh}/{action}", data=sent)
        assert r.status_code == 403
    assert _audit_count(store) == before


def test_reason_is_required_and_bad_input_refused(
    client: TestClient, store: Store, people: dict[str, Any], as_role: Callable[[str], str]
) -> None:
    token = as_role("admin")
    ramesh, variant = people["ramesh"], people["variant"]
    mention = str(mention_of(store, people["cases"]["c"], "Ramesh Kumar"))
    cases: list[tuple[str, dict[str, Any]]] = [
        ("merge", {"other": variant, "reason": "  "}),
        ("merge", {"other": "0" * 32, "reason": "same"}),  # unknown person
        ("merge", {"other": "../../etc", "reason": "same"}),
        ("merge", {"other": ramesh, "reason": "same"}),  # itself
        ("split", {"mention": [mention], "reason": ""}),
        ("split", {"reason": "none chosen"}),
        ("split", {"mention": ["12x"], "reason": "bad id"}),
        ("split", {"mention": ["999999"], "reason": "not his"}),
        ("suppress", {"reason": ""}),
        ("unsuppress", {"reason": "not suppressed"}),
    ]
    for action, data in cases:
        r = client.post(f"/persons/{ramesh}/{action}", data={**data, "csrf_token": token})
        assert r.status_code == 400, (action, data, r.status_code)
    assert _audit_count(store) == 0
    assert client.get("/persons/" + "f" * 32).status_code == 404
    assert client.get("/persons/not-an-id").status_code == 404
    assert client.get("/persons", params={"country": "India"}).status_code == 400


# --- pages -------------------------------------------------------------------------------------


def test_person_page_shows_latest_status_then_the_timeline(
    client: TestClient, store: Store, people: dict[str, Any], as_role: Callable[[str], str]
) -> None:
    as_role("viewer")
    cases = people["cases"]
    html = client.get(f"/persons/{people['ramesh']}").text
    latest = html[html.index('class="latest-status"') : html.index("<h2>Timeline</h2>")]
    assert ">convicted<" in latest and "as of 2025-09-30" in latest
    assert f'href="/cases/{cases["c"]}"' in latest
    assert 'href="https://news.example/c"' in latest
    timeline = html[html.index('<table class="timeline">') :]
    dates = re.findall(r'<td class="date">([^<]+)</td>', timeline)
    assert dates == ["2025-09-30", "2025-03-02", "2025-01-10"]
    for key in ("c", "b", "a"):
        assert f'href="/cases/{cases[key]}"' in timeline  # evidence: the case page
    assert timeline.count("alleged, not convicted") == 2  # charged and arrested
    assert "trafficker" not in html.lower()
    assert "presumed innocent" in html  # the footer note stays
    # A viewer gets no forms.
    assert 'action="/persons/' not in html and 'name="mention"' not in html


def test_rejected_case_is_shown_but_not_counted(
    client: TestClient, store: Store, people: dict[str, Any], as_role: Callable[[str], str]
) -> None:
    token = as_role("reviewer")
    c = people["cases"]["c"]
    r = client.post(f"/cases/{c}/review", data={"decision": "rejected", "csrf_token": token})
    assert r.status_code == 303
    html = client.get(f"/persons/{people['ramesh']}").text
    latest = html[html.index('class="latest-status"') : html.index("<h2>Timeline</h2>")]
    assert f'href="/cases/{people["cases"]["b"]}"' in latest and ">charged<" in latest
    row = re.search(rf'<tr class="mention mention-rejected"[^>]*>.*?/cases/{c}.*?</tr>', html, re.S)
    assert row is not None and "rejected case: not counted" in row.group(0)
    listing = client.get("/persons", params={"q": "ramesh"}).text
    assert ">charged<" in listing and ">convicted<" not in listing


def test_person_list_searches_and_links(
    client: TestClient, people: dict[str, Any], as_role: Callable[[str], str]
) -> None:
    as_role("viewer")
    html = client.get("/persons", params={"q": "KUMAR, Ramesh"}).text
    assert f'href="/persons/{people["ramesh"]}"' in html
    assert people["anil"] not in html and people["variant"] not in html
    row = re.search(r"<tr>\s*<td><a href=\"/persons/" + people["ramesh"] + ".*?</tr>", html, re.S)
    assert row is not None
    assert '<td class="num">3</td>' in row.group(0) and "convicted" in row.group(0)
    everyone = client.get("/persons").text
    assert all(people[k] in everyone for k in ("ramesh", "anil", "variant"))
    assert 'href="/persons" aria-current="page"' in everyone  # nav link


def test_case_page_links_names_to_person_pages(
    client: TestClient, people: dict[str, Any], as_role: Callable[[str], str]
) -> None:
    as_role("viewer")
    html = client.get(f"/cases/{people['cases']['a']}").text
    assert f'<a href="/persons/{people["ramesh"]}" class="name">Ramesh Kumar</a>' in html
    assert f'<a href="/persons/{people["anil"]}" class="name">Anil Rao</a>' in html


# --- merge and split through the forms ---------------------------------------------------------


def test_merge_and_split_through_the_forms(
    client: TestClient, store: Store, people: dict[str, Any], as_role: Callable[[str], str]
) -> None:
    token = as_role("reviewer")
    ramesh, variant = people["ramesh"], people["variant"]
    page = client.get(f"/persons/{ramesh}").text
    assert f'action="/persons/{ramesh}/merge"' in page and 'name="mention"' in page
    assert f'action="/persons/{ramesh}/suppress"' not in page  # admins only
    r = client.post(
        f"/persons/{ramesh}/merge",
        data={"other": variant, "reason": "misspelling in one outlet", "csrf_token": token},
    )
    assert r.status_code == 303 and r.headers["location"] == f"/persons/{ramesh}"
    r = client.get(f"/persons/{variant}")
    assert r.status_code == 303 and r.headers["location"] == f"/persons/{ramesh}"
    html = client.get(f"/persons/{ramesh}").text
    assert "Rmesh Kumaar" in html  # the variant's mention moved here
    assert "Merged in Rmesh Kumaar" in html and "misspelling in one outlet" in html

    mention = mention_of(store, people["cases"]["b"], "Ramesh Kumar")
    r = client.post(
        f"/persons/{ramesh}/split",
        data={
            "mention": [str(mention)],
            "new_name": "Ramesh Kumar (Delhi)",
            "reason": "different father's name in B",
            "csrf_token": token,
        },
    )
    assert r.status_code == 303
    new_page = r.headers["location"]
    new_id = new_page.rsplit("/", 1)[1]
    assert new_id != ramesh and person_of(store, people["cases"]["b"], "Ramesh Kumar") == new_id
    html = client.get(new_page).text
    assert "Ramesh Kumar (Delhi)" in html and f'href="/cases/{people["cases"]["b"]}"' in html
    assert "different father&#39;s name in B" in html
    assert f'href="/persons/{ramesh}"' in html  # the history links back
    html = client.get(f"/persons/{ramesh}").text
    assert f'href="/cases/{people["cases"]["b"]}"' not in html


# --- suppression -------------------------------------------------------------------------------


def test_suppressed_person_is_hidden_from_non_admins(
    client: TestClient, store: Store, people: dict[str, Any], as_role: Callable[[str], str]
) -> None:
    token = as_role("admin")
    ramesh, cases = people["ramesh"], people["cases"]
    r = client.post(
        f"/persons/{ramesh}/suppress", data={"reason": "court order 12/2025", "csrf_token": token}
    )
    assert r.status_code == 303
    with store.session() as s:
        assert s.scalars(select(TombstoneRow.match_key)).all() == [ramesh]
    # Admins see the name, marked.
    admin_page = client.get(f"/persons/{ramesh}").text
    assert "Ramesh Kumar" in admin_page and "badge-suppressed" in admin_page
    assert "court order 12/2025" in admin_page
    admin_case = client.get(f"/cases/{cases['a']}").text
    assert "Ramesh Kumar" in admin_case and "badge-suppressed" in admin_case
    assert "Ramesh Kumar" in client.get("/persons").text

    for role in ("reviewer", "viewer"):
        token = as_role(role)
        assert client.get(f"/persons/{ramesh}").status_code == 404
        pages = {
            "persons": client.get("/persons").text,
            "search": client.get("/persons", params={"q": "kumar"}).text,
            "queue": client.get("/").text,
            "case_a": client.get(f"/cases/{cases['a']}").text,
            "case_b": client.get(f"/cases/{cases['b']}").text,
            "anil": client.get(f"/persons/{people['anil']}").text,
        }
        for label, html in pages.items():
            assert "Ramesh" not in html and "ramesh" not in html, (role, label)
            assert ramesh not in html, (role, label)
        assert "[suppressed person]" in pages["case_a"] and "[suppressed person]" in pages["queue"]
        assert "Anil Rao" in pages["case_a"]  # the co-defendant stays
        if role == "reviewer":
            assert "only an admin can edit it" in pages["case_a"]
            assert 'action="/cases/' + cases["a"] + '/edit"' not in pages["case_a"]
        # Merging with the suppressed person is refused as with an unknown id.
        r = client.post(
            f"/persons/{people['variant']}/merge",
            data={"other": ramesh, "reason": "same", "csrf_token": token},
        )
        assert r.status_code in (400, 403)
        assert _person(store, ramesh).merged_into is None

    # Still hidden after a re-crawl with a new extractor version.
    report(
        store,
        url="https://news.example/b",
        text=RAMESH_B,
        names=[("Ramesh Kumar", "convicted")],
        day=date(2025, 3, 2),
        version="test-2",
    )
    assert person_of(store, cases["b"], "Ramesh Kumar") == ramesh
    assert "Ramesh" not in client.get(f"/cases/{cases['b']}").text

    token = as_role("admin")
    r = client.post(
        f"/persons/{ramesh}/unsuppress", data={"reason": "order lifted", "csrf_token": token}
    )
    assert r.status_code == 303
    as_role("viewer")
    assert client.get(f"/persons/{ramesh}").status_code == 200
    assert "Ramesh Kumar" in client.get(f"/cases/{cases['a']}").text


# --- XSS ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [SCRIPT, IMG])
def test_scraped_names_and_titles_are_escaped_on_person_pages(
    client: TestClient, store: Store, as_role: Callable[[str], str], payload: str
) -> None:
    name = f"Ada {payload} Obi"
    text = f"Police charged {name} in Lagos."
    case_id = report(
        store,
        url="https://news.example/x",
        text=text,
        names=[(name, "charged")],
        day=date(2025, 2, 2),
        title=f"Title {payload}",
        country="NG",
        source_id=f"src{payload}",
    )
    pid = person_of(store, case_id, name)
    as_role("admin")
    escaped = SCRIPT_ESC if payload == SCRIPT else IMG_ESC
    for path in ["/persons", f"/persons/{pid}", "/persons?q=" + payload]:
        html = client.get(path).text
        assert payload not in html, path
        assert "<script" not in html and "<img" not in html, path
        assert f"Ada {escaped} Obi" in html, path
    html = client.get(f"/persons/{pid}").text
    assert f"Title {escaped}" in html and f"src{escaped}" in html
    assert "style=" not in html


def test_app_start_resolves_mentions_stored_before_persons(
    settings: Settings, store: Store, people: dict[str, Any]
) -> None:
    with store.session() as s:
        s.execute(update(PerpetratorRow).values(person_id=None))
    create_app(settings, store)
    assert person_of(store, people["cases"]["b"], "Ramesh Kumar") == people["ramesh"]
    assert person_of(store, people["cases"]["a"], "Anil Rao") == people["anil"]
