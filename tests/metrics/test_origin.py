"""Known-answer tests of the origin-vs-reporting matrix."""

from __future__ import annotations

from datetime import date

from tests.factories import make_article, make_extraction
from tipwatch.metrics.effort import PerpetratorFact
from tipwatch.metrics.origin import OriginCell, origin_matrix, origin_vs_reporting
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.repository import save_article, save_extraction
from tipwatch.store.review import review_case


def _p(name: str, nat: str | None, case: str | None, pub: str) -> PerpetratorFact:
    return PerpetratorFact(name, nat, case, pub, pub, "2026-03")


def _cells(cells: list[OriginCell]) -> list[tuple[str, str, str, int]]:
    return [(c.nationality, c.case_country, c.publication_country, c.perpetrators) for c in cells]


def test_origin_matrix_known_answer() -> None:
    facts = [
        _p("Asha Pillai", "BD", "IN", "IN"),
        _p("asha  PILLAI", "BD", "IN", "IN"),  # same person again
        _p("Sara Khan", "BD", "IN", "IN"),
        _p("Asha Pillai", "BD", "IN", "NG"),  # reported abroad too: its own cell
        _p("Ravi Menon", None, "IN", "IN"),  # nationality not extracted
        _p("Kwame Mensah", "GH", "GH", "NG"),
        _p("Emeka Obi", "NG", None, "NG"),  # case country not extracted
        _p("Li Wei", "CN", "IN", "IN"),
    ]
    assert _cells(origin_matrix(facts)) == [
        ("BD", "IN", "IN", 2),
        ("BD", "IN", "NG", 1),
        ("CN", "IN", "IN", 1),
        ("GH", "GH", "NG", 1),
        ("NG", "unknown", "NG", 1),
        ("unknown", "IN", "IN", 1),
    ]
    assert origin_matrix([]) == []


def _case(
    store: Store, url: str, source: str, pub: str | None, country: str, perps: dict[str, str | None]
) -> str | None:
    text = "Police arrested " + " and ".join(perps) + "."
    ext = make_extraction(text, [(n, LegalStatus.CHARGED) for n in perps], country=country)
    ext = ext.model_copy(
        update={
            "perpetrators": [
                p.model_copy(update={"nationality": perps[p.name]}) for p in ext.perpetrators
            ]
        }
    )
    art = make_article(url, text, source_id=source).model_copy(
        update={"country_of_publication": pub, "publish_date": date(2026, 3, 2)}
    )
    with store.session() as s:
        row, _ = save_article(s, art, ext)
        return save_extraction(s, row, ext)


def test_origin_vs_reporting_on_the_store(store: Store) -> None:
    _case(store, "o1", "in-a", "IN", "IN", {"Asha Pillai": "BD", "Ravi Menon": None})
    # No country of publication on the article: the outlet's country (IN) is used.
    _case(store, "o2", "in-b", None, "IN", {"Asha Pillai": "BD", "Li Wei": "CN"})
    _case(store, "o3", "ng-a", "NG", "GH", {"Kwame Mensah": "GH"})
    rejected = _case(store, "o4", "ng-a", "NG", "NG", {"Emeka Obi": "NG"})
    assert rejected is not None
    with store.session() as s:
        review_case(s, rejected, decision="rejected", user="ana")
        cells = origin_vs_reporting(s)
    assert _cells(cells) == [
        ("BD", "IN", "IN", 1),
        ("CN", "IN", "IN", 1),
        ("GH", "GH", "NG", 1),
        ("unknown", "IN", "IN", 1),
    ]
