"""Issue 14, U6 on the admin audit page: the newest audit row deleted with raw SQL (behind the
ORM, as an attacker with the database would) is reported, with the problem named."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import text

from tipwatch.store.db import Store


def test_audit_page_reports_a_deleted_newest_row(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    case_id = add_case()
    add_user("root", "admin")
    token = login("root")
    for decision in ("accepted", "rejected"):
        r = client.post(
            f"/cases/{case_id}/review",
            data={"decision": decision, "reason": "checked", "csrf_token": token},
        )
        assert r.status_code == 303
    assert "Hash chain verified" in client.get("/audit").text
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)"))
    page = client.get("/audit")
    assert page.status_code == 200
    assert "Hash chain verified" not in page.text
    assert "audit rows were deleted" in page.text
