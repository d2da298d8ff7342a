"""Defects of the index sync found in issue 11, each with the test that showed it:

- `case_doc` never set `IndexDoc.language`, so the language facet and `--language` never matched;
- `rebuild` marked as synced the outbox rows that a concurrent run committed after the rebuild
  read the store, so their changes never reached the index.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select

from tests.factories import make_article, make_extraction
from tipwatch.index.base import IndexDoc, SearchQuery
from tipwatch.index.fts5 import Fts5Index
from tipwatch.index.sync import rebuild, sync_outbox
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.locks import index_lock
from tipwatch.store.models import OutboxRow
from tipwatch.store.repository import save_article, save_extraction


def _add_case(store: Store, url: str, text: str, name: str) -> str:
    ext = make_extraction(text, [(name, LegalStatus.CHARGED)])
    with store.session() as s:
        row, _ = save_article(s, make_article(url, text), ext)
        case_id = save_extraction(s, row, ext)
    assert case_id is not None
    return case_id


def test_index_documents_carry_the_article_language(store: Store, tmp_path: Path) -> None:
    case_id = _add_case(store, "https://n.example/l1", "Police charged Ravi Menon.", "Ravi Menon")
    index = Fts5Index(tmp_path / "index.db")
    try:
        sync_outbox(store, index)
        hits = index.search(SearchQuery(language="en"))
        assert [h.doc_id for h in hits] == [case_id]
        assert index.search(SearchQuery(language="fr")) == []
        assert index.facets(SearchQuery())["language"] == {"en": 1}
    finally:
        index.close()


class _RunCommitsDuringRebuild(Fts5Index):
    """The FTS5 backend, while a concurrent pipeline run commits a new case (and its outbox
    row) after the rebuild has read the store."""

    def __init__(self, path: Path, store: Store) -> None:
        super().__init__(path)
        self.store = store
        self.late_case: str | None = None

    def rebuild(self, docs: Iterable[IndexDoc], expected: int) -> int:
        n = super().rebuild(docs, expected)
        self.late_case = _add_case(
            self.store, "https://n.example/late", "Police charged Asha Pillai.", "Asha Pillai"
        )
        return n


def test_rebuild_leaves_rows_committed_after_its_snapshot_pending(
    store: Store, tmp_path: Path
) -> None:
    first = _add_case(store, "https://n.example/r1", "Police charged Ravi Menon.", "Ravi Menon")
    index = _RunCommitsDuringRebuild(tmp_path / "index.db", store)
    try:
        assert rebuild(store, index) == 1
        assert index.late_case is not None
        with store.session() as s:
            pending = {
                (r.doc_id, r.op)
                for r in s.scalars(select(OutboxRow).where(OutboxRow.synced_at.is_(None)))
            }
            synced = set(
                s.scalars(select(OutboxRow.doc_id).where(OutboxRow.synced_at.is_not(None)))
            )
        assert pending == {(index.late_case, "upsert")}
        assert synced == {first}
        # The next sync brings the late case in: nothing was lost.
        assert sync_outbox(store, index) == 1
        assert {h.doc_id for h in index.search(SearchQuery())} == {first, index.late_case}
    finally:
        index.close()


def test_index_lock_lets_one_maintainer_in_at_a_time(store: Store) -> None:
    """Rebuild and sync take the same lock: while one holds it, the other waits."""
    events: list[str] = []
    held = threading.Event()

    def holder() -> None:
        with store.session() as s, index_lock(s):
            events.append("a in")
            held.set()
            time.sleep(0.5)
            events.append("a out")

    t = threading.Thread(target=holder)
    t.start()
    assert held.wait(10)
    with store.session() as s, index_lock(s):
        events.append("b in")
    t.join()
    assert events == ["a in", "a out", "b in"]


def test_bulk_item_outcomes_follow_idempotent_writes() -> None:
    """Issue 14, I1 and I5: what each bulk answer means for an outbox row."""
    from tipwatch.index.elastic import item_outcome

    assert item_outcome("index", 201, "") == "ok"
    assert item_outcome("index", 409, "version_conflict_engine_exception") == "ok"
    assert item_outcome("delete", 404, "") == "ok"
    assert item_outcome("index", 403, "cluster_block_exception") == "retry"
    assert item_outcome("index", 429, "cluster_block_exception") == "retry"
    assert item_outcome("index", 503, "unavailable_shards_exception") == "retry"
    assert item_outcome("index", 400, "mapper_parsing_exception") == "refused"
    assert item_outcome("index", 404, "index_not_found_exception") == "refused"
