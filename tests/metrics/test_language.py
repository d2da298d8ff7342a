"""Known-answer tests of language coverage: population share of monitored languages (CLDR via
Babel) and articles skipped for unsupported languages."""

from __future__ import annotations

from babel.languages import get_territory_language_info

from tests.factories import make_article, make_extraction
from tipwatch.metrics.effort import SourceFact, load_sources
from tipwatch.metrics.language import (
    UNSUPPORTED_LANGUAGE,
    UnsupportedSkip,
    base_language,
    language_coverage,
    language_population_share,
    language_table,
    load_unsupported_skips,
    territory_language_shares,
)
from tipwatch.store.db import Store
from tipwatch.store.repository import save_article, save_extraction


def test_share_is_a_range_from_largest_language_to_capped_sum() -> None:
    shares = {"hi": 41.0, "en": 19.0, "bn": 8.1, "ta": 5.9}
    s = language_population_share(shares, ["en", "hi"])
    # upper: 41 + 19 = 60; lower: the largest single monitored language, 41.
    assert (s.upper_pct, s.lower_pct) == (60.0, 41.0)
    assert s.monitored_found == ("en", "hi")
    assert s.largest_unmonitored == (("bn", 8.1), ("ta", 5.9))


def test_overlapping_percentages_are_capped_at_100() -> None:
    shares = {"de": 76.0, "gsw": 66.0, "en": 45.0, "fr": 39.0}
    s = language_population_share(shares, ["de", "fr", "en-GB"])
    # 76 + 39 + 45 = 160 (multilingual people counted thrice) -> capped at 100; lower 76.
    assert (s.upper_pct, s.lower_pct) == (100.0, 76.0)
    assert s.monitored_found == ("de", "en", "fr")
    assert s.largest_unmonitored == (("gsw", 66.0),)
    none = language_population_share(shares, ["xx"])
    assert (none.upper_pct, none.lower_pct, none.monitored_found) == (0.0, 0.0, ())


def test_territory_shares_merge_script_variants() -> None:
    assert base_language("hi_Latn") == base_language("HI-IN") == "hi"
    raw = get_territory_language_info("IN")
    shares = territory_language_shares("IN")
    assert all("_" not in lang for lang in shares)
    assert "hi_Latn" in raw  # CLDR lists the Latin-script variant apart
    assert shares["hi"] == max(
        raw["hi"]["population_percent"], raw["hi_Latn"]["population_percent"]
    )
    assert territory_language_shares("ZZ") == {}


def test_language_table_on_plain_data() -> None:
    sources = [
        SourceFact("in-a", "IN", ("en", "hi")),
        SourceFact("in-b", "IN", ("en",)),
        SourceFact("zz-a", "ZZ", ("en",)),
    ]
    skips = [UnsupportedSkip("IN", "ta", 3), UnsupportedSkip("IN", "unknown", 1)]
    fake = {"IN": {"hi": 41.0, "en": 19.0, "ta": 5.9}, "ZZ": {}}
    rows = {r.country: r for r in language_table(sources, skips, shares_for=fake.__getitem__)}
    ind = rows["IN"]
    assert ind.monitored_languages == ["en", "hi"]
    assert (ind.population_share_pct, ind.population_share_lower_pct) == (60.0, 41.0)
    assert ind.largest_unmonitored_languages == {"ta": 5.9}
    assert ind.skipped_unsupported_language == 4
    assert ind.skipped_by_language == {"ta": 3, "unknown": 1}
    zz = rows["ZZ"]
    # No CLDR data: the share is unknown (None), not 0.
    assert (zz.cldr_data, zz.population_share_pct, zz.skipped_unsupported_language) == (
        False,
        None,
        0,
    )


def _skipped(
    store: Store, url: str, source: str, lang: str | None, reason: str, versions: int = 1
) -> None:
    text = f"Some text of {url} in a language the pipeline does not read."
    with store.session() as s:
        art = make_article(url, text, source_id=source).model_copy(update={"language": lang})
        base = make_extraction(text, [], is_case=False)
        row = None
        for v in range(versions):
            ext = base.model_copy(update={"skipped": reason, "extractor_version": f"v{v}"})
            if row is None:
                row, _ = save_article(s, art, ext)
            save_extraction(s, row, ext)


def test_unsupported_skips_on_the_store(store: Store) -> None:
    _skipped(store, "t1", "in-a", "ta", UNSUPPORTED_LANGUAGE, versions=2)  # counted once
    _skipped(store, "t2", "in-a", "ta", UNSUPPORTED_LANGUAGE)
    _skipped(store, "t3", "in-b", "ta", UNSUPPORTED_LANGUAGE)
    _skipped(store, "y1", "ng-a", "yo", UNSUPPORTED_LANGUAGE)
    _skipped(store, "n1", "ng-a", None, UNSUPPORTED_LANGUAGE)
    _skipped(store, "e1", "ng-a", "en", "too_short")  # another reason: not counted
    with store.session() as s:
        skips = load_unsupported_skips(s)
        rows = {r.country: r for r in language_coverage(s)}
        fake = {"IN": {"hi": 41.0, "en": 19.0}, "NG": {"en": 53.0, "yo": 13.0}}
        plain = {
            r.country: r
            for r in language_table(load_sources(s), skips, shares_for=fake.__getitem__)
        }
    assert [(k.country, k.language, k.articles) for k in skips] == [
        ("IN", "ta", 3),
        ("NG", "unknown", 1),
        ("NG", "yo", 1),
    ]
    assert rows["NG"].skipped_by_language == {"unknown": 1, "yo": 1}
    assert rows["IN"].skipped_unsupported_language == 3
    assert (plain["IN"].population_share_pct, plain["NG"].population_share_pct) == (60.0, 53.0)
    # With Babel's real CLDR data: Hindi + English speakers, a plausible share of India.
    ind = rows["IN"]
    assert ind.cldr_data and ind.population_share_pct is not None
    shares = territory_language_shares("IN")
    assert ind.population_share_pct == round(min(100.0, shares["hi"] + shares["en"]), 4)
    assert 40.0 < ind.population_share_pct <= 100.0
    assert ind.population_share_lower_pct == shares["hi"]
