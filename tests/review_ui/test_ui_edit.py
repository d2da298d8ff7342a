"""The edit form, the side-by-side view of machine and reviewer, and the admin audit page."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, AuditRow, CaseEditRow, ExtractionRow
from tipwatch.store.repository import get_case, save_extraction
from tipwatch.store.review import audit_trail, verify_audit_chain

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def form(token: str | None, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "perp_name": ["Ada Obi", "Chidi Eze", ""],
        "perp_status": ["convicted", "wanted", "charged"],
        "perp_nationality": ["ng", "", ""],
        "perp_age": ["34", "", ""],
        "charge_category": ["sex_trafficking", "child_trafficking"],
        "country": "NG",
        "admin1": "Lagos State",
        "city": "Ikeja",
        "reason": "court report says convicted",
    }
    if token is not None:
        data["csrf_token"] = token
    data.update(overrides)
    return data


def snapshot(store: Store, case_id: str) -> tuple[Any, ...]:
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        payloads = [
            copy.deepcopy(e.payload) for e in s.scalars(select(ExtractionRow).order_by("id"))
        ]
        edits = len(s.scalars(select(CaseEditRow)).all())
        return (
            [(p.name, p.status, p.nationality, p.age) for p in case.perpetrators],
            list(case.charge_categories),
            (case.country, case.admin1, case.city),
            case.review_status,
            payloads,
            edits,
            len(audit_trail(s)),
        )


def test_reviewer_edit_is_stored_and_shown_beside_the_machine_extraction(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    case_id = add_case()
    before = snapshot(store, case_id)
    add_user("rita", "reviewer")
    token = login("rita")
    page = client.get(f"/cases/{case_id}")
    assert 'action="/cases/' + case_id + '/edit"' in page.text
    assert "Reviewer's edit" not in page.text
    r = client.post(f"/cases/{case_id}/edit", data=form(token))
    assert r.status_code == 303, r.text
    after = snapshot(store, case_id)
    assert after[0] == [("Ada Obi", "convicted", "NG", 34), ("Chidi Eze", "wanted", None, None)]
    assert after[1] == ["child_trafficking", "sex_trafficking"]
    assert after[2] == ("NG", "Lagos State", "Ikeja")
    assert after[4] == before[4]  # the machine's extraction is untouched
    assert after[5] == 1
    page = client.get(f"/cases/{case_id}").text
    assert "Machine extraction" in page and "Reviewer's edit" in page
    assert "Chidi Eze" in page and "Lagos State" in page
    assert "court report says convicted" in page


def test_rerun_of_the_nlp_keeps_the_edit(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    case_id = add_case()
    add_user("rita", "reviewer")
    token = login("rita")
    assert client.post(f"/cases/{case_id}/edit", data=form(token)).status_code == 303
    edited = snapshot(store, case_id)
    with store.session() as s:
        ext = s.scalars(select(ExtractionRow)).one()
        from tipwatch.records import Extraction

        machine = Extraction.model_validate(ext.payload)
        save_extraction(s, s.get_one(ArticleRow, ext.article_id), machine)
    assert snapshot(store, case_id)[:4] == edited[:4]


def test_viewer_cannot_edit(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    case_id = add_case()
    before = snapshot(store, case_id)
    add_user("vic", "viewer")
    token = login("vic")
    assert 'action="/cases/' + case_id + '/edit"' not in client.get(f"/cases/{case_id}").text
    r = client.post(f"/cases/{case_id}/edit", data=form(token))
    assert r.status_code == 403
    assert snapshot(store, case_id) == before


@pytest.mark.parametrize("token", [None, "", "wrong-token-" + "x" * 40])
def test_edit_without_the_right_csrf_token_is_refused(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
    token: str | None,
) -> None:
    case_id = add_case()
    before = snapshot(store, case_id)
    add_user("rita", "reviewer")
    login("rita")
    r = client.post(f"/cases/{case_id}/edit", data=form(token))
    assert r.status_code == 403
    assert snapshot(store, case_id) == before


@pytest.mark.parametrize(
    "overrides",
    [
        {"perp_status": ["guilty", "wanted", "charged"]},
        {"charge_category": ["sex_trafficking", "drug_trafficking"]},
        {"charge_category": ["other"]},
        {"country": "Nigeria"},
        {"perp_nationality": ["N1", "", ""]},
        {"perp_age": ["old", "", ""]},
        {"perp_name": ["Ada Obi"]},  # rows that do not line up
    ],
)
def test_invalid_edit_is_400_and_changes_nothing(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
    overrides: dict[str, Any],
) -> None:
    case_id = add_case()
    before = snapshot(store, case_id)
    add_user("rita", "reviewer")
    token = login("rita")
    r = client.post(f"/cases/{case_id}/edit", data=form(token, **overrides))
    assert r.status_code == 400
    assert snapshot(store, case_id) == before


def test_edit_of_unknown_case_is_404(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str]
) -> None:
    add_user("rita", "reviewer")
    token = login("rita")
    assert client.post("/cases/nope/edit", data=form(token)).status_code == 404


def test_edit_accept_reject_are_audited_in_a_valid_chain(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    case_id = add_case()
    other = add_case(title="Another")
    add_user("rita", "reviewer")
    token = login("rita")
    assert client.post(f"/cases/{case_id}/edit", data=form(token)).status_code == 303
    for cid, decision in ((case_id, "accepted"), (other, "rejected")):
        r = client.post(
            f"/cases/{cid}/review",
            data={"decision": decision, "reason": "checked", "csrf_token": token},
        )
        assert r.status_code == 303
    with store.session() as s:
        rows = audit_trail(s)
        assert [(a.action, a.actor, a.object_id) for a in rows] == [
            ("edit", "rita", case_id),
            ("accept", "rita", case_id),
            ("reject", "rita", other),
        ]
        assert rows[0].before and rows[0].before["perpetrators"][0]["status"] == "charged"
        assert rows[0].after and rows[0].after["perpetrators"][0]["status"] == "convicted"
        assert rows[1].after and rows[1].after["review_status"] == "accepted"
        assert rows[2].before and rows[2].before["review_status"] == "pending"
        assert verify_audit_chain(s)
        first = rows[0].id
    with store.session() as s:
        s.execute(update(AuditRow).where(AuditRow.id == first).values(reason="nothing to see"))
    with store.session() as s:
        assert not verify_audit_chain(s)


def test_audit_page_is_admin_only_and_escaped(
    client: TestClient,
    store: Store,
    add_case: Callable[..., str],
    add_user: Callable[..., str],
    login: Callable[..., str],
) -> None:
    case_id = add_case()
    add_user("rita", "reviewer")
    add_user("root", "admin")
    token = login("rita")
    names = [XSS, "", ""]
    r = client.post(f"/cases/{case_id}/edit", data=form(token, perp_name=names, reason=XSS))
    assert r.status_code == 303
    assert client.get("/audit").status_code == 403
    client.post("/logout", data={"csrf_token": token})
    login("root")
    page = client.get("/audit")
    assert page.status_code == 200
    assert "Hash chain verified" in page.text
    assert "<script>" not in page.text and "<img" not in page.text
    assert "&lt;script&gt;" in page.text
    case_page = client.get(f"/cases/{case_id}").text
    assert "<script>" not in case_page and "<img" not in case_page
    assert "&lt;script&gt;alert" in case_page


def test_viewer_cannot_see_the_audit_page(
    client: TestClient, add_user: Callable[..., str], login: Callable[..., str]
) -> None:
    add_user("vic", "viewer")
    login("vic")
    r = client.get("/audit")
    assert r.status_code == 403
    assert 'href="/audit"' not in client.get("/").text
