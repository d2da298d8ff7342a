"""Cross-outlet case matching and capture-recapture sightings: known answers on constructed
case reports (the expected groups and sightings are worked out in the comments)."""

from __future__ import annotations

from datetime import date

from tipwatch.metrics.matching import (
    CaseReport,
    match_cases,
    name_key,
    sightings,
    story_items,
    story_originators,
)
from tipwatch.metrics.mix import concentration, outlet_counts


def _r(
    case: str,
    source: str,
    day: int,
    names: tuple[str, ...] = (),
    *,
    country: str | None = "IN",
    cluster: str | None = None,
    charges: tuple[str, ...] = ("sex_trafficking",),
) -> CaseReport:
    return CaseReport(
        case_id=case,
        article_id=f"a{case}",
        source_id=source,
        source_country="IN",
        case_country=country,
        cluster_id=cluster,
        day=date(2026, 2, day),
        charge_categories=charges,
        perpetrators=names,
    )


def test_name_key_ignores_case_accents_spacing_and_word_order() -> None:
    assert name_key("  Vikram   RAO ") == name_key("Rao Vikram") == "rao vikram"
    assert name_key("José Pérez") == name_key("perez jose")
    assert name_key("Asha Pillai") != name_key("Asha Menon")


def test_case_types_drop_other_and_map_charges() -> None:
    r = _r("1", "x", 1, charges=("other", "migrant_smuggling", "labour_trafficking"))
    assert r.case_types == ("labour", "smuggling")


REPORTS = [
    # 1 and 2 share "Vikram Rao" (word order swapped) -> one case; 3 shares "Sunita Das" with 2
    # -> the same case again (transitively): group {1, 2, 3}, id "1".
    _r("1", "in-a", 1, ("Vikram Rao",)),
    _r("2", "in-b", 2, ("Rao Vikram", "Sunita Das")),
    _r("3", "in-b", 3, ("sunita  das",)),
    # Same name but another jurisdiction: not linked across countries.
    _r("4", "ng-a", 4, ("Vikram Rao",), country="NG"),
    # Two unnamed reports: each its own case ...
    _r("5", "in-a", 5),
    _r("6", "in-b", 6),
    # ... unless one is a syndicated copy of the other (same cluster): one case.
    _r("7", "in-b", 8, cluster="s"),
    _r("8", "in-a", 7, cluster="s"),
]


def test_union_find_groups() -> None:
    groups = match_cases(REPORTS)
    assert groups == {
        "1": "1",
        "2": "1",
        "3": "1",
        "4": "4",
        "5": "5",
        "6": "6",
        "7": "7",
        "8": "7",
    }
    # Groups do not depend on the order of the input.
    assert match_cases(list(reversed(REPORTS))) == groups


def test_syndicated_story_goes_to_its_first_publisher() -> None:
    first = story_originators(REPORTS)
    # Cluster "s": in-a published on Feb 7, in-b's copy on Feb 8.
    assert first["s"].source_id == "in-a"
    assert story_items(REPORTS)[:2] == [("in-a", "a1"), ("in-b", "a2")]


def test_sightings_count_syndicated_copies_once() -> None:
    s = sightings(REPORTS)
    # IN: in-a sighted group 1 (report 1), 5 and the syndicated story 7 (it published first);
    # in-b sighted group 1 (reports 2 and 3: one sighting) and 6, not 7 (it only carried a copy).
    assert s["IN"] == {("in-a", "1"), ("in-a", "5"), ("in-a", "7"), ("in-b", "1"), ("in-b", "6")}
    assert s["NG"] == {("ng-a", "4")}


def test_concentration_counts_a_syndicated_story_once_for_its_originator() -> None:
    india = [r for r in REPORTS if r.case_country == "IN"]
    counts = outlet_counts(story_items(india), "first")
    # 6 stories in IN (the cluster is one): in-a 1, 5, s -> 3; in-b 2, 3, 6 -> 3.
    assert counts == {"in-a": 3.0, "in-b": 3.0}
    c = concentration(counts)
    assert c.total == 6.0 and c.top_share == 0.5 and c.hhi == 0.5
