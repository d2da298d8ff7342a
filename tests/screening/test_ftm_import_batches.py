"""`tipwatch import ftm` writes in batches and, for large files, makes keys and analyses in worker
processes (issue 13: 1M people in minutes). The batching must not change what is stored: the
same keys and analyses with one process or two, a duplicate id in a later batch skipped and
counted (the first stands), and a re-import still replacing the dataset."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.screening.conftest import person_entity, write_ftm
from tipwatch.screening import ftm_import
from tipwatch.screening.ftm_import import import_ftm
from tipwatch.screening.service import ScreeningQuery, screen
from tipwatch.store.db import Store
from tipwatch.store.models import ExternalEntityRow, NameKeyRow
from tipwatch.store.name_keys import ENTITY, keys_for_names, names_analysis

PEOPLE = [
    ("p-1", ["Ramesh Kumar"]),
    ("p-2", ["Muhammad bin Salman Al-Rashid", "محمد بن سلمان"]),
    ("p-3", ["张伟", "Zhang Wei"]),
    ("p-4", ["KUMAR, Ramesh", "Ramesh K."]),
    ("p-5", ["Олег Петров"]),
    ("p-6", ["Nguyễn Văn Ánh"]),
    ("p-7", ["Abdul Karim Sarker"]),
]


def _stored(store: Store, dataset: str) -> dict[str, tuple[set[str], object]]:
    with store.session() as s:
        rows = {
            r.entity_id: r.analysis
            for r in s.scalars(
                select(ExternalEntityRow).where(ExternalEntityRow.dataset == dataset)
            )
        }
        keys: dict[str, set[str]] = {}
        for subject_id, key in s.execute(
            select(NameKeyRow.subject_id, NameKeyRow.key).where(NameKeyRow.subject_type == ENTITY)
        ):
            d, entity_id = subject_id.split(":", 1)
            if d == dataset:
                keys.setdefault(entity_id, set()).add(key)
    return {e: (keys.get(e, set()), a) for e, a in rows.items()}


def test_two_workers_store_what_one_does(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ftm_import, "BATCH", 2)
    path = write_ftm(tmp_path / "l.jsonl", [person_entity(i, n) for i, n in PEOPLE], ["{bad"])
    with store.session() as s:
        one = import_ftm(s, path, dataset="one", workers=1)
        two = import_ftm(s, path, dataset="two", workers=2)
    assert one.imported == two.imported == len(PEOPLE)
    assert dict(one.skipped) == dict(two.skipped) == {"invalid_json": 1}
    by_one, by_two = _stored(store, "one"), _stored(store, "two")
    assert by_one == by_two
    for entity_id, names in PEOPLE:
        assert by_one[entity_id][0] == keys_for_names(names)


def test_a_duplicate_id_in_a_later_batch_is_skipped_and_counted(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ftm_import, "BATCH", 2)
    entities = [
        person_entity("a", ["Ramesh Kumar"]),
        person_entity("b", ["Olga Petrova"]),
        person_entity("c", ["Zhang Wei"]),
        person_entity("a", ["Abdul Karim Sarker"]),
        person_entity("c", ["Nguyen Van Anh"]),
    ]
    path = write_ftm(tmp_path / "l.jsonl", entities, [])
    with store.session() as s:
        report = import_ftm(s, path, dataset="dups")
    assert (report.imported, report.skipped["duplicate_id"]) == (3, 2)
    with store.session() as s:
        names = {
            e: n for e, n in s.execute(select(ExternalEntityRow.entity_id, ExternalEntityRow.names))
        }
        assert names == {"a": ["Ramesh Kumar"], "b": ["Olga Petrova"], "c": ["Zhang Wei"]}
        assert screen(s, ScreeningQuery(name="Abdul Karim Sarker")).hits == []


def test_a_reimport_replaces_the_dataset_across_batches(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ftm_import, "BATCH", 2)
    path = write_ftm(tmp_path / "l.jsonl", [person_entity(i, n) for i, n in PEOPLE], [])
    with store.session() as s:
        import_ftm(s, path, dataset="list")
    write_ftm(
        path,
        [person_entity("p-1", ["Olga Petrova"]), person_entity("p-3", ["张伟", "Zhang Wei"])],
        [],
    )
    with store.session() as s:
        again = import_ftm(s, path, dataset="list")
    assert (again.imported, again.removed) == (2, len(PEOPLE) - 2)
    stored = _stored(store, "list")
    assert set(stored) == {"p-1", "p-3"}
    assert stored["p-1"][0] == keys_for_names(["Olga Petrova"])
    with store.session() as s:
        assert screen(s, ScreeningQuery(name="Ramesh Kumar")).hits == []
        assert screen(s, ScreeningQuery(name="Olga Petrova")).hits[0].subject_id == "list:p-1"
        # no key of a removed entity is left behind
        left = set(
            s.scalars(select(NameKeyRow.subject_id).where(NameKeyRow.subject_type == ENTITY))
        )
    assert left == {"list:p-1", "list:p-3"}


def test_rows_written_past_the_orm_read_back_as_the_entity_gave_them(
    store: Store, tmp_path: Path
) -> None:
    """The import writes rows through the driver (JSON columns as text, the time as the
    column's type writes it): read through the ORM they must be the entity's own values, and
    the import time must compare in SQL as a time (a re-import removes by it)."""
    props = {
        "name": ["陳大文"],
        "alias": ['Chan "Big" Man \\ Wen', "Чан Тай Ман"],
        "country": ["hk"],
        "birthDate": ["1970-02-03"],
        "topics": ["crime.traffick.human"],
        "notes": ['line one\nline two, ünïcode 𝔘 \\ "q"'],
    }
    path = write_ftm(
        tmp_path / "l.jsonl", [{"id": "e-1", "schema": "Person", "properties": props}], []
    )
    before = datetime.now(UTC)
    with store.session() as s:
        import_ftm(s, path, dataset="rt")
    after = datetime.now(UTC)
    with store.session() as s:
        row = s.get(ExternalEntityRow, "rt:e-1")
        assert row is not None
        names = sorted(props["name"] + props["alias"])
        assert (row.names, row.countries, row.birth_dates, row.topics) == (
            names,
            ["hk"],
            ["1970-02-03"],
            ["crime.traffick.human"],
        )
        assert row.properties["notes"] == props["notes"]
        assert row.properties["alias"] == props["alias"]
        assert row.analysis == names_analysis(names)
        at = row.imported_at if row.imported_at.tzinfo else row.imported_at.replace(tzinfo=UTC)
        assert before <= at <= after
        at_or_after = select(ExternalEntityRow.id).where(ExternalEntityRow.imported_at >= before)
        assert s.scalars(at_or_after).all() == ["rt:e-1"]
        assert not s.scalars(
            select(ExternalEntityRow.id).where(ExternalEntityRow.imported_at > after)
        ).all()


def test_the_import_gives_the_connection_its_page_cache_back(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("the page cache is SQLite's")
    path = write_ftm(tmp_path / "l.jsonl", [person_entity(i, n) for i, n in PEOPLE], [])
    with store.session() as s:
        conn = s.connection()
        before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        seen: list[object] = []
        original = ftm_import._Writer.keys

        def keys(self: ftm_import._Writer, rows: dict[str, ftm_import.PreparedRow]) -> None:
            seen.append(conn.exec_driver_sql("PRAGMA cache_size").scalar())
            original(self, rows)

        monkeypatch.setattr(ftm_import._Writer, "keys", keys)
        import_ftm(s, path, dataset="cache")
        assert seen and all(v == -ftm_import.IMPORT_CACHE_KIB for v in seen)
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == before
