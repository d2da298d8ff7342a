from __future__ import annotations

from tests.factories import make_article, make_extraction
from tipwatch.coverage import coverage_table, population
from tipwatch.records import LegalStatus
from tipwatch.store.db import Store
from tipwatch.store.models import CaseRow
from tipwatch.store.repository import save_article, save_extraction
from tipwatch.store.review import review_case


def _add(
    store: Store,
    url: str,
    source: str,
    pub: str,
    case_country: str | None,
    names: list[str],
    *,
    is_case: bool = True,
    text: str | None = None,
) -> str | None:
    if text is None:
        text = "Police arrested " + " and ".join(names) + "." if names else "A quiet day."
    ext = make_extraction(
        text, [(n, LegalStatus.ARRESTED) for n in names], country=case_country, is_case=is_case
    )
    with store.session() as s:
        row, _ = save_article(s, make_article(url, text, source_id=source, country=pub), ext)
        return save_extraction(s, row, ext)


def test_population_data_is_offline_and_plausible() -> None:
    ind, nga, gha = population("IN"), population("NG"), population("GH")
    assert ind is not None and ind > 1_000_000_000
    assert nga is not None and 150_000_000 < nga < 300_000_000
    assert gha is not None and gha < nga


def test_counts_per_country_and_per_million(store: Store) -> None:
    _add(store, "u1", "in-a", "IN", "IN", ["Asha Pillai", "Ravi Menon"])
    _add(store, "u2", "in-b", "IN", "IN", ["Asha Pillai"])  # same person again: counted once
    _add(store, "u3", "in-a", "IN", None, [], is_case=False)
    _add(store, "u4", "ng-a", "NG", "GH", ["Kwame Mensah"])  # Nigerian outlet, Ghanaian case
    rejected = _add(store, "u5", "ng-a", "NG", "NG", ["Emeka Obi"])
    assert rejected is not None
    with store.session() as s:
        review_case(s, rejected, decision="rejected", user="ana")
        rows = {r.country: r for r in coverage_table(s)}

    assert set(rows) == {"IN", "NG", "GH"}
    ind = rows["IN"]
    assert (ind.sources, ind.articles_fetched, ind.case_articles) == (2, 3, 2)
    assert ind.languages == ["en", "hi"]
    assert ind.cases_reported_here == 2
    assert ind.perpetrators == 2
    pop = population("IN")
    assert pop is not None
    # Issue 16: 4 significant digits (was 4 decimals: 0.0015 instead of 0.001479).
    assert ind.case_articles_per_million == float(f"{2 / pop * 1e6:.4g}")

    nga = rows["NG"]
    assert (nga.sources, nga.articles_fetched, nga.case_articles) == (1, 2, 1)
    assert nga.cases_reported_here == 0  # the only Nigerian-jurisdiction case was rejected
    gha = rows["GH"]
    assert (gha.sources, gha.cases_reported_here, gha.perpetrators) == (0, 1, 1)
    assert gha.note is not None and "no monitored outlet" in gha.note


def test_source_without_articles_reports_insufficient_coverage(store: Store) -> None:
    with store.session() as s:
        rows = {r.country: r for r in coverage_table(s)}
    assert rows["NG"].articles_fetched == 0
    assert rows["NG"].note is not None and "insufficient coverage" in rows["NG"].note


WIRE = (
    "Police in Lagos arrested Emeka Obi on Tuesday over the trafficking of eleven women to "
    "Accra, where they were forced to work in bars, according to the anti-trafficking agency."
)


def test_a_syndicated_story_is_one_case_where_it_happened(store: Store) -> None:
    """A wire story run by a Nigerian outlet and two Indian ones: three articles fetched and three
    case articles (each outlet's coverage), one case where it happened."""
    ids = [
        _add(store, "w1", "ng-a", "NG", "NG", ["Emeka Obi"], text=WIRE),
        _add(store, "w2", "in-a", "IN", "NG", ["Emeka Obi"], text="LAGOS (Wire) - " + WIRE),
        _add(store, "w3", "in-b", "IN", "NG", ["Emeka Obi"], text="Lagos: " + WIRE),
    ]
    with store.session() as s:
        clusters = {s.get_one(CaseRow, cid).article.cluster_id for cid in ids if cid}
        assert len(clusters) == 1 and None not in clusters  # one near-duplicate cluster
        rows = {r.country: r for r in coverage_table(s)}
    assert (rows["NG"].articles_fetched, rows["NG"].case_articles) == (1, 1)
    assert (rows["IN"].articles_fetched, rows["IN"].case_articles) == (2, 2)
    assert rows["NG"].cases_reported_here == 1  # was 3: every copy counted as a Nigerian case
    assert rows["NG"].perpetrators == 1
