"""Persons on the real store (SQLite and PostgreSQL): name keys, resolution of mentions, merge,
split and suppression surviving re-extraction and re-crawls, the timeline and the audit rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from tests.factories import make_article, make_extraction
from tipwatch.index.base import SearchQuery
from tipwatch.index.fts5 import Fts5Index
from tipwatch.index.sync import case_doc, sync_outbox
from tipwatch.records import REDACTION_CHAR, Extraction, LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.models import (
    OutboxRow,
    PerpetratorRow,
    PersonNameRow,
    PersonPinRow,
    PersonRow,
    TombstoneRow,
)
from tipwatch.store.person_names import mask_names
from tipwatch.store.persons import (
    PersonError,
    backfill_persons,
    list_persons,
    merge_persons,
    name_key,
    person_history,
    person_timeline,
    split_person,
    suppress_person,
    suppressed_ids,
    unsuppress_person,
)
from tipwatch.store.repository import get_case, save_article, save_extraction
from tipwatch.store.review import audit_trail, edit_case, review_case, verify_audit_chain

S = LegalStatus

# --- name keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "Ramesh Kumar",
        "KUMAR, Ramesh",
        "Mr. Ramesh Kumar",
        "Dr Ramesh  KUMAR",
        "Shri Ramesh Kumar",
        "  ramesh\tkumar ",
        "Kumar Ramesh.",
    ],
)
def test_name_key_folds_case_order_punctuation_and_honorifics(variant: str) -> None:
    assert name_key(variant) == "kumar ramesh"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("José Núñez", "JOSE NUNEZ"),
        ("Nguyễn Văn Lộc", "Loc Van Nguyen"),
        ("Seán O'Brien", "Sean OBrien"),
        ("Abdul-Rahman Musa", "Musa, Abdul Rahman"),
        ("Łukasz Øster", "Lukasz Oster"),
        ("R.K. Sharma", "R. K. Sharma"),
    ],
)
def test_name_key_variants_match(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ramesh Kumar", "Ramesh Kumari"),
        ("Ramesh Kumar", "Ramesh Kumar Jr"),
        ("Sri Mulyani", "Mulyani"),  # Sri is a given name, not an honorific
        ("Ramesh Kumar", "Suresh Kumar"),
    ],
)
def test_name_key_keeps_distinct_names_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_name_key_of_unusual_names() -> None:
    assert name_key("Chief") == "chief"  # only an honorific: kept
    assert name_key("Mr. Chief Obi") == "obi"
    assert name_key("<script>alert(1)</script>") == "1 alert script script"
    assert name_key("???") == "???"
    assert len(name_key("a " * 400)) <= 300


def test_mask_names_keeps_offsets_and_visible_co_defendants() -> None:
    text = "Police charged Ramesh Kumar and Anil Kumar. Kumar denied it; RAMESH KUMAR was bailed."
    masked = mask_names(text, ["Ramesh Kumar"], keep_words=["Anil", "Kumar"])
    assert len(masked) == len(text)
    assert "Ramesh" not in masked and "RAMESH" not in masked
    assert "Anil Kumar" in masked  # the visible co-defendant's name stays
    full = mask_names(text, ["Ramesh Kumar"])
    assert "Kumar" not in full.replace("Anil", "")  # every word of the hidden name
    assert full.startswith("Police charged " + REDACTION_CHAR * 6 + " " + REDACTION_CHAR * 5)


# --- helpers -----------------------------------------------------------------------------------


def _store_case(
    store: Store,
    url: str,
    text: str,
    names: list[tuple[str, LegalStatus]],
    *,
    country: str | None = "IN",
    published: date = date(2026, 3, 1),
    version: str = "test-1",
) -> str:
    art = make_article(url, text).model_copy(update={"publish_date": published})
    ext = make_extraction(text, names, country=country).model_copy(
        update={"extractor_version": version}
    )
    with store.session() as s:
        row, _ = save_article(s, art, ext)
        case_id = save_extraction(s, row, ext)
    assert case_id is not None
    return case_id


def _reextract(
    store: Store, url: str, text: str, names: list[tuple[str, LegalStatus]], version: str
) -> None:
    """What a re-crawl or `tipwatch reextract` does: the same article through save_article and
    save_extraction again."""
    ext: Extraction = make_extraction(text, names).model_copy(update={"extractor_version": version})
    with store.session() as s:
        row, _ = save_article(s, make_article(url, text), ext)
        save_extraction(s, row, ext)


def _persons_of(store: Store, case_id: str) -> dict[str, str]:
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        out = {}
        for p in case.perpetrators:
            assert p.person_id is not None
            out[p.name] = p.person_id
        return out


def _person(store: Store, person_id: str) -> PersonRow:
    with store.session() as s:
        row = s.get(PersonRow, person_id)
        assert row is not None
        return row


def _doc(store: Store, case_id: str) -> tuple[list[str], str, str]:
    with store.session() as s:
        case = get_case(s, case_id)
        assert case is not None
        doc = case_doc(case)
        return doc.names, doc.title, doc.body


TEXT_A = "Police in Pune arrested Ramesh Kumar and Anil Rao on Monday."
TEXT_B = "A Pune court charged KUMAR, Ramesh with trafficking."
TEXT_C = "Delhi police arrested Suresh Kumar."

# --- resolution --------------------------------------------------------------------------------


def test_mentions_of_one_name_in_one_country_resolve_to_one_person(store: Store) -> None:
    a = _store_case(store, "https://n.example/a", TEXT_A, [("Ramesh Kumar", S.ARRESTED)])
    b = _store_case(store, "https://n.example/b", TEXT_B, [("KUMAR, Ramesh", S.CHARGED)])
    c = _store_case(store, "https://n.example/c", TEXT_C, [("Suresh Kumar", S.ARRESTED)])
    ng = _store_case(
        store, "https://n.example/ng", "Lagos police arrested Ramesh Kumar.",
        [("Ramesh Kumar", S.ARRESTED)], country="NG",
    )  # fmt: skip
    ramesh = _persons_of(store, a)["Ramesh Kumar"]
    assert _persons_of(store, b) == {"KUMAR, Ramesh": ramesh}
    assert _persons_of(store, c)["Suresh Kumar"] != ramesh
    assert _persons_of(store, ng)["Ramesh Kumar"] != ramesh  # another country: another person
    person = _person(store, ramesh)
    assert (person.display_name, person.country) == ("Ramesh Kumar", "IN")
    with store.session() as s:
        keys = s.execute(
            select(PersonNameRow.name_key, PersonNameRow.country).where(
                PersonNameRow.person_id == ramesh
            )
        ).all()
    assert keys == [("kumar ramesh", "IN")]


def test_unknown_country_resolves_within_unknown(store: Store) -> None:
    a = _store_case(
        store, "https://n.example/a", TEXT_A, [("Ramesh Kumar", S.ARRESTED)], country=None
    )
    b = _store_case(
        store, "https://n.example/b", TEXT_B, [("KUMAR, Ramesh", S.CHARGED)], country=None
    )
    c = _store_case(
        store,
        "https://n.example/c",
        "Police arrested Ramesh Kumar.",
        [("Ramesh Kumar", S.ARRESTED)],
    )
    assert _persons_of(store, a)["Ramesh Kumar"] == _persons_of(store, b)["KUMAR, Ramesh"]
    assert _persons_of(store, c)["Ramesh Kumar"] != _persons_of(store, a)["Ramesh Kumar"]
    assert _person(store, _persons_of(store, a)["Ramesh Kumar"]).country is None


def test_reextraction_and_edit_keep_the_person(store: Store) -> None:
    a = _store_case(store, "https://n.example/a", TEXT_A, [("Ramesh Kumar", S.ARRESTED)])
    ramesh = _persons_of(store, a)["Ramesh Kumar"]
    _reextract(store, "https://n.example/a", TEXT_A, [("Ramesh Kumar", S.CHARGED)], "test-1")
    _reextract(store, "https://n.example/a", TEXT_A, [("Ramesh Kumar", S.CHARGED)], "test-2")
    assert _persons_of(store, a) == {"Ramesh Kumar": ramesh}
    edit = {
        "perpetrators": [
            {"name": "Mr Ramesh Kumar", "status": "charged"},
            {"name": "Anil Rao", "status": "arrested"},
        ],
        "country": "IN",
    }
    with store.session() as s:
        edit_case(s, a, edit, user="ana", reason="court report")
    after = _persons_of(store, a)
    assert after["Mr Ramesh Kumar"] == ramesh  # honorific folded: same key, same person
    assert after["Anil Rao"] != ramesh
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(PersonRow)) == 2


def test_backfill_resolves_mentions_stored_before_persons(store: Store) -> None:
    a = _store_case(store, "https://n.example/a", TEXT_A, [("Ramesh Kumar", S.ARRESTED)])
    b = _store_case(store, "https://n.example/b", TEXT_B, [("KUMAR, Ramesh", S.CHARGED)])
    ramesh = _persons_of(store, a)["Ramesh Kumar"]
    with store.session() as s:
        s.execute(update(PerpetratorRow).values(person_id=None))
    with store.session() as s:
        assert backfill_persons(s) == 2
        assert backfill_persons(s) == 0
    assert _persons_of(store, a)["Ramesh Kumar"] == ramesh
    assert _persons_of(store, b)["KUMAR, Ramesh"] == ramesh


# --- merge -------------------------------------------------------------------------------------


def test_merge_moves_mentions_and_names_and_survives_reextraction(store: Store) -> None:
    a = _store_case(store, "https://n.example/a", TEXT_A, [("Ramesh Kumar", S.ARRESTED)])
    text_b = "A Pune court charged Rmesh Kumaar with trafficking."
    b = _store_case(store, "https://n.example/b", text_b, [("Rmesh Kumaar", S.CHARGED)])
    keep, absorb = _persons_of(store, a)["Ramesh Kumar"], _persons_of(store, b)["Rmesh Kumaar"]
    assert keep != absorb
    with store.session() as s, pytest.raises(PersonError, match="reason"):
        merge_persons(s, keep, absorb, user="rita", reason="  ")
    with store.session() as s, pytest.raises(PersonError, match="itself"):
        merge_persons(s, keep, keep, user="rita", reason="same")
    with store.session() as s:
        merge_persons(s, keep, absorb, user="rita", reason="same man, misspelt in B")
    assert _persons_of(store, b) == {"Rmesh Kumaar": keep}
    assert _person(store, absorb).merged_into == keep
    # A re-extraction of B, and a new article with the misspelling, land on the kept person.
    _reextract(store, "https://n.example/b", text_b, [("Rmesh Kumaar", S.CONVICTED)], "test-2")
    assert _persons_of(store, b) == {"Rmesh Kumaar": keep}
    c = _store_case(
        store, "https://n.example/c", "Rmesh Kumaar was bailed.", [("Rmesh Kumaar", S.CHARGED)]
    )
    assert _persons_of(store, c) == {"Rmesh Kumaar": keep}
    with store.session() as s:
        tl = person_timeline(s, keep)
        assert {m.case_id for m in tl.mentions} == {a, b, c}
        # merging the absorbed person again is refused
        with pytest.raises(PersonError, match="merged"):
            merge_persons(s, keep, absorb, user="rita", reason="again")
        rows = [r for r in audit_trail(s) if r.object_type == "person"]
        assert [(r.action, r.actor, r.object_id, r.reason) for r in rows] == [
            ("merge", "rita", keep, "same man, misspelt in B")
        ]
        assert rows[0].before is not None and rows[0].before["absorb"]["id"] == absorb
        assert rows[0].after is not None and rows[0].after["absorbed"] == absorb
        assert [r.action for r in person_history(s, keep)] == ["merge"]
        assert verify_audit_chain(s)
        listed = [p.person.id for p in list_persons(s)]
        assert keep in listed and absorb not in listed


def test_merge_refuses_mixing_suppressed_and_visible(store: Store) -> None:
    a = _store_case(store, "https://n.example/a", TEXT_A, [("Ramesh Kumar", S.ARRESTED)])
    c = _store_case(store, "https://n.example/c", TEXT_C, [("Suresh Kumar", S.ARRESTED)])
    ramesh, suresh = _persons_of(store, a)["Ramesh Kumar"], _persons_of(store, c)["Suresh Kumar"]
    with store.session() as s:
        suppress_person(s, ramesh, user="root", reason="court order")
    with store.session() as s, pytest.raises(PersonError, match="suppressed"):
        merge_persons(s, suresh, ramesh, user="rita", reason="same")
    with store.session() as s, pytest.raises(PersonError, match="suppressed"):
        merge_persons(s, ramesh, suresh, user="rita", reason="same")
    assert _person(store, ramesh).merged_into is None
    assert _person(store, suresh).merged_into is None


# --- split -------------------------------------------------------------------------------------


def test_split_is_pinned_and_survives_reextraction(store: Store) -> None:
    a = _store_case(store, "https://n.example/a", TEXT_A, [("Ramesh Kumar", S.ARRESTED)])
    b = _store_case(store, "https://n.example/b", TEXT_B, [("KUMAR, Ramesh", S.CHARGED)])
    ramesh = _persons_of(store, a)["Ramesh Kumar"]
    with store.session() as s:
        mention_b = s.scalars(select(PerpetratorRow.id).where(PerpetratorRow.case_id == b)).one()
        mention_a = s.scalars(select(PerpetratorRow.id).where(PerpetratorRow.case_id == a)).one()
        with pytest.raises(PersonError, match="at least one mention with"):
            split_person(s, ramesh, [mention_a, mention_b], user="rita", reason="two men")
        with pytest.raises(PersonError, match="does not belong"):
            split_person(s, ramesh, [mention_b + 1000], user="rita", reason="two men")
        with pytest.raises(PersonError, match="reason"):
            split_person(s, ramesh, [mention_b], user="rita", reason="")
    with store.session() as s:
        other = split_person(
            s, ramesh, [mention_b], user="rita", reason="B is the Mumbai namesake",
            new_name="Ramesh Kumar (Mumbai)",
        )  # fmt: skip
    assert other != ramesh
    assert _persons_of(store, b) == {"KUMAR, Ramesh": other}
    assert _person(store, other).display_name == "Ramesh Kumar (Mumbai)"
    with store.session() as s:
        pins = s.execute(
            select(PersonPinRow.case_id, PersonPinRow.name_key, PersonPinRow.person_id)
        ).all()
    assert pins == [(b, "kumar ramesh", other)]
    # Re-extraction of B (same and new extractor version) keeps the split; A stays.
    _reextract(store, "https://n.example/b", TEXT_B, [("KUMAR, Ramesh", S.CHARGED)], "test-1")
    assert _persons_of(store, b) == {"KUMAR, Ramesh": other}
    _reextract(store, "https://n.example/b", TEXT_B, [("KUMAR, Ramesh", S.CONVICTED)], "test-2")
    assert _persons_of(store, b) == {"KUMAR, Ramesh": other}
    _reextract(store, "https://n.example/a", TEXT_A, [("Ramesh Kumar", S.CHARGED)], "test-2")
    assert _persons_of(store, a) == {"Ramesh Kumar": ramesh}
    # A new article with the name still goes to the original person (the pin is per case).
    d = _store_case(
        store, "https://n.example/d", "Ramesh Kumar was bailed.", [("Ramesh Kumar", S.CHARGED)]
    )
    assert _persons_of(store, d) == {"Ramesh Kumar": ramesh}
    with store.session() as s:
        rows = [r for r in audit_trail(s) if r.object_type == "person"]
        assert [(r.action, r.object_id, r.actor) for r in rows] == [
            ("split", ramesh, "rita"),
            ("split_from", other, "rita"),
        ]
        assert rows[0].after is not None and rows[0].after["split"]["to"] == other
        assert rows[0].reason == rows[1].reason == "B is the Mumbai namesake"
        assert [r.action for r in person_history(s, other)] == ["split_from"]
        assert verify_audit_chain(s)


# --- suppression -------------------------------------------------------------------------------


def _outbox_upserts(store: Store, case_id: str) -> int:
    with store.session() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.doc_id == case_id, OutboxRow.op == "upsert")
            )
            or 0
        )


def test_suppression_survives_reextraction_and_recrawl(store: Store, tmp_path: Path) -> None:
    a = _store_case(
        store,
        "https://n.example/a",
        TEXT_A,
        [("Ramesh Kumar", S.ARRESTED), ("Anil Rao", S.ARRESTED)],
    )
    ramesh = _persons_of(store, a)["Ramesh Kumar"]
    index = Fts5Index(tmp_path / "index.db")
    sync_outbox(store, index)
    assert [h.doc_id for h in index.search(SearchQuery(text="ramesh"))] == [a]
    queued = _outbox_upserts(store, a)
    with store.session() as s:
        suppress_person(s, ramesh, user="root", reason="court-ordered correction")
    assert _outbox_upserts(store, a) == queued + 1  # the index must follow
    with store.session() as s:
        stone = s.scalars(select(TombstoneRow)).one()
        assert (stone.kind, stone.match_key, stone.object_id) == ("person", ramesh, ramesh)
        assert stone.reason == "court-ordered correction" and stone.lifted_at is None
        assert suppressed_ids(s, [ramesh, None]) == {ramesh}
        assert list_persons(s, query="ramesh") == []
        assert [p.person.id for p in list_persons(s, query="ramesh", include_suppressed=True)] == [
            ramesh
        ]

    def hidden_everywhere(case_id: str) -> None:
        names, title, body = _doc(store, case_id)
        assert "Ramesh Kumar" not in names and "KUMAR, Ramesh" not in names
        assert "Ramesh" not in body and "RAMESH" not in body.upper()
        assert "ramesh" not in title.lower()

    hidden_everywhere(a)
    names, _, body = _doc(store, a)
    assert names == ["Anil Rao"] and "Anil Rao" in body
    sync_outbox(store, index)
    assert index.search(SearchQuery(text="ramesh")) == []
    assert [h.doc_id for h in index.search(SearchQuery(text="anil"))] == [a]

    # Re-extraction of the same article (same, then a new extractor version): still hidden.
    for version in ("test-1", "test-2"):
        _reextract(
            store, "https://n.example/a", TEXT_A,
            [("Ramesh Kumar", S.CHARGED), ("Anil Rao", S.CHARGED)], version,
        )  # fmt: skip
        assert _persons_of(store, a)["Ramesh Kumar"] == ramesh
        hidden_everywhere(a)
    # A new article naming the same key in the same country: the suppressed person, hidden.
    b = _store_case(store, "https://n.example/b", TEXT_B, [("KUMAR, Ramesh", S.CONVICTED)])
    assert _persons_of(store, b) == {"KUMAR, Ramesh": ramesh}
    hidden_everywhere(b)
    sync_outbox(store, index)
    assert index.search(SearchQuery(text="ramesh")) == []
    assert index.search(SearchQuery(text="kumar")) == []
    # In another country it is another person: not hidden.
    ng = _store_case(
        store, "https://n.example/ng", "Lagos police arrested Ramesh Kumar.",
        [("Ramesh Kumar", S.ARRESTED)], country="NG",
    )  # fmt: skip
    assert _doc(store, ng)[0] == ["Ramesh Kumar"]

    with store.session() as s, pytest.raises(PersonError, match="already"):
        suppress_person(s, ramesh, user="root", reason="again")
    with store.session() as s, pytest.raises(PersonError, match="reason"):
        unsuppress_person(s, ramesh, user="root", reason="")
    with store.session() as s:
        unsuppress_person(s, ramesh, user="root", reason="order set aside on appeal")
    with store.session() as s:
        stone = s.scalars(select(TombstoneRow)).one()  # lifted, never deleted
        assert stone.lifted_by == "root" and stone.lifted_at is not None
        assert _person(store, ramesh).suppressed_at is None
    assert "Ramesh Kumar" in _doc(store, a)[0]
    sync_outbox(store, index)
    assert sorted(h.doc_id for h in index.search(SearchQuery(text="ramesh"))) == sorted([a, b, ng])
    with store.session() as s:
        rows = [r for r in audit_trail(s) if r.object_type == "person"]
        assert [(r.action, r.actor, r.reason) for r in rows] == [
            ("suppress", "root", "court-ordered correction"),
            ("unsuppress", "root", "order set aside on appeal"),
        ]
        assert rows[0].before is not None and rows[0].before["suppressed"] is False
        assert rows[0].after is not None and rows[0].after["reindexed_cases"] == [a]
        assert verify_audit_chain(s)


def test_split_off_a_suppressed_person_stays_suppressed(store: Store) -> None:
    a = _store_case(store, "https://n.example/a", TEXT_A, [("Ramesh Kumar", S.ARRESTED)])
    b = _store_case(store, "https://n.example/b", TEXT_B, [("KUMAR, Ramesh", S.CHARGED)])
    ramesh = _persons_of(store, a)["Ramesh Kumar"]
    with store.session() as s:
        suppress_person(s, ramesh, user="root", reason="order")
        mention_b = s.scalars(select(PerpetratorRow.id).where(PerpetratorRow.case_id == b)).one()
        other = split_person(s, ramesh, [mention_b], user="root", reason="namesake")
    assert _person(store, other).suppressed_at is not None
    assert _doc(store, b)[0] == []
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(TombstoneRow)) == 2


# --- timeline ----------------------------------------------------------------------------------


def test_timeline_is_latest_first_and_rejected_cases_do_not_count(store: Store) -> None:
    name = "Ramesh Kumar"
    text = "Ramesh Kumar appeared in court."
    cases = {
        status: _store_case(
            store, f"https://n.example/{status}", text, [(name, S(status))], published=day
        )
        for status, day in [
            ("arrested", date(2026, 1, 5)),
            ("charged", date(2026, 2, 10)),
            ("convicted", date(2026, 6, 1)),
            ("sentenced", date(2026, 7, 1)),
        ]
    }
    # Same day as the conviction, but an earlier stage: listed after it.
    cases["wanted"] = _store_case(
        store, "https://n.example/wanted", text, [(name, S.WANTED)], published=date(2026, 6, 1)
    )
    with store.session() as s:
        review_case(s, cases["sentenced"], decision="rejected", user="rita", reason="not him")
    person = _persons_of(store, cases["arrested"])[name]
    with store.session() as s:
        tl = person_timeline(s, person)
    assert [(m.status, m.status_date) for m in tl.mentions] == [
        ("sentenced", date(2026, 7, 1)),
        ("convicted", date(2026, 6, 1)),
        ("wanted", date(2026, 6, 1)),
        ("charged", date(2026, 2, 10)),
        ("arrested", date(2026, 1, 5)),
    ]
    assert tl.mentions[0].rejected and not any(m.rejected for m in tl.mentions[1:])
    assert tl.latest is not None
    assert (tl.latest.status, tl.latest.case_id) == ("convicted", cases["convicted"])
    assert tl.latest.source_url == "https://n.example/convicted"
    assert tl.latest.article_title == "Title of https://n.example/convicted"
    assert tl.latest.outlet_id == "in-a" and tl.latest.outlet_name == "A"
    with store.session() as s:
        [listing] = list_persons(s, query="kumar")
    assert listing.mention_count == 5
    assert listing.latest is not None and listing.latest.status == "convicted"


def test_list_persons_searches_names_and_filters_country(store: Store) -> None:
    _store_case(store, "https://n.example/a", TEXT_A, [("Ramesh Kumar", S.ARRESTED)])
    _store_case(store, "https://n.example/c", TEXT_C, [("Suresh Kumar", S.ARRESTED)])
    _store_case(
        store, "https://n.example/ng", "Police arrested Chidi Okonkwo.",
        [("Chidi Okonkwo", S.ARRESTED)], country="NG",
    )  # fmt: skip
    with store.session() as s:

        def names(**kw: object) -> list[str]:
            return [p.person.display_name for p in list_persons(s, **kw)]  # type: ignore[arg-type]

        assert names() == ["Chidi Okonkwo", "Ramesh Kumar", "Suresh Kumar"]
        assert names(query="KUMAR") == ["Ramesh Kumar", "Suresh Kumar"]
        assert names(query="kumar, ramesh") == ["Ramesh Kumar"]
        assert names(query="kum") == ["Ramesh Kumar", "Suresh Kumar"]
        assert names(query="100%_") == []
        assert names(country="NG") == ["Chidi Okonkwo"]
        assert names(query="okonkwo", country="IN") == []
