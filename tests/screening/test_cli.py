"""Screening, import and export through the real CLI on a real SQLite store."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from tests.screening.conftest import add_case, person_entity, write_ftm
from tipwatch.cli import app
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store

runner = CliRunner()


def _seed(data_dir: Path) -> None:
    store = Store(f"sqlite:///{(data_dir / 'tipwatch.db').resolve()}")
    add_case(
        store,
        "https://example.org/k1",
        "Detectives in Mombasa charged Omondi Wekesa with trafficking in persons.",
        [("Omondi Wekesa", LegalStatus.CHARGED)],
        published=date(2026, 2, 3),
        country="KE",
    )
    store.dispose()


def test_import_screen_export_and_keys(tmp_path: Path) -> None:
    _seed(tmp_path)
    dd = ["--data-dir", str(tmp_path)]
    ftm = write_ftm(
        tmp_path / "traffickers.jsonl",
        [person_entity("x1", ["Wekesa, Omondi"], topics=["crime.traffick.human"])],
        ["not json"],
    )
    res = runner.invoke(app, ["import", "ftm", str(ftm), "--dataset", "ke-list", *dd])
    assert res.exit_code == 0, res.output
    assert "1 persons imported" in res.output and "invalid_json=1" in res.output

    res = runner.invoke(app, ["screen", "Omondi Wekesa", "--country", "KE", *dd])
    assert res.exit_code == 0, res.output
    hits = json.loads(res.output)["hits"]
    assert {h["dataset"] for h in hits} == {"tipwatch", "ke-list"}
    news = next(h for h in hits if h["dataset"] == "tipwatch")
    assert news["latest_status"]["status"] == "charged"
    assert news["latest_status"]["date"] == "2026-02-03"

    res = runner.invoke(app, ["export", "--format", "csv", *dd])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [(r["name"], r["status"]) for r in rows] == [("Omondi Wekesa", "charged")]

    res = runner.invoke(app, ["export", "--format", "xml", *dd])
    assert res.exit_code == 2

    res = runner.invoke(app, ["api-keys", "add", "--label", "bank", "--rate", "5", *dd])
    assert res.exit_code == 0 and res.stdout.strip().startswith("tw_")
    res = runner.invoke(app, ["api-keys", "revoke", "99", *dd])
    assert res.exit_code == 2


def test_import_rejects_a_reserved_dataset_name(tmp_path: Path) -> None:
    ftm = write_ftm(tmp_path / "x.jsonl", [person_entity("x1", ["A B"])], [])
    res = runner.invoke(
        app, ["import", "ftm", str(ftm), "--dataset", "tipwatch", "--data-dir", str(tmp_path)]
    )
    assert res.exit_code == 2
    assert "tipwatch" in res.output


def test_eval_names_prints_real_and_generated_figures() -> None:
    res = runner.invoke(app, ["eval-names", "--json", "--split", "dev"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)
    generated = report["generated"]
    assert generated["overall"]["queries"] > 3000
    assert {r["rule"] for r in generated["rules"]} >= {"cyrillic", "comma_order", "initial"}
    real = report["real"]
    assert real["split"] == "dev"
    groups = {r["group"]: r for r in real["rows"]}
    assert groups["all"]["mates"] > 300 and groups["kind:different_person"]["non_mates"] > 30
    assert any(g.startswith("kind:script:") for g in groups)
    assert any(g.startswith("culture:") for g in groups)


def test_eval_names_refuses_an_unknown_split() -> None:
    res = runner.invoke(app, ["eval-names", "--split", "train"])
    assert res.exit_code == 2
    assert "dev, test or all" in res.output
