"""Issue 14, U6: the audit log's head is anchored, and every edit and decision has its audit row.

An attacker with write access to the database deletes rows with raw SQL, behind the ORM (which
refuses deletes of audit rows): the newest row, a middle row, or adds an edit with no audit row.
`verify_audit_chain` and `check_audit` must report each.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tests.store.test_review import EDIT, _case
from tipwatch.store.audit import check_audit
from tipwatch.store.db import Store
from tipwatch.store.review import audit_trail, edit_case, review_case, verify_audit_chain


def _three_rows(store: Store) -> str:
    case_id = _case(store)
    with store.session() as s:
        edit_case(s, case_id, EDIT, user="ana", reason="court report")
    with store.session() as s:
        review_case(s, case_id, decision="accepted", user="ana", reason="checked")
    with store.session() as s:
        review_case(s, case_id, decision="rejected", user="bo", reason="duplicate")
    with store.session() as s:
        assert len(audit_trail(s)) == 3
        assert verify_audit_chain(s)
        assert check_audit(s).problems == []
    return case_id


def _raw(store: Store, sql: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(sql))


def test_deleting_the_newest_audit_row_is_detected(store: Store) -> None:
    _three_rows(store)
    _raw(store, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    with store.session() as s:
        assert not verify_audit_chain(s)
        problems = check_audit(s).problems
    assert any("deleted" in p for p in problems), problems


def test_deleting_the_newest_row_stays_detected_after_more_writes(store: Store) -> None:
    case_id = _three_rows(store)
    _raw(store, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    with store.session() as s:
        review_case(s, case_id, decision="accepted", user="cy")
    with store.session() as s:
        assert not verify_audit_chain(s)


def test_deleting_a_middle_audit_row_is_detected(store: Store) -> None:
    _three_rows(store)
    _raw(store, "DELETE FROM audit_log WHERE id = (SELECT min(id) + 1 FROM audit_log)")
    with store.session() as s:
        assert not verify_audit_chain(s)
        problems = check_audit(s).problems
    assert any("chain" in p for p in problems), problems


def test_deleting_the_head_anchor_is_detected(store: Store) -> None:
    _three_rows(store)
    _raw(store, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    _raw(store, "DELETE FROM audit_head")
    with store.session() as s:
        assert not verify_audit_chain(s)


def test_a_forged_head_is_detected(store: Store) -> None:
    """Rewriting the head to match the shortened log needs the key, which is not in the store."""
    _three_rows(store)
    _raw(store, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
    _raw(
        store,
        "UPDATE audit_head SET row_count = row_count - 1, last_id = (SELECT max(id) FROM"
        " audit_log), last_hash = (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1)",
    )
    with store.session() as s:
        problems = check_audit(s).problems
    assert any("signature" in p for p in problems), problems


def test_an_edit_without_its_audit_row_is_detected(store: Store) -> None:
    case_id = _three_rows(store)
    _raw(
        store,
        "INSERT INTO case_edits (case_id, edited, edited_by, edited_at, reason) VALUES "
        f"('{case_id}', '{{}}', 'mallory', '2026-01-01 00:00:00', 'sneaky')",
    )
    with store.session() as s:
        assert not verify_audit_chain(s)
        problems = check_audit(s).problems
    assert any("case_edits" in p and case_id in p for p in problems), problems


def test_a_review_decision_without_its_audit_row_is_detected(store: Store) -> None:
    case_id = _three_rows(store)
    _raw(
        store,
        "UPDATE cases SET review_status = 'accepted', reviewed_by = 'mallory'"
        f" WHERE id = '{case_id}'",
    )
    with store.session() as s:
        assert not verify_audit_chain(s)
        problems = check_audit(s).problems
    assert any("review" in p and case_id in p for p in problems), problems


def test_a_head_re_signed_without_the_key_file_is_detected(store_url: str, tmp_path: Path) -> None:
    """On PostgreSQL too the head's key lives outside the database (in the data folder, or
    `audit_key_file`): a forger who deletes the newest row and re-signs the head with any key
    but that one (the empty key a store without a key file would use, say) is caught."""
    from sqlalchemy import select

    from tests.conftest import seed_sources
    from tipwatch.settings import Settings
    from tipwatch.store.audit import _head_mac
    from tipwatch.store.models import AuditHeadRow

    settings = Settings(database_url=store_url, data_dir=tmp_path / "var")
    store = Store.from_settings(settings)
    try:
        seed_sources(store)
        _three_rows(store)
        key_file = (
            tmp_path / "audit.key"
            if store_url.startswith("sqlite")
            else tmp_path / "var" / "audit.key"
        )
        assert key_file.exists() and len(bytes.fromhex(key_file.read_text().strip())) == 32
        _raw(store, "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)")
        with store.engine.begin() as conn:
            last_id, last_hash = conn.execute(
                text("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
            ).one()
            count = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
            conn.execute(
                text(
                    "UPDATE audit_head SET row_count = :n, last_id = :i, last_hash = :h, mac = :m"
                ),
                {
                    "n": count,
                    "i": last_id,
                    "h": last_hash,
                    "m": _head_mac(b"", count, last_id, last_hash),
                },
            )
        with store.session() as s:
            assert s.scalars(select(AuditHeadRow)).one().row_count == count
            problems = check_audit(s).problems
        assert any("signature" in p for p in problems), problems
    finally:
        store.dispose()
