"""Reviewers' edits, audited decisions and the hash-chained audit log, on the real store."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import select, update

from tests.factories import make_article, make_extraction
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, AuditRow, CaseEditRow, ExtractionRow
from tipwatch.store.repository import get_case, save_article, save_extraction
from tipwatch.store.review import (
    EditError,
    audit_trail,
    edit_case,
    review_case,
    verify_audit_chain,
)

TEXT = "Police in Pune arrested Arvind Tembhekar, 41, on Monday. He was charged with trafficking."

EDIT: dict[str, Any] = {
    "perpetrators": [
        {"name": "Arvind Tembhekar", "status": "convicted", "nationality": "IN", "age": 41},
        {"name": "Second Person", "status": "wanted", "nationality": None, "age": None},
    ],
    "charge_categories": ["labour_trafficking", "child_trafficking"],
    "country": "IN",
    "admin1": "Maharashtra",
    "city": "Pune",
}


OTHER_TEXT = (
    "Customs officers at Chennai airport detained Meena Pillai on Friday; she faces charges of "
    "smuggling migrants through forged visas."
)


def _case(store: Store, url: str = "https://n.example/r1", text: str = TEXT) -> str:
    name = "Arvind Tembhekar" if text == TEXT else "Meena Pillai"
    art = make_article(url, text)
    ext = make_extraction(text, [(name, LegalStatus.ARRESTED)])
    with store.session() as s:
        row, _ = save_article(s, art, ext)
        case_id = save_extraction(s, row, ext)
    assert case_id is not None
    return case_id


def _payloads(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        return [
            copy.deepcopy(e.payload)
            for e in s.scalars(select(ExtractionRow).order_by(ExtractionRow.id))
        ]


def test_edit_is_stored_applied_and_machine_extraction_kept(store: Store) -> None:
    case_id = _case(store)
    machine = _payloads(store)
    with store.session() as s:
        edit_case(s, case_id, EDIT, user="ana", reason="read the court report")
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        assert [(p.name, p.status, p.nationality, p.age) for p in case.perpetrators] == [
            ("Arvind Tembhekar", "convicted", "IN", 41),
            ("Second Person", "wanted", None, None),
        ]
        # the evidence of a person the reviewer kept stays with them
        assert case.perpetrators[0].evidence and not case.perpetrators[1].evidence
        assert case.charge_categories == ["child_trafficking", "labour_trafficking"]
        assert (case.country, case.admin1, case.city) == ("IN", "Maharashtra", "Pune")
        assert case.review_status == "pending"
        edit = s.scalars(select(CaseEditRow)).one()
        assert edit.edited_by == "ana" and edit.reason == "read the court report"
        assert edit.edited["admin1"] == "Maharashtra"
    assert _payloads(store) == machine


@pytest.mark.parametrize(
    "bad",
    [
        {"perpetrators": [{"name": "X", "status": "guilty"}]},
        {"charge_categories": ["drug_trafficking"]},
        {"charge_categories": ["other"]},
        {"country": "India"},
        {"perpetrators": [{"name": "X", "status": "charged", "nationality": "xx1"}]},
        {"perpetrators": [{"name": "  ", "status": "charged"}]},
        {"perpetrators": [{"name": "X", "status": "charged", "age": -3}]},
        {"unknown_field": 1},
    ],
)
def test_invalid_edit_changes_nothing(store: Store, bad: dict[str, Any]) -> None:
    case_id = _case(store)
    with store.session() as s, pytest.raises(EditError):
        edit_case(s, case_id, {**EDIT, **bad}, user="ana")
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        assert [p.status for p in case.perpetrators] == ["arrested"]
        assert s.scalars(select(CaseEditRow)).all() == []
        assert audit_trail(s) == []


def test_unknown_case_is_a_key_error(store: Store) -> None:
    with store.session() as s, pytest.raises(KeyError):
        edit_case(s, "nope", EDIT, user="ana")


def test_rerun_of_nlp_keeps_the_edit(store: Store) -> None:
    case_id = _case(store)
    with store.session() as s:
        edit_case(s, case_id, EDIT, user="ana")
    with store.session() as s:
        row = s.scalars(select(ArticleRow)).one()
        # same extractor version, and one saying it is not a case at all
        save_extraction(s, row, make_extraction(TEXT, [("Arvind Tembhekar", LegalStatus.CHARGED)]))
        save_extraction(s, row, make_extraction(TEXT, [], is_case=False))
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        assert [p.status for p in case.perpetrators] == ["convicted", "wanted"]
        assert case.city == "Pune"
        assert case.review_status == "pending"


def test_new_extractor_version_reopens_reviewed_case_and_keeps_edit(store: Store) -> None:
    case_id = _case(store)
    with store.session() as s:
        edit_case(s, case_id, EDIT, user="ana")
        review_case(s, case_id, decision="accepted", user="ana")
    with store.session() as s:
        row = s.scalars(select(ArticleRow)).one()
        same = make_extraction(TEXT, [("Arvind Tembhekar", LegalStatus.ARRESTED)]).model_copy(
            update={"extractor_version": "test-2"}
        )
        save_extraction(s, row, same)  # identical output: nothing to re-review
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None and case.review_status == "accepted"
    with store.session() as s:
        row = s.scalars(select(ArticleRow)).one()
        new = make_extraction(TEXT, [("Arvind Tembhekar", LegalStatus.CHARGED)]).model_copy(
            update={"extractor_version": "test-3"}
        )
        save_extraction(s, row, new)
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        assert case.review_status == "pending"
        assert [p.status for p in case.perpetrators] == ["convicted", "wanted"]
        assert s.get_one(ExtractionRow, case.extraction_id).extractor_version == "test-3"
        assert [a.action for a in audit_trail(s, case_id)] == ["edit", "accept", "reopen"]
        assert verify_audit_chain(s)


def test_audit_rows_for_edit_and_decisions_form_a_valid_chain(store: Store) -> None:
    case_id = _case(store)
    # another story (the same text at another URL would be a syndicated copy, decided with it)
    other = _case(store, "https://n.example/r2", OTHER_TEXT)
    with store.session() as s:
        edit_case(s, case_id, EDIT, user="ana", reason="fix")
        review_case(s, case_id, decision="accepted", user="ana", reason="ok")
        review_case(s, other, decision="rejected", user="bo", reason="not a case")
    with store.session() as s:
        trail = audit_trail(s, case_id)
        assert [(a.action, a.actor) for a in trail] == [("edit", "ana"), ("accept", "ana")]
        edit, accept = trail
        assert edit.before is not None and edit.after is not None
        assert edit.before["perpetrators"][0]["status"] == "arrested"
        assert edit.after["perpetrators"][0]["status"] == "convicted"
        assert edit.reason == "fix"
        assert accept.before is not None and accept.after is not None
        assert accept.before["review_status"] == "pending"
        assert accept.after["review_status"] == "accepted"
        rejected = audit_trail(s, other)
        assert [(a.action, a.after and a.after["review_status"]) for a in rejected] == [
            ("reject", "rejected")
        ]
        everything = audit_trail(s)
        assert len(everything) == 3
        assert everything[1].prev_hash == everything[0].hash
        assert verify_audit_chain(s)


def test_tampered_audit_row_breaks_the_chain(store: Store) -> None:
    case_id = _case(store)
    with store.session() as s:
        edit_case(s, case_id, EDIT, user="ana")
        review_case(s, case_id, decision="rejected", user="ana", reason="dup")
    with store.session() as s:
        assert verify_audit_chain(s)
        first = audit_trail(s)[0].id
    with store.session() as s:
        s.execute(update(AuditRow).where(AuditRow.id == first).values(actor="mallory"))
    with store.session() as s:
        assert not verify_audit_chain(s)


def test_deleted_audit_row_breaks_the_chain(store: Store) -> None:
    case_id = _case(store)
    with store.session() as s:
        edit_case(s, case_id, EDIT, user="ana")
        review_case(s, case_id, decision="rejected", user="ana")
    with store.session() as s:
        first = audit_trail(s)[0].id
        s.execute(AuditRow.__table__.delete().where(AuditRow.id == first))
    with store.session() as s:
        assert not verify_audit_chain(s)


def test_audit_rows_cannot_be_changed_through_the_orm(store: Store) -> None:
    case_id = _case(store)
    with store.session() as s:
        review_case(s, case_id, decision="accepted", user="ana")
    with pytest.raises(RuntimeError), store.session() as s:
        row = audit_trail(s)[0]
        row.actor = "mallory"
        s.flush()
    with store.session() as s:
        assert audit_trail(s)[0].actor == "ana"
        assert verify_audit_chain(s)


def test_a_review_decision_is_always_audited(store: Store) -> None:
    """Issue 11: `repository.review_case` decided a case without an audit row beside the audited
    `review.review_case`. One path is left, and every decision it takes is audited."""
    import tipwatch.store.repository as repository

    assert not hasattr(repository, "review_case")
    case_id = _case(store)
    with store.session() as s:
        review_case(s, case_id, decision="accepted", user="ana", reason="checked")
        review_case(s, case_id, decision="rejected", user="bo", reason="duplicate")
    with pytest.raises(ValueError), store.session() as s:
        review_case(s, case_id, decision="pending", user="ana")
    with store.session() as s:
        rows = [r for r in audit_trail(s, case_id) if r.action in ("accept", "reject")]
        assert [(r.action, r.actor, r.reason) for r in rows] == [
            ("accept", "ana", "checked"),
            ("reject", "bo", "duplicate"),
        ]
        assert rows[0].before is not None and rows[0].before["review_status"] == "pending"
        assert rows[1].after is not None and rows[1].after["review_status"] == "rejected"
        assert verify_audit_chain(s)
        case = get_case(s, case_id)
        assert case is not None and case.review_status == "rejected"
