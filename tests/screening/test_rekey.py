"""`tipwatch db rekey` recomputes screening keys (after the name analysis changed): keys lost or
stale for persons and imported entities come back, and screening finds them again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import delete, func, insert, select, update
from typer.testing import CliRunner

from tests.screening.conftest import add_case, person_entity, write_ftm
from tipwatch.cli import app
from tipwatch.records import LegalStatus
from tipwatch.screening.ftm_import import import_ftm
from tipwatch.screening.service import ScreeningQuery, screen
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import ExternalEntityRow, NameKeyPendingRow, NameKeyRow, PersonRow

runner = CliRunner()


def test_rekey_restores_keys_of_persons_and_imported_entities(tmp_path: Path) -> None:
    store = Store(Settings(data_dir=tmp_path).resolved_database_url)
    try:
        add_case(
            store,
            "https://example.org/k1",
            "A court convicted Ramesh Kumar of trafficking.",
            [("Ramesh Kumar", LegalStatus.CONVICTED)],
            published=date(2026, 2, 1),
        )
        path = write_ftm(tmp_path / "l.jsonl", [person_entity("zh-1", ["张伟"])], [])
        with store.session() as s:
            import_ftm(s, path, dataset="zh-list")
        # keys as an older analysis left them: none (what names in other scripts had)
        with store.session() as s:
            s.execute(delete(NameKeyRow))
            s.execute(update(ExternalEntityRow).values(analysis=None))
            person_ids = list(s.scalars(select(PersonRow.id)))
            s.execute(insert(NameKeyPendingRow), [{"person_id": p} for p in person_ids])
        with store.session() as s:
            assert screen(s, ScreeningQuery(name="Zhang Wei")).hits == []
            assert screen(s, ScreeningQuery(name="Ramesh Kumar")).hits == []
        res = runner.invoke(app, ["db", "rekey", "--data-dir", str(tmp_path)])
        assert res.exit_code == 0, res.output
        assert "1 persons, 1 imported entities" in res.output
        with store.session() as s:
            assert s.scalar(select(func.count()).select_from(NameKeyPendingRow)) == 0
            stored = s.scalar(select(ExternalEntityRow.analysis))
            assert stored is not None and list(stored["names"]) == ["张伟"]
            assert screen(s, ScreeningQuery(name="Zhang Wei")).hits[0].subject_id == "zh-list:zh-1"
            assert screen(s, ScreeningQuery(name="Ramesh Kumar")).hits[0].caption == "Ramesh Kumar"
    finally:
        store.dispose()
