"""Authentication, roles, sessions, CSRF and cross-site checks of the review UI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tipwatch.accounts import AuthError, authenticate, create_user, hash_password
from tipwatch.review_ui.app import create_app
from tipwatch.review_ui.auth import SESSION_COOKIE, ensure_secret_key
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import UserRow
from tipwatch.store.repository import get_case


def review_status(store: Store, case_id: str) -> str:
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        return case.review_status


# --- deny by default ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/?country=NG&status=pending"),
        ("GET", "/coverage"),
        ("GET", "/cases/{case_id}"),
        ("GET", "/cases/does-not-exist"),
        ("GET", "/no/such/route"),
        ("POST", "/logout"),
        ("POST", "/cases/{case_id}/review"),
        ("POST", "/cases/{case_id}/edit"),
        ("GET", "/audit"),
    ],
)
def test_anonymous_requests_redirect_to_login(
    client: TestClient, add_case: Callable[..., str], store: Store, method: str, path: str
) -> None:
    case_id = add_case()
    r = client.request(
        method,
        path.format(case_id=case_id),
        data={"decision": "accepted"} if method == "POST" else None,
    )
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login")
    assert review_status(store, case_id) == "pending"


def test_anonymous_get_redirect_keeps_the_target_as_next(client: TestClient) -> None:
    r = client.get("/coverage")
    assert r.headers["location"] == "/login?next=%2Fcoverage"


def test_public_routes_need_no_login(client: TestClient) -> None:
    assert client.get("/login").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    css = client.get("/static/style.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")


# --- login -------------------------------------------------------------------------------------


def test_wrong_password_is_rejected(
    client: TestClient, add_user: Callable[..., str], page_csrf: Callable[[str], str]
) -> None:
    add_user("rita", "reviewer")
    token = page_csrf(client.get("/login").text)
    for username, password in [("rita", "not the password"), ("nobody", "whatever-long")]:
        r = client.post(
            "/login", data={"username": username, "password": password, "csrf_token": token}
        )
        assert r.status_code == 401
        assert "Wrong username or password." in r.text
    # Still anonymous.
    assert client.get("/").status_code == 303


def test_login_then_logout(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str]
) -> None:
    add_user("rita", "reviewer")
    token = login("rita")
    page = client.get("/")
    assert page.status_code == 200 and "rita (reviewer)" in page.text
    r = client.post("/logout", data={"csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert client.get("/").status_code == 303


def test_login_rotates_the_csrf_token(
    client: TestClient,
    add_user: Callable[..., str],
    login: Callable[..., str],
    page_csrf: Callable[[str], str],
) -> None:
    add_user("rita", "reviewer")
    before = page_csrf(client.get("/login").text)
    after = login("rita")
    assert before != after


def test_login_post_without_csrf_token_is_refused(
    client: TestClient, add_user: Callable[..., str], password: str
) -> None:
    add_user("rita", "reviewer")
    client.get("/login")
    r = client.post("/login", data={"username": "rita", "password": password})
    assert r.status_code == 403
    assert client.get("/").status_code == 303


@pytest.mark.parametrize(
    ("next_value", "expected"),
    [
        ("/coverage", "/coverage"),
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_login_redirects_only_to_local_paths(
    client: TestClient,
    add_user: Callable[..., str],
    page_csrf: Callable[[str], str],
    password: str,
    next_value: str,
    expected: str,
) -> None:
    add_user("rita", "reviewer")
    token = page_csrf(client.get("/login").text)
    r = client.post(
        "/login",
        data={"username": "rita", "password": password, "csrf_token": token, "next": next_value},
    )
    assert r.status_code == 303
    assert r.headers["location"] == expected


def test_session_cookie_is_httponly_lax_and_not_secure_over_http(client: TestClient) -> None:
    cookie = client.get("/login").headers["set-cookie"].lower()
    assert cookie.startswith(SESSION_COOKIE + "=")
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie


def test_session_cookie_is_secure_over_https(settings: Settings, store: Store) -> None:
    with TestClient(create_app(settings, store), base_url="https://testserver") as c:
        cookie = c.get("/login").headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie


def test_tampered_session_cookie_is_ignored(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str]
) -> None:
    add_user("rita", "reviewer")
    login("rita")
    value = client.cookies[SESSION_COOKIE]
    client.cookies.set(SESSION_COOKIE, value[:-2] + ("AA" if value[-2:] != "AA" else "BB"))
    assert client.get("/").status_code == 303


def test_cookie_signed_with_another_secret_is_ignored(
    settings: Settings,
    store: Store,
    client: TestClient,
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    add_user("rita", "reviewer")
    login("rita")
    other = settings.model_copy(update={"secret_key": "another-secret-" + "z" * 40})
    with TestClient(create_app(other, store), follow_redirects=False) as c2:
        c2.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE])
        assert c2.get("/").status_code == 303


def test_password_change_ends_existing_sessions(
    client: TestClient, store: Store, add_user: Callable[..., str], login: Callable[..., str]
) -> None:
    add_user("rita", "reviewer")
    login("rita")
    assert client.get("/").status_code == 200
    with store.session() as s:
        row = s.scalars(select(UserRow).where(UserRow.username == "rita")).one()
        row.password_hash = hash_password("a brand new password")
    assert client.get("/").status_code == 303


def test_short_secret_key_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="secret_key"):
        create_app(Settings(secret_key=""), store)
    with pytest.raises(ValueError, match="secret_key"):
        create_app(Settings(secret_key="short"), store)


# --- users -------------------------------------------------------------------------------------


def test_create_user_hashes_with_argon2_and_authenticates(store: Store) -> None:
    with store.session() as s:
        row = create_user(s, "ana", "s3cret-password", "viewer")
        assert row.password_hash.startswith("$argon2id$")
        assert "s3cret-password" not in row.password_hash
    with store.session() as s:
        ok = authenticate(s, "ana", "s3cret-password")
        assert ok is not None and ok.role == "viewer"
        assert authenticate(s, "ana", "S3cret-password") is None
        assert authenticate(s, "nobody", "s3cret-password") is None


@pytest.mark.parametrize(
    ("username", "password", "role"),
    [
        ("ana", "long-enough-pw", "superuser"),
        ("ana", "short", "viewer"),
        ("", "long-enough-pw", "viewer"),
        ("<script>", "long-enough-pw", "viewer"),
    ],
)
def test_create_user_rejects_bad_input(
    store: Store, username: str, password: str, role: str
) -> None:
    with store.session() as s, pytest.raises(AuthError):
        create_user(s, username, password, role)


def test_create_user_rejects_duplicates(store: Store) -> None:
    with store.session() as s:
        create_user(s, "ana", "long-enough-pw", "viewer")
    with store.session() as s, pytest.raises(AuthError, match="already exists"):
        create_user(s, "ana", "other-long-pw", "admin")


# --- review actions ----------------------------------------------------------------------------


def test_viewer_cannot_review(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    case_id = add_case()
    add_user("vic", "viewer")
    token = login("vic")
    page = client.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert 'name="decision"' not in page.text  # no review form for viewers
    r = client.post(f"/cases/{case_id}/review", data={"decision": "accepted", "csrf_token": token})
    assert r.status_code == 403
    assert review_status(store, case_id) == "pending"


def test_reviewer_accepts_a_case(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
    page_csrf: Callable[[str], str],
) -> None:
    case_id = add_case()
    add_user("rita", "reviewer")
    login("rita")
    page = client.get(f"/cases/{case_id}")
    r = client.post(
        f"/cases/{case_id}/review",
        data={"decision": "accepted", "reason": "", "csrf_token": page_csrf(page.text)},
    )
    assert r.status_code == 303
    assert r.headers["location"] == f"/cases/{case_id}"
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        assert case.review_status == "accepted"
        assert case.reviewed_by == "rita"
        assert case.review_reason is None
    assert "accepted" in client.get(f"/cases/{case_id}").text


def test_admin_rejects_with_a_reason(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    case_id = add_case()
    add_user("ada", "admin")
    token = login("ada")
    r = client.post(
        f"/cases/{case_id}/review",
        data={"decision": "rejected", "reason": "not a trafficking case", "csrf_token": token},
    )
    assert r.status_code == 303
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        assert (case.review_status, case.review_reason) == ("rejected", "not a trafficking case")


@pytest.mark.parametrize("decision", ["", "pending", "ACCEPTED", "maybe"])
def test_unknown_decision_is_refused(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
    decision: str,
) -> None:
    case_id = add_case()
    add_user("rita", "reviewer")
    token = login("rita")
    r = client.post(f"/cases/{case_id}/review", data={"decision": decision, "csrf_token": token})
    assert r.status_code == 400
    assert review_status(store, case_id) == "pending"


def test_review_of_unknown_case_is_404(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str]
) -> None:
    add_user("rita", "reviewer")
    token = login("rita")
    r = client.post("/cases/nope/review", data={"decision": "accepted", "csrf_token": token})
    assert r.status_code == 404


# --- CSRF and cross-site -----------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "wrong-token-" + "x" * 40])
def test_post_without_the_right_csrf_token_is_refused(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
    token: str | None,
) -> None:
    case_id = add_case()
    add_user("rita", "reviewer")
    login("rita")
    data = {"decision": "accepted"}
    if token is not None:
        data["csrf_token"] = token
    r = client.post(f"/cases/{case_id}/review", data=data)
    assert r.status_code == 403
    assert review_status(store, case_id) == "pending"
    # Logout is a POST too.
    assert client.post("/logout", data=data).status_code == 403
    assert client.get("/").status_code == 200


def test_csrf_token_of_another_session_is_refused(
    client: TestClient,
    settings: Settings,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
    page_csrf: Callable[[str], str],
) -> None:
    case_id = add_case()
    add_user("rita", "reviewer")
    login("rita")
    with TestClient(create_app(settings, store)) as other:
        foreign = page_csrf(other.get("/login").text)
    r = client.post(
        f"/cases/{case_id}/review", data={"decision": "accepted", "csrf_token": foreign}
    )
    assert r.status_code == 403
    assert review_status(store, case_id) == "pending"


@pytest.mark.parametrize(
    ("headers", "status", "review"),
    [
        ({"Sec-Fetch-Site": "cross-site"}, 403, "pending"),
        ({"Sec-Fetch-Site": "same-site"}, 403, "pending"),
        ({"Origin": "http://evil.example"}, 403, "pending"),
        ({"Origin": "null"}, 403, "pending"),
        ({"Origin": "null", "Sec-Fetch-Site": "cross-site"}, 403, "pending"),
        ({"Origin": "http://evil.example", "Sec-Fetch-Site": "same-origin"}, 403, "pending"),
        ({"Origin": "http://testserver.evil.example"}, 403, "pending"),
        ({"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}, 303, "accepted"),
        ({"Origin": "http://testserver:80"}, 303, "accepted"),
        # What Chromium sends for this site's own forms under Referrer-Policy: no-referrer.
        ({"Origin": "null", "Sec-Fetch-Site": "same-origin"}, 303, "accepted"),
    ],
)
def test_post_is_refused_unless_same_origin(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
    headers: dict[str, str],
    status: int,
    review: str,
) -> None:
    """Cross-site POSTs are refused (403, nothing changes); same-origin ones go through."""
    case_id = add_case()
    add_user("rita", "reviewer")
    token = login("rita")
    r = client.post(
        f"/cases/{case_id}/review",
        data={"decision": "accepted", "csrf_token": token},
        headers=headers,
    )
    assert r.status_code == status
    assert review_status(store, case_id) == review


def test_ensure_secret_key_keeps_one_private_key_per_data_dir(tmp_path: Path) -> None:
    configured = Settings(data_dir=tmp_path, secret_key="x" * 40)
    assert ensure_secret_key(configured) is configured
    first = ensure_secret_key(Settings(data_dir=tmp_path / "d", secret_key=""))
    key_file = tmp_path / "d" / "secret_key"
    assert len(first.secret_key) >= 32
    assert key_file.stat().st_mode & 0o077 == 0
    again = ensure_secret_key(Settings(data_dir=tmp_path / "d", secret_key=""))
    assert again.secret_key == first.secret_key
