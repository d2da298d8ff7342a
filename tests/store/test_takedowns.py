"""Article takedowns on the real store (SQLite and PostgreSQL): tombstones, what is blanked and
deleted, the ledger, the outbox, the audit log, and that nothing stores the article again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests.factories import make_article, make_extraction
from tipwatch.crawlers.ledger import Ledger
from tipwatch.records import LegalStatus, content_hash
from tipwatch.store.db import Store
from tipwatch.store.models import (
    ArticleRow,
    AuditRow,
    CaseEditRow,
    CaseRow,
    ExtractionRow,
    OutboxRow,
    PerpetratorRow,
    TombstoneRow,
    UrlRow,
)
from tipwatch.store.repository import case_id_for, save_article, save_extraction
from tipwatch.store.review import edit_case, verify_audit_chain
from tipwatch.store.takedowns import (
    ArticleSuppressed,
    TakedownError,
    hash_match_key,
    is_tombstoned,
    lift_article_takedown,
    list_takedowns,
    suppress_article,
    syndicated_copies,
    url_match_key,
)

TEXT = (
    "Police in Pune arrested Arvind Tembhekar, 41, on Monday. He was charged with trafficking"
    " after a raid on a placement agency in Hadapsar that recruited workers for Gulf employers."
)
URL = "https://n.example/r1"


def _store_article(store: Store, url: str = URL, text: str = TEXT) -> str:
    art = make_article(url, text)
    ext = make_extraction(text, [("Arvind Tembhekar", LegalStatus.ARRESTED)])
    with store.session() as s:
        row, _ = save_article(s, art, ext, warc_path="/archive/a.warc.gz")
        save_extraction(s, row, ext)
        return row.id


def _ledger_stored(store: Store, url: str, article_id: str) -> None:
    ledger = Ledger(store)
    ledger.discover([(url, "in-a")])
    assert ledger.mark_fetched(url, "/archive/a.warc.gz", 0, source_id="in-a")
    assert ledger.mark_stored(url, article_id, source_id="in-a")


def test_suppress_blanks_the_article_deletes_its_case_and_writes_tombstones(store: Store) -> None:
    article_id = _store_article(store)
    _ledger_stored(store, URL, article_id)
    case_id = case_id_for(article_id)
    with store.session() as s:
        edit_case(
            s,
            case_id,
            {"perpetrators": [{"name": "Arvind Tembhekar", "status": "charged"}]},
            user="rita",
        )
        outbox_before = s.scalar(select(func.count()).select_from(OutboxRow))
    with store.session() as s:
        result = suppress_article(s, article_id, "ada", "  wrong person named  ")
    assert result.article_ids == [article_id] and result.case_ids == [case_id]
    assert len(result.tombstone_ids) == 2

    with store.session() as s:
        art = s.get_one(ArticleRow, article_id)
        assert (art.text, art.title) == ("", None)
        assert art.suppressed_at is not None
        assert s.get(CaseRow, case_id) is None
        for model in (PerpetratorRow, CaseEditRow):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model
        assert s.scalar(select(func.count()).select_from(ExtractionRow)) == 0
        tombs = list(s.scalars(select(TombstoneRow).order_by(TombstoneRow.id)))
        assert {t.match_key for t in tombs} == {
            url_match_key(URL),
            hash_match_key(content_hash(TEXT)),
        }
        assert all(
            (t.kind, t.object_id, t.reason, t.created_by, t.lifted_at)
            == ("article", article_id, "wrong person named", "ada", None)
            for t in tombs
        )
        outbox = list(s.scalars(select(OutboxRow).order_by(OutboxRow.id)))
        assert len(outbox) == outbox_before + 2
        assert (outbox[-2].doc_type, outbox[-2].doc_id, outbox[-2].op) == (
            "case",
            case_id,
            "delete",
        )
        # the article's own document is rebuilt by the sync, which finds it taken down: deleted
        assert (outbox[-1].doc_type, outbox[-1].doc_id) == ("article", article_id)
        url = s.scalars(select(UrlRow)).one()
        assert (url.state, url.reason) == ("skipped", "suppressed")
        audit = s.scalars(select(AuditRow).order_by(AuditRow.id.desc())).first()
        assert audit is not None
        assert (audit.actor, audit.action, audit.object_type, audit.object_id, audit.reason) == (
            "ada",
            "suppress",
            "article",
            article_id,
            "wrong person named",
        )
        assert audit.before is not None and audit.before["case_id"] == case_id
        assert audit.after is not None and audit.after["case_deleted"] is True
        # The audit log is append-only: nothing of the taken-down text or names goes there.
        assert "Tembhekar" not in str(audit.before) + str(audit.after)
        assert verify_audit_chain(s)


def test_tombstone_matches_canonical_url_or_content_hash(store: Store) -> None:
    article_id = _store_article(store)
    with store.session() as s:
        suppress_article(s, article_id, "ada", "court order")
    with store.session() as s:
        by_url = is_tombstoned(s, URL, content_hash("a corrected text"))
        by_hash = is_tombstoned(s, "https://other.example/copy", content_hash(TEXT))
        assert by_url is not None and by_url.match_key.startswith("url:")
        assert by_hash is not None and by_hash.match_key.startswith("hash:")
        assert is_tombstoned(s, "https://other.example/x", content_hash("other")) is None


def test_save_article_refuses_a_tombstoned_article(store: Store) -> None:
    article_id = _store_article(store)
    with store.session() as s:
        suppress_article(s, article_id, "ada", "court order")
    # A copy of the text under another URL, and the same URL with a corrected text.
    for url, text in [("https://copy.example/x", TEXT), (URL, TEXT + " Updated.")]:
        art = make_article(url, text)
        ext = make_extraction(text, [("Arvind Tembhekar", LegalStatus.ARRESTED)])
        with pytest.raises(ArticleSuppressed), store.session() as s:
            save_article(s, art, ext)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(ArticleRow)) == 1
        assert s.get_one(ArticleRow, article_id).text == ""


def test_suppress_needs_a_reason_and_a_known_article(store: Store) -> None:
    article_id = _store_article(store)
    with store.session() as s, pytest.raises(TakedownError):
        suppress_article(s, article_id, "ada", "   ")
    with store.session() as s, pytest.raises(KeyError):
        suppress_article(s, "no-such-article", "ada", "reason")
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(TombstoneRow)) == 0
        assert s.get_one(ArticleRow, article_id).text == TEXT


def test_suppress_twice_writes_no_second_tombstone(store: Store) -> None:
    article_id = _store_article(store)
    with store.session() as s:
        suppress_article(s, article_id, "ada", "court order")
    with store.session() as s:
        again = suppress_article(s, article_id, "ada", "court order")
        assert again.case_ids == []
        assert s.scalar(select(func.count()).select_from(TombstoneRow)) == 2
        assert s.scalar(select(func.count()).select_from(AuditRow)) == 1


def test_lift_requeues_the_url_and_the_next_store_restores_the_article(store: Store) -> None:
    article_id = _store_article(store)
    _ledger_stored(store, URL, article_id)
    with store.session() as s:
        suppress_article(s, article_id, "ada", "court order")
    with store.session() as s:
        assert lift_article_takedown(s, article_id, "ada", "order overturned") == 2
    with store.session() as s:
        assert is_tombstoned(s, URL, content_hash(TEXT)) is None
        assert all(t.lifted_by == "ada" for t in s.scalars(select(TombstoneRow)))
        url = s.scalars(select(UrlRow)).one()
        # Back in the processing queue: the next run re-reads it from its WARC record.
        assert (url.state, url.warc_path) == ("fetched", "/archive/a.warc.gz")
        # Still blank until it is processed again.
        art = s.get_one(ArticleRow, article_id)
        assert art.text == "" and art.suppressed_at is not None
        actions = [a.action for a in s.scalars(select(AuditRow).order_by(AuditRow.id))]
        assert actions == ["suppress", "lift_suppression"]
    _store_article(store)
    with store.session() as s:
        art = s.get_one(ArticleRow, article_id)
        assert art.text == TEXT and art.suppressed_at is None
        assert s.get(CaseRow, case_id_for(article_id)) is not None
    with store.session() as s, pytest.raises(TakedownError):
        lift_article_takedown(s, article_id, "ada", "nothing to lift")


def test_with_copies_takes_down_the_syndicated_copies_too(store: Store) -> None:
    original = _store_article(store)
    reprint = _store_article(store, "https://wire.example/r", "From our partners. " + TEXT)
    unrelated = _store_article(
        store,
        "https://n.example/other",
        "Arvind Tembhekar opened a bakery in Kothrud, selling bread and cakes to neighbours"
        " who had long asked for one in the lanes behind the old market.",
    )
    with store.session() as s:
        art = s.get_one(ArticleRow, original)
        assert [a.id for a in syndicated_copies(s, art)] == [reprint]
    with store.session() as s:
        only = suppress_article(s, original, "ada", "court order")
        assert only.article_ids == [original]
        assert s.get_one(ArticleRow, reprint).suppressed_at is None
    with store.session() as s:
        both = suppress_article(s, original, "ada", "court order", with_copies=True)
        assert both.article_ids == [original, reprint]
    with store.session() as s:
        assert s.get_one(ArticleRow, reprint).text == ""
        assert s.get_one(ArticleRow, unrelated).suppressed_at is None
        audits = list(s.scalars(select(AuditRow).where(AuditRow.object_id == reprint)))
        assert len(audits) == 1 and audits[0].after is not None
        assert audits[0].after["copy_of"] == original


def test_list_takedowns_groups_tombstones_newest_first(store: Store) -> None:
    first = _store_article(store)
    second = _store_article(store, "https://n.example/two", TEXT.replace("Pune", "Nashik"))
    with store.session() as s:
        suppress_article(s, first, "ada", "first reason")
    with store.session() as s:
        suppress_article(s, second, "bo", "second reason")
        lift_article_takedown(s, second, "ada", "lifted")
    with store.session() as s:
        entries = list_takedowns(s)
    assert [(e.object_id, e.reason, e.created_by) for e in entries] == [
        (second, "second reason", "bo"),
        (first, "first reason", "ada"),
    ]
    assert entries[0].lifted_by == "ada" and entries[1].lifted_at is None
    assert len(entries[1].match_keys) == 2
    assert entries[1].canonical_url == URL and entries[1].source_id == "in-a"
    assert isinstance(entries[1].created_at, datetime)
    assert entries[1].created_at.replace(tzinfo=UTC) <= datetime.now(UTC)
