"""Syndicated copies grouped under one case (`tipwatch.store.syndication`), on the real store: a
wire story and its copy in another outlet are one queue item; a decision on the primary applies
to the copy with its own audit row; a copy whose extraction differs, or that an analyst reviews
on its own, is its own item; coverage counts the story once."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.factories import make_article, make_extraction
from tipwatch.metrics.effort import effort_table, load_articles, load_perpetrators
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow, CaseRow
from tipwatch.store.queue import CaseQuery, queue_page
from tipwatch.store.repository import save_article, save_extraction
from tipwatch.store.review import audit_trail, edit_case, review_case
from tipwatch.store.syndication import copies_of
from tipwatch.store.takedowns import suppress_article

BODY = (
    "Police in Pune arrested Arvind Tembhekar, 41, on Monday after a raid on a spa in Koregaon "
    "Park, where officers found four women from Nepal who said they had been promised jobs in "
    "hotels. Tembhekar was charged with human trafficking under the Indian Penal Code and was "
    "remanded in custody until next week, the investigating officer told reporters."
)
# The same wire story as another outlet runs it: its own headline and dateline, the agency
# credit, the body unchanged.
ORIGINAL = "Spa owner held in Pune trafficking raid\nPUNE, March 2 (PTI) - " + BODY
COPY = "Pune police bust trafficking racket at spa\n" + BODY + "\n(PTI)"
OTHER = (
    "Customs officers at Chennai airport detained Meena Pillai on Friday; she faces charges of "
    "smuggling migrants through forged visas, the customs commissioner said in a statement "
    "issued late in the evening to the press."
)


def _store(
    store: Store, url: str, text: str, source: str, names: list[tuple[str, LegalStatus]]
) -> str:
    art = make_article(url, text, source_id=source)
    ext = make_extraction(text, names)
    with store.session() as s:
        row, _ = save_article(s, art, ext)
        case_id = save_extraction(s, row, ext)
    assert case_id is not None
    return case_id


ARVIND = [("Arvind Tembhekar", LegalStatus.ARRESTED)]


def _wire_pair(store: Store) -> tuple[str, str]:
    primary = _store(store, "https://a.example/spa", ORIGINAL, "in-a", ARVIND)
    copy = _store(store, "https://b.example/spa-copy", COPY, "in-b", ARVIND)
    return primary, copy


def _queue(store: Store, query: CaseQuery | None = None) -> list[str]:
    with store.session() as s:
        return [i.id for i in queue_page(s, query or CaseQuery(), limit=100, offset=0)]


def test_a_wire_copy_is_grouped_under_the_first_seen_case(store: Store) -> None:
    primary, copy = _wire_pair(store)
    other = _store(store, "https://c.example/chennai", OTHER, "ng-a", [])
    with store.session() as s:
        a, b = (s.get_one(ArticleRow, s.get_one(CaseRow, c).article_id) for c in (primary, copy))
        assert b.cluster_id == a.id  # near-duplicate detection put them together
        row = s.get_one(CaseRow, copy)
        assert (row.copy_of, row.copy_state) == (primary, "grouped")
        listed = copies_of(s, [primary])[primary]
        assert [(c.case_id, c.source_id, c.publish_date) for c in listed] == [
            (copy, "in-b", date(2026, 3, 1))
        ]
    # one queue item for the story, the unrelated case beside it
    assert sorted(_queue(store)) == sorted([primary, other])
    # filtered by the copy's outlet, the queue lists the story's row (where the copy is)
    assert _queue(store, CaseQuery(source_id="in-b")) == [primary]
    assert _queue(store, CaseQuery(source_id="in-a")) == [primary]
    assert _queue(store, CaseQuery(source_id="ng-a")) == [other]


def test_accepting_the_primary_accepts_the_copy_with_an_audit_row(store: Store) -> None:
    primary, copy = _wire_pair(store)
    with store.session() as s:
        review_case(s, primary, decision="accepted", user="ana", reason="court record checked")
    with store.session() as s:
        for cid in (primary, copy):
            assert s.get_one(CaseRow, cid).review_status == "accepted"
        mine = audit_trail(s, primary)
        theirs = audit_trail(s, copy)
        assert [(a.action, a.actor, a.reason) for a in mine] == [
            ("accept", "ana", "court record checked")
        ]
        assert [(a.action, a.actor, a.reason) for a in theirs] == [
            ("accept", "ana", f"syndicated copy of {primary}")
        ]
        # still grouped: the queue lists the story once
        assert s.get_one(CaseRow, copy).copy_state == "grouped"


def test_an_edit_of_the_primary_reaches_the_copy(store: Store) -> None:
    primary, copy = _wire_pair(store)
    edit = {
        "perpetrators": [{"name": "Arvind Tembhekar", "status": "charged"}],
        "charge_categories": ["sex_trafficking"],
        "country": "IN",
    }
    with store.session() as s:
        edit_case(s, primary, edit, user="ana", reason="he was charged too")
    with store.session() as s:
        row = s.get_one(CaseRow, copy)
        assert [(p.name, p.status) for p in row.perpetrators] == [("Arvind Tembhekar", "charged")]
        assert [(a.action, a.reason) for a in audit_trail(s, copy)] == [
            ("edit", f"syndicated copy of {primary}")
        ]


def test_a_copy_reviewed_on_its_own_leaves_the_group(store: Store) -> None:
    primary, copy = _wire_pair(store)
    with store.session() as s:
        review_case(s, copy, decision="rejected", user="bo", reason="copy is an opinion piece")
    assert sorted(_queue(store)) == sorted([primary, copy])
    with store.session() as s:
        review_case(s, primary, decision="accepted", user="ana")
    with store.session() as s:
        row = s.get_one(CaseRow, copy)
        assert (row.review_status, row.copy_state) == ("rejected", "separate")
        assert [a.action for a in audit_trail(s, copy)] == ["reject"]


def test_a_copy_whose_extraction_differs_is_its_own_item(store: Store) -> None:
    primary = _store(store, "https://a.example/spa", ORIGINAL, "in-a", ARVIND)
    # the copy's extraction also names the spa's manager: not what the primary says
    copy_text = COPY.replace("Tembhekar was charged", "Tembhekar and Sunil Rao were charged")
    copy = _store(
        store,
        "https://b.example/spa-copy",
        copy_text,
        "in-b",
        [*ARVIND, ("Sunil Rao", LegalStatus.CHARGED)],
    )
    with store.session() as s:
        row = s.get_one(CaseRow, copy)
        assert (row.copy_of, row.copy_state) == (primary, "differs")
    assert sorted(_queue(store)) == sorted([primary, copy])
    with store.session() as s:
        review_case(s, primary, decision="accepted", user="ana")
    with store.session() as s:
        assert s.get_one(CaseRow, copy).review_status == "pending"


def test_taking_down_the_primary_makes_the_copy_primary(store: Store) -> None:
    primary, copy = _wire_pair(store)
    with store.session() as s:
        article_id = s.get_one(CaseRow, primary).article_id
        suppress_article(s, article_id, "admin", "court order")
    with store.session() as s:
        row = s.get_one(CaseRow, copy)
        assert (row.copy_of, row.copy_state) == (None, None)
    assert _queue(store) == [copy]


def test_coverage_counts_the_story_once(store: Store) -> None:
    _wire_pair(store)
    with store.session() as s:
        articles = load_articles(s)
        perps = load_perpetrators(s)
        assert len([a for a in articles if a.case_id is not None]) == 2
        cases = s.scalars(select(CaseRow.id)).all()
        assert len(cases) == 2
    rows = effort_table([], [], articles, perps, today=date(2026, 3, 31), populations={"IN": 1})
    india = [r for r in rows if r.country == "IN" and r.month == "2026-03"]
    assert [r.cases_in_jurisdiction for r in india] == [1]


def test_a_primary_whose_text_changed_to_another_story_leaves_the_group(store: Store) -> None:
    primary, copy = _wire_pair(store)
    # the outlet replaced the page at the same URL with another story
    _store(store, "https://a.example/spa", OTHER, "in-a", [("Meena Pillai", LegalStatus.ARRESTED)])
    with store.session() as s:
        # (the copy keeps the cluster id near-duplicate detection gave it, the page's article
        # id: no longer grouped, as their extractions now differ)
        assert s.get_one(CaseRow, copy).copy_state == "differs"
    assert sorted(_queue(store)) == sorted([primary, copy])
    with store.session() as s:
        review_case(s, primary, decision="rejected", user="ana", reason="another story now")
    with store.session() as s:
        assert s.get_one(CaseRow, copy).review_status == "pending"
