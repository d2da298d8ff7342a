"""Every route against every role (deny by default).

`POLICY` names the least role each route needs. The first test fails when a route is added
without an entry here, so no route escapes this check. For each route and role the request is
made with a valid CSRF token (unsafe methods), on ids that exist where that matters:
- anonymous: redirected to /login (public routes excepted);
- a role below the route's: 403;
- the route's role and above: neither 401/403 nor a login redirect.
The screening API (mounted at /api/v1) takes API keys only: a logged-in session gets 401.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

from tipwatch.review_ui.app import create_app
from tipwatch.settings import Settings
from tipwatch.store.db import Store

ROLES = ("anonymous", "viewer", "reviewer", "admin")
RANK = {role: n for n, role in enumerate(ROLES)}

POLICY: dict[tuple[str, str], str] = {
    ("GET", "/healthz"): "anonymous",
    ("GET", "/login"): "anonymous",
    ("POST", "/login"): "anonymous",
    ("POST", "/logout"): "viewer",
    ("GET", "/"): "viewer",
    ("GET", "/cases/{case_id}"): "viewer",
    ("POST", "/cases/{case_id}/review"): "reviewer",
    ("POST", "/cases/{case_id}/edit"): "reviewer",
    ("GET", "/audit"): "admin",
    ("GET", "/coverage"): "viewer",
    ("GET", "/coverage/dashboard"): "viewer",
    ("GET", "/persons"): "viewer",
    ("GET", "/persons/{person_id}"): "viewer",
    ("POST", "/persons/{person_id}/merge"): "reviewer",
    ("POST", "/persons/{person_id}/split"): "reviewer",
    ("POST", "/persons/{person_id}/not-same"): "reviewer",
    ("POST", "/persons/{person_id}/suppress"): "admin",
    ("POST", "/persons/{person_id}/unsuppress"): "admin",
    ("POST", "/articles/{article_id}/suppress"): "admin",
    ("GET", "/takedowns"): "admin",
    ("POST", "/takedowns/{tombstone_id}/lift"): "admin",
    ("GET", "/search"): "viewer",
    ("POST", "/search/saved"): "viewer",
    ("GET", "/search/saved/{saved_id}"): "viewer",
    ("POST", "/search/saved/{saved_id}/delete"): "viewer",
    ("GET", "/articles/{article_id}"): "viewer",
    ("POST", "/articles/{article_id}/promote"): "reviewer",
}
MOUNTS = {"/static": "anonymous", "/api/v1": "api-key"}


def _routes(settings: Settings, store: Store) -> tuple[set[tuple[str, str]], set[str]]:
    app = create_app(settings, store)
    # The routes sit in one router per resource: FastAPI >= 0.137 keeps included routers as a
    # tree in `app.routes`, and `iter_route_contexts` flattens it (older versions copy them).
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # pragma: no cover - FastAPI < 0.137.2
        flat = [(r, r.path, r.methods) for r in app.routes]
    else:
        flat = [(c.original_route, c.path, c.methods) for c in iter_route_contexts(app.routes)]
    routes = {
        (method, path)
        for route, path, methods in flat
        if isinstance(route, APIRoute)
        for method in methods or ()
    }
    mounts = {r.path for r in app.routes if isinstance(r, Mount)}
    return routes, mounts


def test_every_route_has_a_policy(settings: Settings, store: Store) -> None:
    routes, mounts = _routes(settings, store)
    assert routes == set(POLICY), "add new routes to POLICY (and remove gone ones)"
    assert mounts == set(MOUNTS)


def _fill(path: str, ids: dict[str, str]) -> str:
    for key, value in ids.items():
        path = path.replace("{" + key + "}", value)
    assert "{" not in path, path
    return path


@pytest.mark.parametrize("role", ROLES)
def test_route_role_matrix(
    role: str,
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    case_id = add_case()
    from sqlalchemy import select

    from tipwatch.store.models import CaseRow, PerpetratorRow

    with store.session() as s:
        article_id = s.scalar(select(CaseRow.article_id).where(CaseRow.id == case_id))
        person_id = s.scalar(
            select(PerpetratorRow.person_id).where(PerpetratorRow.case_id == case_id)
        )
    assert article_id and person_id
    ids = {
        "case_id": case_id,
        "person_id": person_id,
        "article_id": "0" * 32,  # unknown: a granted request answers 404, nothing is taken down
        "tombstone_id": "999999",
        "saved_id": "999999",  # unknown: 404 for every role allowed in
    }
    token = ""
    if role != "anonymous":
        add_user(f"u-{role}", role)
        token = login(f"u-{role}")
    failures = []
    for (method, template), needed in sorted(POLICY.items()):
        if (method, template) in {("POST", "/logout"), ("POST", "/login")}:
            continue  # would end or replace this session; covered by the auth tests
        path = _fill(template, ids)
        if method == "GET":
            r = client.get(path)
        else:
            r = client.post(path, data={"csrf_token": token, "reason": ""})
        location = r.headers.get("location", "")
        to_login = r.status_code in (302, 303, 307) and location.startswith("/login")
        if needed == "anonymous":
            ok = r.status_code not in (401, 403) and not to_login
        elif role == "anonymous":
            ok = to_login
        elif RANK[role] < RANK[needed]:
            ok = r.status_code == 403
        else:
            ok = r.status_code not in (401, 403) and not to_login
        if not ok:
            failures.append(f"{role} {method} {template} -> {r.status_code} {location}")
    assert failures == []
    # The screening API never accepts the session (or its absence) in place of an API key.
    assert client.get("/api/v1/screen", params={"name": "Ada Obi"}).status_code == 401
    assert client.get("/static/style.css").status_code == 200


def test_unsafe_requests_without_token_are_refused(
    client: TestClient,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    case_id = add_case()
    add_user("boss", "admin")
    login("boss")
    for (method, template), _needed in POLICY.items():
        if method != "POST" or template in ("/login", "/logout"):
            continue
        path = _fill(
            template,
            {
                "case_id": case_id,
                "person_id": "p" * 32,
                "article_id": "a" * 32,
                "tombstone_id": "1",
                "saved_id": "1",
            },
        )
        assert client.post(path, data={"reason": "x"}).status_code == 403, path
        foreign = client.post(
            path,
            data={"reason": "x"},
            headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        )
        assert foreign.status_code == 403, path
