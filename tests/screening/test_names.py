"""Name matching across spelling, order, initials, diacritics and transliteration."""

from __future__ import annotations

import pytest

from tipwatch.screening.gallery import NameGallery
from tipwatch.screening.names import analyse, blocking_keys, name_score

SAME_PERSON = [
    ("Mohammed Ali Khan", "Muhammad Ali Khan"),
    ("Mohd Ali Khan", "Mohammed Ali Khan"),
    ("KUMAR, Ramesh", "Ramesh Kumar"),
    ("Nguyễn Văn An", "Nguyen Van An"),
    ("Нгуен Ван Ан", "Nguyen Van An"),
    ("Мухаммед Али", "Muhammad Ali"),
    ("Dr. Ramesh Kumar", "Ramesh Kumar"),
    ("Yousef Haddad", "Yusuf Haddad"),
    ("Ramsh Kumar", "Ramesh Kumar"),
    ("Пуджа Джоши", "Pooja Joshi"),
]
DIFFERENT_PEOPLE = [
    ("Ramesh Kumar", "Suresh Kumar"),
    ("Ada Obi", "Ada Okafor"),
    ("John Smith", "Jane Doe"),
    ("Kumar", "Ramesh Kumar"),
]


@pytest.mark.parametrize(("a", "b"), SAME_PERSON)
def test_variants_of_one_name_score_high(a: str, b: str) -> None:
    assert name_score(a, b) >= 0.9
    assert name_score(b, a) >= 0.9


@pytest.mark.parametrize(("a", "b"), DIFFERENT_PEOPLE)
def test_different_names_score_low(a: str, b: str) -> None:
    assert name_score(a, b) <= 0.6


def test_initial_matches_below_full_name() -> None:
    full = name_score("Ramesh Kumar", "Ramesh Kumar")
    initial = name_score("R. Kumar", "Ramesh Kumar")
    wrong_initial = name_score("S. Kumar", "Ramesh Kumar")
    assert full == 1.0
    assert 0.8 <= initial < full
    assert wrong_initial <= 0.6


def test_missing_middle_name_costs_less_than_a_wrong_name() -> None:
    assert name_score("Ramesh Kumar", "Ramesh Priya Kumar") > name_score(
        "Ramesh Kumar", "Suresh Priya Kumar"
    )


def test_honorifics_and_punctuation_are_dropped() -> None:
    assert sorted(analyse("Mr. O'Brien-Smith, John").comparable.split()) == [
        "john",
        "obrien",
        "smith",
    ]
    assert name_score("Mr. O'Brien-Smith, John", "John OBrien Smith") == 1.0


def test_blocking_keys_link_transliterations() -> None:
    assert blocking_keys("Мухаммед Али") & blocking_keys("Mohammed Ali")
    assert blocking_keys("Nguyễn Văn An") & blocking_keys("NGUYEN Van An")


def test_gallery_ranks_the_right_person_first_among_namesakes() -> None:
    g = NameGallery()
    g.add("a", "Ramesh Kumar")
    g.add("b", "Suresh Kumar")
    g.add("c", "Rajesh Kumar Sharma")
    g.add("d", "Ramesh Kumar Patel")
    ranked = g.search("KUMAR, Ramesh")
    assert [r.entry_id for r in ranked[:2]] == ["a", "d"]
    assert ranked[0].score > ranked[1].score
    assert all(r.entry_id != "x" for r in ranked)
