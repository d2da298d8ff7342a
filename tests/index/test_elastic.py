"""Elasticsearch backend against a real single-node engine (scripts/search-node, started by
`make test`; TIPWATCH_TEST_SEARCH_URL). Each test gets its own index prefix and cleans up."""

from __future__ import annotations

import os
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.factories import make_article, make_extraction
from tipwatch.index.base import IndexDoc, SearchQuery
from tipwatch.index.elastic import MAPPING, ElasticIndex
from tipwatch.index.sync import rebuild, sync_outbox
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.models import CaseRow, OutboxRow
from tipwatch.store.repository import save_article, save_extraction

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["elasticsearch", "opensearch"])
def es_index(search_url: str, request: pytest.FixtureRequest) -> Iterator[ElasticIndex]:
    """The backend over the official Elasticsearch client, and over opensearch-py (here talking
    to the same Elasticsearch node: the requests are the engines' shared REST API)."""
    prefix = f"twtest-{uuid.uuid4().hex[:10]}"
    url = search_url if request.param == "elasticsearch" else "opensearch+" + search_url
    ix = ElasticIndex(url, prefix=prefix, backoff=0.05)
    assert ix.engine.flavor == request.param
    yield ix
    try:
        ix.engine.delete_index(f"{prefix}-*")
    finally:
        ix.close()


def _doc(i: int, name: str, country: str, **extra: object) -> IndexDoc:
    data: dict[str, object] = {
        "doc_id": f"d{i:04d}",
        "doc_type": "case",
        "title": f"Case {i}",
        "names": [name],
        "statuses": ["charged" if i % 2 else "convicted"],
        "body": "Police charged the accused with trafficking women for forced labour.",
        "country": country,
        "country_of_publication": country,
        "source_id": "outlet-a" if i % 3 else "outlet-b",
        "charge_categories": ["forced_labour"] if i % 2 else ["sex_trafficking"],
        "review_status": "pending",
        "publish_date": f"2026-{1 + i % 12:02d}-15",
        "url": f"https://news.example/{i}",
        "language": "en",
    }
    data.update(extra)
    return IndexDoc.model_validate(data)


def test_search_filters_facets_and_folding(es_index: ElasticIndex) -> None:
    docs = [
        _doc(i, "Nguyễn Văn An" if i % 2 else "Ramesh Kumar", "VN" if i % 2 else "IN")
        for i in range(24)
    ]
    assert es_index.upsert(docs) == []
    es_index.refresh()
    assert es_index.count() == 24
    folded = es_index.search(SearchQuery(text="nguyen van an", limit=100))
    assert len(folded) == 12 and all(h.country == "VN" for h in folded)
    filtered = es_index.search(
        SearchQuery(
            text="trafficking",
            country="IN",
            status="convicted",
            charge_category="sex_trafficking",
            date_from=date(2026, 3, 1),
            date_to=date(2026, 8, 31),
            limit=100,
        )
    )
    expected = {
        d.doc_id
        for d in docs
        if d.country == "IN" and "2026-03" <= (d.publish_date or "") <= "2026-08-31"
    }
    assert {h.doc_id for h in filtered} == expected
    outlet = es_index.search(SearchQuery(source_id="outlet-b", limit=100))
    assert {h.doc_id for h in outlet} == {d.doc_id for d in docs if d.source_id == "outlet-b"}
    facets = es_index.facets(SearchQuery(text="trafficking"))
    assert facets["country"] == {"IN": 12, "VN": 12}
    assert facets["source_id"] == {"outlet-a": 16, "outlet-b": 8}
    # Query syntax in user text is just text: nothing matches, nothing errors.
    assert es_index.search(SearchQuery(text='ramesh" OR *:* AND (title:')) == []


def test_permanent_item_errors_come_back_per_document(es_index: ElasticIndex) -> None:
    bad = _doc(1, "Ada Obi", "NG", publish_date="not-a-date")
    good = _doc(2, "Ada Obi", "NG")
    failures = es_index.upsert([bad, good])
    assert [(f.doc_id, f.status) for f in failures] == [("d0001", 400)]
    assert "publish_date" in failures[0].reason
    es_index.refresh()
    assert {h.doc_id for h in es_index.search(SearchQuery(text="ada obi"))} == {"d0002"}


def test_rebuild_swaps_the_alias_only_when_counts_match(es_index: ElasticIndex) -> None:
    es_index.upsert([_doc(i, "Ada Obi", "NG") for i in range(5)])
    first = es_index.current_version()
    assert first is not None
    with pytest.raises(RuntimeError, match="store has 7"):
        es_index.rebuild(iter([_doc(i, "Ada Obi", "NG") for i in range(6)]), expected=7)
    assert es_index.current_version() == first
    assert es_index.versions() == [first]  # the partial index was deleted
    assert es_index.rebuild(iter([_doc(i, "Ada Obi", "NG") for i in range(3)]), expected=3) == 3
    second = es_index.current_version()
    assert second != first and es_index.versions() == [second]
    assert es_index.count() == 3


def _seed_store(store: Store, n: int) -> None:
    with store.session() as s:
        for i in range(n):
            text = f"Police charged Person{i} Alpha with trafficking in Delhi, case {i}."
            art = make_article(f"https://news.example/p{i}", text)
            row, _ = save_article(
                s, art, make_extraction(text, [(f"Person{i} Alpha", LegalStatus.CHARGED)])
            )
            save_extraction(
                s, row, make_extraction(text, [(f"Person{i} Alpha", LegalStatus.CHARGED)])
            )


def _store_case_ids(store: Store) -> set[str]:
    with store.session() as s:
        return set(s.scalars(select(CaseRow.id)))


def _put_a_drifted_index_behind_the_alias(ix: ElasticIndex) -> None:
    """An index whose mapping disagrees with the documents (review_status as a number)."""
    wrong = {
        **MAPPING,
        "mappings": {
            **MAPPING["mappings"],
            "properties": {
                **MAPPING["mappings"]["properties"],
                "review_status": {"type": "integer"},
            },
        },
    }
    drifted = f"{ix.alias}-v0"
    ix.engine.create_index(drifted, wrong)
    ix.engine.update_aliases([{"add": {"index": drifted, "alias": ix.alias}}])


def test_mapping_drift_quarantines_then_rebuild_repairs(
    store: Store, es_index: ElasticIndex
) -> None:
    _seed_store(store, 4)
    _put_a_drifted_index_behind_the_alias(es_index)
    assert sync_outbox(store, es_index) == 4
    with store.session() as s:
        rows = list(s.scalars(select(OutboxRow)))
    assert all(r.quarantined_at is not None and r.synced_at is None for r in rows)
    assert all("HTTP 400" in (r.last_error or "") for r in rows)
    assert sync_outbox(store, es_index) == 0  # quarantined rows are not retried blindly
    assert rebuild(store, es_index) == 4
    assert es_index.doc_ids() == _store_case_ids(store)
    assert es_index.versions() == [es_index.current_version()]


def _node(*args: str) -> None:
    subprocess.run(
        [str(REPO / "scripts" / "search-node"), *args], check=True, capture_output=True, timeout=300
    )


def test_synced_documents_carry_the_article_language(store: Store, es_index: ElasticIndex) -> None:
    """Issue 11: `case_doc` left `language` unset, so the facet and the filter never matched."""
    _seed_store(store, 3)
    assert sync_outbox(store, es_index) == 3
    es_index.refresh()
    assert len(es_index.search(SearchQuery(language="en", limit=10))) == 3
    assert es_index.search(SearchQuery(language="fr", limit=10)) == []
    assert es_index.facets(SearchQuery())["language"] == {"en": 3}


def test_engine_killed_mid_sync_loses_nothing(store: Store, es_index: ElasticIndex) -> None:
    _seed_store(store, 300)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            sync_outbox(store, es_index, batch=10)
        except BaseException as exc:  # noqa: BLE001 - recorded for the assertion below
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with store.session() as s:
            synced = s.scalar(select(func.count()).where(OutboxRow.synced_at.is_not(None)))
        if synced and synced >= 30:
            break
        time.sleep(0.05)
    _node("kill")
    worker.join(timeout=120)
    try:
        assert errors, "the sync should fail while the engine is down"
        with store.session() as s:
            pending = s.scalar(select(func.count()).where(OutboxRow.synced_at.is_(None)))
        assert pending and 0 < pending < 300
    finally:
        _node("start", "--keep-data")
    assert sync_outbox(store, es_index, batch=50) == pending
    assert es_index.doc_ids() == _store_case_ids(store)
    assert es_index.count() == 300


def test_engine_429_is_retried_with_backoff_then_left_pending(
    store: Store, search_url: str, tmp_path: Path
) -> None:
    """A second node whose indexing-pressure limit rejects every bulk with a real 429: the sync
    retries with backoff (each attempt is a rejection the engine counts), then raises and keeps
    every row pending (a 429 is never quarantined); restarted without the limit, the next sync
    writes exactly what the store holds."""
    import json
    import urllib.request

    port = int(os.environ.get("SEARCH_NODE_PORT", "9250")) + 7
    env = {
        **os.environ,
        "SEARCH_NODE_PORT": str(port),
        "SEARCH_NODE_DIR": str(tmp_path / "node-429"),
        "SEARCH_NODE_SETTINGS": "-Eindexing_pressure.memory.limit=1kb",
    }
    script = str(REPO / "scripts" / "search-node")
    url = (
        subprocess.run(
            [script, "start"], env=env, check=True, capture_output=True, text=True, timeout=300
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    _seed_store(store, 5)
    ix = ElasticIndex(url, prefix=f"twtest-{uuid.uuid4().hex[:10]}", backoff=0.02)
    try:
        with pytest.raises(RuntimeError):
            sync_outbox(store, ix)
        with urllib.request.urlopen(f"{url}/_nodes/stats/indexing_pressure") as resp:
            stats = json.load(resp)
        node = next(iter(stats["nodes"].values()))
        assert node["indexing_pressure"]["memory"]["total"]["coordinating_rejections"] == 6
        with store.session() as s:
            rows = list(s.scalars(select(OutboxRow)))
        assert rows and all(r.synced_at is None and r.quarantined_at is None for r in rows)
        assert all("429" in (r.last_error or "") for r in rows)
        env.pop("SEARCH_NODE_SETTINGS")
        subprocess.run(
            [script, "start", "--keep-data"], env=env, check=True, capture_output=True, timeout=300
        )
        assert sync_outbox(store, ix) == 5
        assert ix.doc_ids() == _store_case_ids(store)
    finally:
        ix.close()
        subprocess.run([script, "stop"], env=env, check=False, capture_output=True, timeout=120)


def _block_writes(search_url: str, index: str, on: bool) -> None:
    import httpx

    r = httpx.put(f"{search_url}/{index}/_settings", json={"index.blocks.write": on}, timeout=30)
    assert r.status_code == 200, r.text


def test_a_write_block_leaves_rows_pending_never_quarantined(
    store: Store, es_index: ElasticIndex, search_url: str
) -> None:
    """Issue 14, I5: an operator's `index.blocks.write` (or the disk watermark's read-only block)
    answers every item 403 cluster_block_exception. That is the index refusing all writes for
    now, not a bad document: before, every row was quarantined for good while sync succeeded."""
    _seed_store(store, 2)
    assert sync_outbox(store, es_index) == 2
    concrete = es_index.current_version()
    assert concrete is not None
    _seed_more = [f"https://news.example/p{i}" for i in (2, 3)]
    with store.session() as s:
        for i, url in enumerate(_seed_more, start=2):
            text = f"Police charged Person{i} Alpha with trafficking in Delhi, case {i}."
            row, _ = save_article(
                s,
                make_article(url, text),
                make_extraction(text, [(f"Person{i} Alpha", LegalStatus.CHARGED)]),
            )
            save_extraction(
                s, row, make_extraction(text, [(f"Person{i} Alpha", LegalStatus.CHARGED)])
            )
    _block_writes(search_url, concrete, True)
    try:
        with pytest.raises(Exception, match="refused after retries"):
            sync_outbox(store, es_index)
        with store.session() as s:
            waiting = list(s.scalars(select(OutboxRow).where(OutboxRow.synced_at.is_(None))))
        assert len(waiting) == 2
        assert all(r.quarantined_at is None for r in waiting)
        assert all("refused after retries" in (r.last_error or "") for r in waiting)
    finally:
        _block_writes(search_url, concrete, False)
    assert sync_outbox(store, es_index) == 2  # the block lifted: the same rows go through
    es_index.refresh()
    assert es_index.doc_ids() == _store_case_ids(store)


class _WideDocIndex(ElasticIndex):
    """The real backend, with one fault: the document of `wide_id` goes out with 2,000 fields
    the mapping does not know (a producer that drifted from `IndexDoc`, which cannot build one:
    tests/index/test_strict_documents.py)."""

    wide_id = ""

    def _index_op(self, doc: IndexDoc) -> dict[str, Any]:  # type: ignore[override]
        op = ElasticIndex._index_op(doc)
        if doc.doc_id == self.wide_id:
            op["lines"][1] = {**op["lines"][1], **{f"extra_{i}": i for i in range(2000)}}
        return op


def test_a_document_with_2000_unknown_fields_is_quarantined_the_rest_index(
    store: Store, search_url: str
) -> None:
    """Issue 14 I6: the mapping is `dynamic: strict`, so the engine refuses the wide document
    per document (no 2,000 new fields, no mapping explosion) and the sync quarantines it while
    the other documents of the same bulk request are indexed."""
    _seed_store(store, 4)
    wide = sorted(_store_case_ids(store))[1]
    prefix = f"twtest-{uuid.uuid4().hex[:10]}"
    ix = _WideDocIndex(search_url, prefix=prefix, backoff=0.05)
    ix.wide_id = wide
    try:
        assert sync_outbox(store, ix) == 4
        with store.session() as s:
            rows = {r.doc_id: r for r in s.scalars(select(OutboxRow))}
        assert rows[wide].quarantined_at is not None and rows[wide].synced_at is None
        assert "strict_dynamic_mapping_exception" in (rows[wide].last_error or "")
        assert "HTTP 400" in (rows[wide].last_error or "")
        others = {d for d in rows if d != wide}
        assert all(rows[d].synced_at is not None and rows[d].quarantined_at is None for d in others)
        ix.refresh()
        assert ix.doc_ids() == others
    finally:
        try:
            ix.engine.delete_index(f"{prefix}-*")
        finally:
            ix.close()


def test_index_sync_reports_quarantined_rows_and_fails(search_url: str, tmp_path: Path) -> None:
    """I5: `tipwatch index sync` used to print success while the index refused documents for
    good. Now it names the quarantined rows, exits FAILURE, and again until a rebuild repairs."""
    import sys

    from tipwatch.cli.exit_codes import ExitCode
    from tipwatch.crawlers.source_defs import Source
    from tipwatch.store.repository import upsert_sources

    data = tmp_path / "var"
    data.mkdir()
    store = Store(f"sqlite:///{data / 'tipwatch.db'}")
    try:
        with store.session() as s:
            upsert_sources(
                s, [Source(id="in-a", name="A", country="IN", languages=["en"], homepage="x")]
            )
        _seed_store(store, 3)
    finally:
        store.dispose()
    prefix = f"twtest-{uuid.uuid4().hex[:10]}"
    ix = ElasticIndex(search_url, prefix=prefix, backoff=0.05)
    _put_a_drifted_index_behind_the_alias(ix)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPWATCH_")}
    env.update(
        TIPWATCH_DATA_DIR=str(data), TIPWATCH_SEARCH_URL=search_url, TIPWATCH_SEARCH_PREFIX=prefix
    )

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tipwatch", "index", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    try:
        for _ in range(2):  # the first sync quarantines; the next still reports them
            done = cli("sync")
            assert done.returncode == ExitCode.FAILURE, (done.stdout, done.stderr)
            assert "Traceback" not in done.stderr
            assert "error: 3 outbox rows are quarantined" in done.stderr
            assert "tipwatch index rebuild" in done.stderr
            listed = [ln for ln in done.stderr.splitlines() if ln.startswith("  ")]
            assert len(listed) == 3 and all("HTTP 400" in ln for ln in listed), done.stderr
        assert cli("rebuild").returncode == ExitCode.OK
        repaired = cli("sync")
        assert repaired.returncode == ExitCode.OK, repaired.stderr
        assert "quarantined" not in repaired.stderr
    finally:
        try:
            ix.engine.delete_index(f"{prefix}-*")
        finally:
            ix.close()
