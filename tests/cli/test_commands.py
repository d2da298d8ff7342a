"""The store/index/coverage sub-commands, run through the real CLI on a real SQLite store."""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

from tests.factories import make_article, make_extraction
from tipwatch.cli import app
from tipwatch.crawlers.source_defs import Source
from tipwatch.metrics.report import CoverageReport
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.repository import save_article, save_extraction, upsert_sources

runner = CliRunner()


def _seed(data_dir: Path) -> None:
    store = Store(f"sqlite:///{(data_dir / 'tipwatch.db').resolve()}")
    with store.session() as s:
        upsert_sources(
            s, [Source(id="ke-a", name="K", country="KE", languages=["en", "sw"], homepage="x")]
        )
    text = "Detectives in Mombasa charged Omondi Wekesa with trafficking in persons."
    ext = make_extraction(text, [("Omondi Wekesa", LegalStatus.CHARGED)], country="KE")
    with store.session() as s:
        row, _ = save_article(s, make_article("https://k.example/1", text, "ke-a", "KE"), ext)
        save_extraction(s, row, ext)
    store.dispose()


def test_index_sync_search_rebuild_and_coverage(tmp_path: Path) -> None:
    _seed(tmp_path)
    dd = ["--data-dir", str(tmp_path)]
    res = runner.invoke(app, ["index", "sync", *dd])
    assert res.exit_code == 0, res.output
    assert "synced 1 outbox rows" in res.output

    res = runner.invoke(app, ["search", "wekesa", *dd])
    assert res.exit_code == 0, res.output
    hits = [json.loads(line) for line in res.output.splitlines() if line.startswith("{")]
    assert [(h["names"], h["statuses"], h["country"]) for h in hits] == [
        (["Omondi Wekesa"], ["charged"], "KE")
    ]

    (tmp_path / "index.db").unlink()
    res = runner.invoke(app, ["index", "rebuild", *dd])
    assert res.exit_code == 0 and "indexed 1 documents" in res.output
    res = runner.invoke(app, ["search", "mombasa", "--country", "KE", *dd])
    assert res.output.count('"doc_type":"case"') == 1

    out = tmp_path / "coverage.json"
    res = runner.invoke(app, ["coverage", "--json", str(out), "--today", "2026-03-15", *dd])
    assert res.exit_code == 0, res.output
    assert "KE Kenya" in res.output
    assert "Capture-recapture no estimate: only one outlet (ke-a)" in res.output
    # The JSON is the coverage report: per country its outlets and monthly effort rows.
    report = CoverageReport.model_validate(json.loads(out.read_text()))
    assert [
        (
            c.country,
            len(c.outlets),
            sum(m.case_articles for m in c.months),
            sum(m.distinct_perpetrators for m in c.months),
        )
        for c in report.countries
    ] == [("KE", 1, 1, 1)]
    assert report.today.isoformat() == "2026-03-15"

    res = runner.invoke(app, ["coverage", "--today", "15/03/2026", *dd])
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output


def test_unknown_search_backend_is_a_clear_error(tmp_path: Path) -> None:
    env = {**os.environ, "TIPWATCH_SEARCH_URL": "solr://localhost:8983"}
    res = runner.invoke(app, ["search", "x", "--data-dir", str(tmp_path)], env=env)
    assert res.exit_code != 0
    assert "TIPWATCH_SEARCH_URL" in str(res.exception)


def test_unreachable_engine_is_a_clear_error(tmp_path: Path) -> None:
    env = {**os.environ, "TIPWATCH_SEARCH_URL": "http://127.0.0.1:9"}
    res = runner.invoke(app, ["search", "x", "--data-dir", str(tmp_path)], env=env)
    assert res.exit_code == 3
    assert "unreachable" in res.output and "127.0.0.1:9" in res.output


def test_users_add_creates_account_that_can_log_in(tmp_path: Path) -> None:
    from tipwatch.accounts import authenticate

    dd = ["--data-dir", str(tmp_path)]
    res = runner.invoke(app, ["users", "add", "rita", "--role", "viewer", *dd])
    assert res.exit_code == 0, res.output
    password = res.output.strip().rsplit("password: ", 1)[1]
    again = runner.invoke(app, ["users", "add", "rita", "--password", "x" * 12, *dd])
    assert again.exit_code == 2
    store = Store(f"sqlite:///{(tmp_path / 'tipwatch.db').resolve()}")
    with store.session() as s:
        user = authenticate(s, "rita", password)
        assert user is not None and user.role == "viewer"
        assert authenticate(s, "rita", "x" * 12) is None
    store.dispose()


def test_search_filters_facets_and_bad_dates(tmp_path: Path) -> None:
    _seed(tmp_path)
    dd = ["--data-dir", str(tmp_path)]
    assert runner.invoke(app, ["index", "sync", *dd]).exit_code == 0
    res = runner.invoke(app, ["search", "wekesa", "--status", "charged", "--country", "ke", *dd])
    assert res.exit_code == 0, res.output
    assert [json.loads(line)["names"] for line in res.stdout.splitlines()] == [["Omondi Wekesa"]]
    res = runner.invoke(app, ["search", "wekesa", "--status", "convicted", *dd])
    assert res.exit_code == 0 and res.stdout.strip() == ""
    res = runner.invoke(app, ["search", "--facets", "--outlet", "ke-a", *dd])
    assert res.exit_code == 0, res.output
    facets = json.loads(res.stdout)
    assert facets["country"] == {"KE": 1} and facets["statuses"] == {"charged": 1}
    res = runner.invoke(app, ["search", "x", "--from", "last tuesday", *dd])
    assert res.exit_code == 2 and "date_from" in res.output


def test_search_finds_articles_that_are_no_case_by_decision(tmp_path: Path) -> None:
    _seed(tmp_path)
    store = Store(f"sqlite:///{(tmp_path / 'tipwatch.db').resolve()}")
    text = "A county forum in Mombasa discussed safe labour migration for young people."
    ext = make_extraction(text, [], country="KE", is_case=False)
    with store.session() as s:
        row, _ = save_article(s, make_article("https://k.example/2", text, "ke-a", "KE"), ext)
        assert save_extraction(s, row, ext) is None
        article_id = row.id
    store.dispose()
    dd = ["--data-dir", str(tmp_path)]
    assert runner.invoke(app, ["index", "sync", *dd]).exit_code == 0
    res = runner.invoke(app, ["search", "mombasa", "--count", *dd])
    assert res.exit_code == 0 and res.stdout.strip() == "2"
    res = runner.invoke(app, ["search", "mombasa", "--decision", "rejected", *dd])
    hits = [json.loads(line) for line in res.stdout.splitlines()]
    assert [(h["doc_id"], h["doc_type"], h["reason"]) for h in hits] == [
        (article_id, "article", "below_threshold")
    ]
    assert "\ue000Mombasa\ue001" in hits[0]["snippet"]
    res = runner.invoke(app, ["search", "--facets", *dd])
    assert json.loads(res.stdout)["decision"] == {"case": 1, "rejected": 1}
