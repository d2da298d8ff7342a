"""Gate: name matching on real name pairs (EveryPolitician, `tipwatch.screening.realset`) keeps
its figures on the test split.

The floors are the figures measured when the set was pinned, less a small margin; the set's
fingerprint is pinned too, so that a change of the copied files or of how pairs are made is a
deliberate change of this file (re-measure with `tipwatch eval-names --split test`, then re-pin),
never a silent easing. Tuning reads the dev split only (`--split dev`).

The issue's targets (recall@1 0.95, recall@10 0.99, false match 0.03, other-script rows 0.85) are
not all met: docs/choices.md lists where the figures stand.
"""

from __future__ import annotations

from tipwatch.screening.evaluate import evaluate_real, evaluate_real_service
from tipwatch.screening.realset import kind_of

FINGERPRINT = "b10373fa3c5b8b0f7b176b3fe55c7ffcc46c923aa19c541a16ce4c142ffe95cf"
# group -> (recall@1, recall@10, true match) floors on mate queries; groups of 25 queries or more
FLOORS: dict[str, tuple[float, float, float]] = {
    "all": (0.86, 0.93, 0.77),
    "kind:dropped_part": (0.93, 0.98, 0.91),
    "kind:extra_part": (0.95, 0.98, 0.63),
    "kind:from_script:arabic": (0.78, 0.88, 0.65),
    "kind:from_script:cyrillic": (0.92, 0.98, 0.87),
    "kind:from_script:devanagari": (0.92, 0.96, 0.89),
    "kind:from_script:han": (0.87, 0.96, 0.87),
    "kind:from_transcribed:cyrillic": (0.66, 0.75, 0.48),
    "kind:honorific": (0.95, 0.98, 0.88),
    "kind:initials": (0.88, 0.96, 0.65),
    "kind:joined_split": (0.98, 0.98, 0.98),
    "kind:order": (0.98, 0.98, 0.74),
    "kind:script:arabic": (0.79, 0.87, 0.56),
    "kind:script:cyrillic": (0.94, 0.97, 0.66),
    "kind:script:devanagari": (0.94, 0.97, 0.93),
    "kind:script:han": (0.77, 0.93, 0.73),
    "kind:script:hangul": (0.8, 0.87, 0.77),
    "kind:script:tamil": (0.92, 0.92, 0.71),
    "kind:spelling": (0.84, 0.92, 0.78),
    "kind:transcribed:arabic": (0.72, 0.87, 0.76),
    "kind:transcribed:cyrillic": (0.83, 0.95, 0.67),
    "kind:transcribed:han": (0.54, 0.74, 0.46),
    "kind:transcribed:kana": (0.71, 0.82, 0.63),
    "culture:arabic": (0.8, 0.9, 0.64),
    "culture:bengali": (0.83, 0.97, 0.76),
    "culture:chinese": (0.7, 0.87, 0.62),
    "culture:east_african": (0.95, 0.98, 0.61),
    "culture:filipino": (0.82, 0.9, 0.64),
    "culture:indian": (0.96, 0.98, 0.85),
    "culture:korean": (0.84, 0.91, 0.84),
    "culture:malay_indonesian": (0.83, 0.96, 0.55),
    "culture:mongolian": (0.85, 0.93, 0.81),
    "culture:nepali": (0.92, 0.96, 0.88),
    "culture:slavic": (0.94, 0.97, 0.86),
    "culture:sri_lankan": (0.91, 0.95, 0.78),
    "culture:west_african": (0.9, 0.94, 0.79),
}
FALSE_MATCH_CEILING = 0.05


def test_real_name_pairs_meet_their_floors() -> None:
    report = evaluate_real(split="test")
    assert report.fingerprint == FINGERPRINT, (
        "the real name-pair set changed: re-measure, review the floors, then re-pin",
        report.fingerprint,
    )
    rows = {r.group: r for r in report.rows}
    for group, (r1, r10, match) in FLOORS.items():
        row = rows[group]
        assert row.recall_at_1 >= r1, (group, row)
        assert row.recall_at_10 >= r10, (group, row)
        assert row.true_match >= match, (group, row)
    assert rows["all"].false_match <= FALSE_MATCH_CEILING, rows["all"]
    assert rows["all"].mates > 900 and rows["all"].non_mates > 100


def test_the_screening_service_loses_no_match_the_scorer_finds() -> None:
    """Through the store (keys, rarity-ranked candidates, the 500 cap, pre-scoring) the same
    true matches and no more false ones: candidate generation drops nobody at the threshold."""
    gallery = {r.group: r for r in evaluate_real(split="test").rows}["all"]
    service = {r.group: r for r in evaluate_real_service(split="test").rows}["all"]
    assert service.mates == gallery.mates and service.non_mates == gallery.non_mates
    assert service.true_match >= gallery.true_match - 0.002, (service, gallery)
    assert service.false_match <= gallery.false_match + 0.002, (service, gallery)


def test_kinds_of_variant() -> None:
    assert kind_of("Adhikari, Shri Suvendu", "Suvendu Adhikari", "IN") == "honorific"
    assert kind_of("احمد توکلی", "Ahmad Tavakkoli", "IR") == "script:arabic"
    assert kind_of("Ahmad Tavakkoli", "احمد توکلی", "IR") == "from_script:arabic"
    assert kind_of("Голам-Али Хадад Адел", "Gholam Ali Haddad-Adel", "IR") == (
        "transcribed:cyrillic"
    )
    assert kind_of("Gholamali Haddad Adel", "Gholam Ali Haddad Adel", "IR") == "joined_split"
    assert kind_of("Sisir Adhikari", "Sisir Kumar Adhikari", "IN") == "dropped_part"
    assert kind_of("Sisir Kumar Adhikari", "Sisir Adhikari", "IN") == "extra_part"
    assert kind_of("Adhikari Sisir", "Sisir Adhikari", "IN") == "order"
