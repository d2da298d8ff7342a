"""A match on name parts everybody in the list shares is weaker evidence than a match on rare
ones: "Ali Ahmad" against "Ali Ahmad Bazzi" is a partial match anywhere, but where Ali and Ahmad
are everywhere it must not reach the match threshold, while the full name still does."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.screening.conftest import person_entity, write_ftm
from tipwatch.screening.defaults import MATCH_THRESHOLD
from tipwatch.screening.ftm_import import import_ftm
from tipwatch.screening.gallery import NameGallery
from tipwatch.screening.names import (
    COMMON_SHARE,
    COMMON_WEIGHT,
    MIN_SUBJECTS,
    RARE_SHARE,
    commonness,
    name_score,
)
from tipwatch.screening.service import ScreeningQuery, screen
from tipwatch.store.db import Store

SUBJECTS = 2000


def test_weights_fall_with_the_share_of_subjects_holding_the_part() -> None:
    rare = int(SUBJECTS * RARE_SHARE)
    common = int(SUBJECTS * COMMON_SHARE)
    weights = commonness({"rare": rare, "mid": (rare + common) // 2, "ali": common}, SUBJECTS)
    assert "rare" not in weights
    assert weights["ali"] == COMMON_WEIGHT
    assert COMMON_WEIGHT < weights["mid"] < 1.0
    # A small list says nothing about what is common.
    assert commonness({"ali": 500}, MIN_SUBJECTS - 1) == {}


def test_common_parts_weaken_a_partial_match_not_a_full_one() -> None:
    common = {"ali": COMMON_WEIGHT, "ahmad": COMMON_WEIGHT}
    partial = name_score("Ali Ahmad", "Ali Ahmad Bazzi")
    assert partial >= MATCH_THRESHOLD
    assert name_score("Ali Ahmad", "Ali Ahmad Bazzi", common) < MATCH_THRESHOLD
    assert name_score("Ali Ahmad", "Ali Ahmad", common) == 1.0
    # Rare parts keep their weight: the same shape of partial match is unchanged.
    assert name_score("Qasim Nurzai", "Qasim Nurzai Bazzi", common) == partial


def _crowd() -> list[tuple[str, str]]:
    """SUBJECTS people: one in twenty-five an Ali Ahmad with a third name, the rest with names
    of their own."""
    people = []
    for i in range(SUBJECTS):
        if i % 25 == 0:
            people.append((f"p{i}", f"Ali Ahmad Family{i:04d}x"))
        else:
            people.append((f"p{i}", f"Given{i:04d}q Family{i:04d}x"))
    return people


def test_the_gallery_weighs_parts_by_their_share_of_its_entries() -> None:
    gallery = NameGallery()
    for pid, name in _crowd():
        gallery.add(pid, name)
    hits = gallery.search("Ali Ahmad Family0000x")
    assert hits[0].entry_id == "p0" and hits[0].score == 1.0
    assert all(h.score < MATCH_THRESHOLD for h in gallery.search("Ali Ahmad"))


@pytest.mark.parametrize("size", [50, SUBJECTS])
def test_the_screening_service_weighs_parts_by_their_share_of_the_list(
    store: Store, tmp_path: Path, size: int
) -> None:
    people = _crowd()[:size]
    path = write_ftm(tmp_path / "l.jsonl", [person_entity(p, [n]) for p, n in people], [])
    with store.session() as s:
        import_ftm(s, path, dataset="crowd")
    with store.session() as s:
        partial = screen(s, ScreeningQuery(name="Ali Ahmad")).hits
        full = screen(s, ScreeningQuery(name="Ali Ahmad Family0000x")).hits
    assert full[0].subject_id == "crowd:p0" and full[0].match
    if size < MIN_SUBJECTS:
        # Two Ali Ahmads in a list of fifty: nothing says the names are common.
        assert partial and all(h.match for h in partial)
    else:
        assert partial and not any(h.match for h in partial)
