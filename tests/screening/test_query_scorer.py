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
    "Karim Ladhari",
    "كريم العذاري",
    "Salma Abbou",
    "سلمى عبو",
    "علاء ناصر",
    "Surasak Wongsuwan",
    "สุรศักดิ์ วงษ์สุวรรณ",
    "Chan Bêng-chong",
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


@pytest.mark.parametrize(("gain", "loss"), [(0.0, 0.0), (0.2, 0.0), (0.0, 0.3), (0.05, 0.1)])
def test_rank_keeps_every_subject_an_adjustment_could_lift(gain: float, loss: float) -> None:
    # The caller moves each score within [-loss, +gain] afterwards and drops the subjects that
    # `counted` does not vouch for (here: odd ones); the top 6 after that must be in the list.
    # Near names: each name, its parts reversed, and with a part dropped or another's added.
    near = [
        v
        for i, n in enumerate(NAMES)
        for v in (n, " ".join(reversed(n.split())), n.rsplit(" ", 1)[0], f"{n} {NAMES[i - 1]}")
    ]
    subjects = {f"s{i:03d}": [v] for i, v in enumerate(dict.fromkeys(near))}
    adjust = {
        s: (gain if i % 4 == 0 else -loss if i % 4 == 1 else 0.0) for i, s in enumerate(subjects)
    }
    shown = {s for i, s in enumerate(subjects) if i % 5 != 1}
    pruned_somewhere = cut_somewhere = False
    for query in NAMES:
        scorer = QueryScorer(analyse(query), COMMON)
        ranked = scorer.rank(
            ((s, [analyse(v) for v in vs]) for s, vs in subjects.items()),
            floor=0.3,
            keep=6,
            counted=lambda s: int(s[1:]) % 2 == 0 and s in shown,
            gain=gain,
            loss=loss,
        )
        every = _brute_force(query, subjects, 0.3, None, COMMON)
        best = sorted(
            ((score + adjust[s], s) for score, s, _ in every if s in shown),
            key=lambda t: (-t[0], t[1]),
        )[:6]
        returned = {s for _, s, _ in ranked}
        assert {s for _, s in best} <= returned, query
        if gain == loss == 0.0:
            # Nothing moves a score: the list holds exactly the 6 best counted subjects (ties
            # by subject) and the others not below the last of them.
            counted = sorted(
                ((-score, s) for score, s, _ in every if int(s[1:]) % 2 == 0 and s in shown)
            )[:6]
            assert {s for s in returned if int(s[1:]) % 2 == 0 and s in shown} == {
                s for _, s in counted
            }, query
            if len(counted) == 6:
                not_below = {s for score, s, _ in every if -score <= counted[-1][0]}
                assert not_below >= returned, query
                # The others come first among equals: none of them not below is left out.
                assert {s for s in not_below if int(s[1:]) % 2 or s not in shown} <= returned
                cut_somewhere = True
        assert all(t in every for t in ranked), query
        pruned_somewhere |= len(ranked) < len(every)
    assert pruned_somewhere
    assert cut_somewhere or gain or loss


def test_score_after_bound_is_the_plain_score() -> None:
    # `bound` fills the scorer's per-token rows first; the full score then reads the query
    # parts' similarities from them and must not differ from scoring the pair alone.
    for query in NAMES:
        scorer = QueryScorer(analyse(query), COMMON)
        candidates = [analyse(c) for c in NAMES]
        for candidate in candidates:
            scorer.bound(candidate)
        for name, candidate in zip(NAMES, candidates, strict=True):
            assert scorer.score(candidate) == name_score(query, name, COMMON), (query, name)
