from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from tests.factories import make_article, make_extraction
from tipwatch.records import REDACTION_CHAR, LegalStatus
from tipwatch.store.db import Store, migrate
from tipwatch.store.models import ArticleRow, CaseRow, OutboxRow, PerpetratorRow
from tipwatch.store.repository import (
    case_record,
    get_case,
    save_article,
    save_extraction,
)
from tipwatch.store.review import review_case

TEXT = (
    "Police in Pune arrested Arvind Tembhekar, 41, on Monday. The victim, Mira Canarywing, "
    "was rescued. Tembhekar was later charged with trafficking."
)


def test_migrations_create_schema_and_are_idempotent(store_url: str) -> None:
    url = store_url
    migrate(url)
    migrate(url)
    st = Store(url)
    names = set(inspect(st.engine).get_table_names())
    assert {"articles", "cases", "perpetrators", "outbox", "extractions", "skips"} <= names
    assert "alembic_version" in names
    st.dispose()


def test_sqlite_runs_in_wal_mode(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("WAL is SQLite's")
    with store.engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    assert mode == "wal"


def test_victim_name_masked_before_storage_and_offsets_kept(store: Store) -> None:
    v_start = TEXT.index("Mira Canarywing")
    v_end = v_start + len("Mira Canarywing")
    art = make_article("https://n.example/a1", TEXT)
    ext = make_extraction(
        TEXT, [("Arvind Tembhekar", LegalStatus.CHARGED)], redactions=[(v_start, v_end)]
    )
    with store.session() as s:
        row, created = save_article(s, art, ext)
        save_extraction(s, row, ext)
    assert created
    with store.session() as s:
        stored = s.get_one(ArticleRow, art.article_id)
        assert "Canarywing" not in stored.text
        assert "Mira" not in stored.text
        assert stored.text[v_start:v_end].replace(" ", "") == REDACTION_CHAR * 14
        assert len(stored.text) == len(TEXT)
        perp = s.scalars(select(PerpetratorRow)).one()
        start, end = perp.evidence[0]
        assert stored.text[start:end] == "Arvind Tembhekar"
        # the payload of the machine's extraction never carries the victim spans either
        assert "redactions" not in stored.extractions[0].payload


def test_case_written_with_outbox_row_in_same_transaction(store: Store) -> None:
    art = make_article("https://n.example/a2", TEXT)
    ext = make_extraction(TEXT, [("Arvind Tembhekar", LegalStatus.CHARGED)])
    with store.session() as s:
        row, _ = save_article(s, art, ext)
        case_id = save_extraction(s, row, ext)
    assert case_id is not None
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        assert [(p.name, p.status) for p in case.perpetrators] == [("Arvind Tembhekar", "charged")]
        assert case.perpetrators[0].status_date is not None
        assert case.perpetrators[0].source_url == "https://n.example/a2"
        outbox = list(s.scalars(select(OutboxRow)))
        assert [(o.doc_id, o.op) for o in outbox] == [(case_id, "upsert")]
        record = case_record(case)
        assert record.country == "IN"
        assert record.country_of_publication == "IN"
        assert [(p.name, p.status, p.source_url) for p in record.perpetrators] == [
            ("Arvind Tembhekar", LegalStatus.CHARGED, "https://n.example/a2")
        ]
        assert [c.value for c in record.charge_categories] == ["sex_trafficking"]


def test_rerun_as_non_case_deletes_pending_case(store: Store) -> None:
    art = make_article("https://n.example/a3", TEXT)
    with store.session() as s:
        row, _ = save_article(
            s, art, make_extraction(TEXT, [("Arvind Tembhekar", LegalStatus.ARRESTED)])
        )
        case_id = save_extraction(
            s, row, make_extraction(TEXT, [("Arvind Tembhekar", LegalStatus.ARRESTED)])
        )
    with store.session() as s:
        row = s.get_one(ArticleRow, art.article_id)
        assert save_extraction(s, row, make_extraction(TEXT, [], is_case=False)) is None
    with store.session() as s:
        assert s.get(CaseRow, case_id) is None
        ops = [(o.doc_id, o.op) for o in s.scalars(select(OutboxRow).order_by(OutboxRow.id))]
        # the case leaves the index; the article, no case now, gets its own document
        assert ops == [(case_id, "upsert"), (case_id, "delete"), (art.article_id, "upsert")]


def test_reviewed_case_is_not_overwritten_by_rerun(store: Store) -> None:
    art = make_article("https://n.example/a4", TEXT)
    ext = make_extraction(TEXT, [("Arvind Tembhekar", LegalStatus.CHARGED)])
    with store.session() as s:
        row, _ = save_article(s, art, ext)
        case_id = save_extraction(s, row, ext)
        assert case_id is not None
        review_case(s, case_id, decision="accepted", user="ana", reason="checked")
    with store.session() as s:
        row = s.get_one(ArticleRow, art.article_id)
        save_extraction(s, row, make_extraction(TEXT, [], is_case=False))
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        assert case.review_status == "accepted"
        assert case.reviewed_by == "ana"
        assert [p.status for p in case.perpetrators] == ["charged"]


def test_migrations_downgrade_to_base_and_back(store_url: str) -> None:
    from alembic import command

    from tipwatch.store.db import alembic_config

    migrate(store_url)
    command.downgrade(alembic_config(store_url), "base")
    st = Store(store_url, upgrade=False)
    assert "articles" not in set(inspect(st.engine).get_table_names())
    st.dispose()
    migrate(store_url)
    st = Store(store_url, upgrade=False)
    cols = {c["name"] for c in inspect(st.engine).get_columns("articles")}
    assert {"simhash", "cluster_id"} <= cols
    assert "urls" in set(inspect(st.engine).get_table_names())
    st.dispose()
