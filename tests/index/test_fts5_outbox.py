from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.factories import make_article, make_extraction
from tipwatch.index.base import SearchQuery
from tipwatch.index.fts5 import Fts5Index
from tipwatch.index.sync import rebuild, sync_outbox
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.models import OutboxRow
from tipwatch.store.repository import save_article, save_extraction
from tipwatch.store.review import review_case

TEXTS = {
    "https://n.example/1": ("Police arrested Bhavna Iyengar in Chennai.", "Bhavna Iyengar", "IN"),
    "https://n.example/2": ("Prosecutors charged Chidi Okonkwo in Lagos.", "Chidi Okonkwo", "NG"),
    "https://n.example/3": ("The court convicted Nguyễn Văn Lộc in Hanoi.", "Nguyễn Văn Lộc", "VN"),
}


def _load(store: Store) -> dict[str, str]:
    ids = {}
    for url, (text, name, country) in TEXTS.items():
        ext = make_extraction(text, [(name, LegalStatus.CHARGED)], country=country)
        with store.session() as s:
            row, _ = save_article(s, make_article(url, text), ext)
            cid = save_extraction(s, row, ext)
            assert cid is not None
            ids[name] = cid
    return ids


def _pending(store: Store) -> int:
    with store.session() as s:
        return (
            s.scalar(
                select(func.count()).select_from(OutboxRow).where(OutboxRow.synced_at.is_(None))
            )
            or 0
        )


def test_sync_then_search_by_name_and_filter(store: Store, tmp_path: Path) -> None:
    ids = _load(store)
    index = Fts5Index(tmp_path / "index.db")
    assert sync_outbox(store, index) == 3
    assert _pending(store) == 0
    assert index.count() == 3
    hits = index.search(SearchQuery(text="okonkwo"))
    assert [h.doc_id for h in hits] == [ids["Chidi Okonkwo"]]
    assert hits[0].statuses == ["charged"]
    # diacritics folded: "nguyen" finds "Nguyễn"
    assert [h.doc_id for h in index.search(SearchQuery(text="nguyen loc"))] == [
        ids["Nguyễn Văn Lộc"]
    ]
    assert index.search(SearchQuery(text="okonkwo", country="IN")) == []
    assert len(index.search(SearchQuery(text="", country="IN"))) == 1
    index.close()


@pytest.mark.parametrize("text", ['NEAR(" OR *', "names:x AND", '"""', "-", "a* OR b^"])
def test_user_text_never_reaches_fts5_syntax(store: Store, tmp_path: Path, text: str) -> None:
    _load(store)
    index = Fts5Index(tmp_path / "index.db")
    sync_outbox(store, index)
    hits = index.search(SearchQuery(text=text))  # must not raise a syntax error
    assert isinstance(hits, list)
    index.close()


def test_sync_is_idempotent_and_reflects_review_changes(store: Store, tmp_path: Path) -> None:
    ids = _load(store)
    index = Fts5Index(tmp_path / "index.db")
    sync_outbox(store, index)
    with store.session() as s:
        review_case(s, ids["Bhavna Iyengar"], decision="rejected", user="ana")
    assert sync_outbox(store, index) == 1
    assert index.count() == 3
    hits = index.search(SearchQuery(text="bhavna", review_status="rejected"))
    assert [h.doc_id for h in hits] == [ids["Bhavna Iyengar"]]
    index.close()


def test_index_down_keeps_outbox_rows_then_catches_up(store: Store, tmp_path: Path) -> None:
    _load(store)
    broken = Fts5Index(tmp_path / "index.db")
    broken.close()  # the backend is unavailable: every write raises
    with pytest.raises(Exception, match="closed"):
        sync_outbox(store, broken)
    assert _pending(store) == 3
    with store.session() as s:
        errors = list(s.scalars(select(OutboxRow.last_error)))
        assert len(errors) == 3 and all(e and "closed" in e for e in errors)
    index = Fts5Index(tmp_path / "index.db")
    assert sync_outbox(store, index) == 3
    assert _pending(store) == 0
    assert index.count() == 3
    index.close()


def test_rebuild_from_store_equals_synced_index(store: Store, tmp_path: Path) -> None:
    ids = _load(store)
    index = Fts5Index(tmp_path / "index.db")
    sync_outbox(store, index)
    before = {h.doc_id for h in index.search(SearchQuery(limit=100))}
    (tmp_path / "index.db").unlink()
    index.close()
    fresh = Fts5Index(tmp_path / "index.db")
    assert fresh.count() == 0
    assert rebuild(store, fresh) == 3
    assert {h.doc_id for h in fresh.search(SearchQuery(limit=100))} == before == set(ids.values())
    fresh.close()
