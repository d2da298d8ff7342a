"""The article and NLP stages give the same store wherever they run (issue 15): in the calling
process, in two worker processes, or on a local Dask cluster of two workers through Prefect's
Dask task runner; and triage keeps pages without trafficking wording as metadata-only
articles that coverage still counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.flows.demo_warc import KEY, SOURCES, demo_warc, stored_snapshot
from tipwatch.coverage import coverage_table
from tipwatch.flows import executors, forkserver
from tipwatch.flows.backfill import ingest_warc, reextract
from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.records import NOT_RELEVANT
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import (
    ArticleRow,
    ExtractionRow,
    NameKeyPendingRow,
    NameKeyRow,
    PersonRow,
)
from tipwatch.store.name_keys import keys_for_names, person_names


@pytest.fixture(scope="module")
def warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("warc") / "demo.warc.gz"
    assert demo_warc(path, copies=2) == 2 * len(KEY["articles"])
    return path


@pytest.fixture(scope="module")
def inline(warc: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("inline"), nlp_executor="inline", nlp_batch_size=5
    )
    result = ingest_warc([warc], SOURCES, settings, extractor=CaseExtractor())
    assert result.counts.executor == "inline"
    store = Store.from_settings(settings)
    try:
        return {"result": result, "snapshot": stored_snapshot(store), "settings": settings}
    finally:
        store.dispose()


def _run(warc: Path, data_dir: Path, kind: str) -> tuple[Any, dict[str, Any]]:
    settings = Settings(data_dir=data_dir, nlp_executor=kind, nlp_workers=2, nlp_batch_size=5)
    result = ingest_warc([warc], SOURCES, settings)
    store = Store.from_settings(settings)
    try:
        return result, stored_snapshot(store)
    finally:
        store.dispose()


def test_inline_run_stores_every_page_once(inline: dict[str, Any]) -> None:
    counts = inline["result"].counts
    pages = 2 * len(KEY["articles"])
    assert counts.pages == pages
    # every page ends as an article or a named skip, none twice
    assert (
        counts.articles + sum(v for k, v in counts.skipped.items() if not k.startswith("nlp:"))
        == pages
    )
    cases = sum(1 for a in KEY["articles"] if a["is_case"])
    assert counts.cases >= cases and counts.duplicates == 0
    assert set(inline["snapshot"]["urls"]) == {(u, "stored") for u, _ in inline["snapshot"]["urls"]}
    # the stages' CPU time is accounted per stage
    assert {"read_warc", "article", "nlp", "store"} <= set(counts.cpu_seconds)


@pytest.mark.timeout(600)
def test_two_worker_processes_store_exactly_what_one_process_does(
    warc: Path, inline: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a fresh pool every 3 batches (forked from the fork server that holds the model)
    monkeypatch.setattr(executors, "RECYCLE_BATCHES", 3)
    result, snapshot = _run(warc, tmp_path, "processes")
    assert result.counts.executor == "processes"
    assert snapshot == inline["snapshot"]
    assert result.counts.cases == inline["result"].counts.cases


@pytest.mark.timeout(600)
def test_a_local_dask_cluster_stores_exactly_what_one_process_does(
    warc: Path, inline: dict[str, Any], tmp_path: Path
) -> None:
    result, snapshot = _run(warc, tmp_path, "dask")
    assert result.counts.executor == "dask"
    assert snapshot == inline["snapshot"]


def test_persons_get_their_screening_keys_when_the_run_ends(inline: dict[str, Any]) -> None:
    """Keys are deferred while pages are analysed and computed at the run's end: none is left
    pending, and every person has the keys of its names."""
    store = Store.from_settings(inline["settings"])
    try:
        with store.session() as s:
            assert s.scalars(select(NameKeyPendingRow)).all() == []
            persons = list(s.scalars(select(PersonRow.id)))
            assert persons
            for pid in persons:
                keys = set(s.scalars(select(NameKeyRow.key).where(NameKeyRow.subject_id == pid)))
                assert keys and keys == keys_for_names(person_names(s, pid))
    finally:
        store.dispose()


def test_pages_without_trafficking_wording_are_metadata_only(inline: dict[str, Any]) -> None:
    settings: Settings = inline["settings"]
    store = Store.from_settings(settings)
    try:
        with store.session() as s:
            rows = list(s.scalars(select(ArticleRow)))
            skipped = {
                e.article_id: e.skipped
                for e in s.scalars(select(ExtractionRow))
                if e.skipped is not None
            }
            not_relevant = [r for r in rows if skipped.get(r.id) == NOT_RELEVANT]
            assert not_relevant
            for row in not_relevant:
                # no text kept (it stays in the WARC), the metadata coverage reads is
                assert row.text == ""
                assert row.title and row.language == "en" and row.source_id
                assert row.warc_path and row.warc_offset is not None
            # every case report was read in full, and its text stored
            cases = [r for r in rows if r.id not in skipped]
            assert cases and all(r.text for r in cases)
            # coverage counts the metadata-only articles with the rest
            table = {row.country: row for row in coverage_table(s)}
        countries = {src.id: src.country for src in SOURCES}
        per_country: dict[str, int] = {}
        for r in rows:
            c = countries[r.source_id]
            per_country[c] = per_country.get(c, 0) + 1
        assert per_country == {c: table[c].articles_fetched for c in per_country}
        assert inline["result"].counts.not_relevant == len(not_relevant)
        # re-extraction from the WARC keeps them metadata-only and changes no case
        before = stored_snapshot(store)
        again = reextract(settings)
        assert again.changed_case_decision == 0
        assert stored_snapshot(store)["articles"] == before["articles"]
    finally:
        store.dispose()


def test_the_fork_server_loads_the_pipelines_of_the_runs_languages() -> None:
    from tipwatch.crawlers.source_defs import Source
    from tipwatch.flows.forkserver import ingest_languages

    assert forkserver.preload_languages(None) is None
    # English always (outlets publish in it beside their own language), each code once
    assert forkserver.preload_languages(["FR", "fr", "hi"]) == ("en", "fr", "hi")
    src = Source.model_validate(
        {
            "id": "le-monde-test",
            "name": "Test",
            "country": "FR",
            "languages": ["fr"],
            "homepage": "https://lemonde.example/",
        }
    )
    assert ingest_languages([src], "le-monde-test", pin_all=True) == ("en", "fr")
    # records may go to any outlet, provisional ones too: every pipeline
    assert ingest_languages([src], "le-monde-test", pin_all=False) is None
    assert ingest_languages([src], None, pin_all=False) is None
