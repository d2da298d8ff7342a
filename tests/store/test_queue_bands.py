"""Every score band of the review queue returns what it says, and nothing else: cases and
candidates (articles the NLP scored below the case threshold, which have no case) alike, on the
real store."""

from __future__ import annotations

import pytest

from tests.factories import make_article, make_extraction
from tipwatch.records import NOT_RELEVANT, Extraction, LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.models import ArticleRow
from tipwatch.store.queue import CANDIDATE_ITEM, CASE_ITEM, CaseQuery, queue_page
from tipwatch.store.repository import case_id_for, save_article, save_extraction
from tipwatch.store.takedowns import suppress_article

WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
    "november",
    "oscar",
    "papa",
    "quebec",
    "romeo",
    "sierra",
    "tango",
    "uniform",
    "victor",
    "whiskey",
    "xray",
    "yankee",
    "zulu",
]


def _text(n: int) -> str:
    """A text of its own for each article (no two are near duplicates)."""
    words = WORDS[n:] + WORDS[:n]
    return f"Ravi Kumar{n} was named in a report. " + " ".join(f"{w}{n}" for w in words) + "."


def _add(store: Store, n: int, score: float, *, is_case: bool, skipped: str | None = None) -> str:
    text = _text(n)
    art = make_article(f"https://n.example/{n}", text)
    ext: Extraction = make_extraction(
        text, [(f"Ravi Kumar{n}", LegalStatus.CHARGED)], is_case=is_case
    ).model_copy(update={"case_score": score, "skipped": skipped})
    with store.session() as s:
        row, _ = save_article(s, art, ext)
        case_id = save_extraction(s, row, ext)
    assert (case_id is not None) == is_case
    return case_id if case_id is not None else art.article_id


@pytest.fixture
def items(store: Store) -> dict[str, tuple[str, str]]:
    """name -> (kind, id) of cases and candidates across the bands."""
    out = {
        "case_high": (CASE_ITEM, _add(store, 1, 0.95, is_case=True)),
        "case_edge_high": (CASE_ITEM, _add(store, 2, 0.8, is_case=True)),
        "case_medium": (CASE_ITEM, _add(store, 3, 0.6, is_case=True)),
        # a case below 0.5: a run with a lower case threshold
        "case_low": (CASE_ITEM, _add(store, 4, 0.4, is_case=True)),
        "candidate_low": (CANDIDATE_ITEM, _add(store, 5, 0.3, is_case=False)),
        "candidate_edge_low": (CANDIDATE_ITEM, _add(store, 6, 0.49, is_case=False)),
        # not a case at 0.55: a run with a higher case threshold
        "candidate_medium": (CANDIDATE_ITEM, _add(store, 7, 0.55, is_case=False)),
    }
    # never listed: a text the NLP did not read (skipped) and a candidate taken down
    _add(store, 8, 0.0, is_case=False, skipped=NOT_RELEVANT)
    gone = _add(store, 9, 0.2, is_case=False)
    with store.session() as s:
        suppress_article(s, gone, "admin", "court order")
    return out


def _listed(store: Store, query: CaseQuery) -> set[tuple[str, str]]:
    with store.session() as s:
        return {(i.kind, i.id) for i in queue_page(s, query, limit=100, offset=0)}


@pytest.mark.parametrize(
    ("bands", "expected"),
    [
        (("high",), {"case_high", "case_edge_high"}),
        (("medium",), {"case_medium", "candidate_medium"}),
        (("low",), {"case_low", "candidate_low", "candidate_edge_low"}),
        (
            ("high", "low"),
            {"case_high", "case_edge_high", "case_low", "candidate_low", "candidate_edge_low"},
        ),
    ],
)
def test_each_band_returns_its_items_only(
    store: Store, items: dict[str, tuple[str, str]], bands: tuple[str, ...], expected: set[str]
) -> None:
    assert _listed(store, CaseQuery(bands=bands)) == {items[name] for name in expected}


def test_without_a_band_the_queue_lists_cases_only(
    store: Store, items: dict[str, tuple[str, str]]
) -> None:
    assert _listed(store, CaseQuery()) == {v for v in items.values() if v[0] == CASE_ITEM}


def test_filters_apply_to_candidates(store: Store, items: dict[str, tuple[str, str]]) -> None:
    low = CaseQuery(bands=("low",), min_score=0.45)
    assert _listed(store, low) == {items["candidate_edge_low"]}
    # a candidate has no review status and no edit: those filters leave it out
    assert _listed(store, CaseQuery(bands=("low",), review_status="pending")) == {items["case_low"]}
    assert items["candidate_low"] in _listed(store, CaseQuery(bands=("low",), edited=False))
    assert _listed(store, CaseQuery(bands=("low",), edited=True)) == set()
    # jurisdiction from the candidate's extraction (the factory's "IN")
    assert _listed(store, CaseQuery(bands=("medium",), country="IN")) == {
        items["case_medium"],
        items["candidate_medium"],
    }
    assert _listed(store, CaseQuery(bands=("medium",), country="NG")) == set()


def test_candidates_sort_with_cases_by_score(
    store: Store, items: dict[str, tuple[str, str]]
) -> None:
    with store.session() as s:
        order = [
            i.id for i in queue_page(s, CaseQuery(bands=("low",), sort="score"), limit=10, offset=0)
        ]
    assert order == [items[n][1] for n in ("candidate_edge_low", "case_low", "candidate_low")]


def test_a_promoted_candidate_is_a_case_not_a_candidate(
    store: Store, items: dict[str, tuple[str, str]]
) -> None:
    # the article gets a case (here by a new extraction that calls it one): listed once, as a case
    article_id = items["candidate_low"][1]
    text = _text(5)
    ext = make_extraction(text, [("Ravi Kumar5", LegalStatus.CHARGED)]).model_copy(
        update={"case_score": 0.3, "extractor_version": "test-2"}
    )
    with store.session() as s:
        save_extraction(s, s.get_one(ArticleRow, article_id), ext)
    listed = _listed(store, CaseQuery(bands=("low",)))
    assert (CASE_ITEM, case_id_for(article_id)) in listed
    assert (CANDIDATE_ITEM, article_id) not in listed
