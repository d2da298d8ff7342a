"""The FTS5 index: replacing documents by key at any size, and an index file of an older layout
rebuilt from the store by the next sync."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.factories import make_article, make_extraction
from tipwatch.index.base import IndexDoc, SearchQuery
from tipwatch.index.fts5 import LAYOUT_VERSION, Fts5Index
from tipwatch.index.sync import sync_outbox
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.repository import save_article, save_extraction


def _doc(i: int, name: str) -> IndexDoc:
    return IndexDoc(
        doc_id=f"d{i}",
        doc_type="case",
        title=f"Case {i}",
        names=[name],
        statuses=["charged"],
        body="charged with trafficking",
        country="IN",
        country_of_publication="IN",
        source_id="s",
        charge_categories=["sex_trafficking", "sex_trafficking"],
        review_status="pending",
        publish_date="2026-01-01",
        url=f"https://x/{i}",
    )


def test_replacing_and_deleting_touch_only_that_document(tmp_path: Path) -> None:
    ix = Fts5Index(tmp_path / "i.db")
    ix.upsert([_doc(i, "Ramesh Kumar") for i in range(50)])
    ix.upsert([_doc(7, "Anil Verma")])
    ix.delete(["d8", "missing"])
    assert ix.count() == 49
    assert [h.doc_id for h in ix.search(SearchQuery(text="anil"))] == ["d7"]
    assert len(ix.search(SearchQuery(text="ramesh", limit=100))) == 48
    facets = ix.facets(SearchQuery(text="trafficking"))
    assert facets["charge_categories"] == {"sex_trafficking": 49}  # counted once per document
    assert facets["country"] == {"IN": 49}
    ix.close()


def test_old_layout_is_rebuilt_from_the_store(store: Store, tmp_path: Path) -> None:
    text = "Police charged Ramesh Kumar with trafficking."
    ext = make_extraction(text, [("Ramesh Kumar", LegalStatus.CHARGED)])
    with store.session() as s:
        row, _ = save_article(s, make_article("https://x/1", text), ext)
        save_extraction(s, row, ext)
    path = tmp_path / "old.db"
    ix = Fts5Index(path)
    assert sync_outbox(store, ix) == 1
    ix.close()
    with sqlite3.connect(path) as db:  # pretend the file was written by an older version
        db.execute("PRAGMA user_version = 1")
    ix = Fts5Index(path)
    assert ix.needs_rebuild and ix.count() == 0
    assert sync_outbox(store, ix) == 0  # nothing pending, but the rebuild restored the case
    assert ix.count() == 1 and not ix.needs_rebuild
    assert int(sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]) == LAYOUT_VERSION
    ix.close()
