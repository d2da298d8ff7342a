"""Screening over the store: tipwatch persons with their status timeline, imported FtM lists,
suppressions and rejected cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.screening.conftest import add_case, person_entity, person_of, write_ftm
from tipwatch.records import LegalStatus
from tipwatch.screening.ftm_import import ImportError_, import_ftm
from tipwatch.screening.names import name_score
from tipwatch.screening.service import COUNTRY_MISMATCH, UNREVIEWED_LABEL, ScreeningQuery, screen
from tipwatch.store.db import Store
from tipwatch.store.persons import suppress_person
from tipwatch.store.review import review_case

ARRESTED = "Police arrested Ramesh Kumar in Delhi on trafficking charges."
CONVICTED = "A court convicted Ramesh Kumar of trafficking children from Bihar."
OTHER = "Suresh Kumar was charged with forced labour at a brick kiln."


def _seed(store: Store) -> dict[str, str]:
    return {
        "arrested": add_case(
            store,
            "https://example.org/a1",
            ARRESTED,
            [("Ramesh Kumar", LegalStatus.ARRESTED)],
            published=date(2026, 1, 10),
        ),
        "convicted": add_case(
            store,
            "https://example.org/a2",
            CONVICTED,
            [("Ramesh Kumar", LegalStatus.CONVICTED)],
            published=date(2026, 6, 1),
        ),
        "other": add_case(
            store,
            "https://example.org/a3",
            OTHER,
            [("Suresh Kumar", LegalStatus.CHARGED)],
            published=date(2026, 2, 1),
        ),
    }


def test_latest_status_first_then_earlier_stages(store: Store) -> None:
    _seed(store)
    with store.session() as s:
        result = screen(s, ScreeningQuery(name="KUMAR, Ramesh", country="IN"))
    top = result.hits[0]
    assert top.dataset == "tipwatch"
    assert top.matched_name == "Ramesh Kumar"
    assert top.latest_status is not None
    assert (top.latest_status.status, top.latest_status.date) == ("convicted", date(2026, 6, 1))
    assert top.latest_status.source_url == "https://example.org/a2"
    assert [(f.status, f.date) for f in top.earlier_statuses] == [("arrested", date(2026, 1, 10))]
    assert all(h.subject_id != top.subject_id for h in result.hits[1:])
    assert "presumed innocent" in result.notice
    # A different given name is not a match at the default threshold.
    assert all(h.caption != "Suresh Kumar" for h in result.hits)


def test_rejected_cases_do_not_count(store: Store) -> None:
    ids = _seed(store)
    with store.session() as s:
        review_case(s, ids["convicted"], decision="rejected", user="ana", reason="not a case")
    with store.session() as s:
        top = screen(s, ScreeningQuery(name="Ramesh Kumar")).hits[0]
    assert top.latest_status is not None and top.latest_status.status == "arrested"
    assert top.earlier_statuses == []


def test_suppressed_person_is_never_screened_even_after_reextraction(store: Store) -> None:
    _seed(store)
    pid = person_of(store, "Suresh Kumar")
    with store.session() as s:
        suppress_person(s, pid, user="admin", reason="court order")
    add_case(
        store,
        "https://example.org/a3",
        OTHER,
        [("Suresh Kumar", LegalStatus.CHARGED)],
        published=date(2026, 2, 1),
    )
    with store.session() as s:
        result = screen(s, ScreeningQuery(name="Suresh Kumar", threshold=0.5))
    assert all(h.subject_id != pid for h in result.hits)
    assert all("Suresh" not in h.caption for h in result.hits)


def test_imported_list_is_labelled_and_replaced_on_reimport(store: Store, tmp_path: Path) -> None:
    _seed(store)
    path = write_ftm(
        tmp_path / "os.jsonl",
        [
            person_entity(
                "os-1",
                ["Mohammed Ali Khan", "Mohd Ali Khan"],
                topics=["crime.traffick.human"],
                birthDate=["1975-04-02"],
                country=["pk"],
            ),
            person_entity("os-2", ["Ramesh Kumar"], country=["in"]),
            {"id": "c-1", "schema": "Company", "properties": {"name": ["Kumar Exports Ltd"]}},
            {"id": "p-0", "schema": "Person", "properties": {"nationality": ["in"]}},
        ],
        ["{not json", '{"schema": "Person"}'],
    )
    with store.session() as s:
        report = import_ftm(s, path, dataset="os-traffick", title="OpenSanctions trafficking")
    assert report.imported == 2
    assert dict(report.skipped) == {
        "schema_Company": 1,
        "no_name": 1,
        "invalid_json": 1,
        "not_an_entity": 1,
    }
    with store.session() as s:
        result = screen(s, ScreeningQuery(name="Muhammad Ali Khan", birth_year=1975))
        both = screen(s, ScreeningQuery(name="Ramesh Kumar"))
    hit = result.hits[0]
    assert (hit.dataset, hit.subject_type, hit.latest_status) == ("os-traffick", "entity", None)
    assert hit.topics == ["crime.traffick.human"] and hit.birth_dates == ["1975-04-02"]
    assert {h.dataset for h in both.hits} == {"tipwatch", "os-traffick"}
    assert "os-traffick" in both.datasets

    with store.session() as s:
        wrong_year = screen(s, ScreeningQuery(name="Muhammad Ali Khan", birth_year=1990))
    assert wrong_year.hits == [] or wrong_year.hits[0].score < hit.score

    write_ftm(path, [person_entity("os-2", ["Ramesh Kumar"], country=["in"])], [])
    with store.session() as s:
        again = import_ftm(s, path, dataset="os-traffick")
        gone = screen(s, ScreeningQuery(name="Muhammad Ali Khan"))
    assert (again.imported, again.removed) == (1, 1)
    assert gone.hits == []


@pytest.mark.parametrize("name", ["tipwatch", "Bad Name", ""])
def test_import_refuses_bad_dataset_names(store: Store, tmp_path: Path, name: str) -> None:
    path = write_ftm(tmp_path / "x.jsonl", [person_entity("a", ["A B"])], [])
    with store.session() as s, pytest.raises(ImportError_):
        import_ftm(s, path, dataset=name)


def test_merged_person_is_found_under_either_name(store: Store) -> None:
    from tipwatch.store.persons import merge_persons

    add_case(
        store,
        "https://example.org/m1",
        "Police arrested Mohd Rafiq Ansari in Mumbai.",
        [("Mohd Rafiq Ansari", LegalStatus.ARRESTED)],
        published=date(2026, 1, 5),
    )
    add_case(
        store,
        "https://example.org/m2",
        "A court sentenced Rafiq Ansari to ten years.",
        [("Rafiq Ansari", LegalStatus.SENTENCED)],
        published=date(2026, 9, 5),
    )
    keep, absorb = person_of(store, "Rafiq Ansari"), person_of(store, "Mohd Rafiq Ansari")
    assert keep != absorb
    with store.session() as s:
        merge_persons(s, keep, absorb, user="ana", reason="same man, two spellings")
    with store.session() as s:
        result = screen(s, ScreeningQuery(name="Mohammed Rafiq Ansari"))
    top = result.hits[0]
    assert top.subject_id == keep
    assert top.matched_name == "Mohd Rafiq Ansari"
    assert top.latest_status is not None and top.latest_status.status == "sentenced"
    assert [f.status for f in top.earlier_statuses] == ["arrested"]
    assert all(h.subject_id != absorb for h in result.hits)


def test_only_reviewed_facts_unless_asked_for(store: Store) -> None:
    """A case no analyst has checked is not a screening fact by default: a person known only from
    one is no hit, and a pending conviction does not replace an accepted arrest."""
    add_case(
        store,
        "https://example.org/r1",
        ARRESTED,
        [("Ramesh Kumar", LegalStatus.ARRESTED)],
        published=date(2026, 1, 10),
    )
    add_case(
        store,
        "https://example.org/r2",
        CONVICTED,
        [("Ramesh Kumar", LegalStatus.CONVICTED)],
        published=date(2026, 6, 1),
        accepted=False,
    )
    add_case(
        store,
        "https://example.org/r3",
        OTHER,
        [("Suresh Kumar", LegalStatus.CHARGED)],
        published=date(2026, 2, 1),
        accepted=False,
    )
    with store.session() as s:
        ramesh = screen(s, ScreeningQuery(name="Ramesh Kumar"))
        suresh = screen(s, ScreeningQuery(name="Suresh Kumar", threshold=0.9))
        ramesh_all = screen(s, ScreeningQuery(name="Ramesh Kumar", include_unreviewed=True))
        suresh_all = screen(
            s, ScreeningQuery(name="Suresh Kumar", threshold=0.9, include_unreviewed=True)
        )
    top = ramesh.hits[0]
    assert top.latest_status is not None and top.latest_status.status == "arrested"
    assert top.earlier_statuses == [] and top.source_urls == ["https://example.org/r1"]
    assert top.reviewed and top.label is None
    assert "Only cases an analyst has accepted" in ramesh.notice
    assert [h for h in suresh.hits if h.dataset == "tipwatch"] == []
    # asked for: the machine's facts too, and every such hit says it rests on them
    top_all = ramesh_all.hits[0]
    assert top_all.latest_status is not None
    assert (top_all.latest_status.status, top_all.latest_status.review_status) == (
        "convicted",
        "pending",
    )
    assert not top_all.reviewed and top_all.label == UNREVIEWED_LABEL
    assert "no analyst has reviewed" in ramesh_all.notice
    (hit,) = [h for h in suresh_all.hits if h.dataset == "tipwatch"]
    assert hit.caption == "Suresh Kumar" and not hit.reviewed


def test_candidates_under_the_threshold_are_ranked_with_the_verdict_apart(store: Store) -> None:
    _seed(store)
    with store.session() as s:
        partial = screen(s, ScreeningQuery(name="Ramesh"))
        strict = screen(s, ScreeningQuery(name="Ramesh", cutoff=0.9))
        abroad = screen(s, ScreeningQuery(name="Ramesh Kumar", country="NP"))
        home = screen(s, ScreeningQuery(name="Ramesh Kumar", country="IN"))
    # a part of the name: the right person first, ranked, but not called a match
    top = partial.hits[0]
    assert top.caption == "Ramesh Kumar" and not top.match
    assert 0.5 <= top.score < 0.7 and top.features == {"name_match": top.score}
    assert strict.hits == []
    # the features say what the score is made of
    (far,) = [h for h in abroad.hits if h.caption == "Ramesh Kumar"]
    (near,) = [h for h in home.hits if h.caption == "Ramesh Kumar"]
    assert far.features == {"name_match": 1.0, "country_disjoint": 1.0} and far.score == 0.9
    assert near.features == {"name_match": 1.0} and near.score == 1.0
    assert far.match and near.match


def test_names_in_other_scripts_find_and_are_found(store: Store, tmp_path: Path) -> None:
    """A name part with no ASCII form from rigour (Arabic, Han, Devanagari, Bengali) still gets
    tokens and keys: ICU's transliteration, and the cross-script name symbols kept."""
    add_case(
        store,
        "https://example.org/x1",
        ARRESTED,
        [("Ramesh Kumar", LegalStatus.ARRESTED)],
        published=date(2026, 1, 10),
    )
    path = write_ftm(
        tmp_path / "scripts.jsonl",
        [
            person_entity("ar-1", ["محمد علي خان"]),
            person_entity("zh-1", ["张伟"]),
        ],
        [],
    )
    with store.session() as s:
        import_ftm(s, path, dataset="other-scripts")
    with store.session() as s:
        devanagari = screen(s, ScreeningQuery(name="रमेश कुमार"))
        bengali = screen(s, ScreeningQuery(name="রমেশ কুমার"))
        arabic = screen(s, ScreeningQuery(name="Muhammad Ali Khan"))
        han = screen(s, ScreeningQuery(name="Zhang Wei"))
    for result in (devanagari, bengali):
        assert result.hits and result.hits[0].caption == "Ramesh Kumar" and result.hits[0].match
    assert arabic.hits and arabic.hits[0].subject_id == "other-scripts:ar-1"
    assert arabic.hits[0].match
    assert han.hits and han.hits[0].subject_id == "other-scripts:zh-1" and han.hits[0].match


def test_rare_shared_keys_outrank_many_common_ones(store: Store, tmp_path: Path) -> None:
    """600 people named "Muhammad Ahmad <family>" share a dozen keys each with the query
    "Muhammad Ahmad Qasimi" (the given names' forms, skeletons, metaphones and name symbols);
    the one "Mohd Qasimi" shares fewer keys, but rare ones. Ranked by the number of shared keys,
    the 500-candidate cap dropped him; ranked by the keys' rarity he is found first."""
    families = [
        f"{a}{b}"
        for a in ("Bar", "Kel", "Dor", "Fen", "Gul", "Hir", "Jas", "Lom", "Mur", "Nok")
        for b in ("anov", "edian", "ostra", "umbe", "ikar", "ollan")
    ]
    entities = [
        person_entity(f"common-{i}-{j}", [f"Muhammad Ahmad {family}{suffix}"])
        for i, family in enumerate(families)
        for j, suffix in enumerate(("", "i", "y", "a", "o", "e", "u", "in", "ov", "ez"))
    ]
    entities.append(person_entity("target", ["Mohd Qasimi"]))
    path = write_ftm(tmp_path / "crowd.jsonl", entities, [])
    with store.session() as s:
        import_ftm(s, path, dataset="crowd")
    with store.session() as s:
        result = screen(s, ScreeningQuery(name="Muhammad Ahmad Qasimi"))
    assert len(entities) > 600
    assert result.hits and result.hits[0].subject_id == "crowd:target"
    assert result.hits[0].match


def test_country_evidence_can_lift_a_lower_name_score_over_many_namesakes(
    store: Store, tmp_path: Path
) -> None:
    """60 namesakes of another nationality score 1.0 on the name, one spelling away from the
    query is the person of the query's country. The country evidence puts him first; deciding
    which candidates to score in full by the name alone (the best 50) left him out."""
    entities = [
        person_entity(f"namesake-{i:02d}", ["Karim Haddad"], nationality=["sy"]) for i in range(60)
    ]
    entities.append(person_entity("target", ["Karim Hadad"], nationality=["lb"]))
    path = write_ftm(tmp_path / "namesakes.jsonl", entities, [])
    with store.session() as s:
        import_ftm(s, path, dataset="namesakes")
    with store.session() as s:
        result = screen(s, ScreeningQuery(name="Karim Haddad", country="lb"))
        plain = screen(s, ScreeningQuery(name="Karim Haddad"))
    target = name_score("Karim Haddad", "Karim Hadad")
    assert 1.0 - COUNTRY_MISMATCH < target < 1.0
    assert [h.subject_id for h in result.hits][:1] == ["namesakes:target"]
    assert result.hits[0].score == target
    assert all(h.score == 1.0 - COUNTRY_MISMATCH for h in result.hits[1:])
    # Without the country the namesakes come first, by id, and the limit holds.
    assert [h.subject_id for h in plain.hits] == [f"namesakes:namesake-{i:02d}" for i in range(10)]
