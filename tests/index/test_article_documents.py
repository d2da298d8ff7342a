"""Every stored article is a document of the index (issue 16): a case as its case, every other
article as itself with the machine's decision and its reason. Checked on SQLite FTS5 and on the
real search engine (scripts/search-node), with the store's own outbox and sync."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.factories import make_article, make_extraction
from tipwatch.index.base import HIT_END, HIT_START, SearchIndex, SearchQuery
from tipwatch.index.elastic import ElasticIndex
from tipwatch.index.fts5 import Fts5Index
from tipwatch.index.sync import rebuild, sync_outbox
from tipwatch.records import NOT_RELEVANT, UNSUPPORTED_LANGUAGE, Extraction, LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, PersonRow
from tipwatch.store.persons import suppress_person
from tipwatch.store.promote import NotPromotable, promote_article
from tipwatch.store.repository import save_article, save_extraction
from tipwatch.store.takedowns import suppress_article

CASE_TEXT = "Police arrested Bhavna Iyengar in Chennai on trafficking charges."
REJECTED_TEXT = "A seminar on migration heard that Rukmini Varadarajan spoke about safe travel."
FOREIGN_TEXT = "পুলিশ মানব পাচারের অভিযোগে দুইজনকে গ্রেপ্তার করেছে।"


@pytest.fixture(params=["fts5", "elasticsearch"])
def index(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SearchIndex]:
    if request.param == "fts5":
        ix: SearchIndex = Fts5Index(tmp_path / "index.db")
        yield ix
        ix.close()
        return
    url = request.getfixturevalue("search_url")
    prefix = f"twtest-{uuid.uuid4().hex[:10]}"
    es = ElasticIndex(url, prefix=prefix, backoff=0.05)
    yield es
    try:
        es.engine.delete_index(f"{prefix}-*")
    finally:
        es.close()


def _not_read(reason: str, language: str) -> Extraction:
    return Extraction(
        source="test", language=language, is_case=False, case_score=0.0, skipped=reason
    )


def _load(store: Store) -> dict[str, str]:
    """A case, a rejected article, a page with no trafficking wording (no text kept) and a
    Bengali article tipwatch cannot extract; returns their ids."""
    ids: dict[str, str] = {}
    items = [
        ("case", make_article("https://n.example/case", CASE_TEXT), None),
        ("rejected", make_article("https://n.example/seminar", REJECTED_TEXT), None),
        ("not_relevant", make_article("https://n.example/cricket", ""), NOT_RELEVANT),
        (
            "foreign",
            make_article("https://n.example/bn", FOREIGN_TEXT, source_id="ng-a", country="NG"),
            UNSUPPORTED_LANGUAGE,
        ),
    ]
    for key, art, skipped in items:
        if key == "case":
            ext = make_extraction(CASE_TEXT, [("Bhavna Iyengar", LegalStatus.ARRESTED)])
        elif key == "rejected":
            ext = make_extraction(REJECTED_TEXT, [], is_case=False)
        elif key == "not_relevant":
            art = art.model_copy(update={"metadata_only": True, "title": "Cricket: a late win"})
            ext = _not_read(NOT_RELEVANT, "en")
        else:
            art = art.model_copy(update={"language": "bn", "title": "মানব পাচার"})
            ext = _not_read(str(skipped), "bn")
        with store.session() as s:
            row, _ = save_article(s, art, ext)
            save_extraction(s, row, ext)
            ids[key] = row.id
    return ids


def _decisions(index: SearchIndex) -> dict[str, tuple[str, str, str]]:
    index.refresh()
    return {
        h.doc_id: (h.doc_type, h.decision, h.reason) for h in index.search(SearchQuery(limit=100))
    }


def test_every_article_is_a_document_with_its_decision(store: Store, index: SearchIndex) -> None:
    ids = _load(store)
    assert sync_outbox(store, index) > 0
    docs = _decisions(index)
    assert docs[ids["rejected"]] == ("article", "rejected", "below_threshold")
    assert docs[ids["not_relevant"]] == ("article", "not_relevant", NOT_RELEVANT)
    assert docs[ids["foreign"]] == ("article", "not_extracted", UNSUPPORTED_LANGUAGE)
    # the case report is found as its case, not twice
    assert ids["case"] not in docs
    assert sorted(d[:2] for d in docs.values()).count(("case", "case")) == 1
    assert len(docs) == 4

    # filters and facets on the decision and the reason
    only = index.search(SearchQuery(decision="rejected"))
    assert [h.doc_id for h in only] == [ids["rejected"]]
    assert index.total(SearchQuery(decision="not_extracted", language="bn")) == 1
    assert index.total(SearchQuery(reason=NOT_RELEVANT)) == 1
    facets = index.facets(SearchQuery())
    assert facets["decision"] == {"case": 1, "rejected": 1, "not_relevant": 1, "not_extracted": 1}
    assert "" not in facets["reason"]
    assert facets["language"] == {"en": 3, "bn": 1}

    # a rebuild from the store gives the same documents
    assert rebuild(store, index) == 4
    assert _decisions(index) == docs


def test_a_hit_carries_its_passage_with_the_words_marked(store: Store, index: SearchIndex) -> None:
    ids = _load(store)
    sync_outbox(store, index)
    index.refresh()
    hits = index.search(SearchQuery(text="seminar migration"))
    assert [h.doc_id for h in hits] == [ids["rejected"]]
    snippet = hits[0].snippet
    assert f"{HIT_START}seminar{HIT_END}" in snippet and f"{HIT_START}migration{HIT_END}" in snippet
    assert snippet.replace(HIT_START, "").replace(HIT_END, "") in REJECTED_TEXT
    # no search text: no passage
    assert all(h.snippet == "" for h in index.search(SearchQuery()))
    # the total counts every match, not one page
    assert index.total(SearchQuery()) == 4
    assert len(index.search(SearchQuery(limit=1))) == 1
    second = index.search(SearchQuery(limit=1, offset=1))
    assert second and second[0].doc_id != index.search(SearchQuery(limit=1))[0].doc_id


def test_promotion_and_takedown_move_the_documents(store: Store, index: SearchIndex) -> None:
    ids = _load(store)
    sync_outbox(store, index)
    with store.session() as s:
        case_id = promote_article(s, ids["rejected"], user="ada", reason="a trafficking case")
    with store.session() as s, pytest.raises(NotPromotable, match="already a case"):
        promote_article(s, ids["rejected"], user="ada", reason="again")
    sync_outbox(store, index)
    docs = _decisions(index)
    assert ids["rejected"] not in docs
    assert docs[case_id] == ("case", "case", "")
    # a new run of the NLP that still finds no case leaves the promoted case alone
    with store.session() as s:
        row = s.get_one(ArticleRow, ids["rejected"])
        assert save_extraction(s, row, make_extraction(REJECTED_TEXT, [], is_case=False))
    with store.session() as s:
        suppress_article(s, ids["foreign"], user="ada", reason="court order")
    sync_outbox(store, index)
    docs = _decisions(index)
    assert ids["foreign"] not in docs and case_id in docs
    assert index.total(SearchQuery(decision="not_extracted")) == 0


def test_a_suppressed_persons_name_is_masked_in_articles_that_are_no_case(
    store: Store, index: SearchIndex
) -> None:
    ids = _load(store)
    text = "Bhavna Iyengar was seen at a seminar about migration."
    with store.session() as s:
        ext = make_extraction(text, [], is_case=False)
        row, _ = save_article(s, make_article("https://n.example/later", text), ext)
        save_extraction(s, row, ext)
        later = row.id
        person = s.scalars(select(PersonRow.id)).one()
        suppress_person(s, person, user="ada", reason="wrongly named")
    sync_outbox(store, index)
    index.refresh()
    assert index.search(SearchQuery(text="Iyengar")) == []
    assert {h.doc_id for h in index.search(SearchQuery(text="seminar"))} == {
        later,
        ids["rejected"],
    }


def test_new_since_counts_only_later_documents(store: Store, index: SearchIndex) -> None:
    _load(store)
    sync_outbox(store, index)
    index.refresh()
    cut = datetime.now(UTC)
    assert index.total(SearchQuery(seen_after=cut - timedelta(hours=1))) == 4
    assert index.total(SearchQuery(seen_after=cut)) == 0
    text = "A workshop on migration and safe travel."
    with store.session() as s:
        ext = make_extraction(text, [], is_case=False)
        row, _ = save_article(s, make_article("https://n.example/new", text), ext)
        save_extraction(s, row, ext)
    sync_outbox(store, index)
    index.refresh()
    assert index.total(SearchQuery(seen_after=cut)) == 1
    assert index.total(SearchQuery(seen_after=cut, text="workshop")) == 1
    assert index.total(SearchQuery(seen_after=cut, text="seminar")) == 0


def test_an_engine_index_of_an_older_layout_is_rebuilt_by_the_sync(
    store: Store, search_url: str
) -> None:
    """A live index made before the documents had a decision (no `_meta.layout`, no decision
    field in its strict mapping) would refuse the new documents: the sync rebuilds it."""
    import copy

    from tipwatch.index.elastic import MAPPING

    ids = _load(store)
    prefix = f"twtest-{uuid.uuid4().hex[:10]}"
    old = copy.deepcopy(MAPPING)
    del old["mappings"]["_meta"]
    for field in ("decision", "reason", "first_seen"):
        del old["mappings"]["properties"][field]
    es = ElasticIndex(search_url, prefix=prefix, backoff=0.05)
    try:
        es.engine.create_index(f"{prefix}-cases-v1", old)
        es.engine.update_aliases([{"add": {"index": f"{prefix}-cases-v1", "alias": es.alias}}])
        assert es.needs_rebuild
        sync_outbox(store, es)
        assert not es.needs_rebuild
        assert es.current_version() != f"{prefix}-cases-v1"
        docs = _decisions(es)
        assert docs[ids["rejected"]] == ("article", "rejected", "below_threshold")
        assert len(docs) == 4
    finally:
        es.engine.delete_index(f"{prefix}-*")
        es.close()
