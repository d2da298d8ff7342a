"""The query scorer's bound and ranking (issue 13, speed): `QueryScorer.bound` is never below
the score it bounds, so `QueryScorer.rank`, which scores in full only what the bound leaves,
returns exactly what scoring every candidate returns. The names are made up for these tests,
chosen to reach each path of the scorer: parts written together or apart, particles, initials,
patronyms, Han, Hangul, Arabic, Devanagari and Cyrillic script."""

from __future__ import annotations

import itertools

import pytest

from tipwatch.screening.names import QueryScorer, analyse, name_score

NAMES = [
    "Gholamali Rezaei",
    "Gholam Ali Rezaei",
    "Abdul Rahman Haddad",
    "Abdulrahman Haddad",
    "Abdelfattah Mansour",
    "عبد الفتاح منصور",
    "عبد الله منصور",
    "Abdullah Mansour",
    "Abul Kalam Aziz",
    "ابو الكلام عزيز",
    "Salman bin Yusuf Qasim",
    "Yusuf bin Salman Qasim",
    "Muhammad Yusuf",
    "Mohammed Ali Yusuf Khan",
    "R. K. Sharma",
    "Ravi Kumar Sharma",
    "Kumar Ravi",
    "Nguyen Van Thanh",
    "Nguyen Thanh",
    "Nguyen Quang Thanh",
    "金晚熙",
    "KIM MANHEE",
    "Kim Man-hee",
    "Man-hee Kim",
    "김만희",
    "張志明",
    "Zhang Zhiming",
    "Chang Chih-ming",
    "हरिकृष्ण यादब",
    "Hari Krishna Yadav",
    "Иван Петров",
    "Ivan Petrov",
    "Jewgenij Kuchin",
    "Yevgeniy Kukhin",
    "Juan de la Cruz Ramos",
    "Juan Ramos",
    "Mahmoud Abd al-Salam Ahmad",
    "Abd al-Salam Mahmoud",
    "Thambidurai Selvam",
    "Thambi Durai Selvam",
]
# Some parts common in the list screened, as `commonness` weighs them.
COMMON = {"muhammad": 0.5, "mohammed": 0.5, "kumar": 0.6, "nguyen": 0.5, "ali": 0.55}


@pytest.mark.parametrize("common", [{}, COMMON], ids=["plain", "common-parts"])
def test_bound_is_never_below_the_score(common: dict[str, float]) -> None:
    below_floor = 0
    for query, candidate in itertools.product(NAMES, repeat=2):
        scorer = QueryScorer(analyse(query), common)
        score = scorer.score(analyse(candidate))
        bound = scorer.bound(analyse(candidate))
        assert score == name_score(query, candidate, common), (query, candidate)
        assert bound >= score, (query, candidate, score, bound)
        below_floor += bound < 0.47
    # The bound has to leave most unrelated pairs out to be of any use.
    assert below_floor > len(NAMES) ** 2 // 2


def _brute_force(
    query: str, subjects: dict[str, list[str]], floor: float, keep: int | None, common: dict
) -> list[tuple[float, str, str]]:
    scored = []
    for subject, variants in subjects.items():
        best = ("", 0.0)
        for variant in variants:
            score = name_score(query, variant, common)
            if score > best[1]:
                best = (variant, score)
        if best[1] >= floor:
            scored.append((best[1], subject, best[0]))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return scored if keep is None else scored[:keep]


@pytest.mark.parametrize(("floor", "keep"), [(0.3, 3), (0.47, None), (0.0, 5), (0.75, 1)])
def test_rank_is_scoring_every_candidate(floor: float, keep: int | None) -> None:
    # Subjects of one to three name variants each, in a fixed order.
    subjects = {f"s{i:02d}": [NAMES[i], *NAMES[i + 1 : i + 1 + i % 3]] for i in range(len(NAMES))}
    for query in NAMES:
        scorer = QueryScorer(analyse(query), COMMON)
        ranked = scorer.rank(
            ((s, [analyse(v) for v in vs]) for s, vs in subjects.items()), floor=floor, keep=keep
        )
        assert ranked == _brute_force(query, subjects, floor, keep, COMMON), query


def test_rank_scores_fewer_candidates_than_it_is_given() -> None:
    scorer = QueryScorer(analyse("Gholam Ali Rezaei"))
    ranked = scorer.rank(((n, [analyse(n)]) for n in NAMES), floor=0.47, keep=3)
    scored = scorer.fully_scored
    assert {r[1] for r in ranked[:2]} == {"Gholam Ali Rezaei", "Gholamali Rezaei"}
    assert "Gholamali Rezaei" in scored
    assert "Ivan Petrov" not in scored
    assert len(scored) < len(NAMES) // 2
