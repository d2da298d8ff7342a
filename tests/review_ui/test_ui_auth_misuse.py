"""Misuse of the review UI's authentication (issue 14: X1, U7, U4), against the real app and a
real SQLite store: a session cookie replayed after logout, brute-forced logins, refused CSRF and
cross-site requests that must leave a log line."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from structlog.testing import capture_logs

from tipwatch.review_ui.app import create_app
from tipwatch.review_ui.auth import SESSION_COOKIE
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import LoginFailureRow, utcnow

ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 8


@pytest.fixture
def limited(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "login_max_failures_per_account": ACCOUNT_LIMIT,
            "login_max_failures_per_address": ADDRESS_LIMIT,
        }
    )


@pytest.fixture
def make_client(limited: Settings, store: Store) -> Iterator[Callable[[str], TestClient]]:
    """Clients of one app, each from its own client address (`127.0.0.x`)."""
    app = create_app(limited, store)
    clients: list[TestClient] = []

    def _make(address: str) -> TestClient:
        c = TestClient(app, follow_redirects=False, client=(address, 40000))
        c.__enter__()
        clients.append(c)
        return c

    yield _make
    for c in clients:
        c.__exit__(None, None, None)


def _try(
    c: TestClient, page_csrf: Callable[[str], str], username: str, password: str
) -> tuple[int, dict[str, str], str]:
    token = page_csrf(c.get("/login").text)
    r = c.post("/login", data={"username": username, "password": password, "csrf_token": token})
    return r.status_code, dict(r.headers), r.text


def _age_failures(store: Store, seconds: float) -> None:
    """Move every stored login failure `seconds` into the past (the window passing)."""
    with store.session() as s:
        s.execute(update(LoginFailureRow).values(at=utcnow() - timedelta(seconds=seconds)))


# --- X1: logout ends the session on the server --------------------------------------------------


def test_session_cookie_replayed_after_logout_is_refused(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str]
) -> None:
    add_user("rita", "reviewer")
    token = login("rita")
    stolen = client.cookies[SESSION_COOKIE]
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, stolen)
    r = client.get("/")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    # Unsafe requests with the old token are refused too, and nothing is done.
    r = client.post("/logout", data={"csrf_token": token})
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_other_sessions_survive_one_logout(
    settings: Settings,
    store: Store,
    client: TestClient,
    add_user: Callable[..., str],
    login: Callable[..., str],
    page_csrf: Callable[[str], str],
    password: str,
) -> None:
    add_user("rita", "reviewer")
    with TestClient(create_app(settings, store), follow_redirects=False) as other:
        token = page_csrf(other.get("/login").text)
        r = other.post(
            "/login", data={"username": "rita", "password": password, "csrf_token": token}
        )
        assert r.status_code == 303
        mine = login("rita")
        assert client.post("/logout", data={"csrf_token": mine}).status_code == 303
        assert other.get("/").status_code == 200


def test_resetting_a_user_ends_their_sessions(
    client: TestClient, store: Store, add_user: Callable[..., str], login: Callable[..., str]
) -> None:
    from tipwatch.accounts import save_user

    add_user("rita", "reviewer")
    login("rita")
    stolen = client.cookies[SESSION_COOKIE]
    with store.session() as s:
        save_user(s, "rita", "correct horse battery", "viewer")  # same password, new role
    client.cookies.set(SESSION_COOKIE, stolen)
    assert client.get("/").status_code == 303


# --- U7: login brute force -----------------------------------------------------------------------


def test_wrong_passwords_for_one_account_from_many_addresses_get_429(
    make_client: Callable[[str], TestClient],
    add_user: Callable[..., str],
    page_csrf: Callable[[str], str],
    password: str,
    store: Store,
) -> None:
    add_user("rita", "reviewer")
    for i in range(ACCOUNT_LIMIT):
        status, _, _ = _try(make_client(f"127.0.0.{10 + i}"), page_csrf, "rita", f"wrong-{i}-pw")
        assert status == 401
    fresh = make_client("127.0.0.99")
    status, headers, text = _try(fresh, page_csrf, "rita", "wrong-again-pw")
    assert status == 429
    assert int(headers["retry-after"]) > 0
    # The right password is refused as well while the account is held...
    status, _, _ = _try(fresh, page_csrf, "rita", password)
    assert status == 429
    # ...and an unknown account gets exactly the same answers (nothing tells them apart).
    for i in range(ACCOUNT_LIMIT):
        assert _try(make_client(f"127.0.1.{10 + i}"), page_csrf, "nobody", "wrong-pw-x")[0] == 401
    status, headers_unknown, text_unknown = _try(
        make_client("127.0.1.99"), page_csrf, "nobody", "wrong-pw-x"
    )
    assert status == 429 and "retry-after" in headers_unknown
    assert re.sub(r'value="[^"]*"', "", text_unknown) == re.sub(r'value="[^"]*"', "", text)
    # Once the window has passed, the right password works.
    _age_failures(store, 3600)
    assert _try(fresh, page_csrf, "rita", password)[0] == 303


def test_wrong_passwords_from_one_address_for_many_accounts_get_429(
    make_client: Callable[[str], TestClient],
    add_user: Callable[..., str],
    page_csrf: Callable[[str], str],
    password: str,
    store: Store,
) -> None:
    add_user("rita", "reviewer")
    attacker = make_client("127.0.0.7")
    for i in range(ADDRESS_LIMIT):
        assert _try(attacker, page_csrf, f"user{i}", "wrong-password")[0] == 401
    status, headers, _ = _try(attacker, page_csrf, "rita", password)
    assert status == 429
    assert int(headers["retry-after"]) > 0
    # Another address is not held.
    assert _try(make_client("127.0.0.8"), page_csrf, "rita", password)[0] == 303
    _age_failures(store, 3600)
    assert _try(attacker, page_csrf, "rita", password)[0] == 303


def test_default_limit_refuses_the_41st_wrong_password(
    client: TestClient, add_user: Callable[..., str], page_csrf: Callable[[str], str]
) -> None:
    """The adversarial run's case: 40 wrong passwords in a row, then one more."""
    add_user("rita", "reviewer")
    statuses = [_try(client, page_csrf, "rita", f"guess-{i}-pw")[0] for i in range(41)]
    assert statuses[0] == 401
    assert statuses[-1] == 429


def test_a_successful_login_resets_the_account_count(
    make_client: Callable[[str], TestClient],
    add_user: Callable[..., str],
    page_csrf: Callable[[str], str],
    password: str,
) -> None:
    add_user("rita", "reviewer")
    c = make_client("127.0.0.20")
    for _ in range(ACCOUNT_LIMIT - 1):
        assert _try(c, page_csrf, "rita", "wrong-password")[0] == 401
    assert _try(c, page_csrf, "rita", password)[0] == 303
    c2 = make_client("127.0.0.21")
    for _ in range(ACCOUNT_LIMIT - 1):
        assert _try(c2, page_csrf, "rita", "wrong-password")[0] == 401
    assert _try(c2, page_csrf, "rita", password)[0] == 303


# --- U4: refused requests are logged ------------------------------------------------------------


def test_csrf_refused_post_is_logged_with_route_and_reason(
    client: TestClient,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    case_id = add_case()
    add_user("rita", "reviewer")
    login("rita")
    cookie = client.cookies[SESSION_COOKIE]
    with capture_logs() as logs:
        r = client.post(
            f"/cases/{case_id}/review", data={"decision": "accepted", "csrf_token": "forged"}
        )
    assert r.status_code == 403
    refused = [e for e in logs if e["event"] == "ui.request_refused"]
    assert len(refused) == 1, logs
    entry = refused[0]
    assert entry["route"] == "/cases/{case_id}/review"
    assert entry["path"] == f"/cases/{case_id}/review"
    assert entry["method"] == "POST"
    assert entry["reason"] == "wrong CSRF token"
    assert entry["client"] == "testclient"
    assert entry["user"] == "rita"
    assert entry["log_level"] == "warning"
    flat = repr(logs)
    assert "forged" not in flat and cookie not in flat


def test_cross_site_post_is_logged_with_route_and_reason(
    client: TestClient,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    case_id = add_case()
    add_user("rita", "reviewer")
    token = login("rita")
    with capture_logs() as logs:
        r = client.post(
            f"/cases/{case_id}/review",
            data={"decision": "accepted", "csrf_token": token},
            headers={"Origin": "http://evil.example"},
        )
    assert r.status_code == 403
    refused = [e for e in logs if e["event"] == "ui.request_refused"]
    assert len(refused) == 1, logs
    assert refused[0]["path"] == f"/cases/{case_id}/review"
    assert refused[0]["method"] == "POST"
    assert refused[0]["reason"] == "Origin does not match Host"
    assert token not in repr(logs)


def test_login_throttle_is_logged(
    make_client: Callable[[str], TestClient],
    add_user: Callable[..., str],
    page_csrf: Callable[[str], str],
) -> None:
    add_user("rita", "reviewer")
    c = make_client("127.0.0.30")
    with capture_logs() as logs:
        for _ in range(ACCOUNT_LIMIT + 1):
            _try(c, page_csrf, "rita", "wrong-password")
    events = [e["event"] for e in logs]
    assert events.count("ui.login_failed") == ACCOUNT_LIMIT
    assert events.count("ui.login_throttled") == 1
    assert "wrong-password" not in repr(logs)
