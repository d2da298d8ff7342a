"""The case country: the evidence the jurisdiction component records per candidate country,
the rules' choice as a model, and the shipped learned choice (`nlp/learned/country.py`).
Made-up texts: no rule or test names an annotated article's people or places."""

from __future__ import annotations

import random

from tipwatch.nlp.extractor import CaseExtractor
from tipwatch.nlp.learned.country import (
    HAND_MODEL,
    candidate_features,
    choose_country,
    country_model,
)
from tipwatch.nlp.learned.linear import LinearModel


def test_the_hand_model_picks_the_largest_vote_and_the_first_on_a_tie() -> None:
    rng = random.Random(11)
    codes = ["US", "GB", "IN", "NG", "PH", "MX"]
    for _ in range(200):
        picked = rng.sample(codes, rng.randint(1, 5))
        votes = {c: float(rng.choice([-1.5, 0.36, 0.6, 1.5, 1.6, 2.0, 4.0])) for c in picked}
        kinds = {c: {"entity:country": v} for c, v in votes.items()}
        pub = rng.choice(codes)
        candidates = {c: candidate_features(c, votes, kinds, pub) for c in votes}
        assert choose_country(candidates, HAND_MODEL) == max(votes.items(), key=lambda kv: kv[1])[0]


def test_each_candidate_records_what_pointed_at_it(extractor: CaseExtractor) -> None:
    text = (
        "LAGOS, Nigeria - A court in Lagos on Tuesday convicted two men of human trafficking.\n\n"
        "The men had recruited women from Benin Republic with promises of work in Italy."
    )
    doc = extractor.analyse(text, "GB")
    cands = doc._.country_candidates
    assert cands is not None and "NG" in cands and "GB" in cands
    assert cands["NG"]["k:dateline"] > 0  # the dateline's vote, by kind
    assert cands["NG"].get("k:headline") == 1.0  # the first line names it
    assert cands["GB"]["is_pub"] == 1.0 and cands["GB"]["k:pub"] == 1.5
    assert cands["NG"]["is_pub"] == 0.0
    assert doc._.jurisdiction.country == "NG"


def test_us_alone_is_the_united_states(extractor: CaseExtractor) -> None:
    """ "US" is left out of the country names for the pronoun's sake; the place entity "US"
    ("a US judge") is the United States, and outweighs a British outlet's prior."""
    text = (
        "Financier loses bid for new trial\n\n"
        "A US judge upheld the sex trafficking conviction of Harold Brennock on Monday."
    )
    doc = extractor.analyse(text, "GB")
    assert "US" in (doc._.country_candidates or {})
    assert doc._.jurisdiction.country == "US"


def test_a_model_weighs_a_brief_headline_against_the_outlet_prior(
    extractor: CaseExtractor,
) -> None:
    """A two-line feed entry from a British outlet about a detention in Romania: the rules'
    sum gives the outlet's country (a country named outside a case sentence weighs less than
    the prior); a model that weighs a brief's headline gives Romania. The shipped weights are
    measured by `tipwatch eval`, not pinned here."""
    text = (
        "Influencer loses appeal against detention in Romania\n\n"
        "The influencer and his brother remain in custody in a human trafficking probe."
    )
    doc = extractor.analyse(text, "GB")
    cands = doc._.country_candidates
    assert cands is not None
    assert cands["RO"]["brief_headline"] == 1.0 and cands["GB"]["brief_is_pub"] == 1.0
    assert choose_country(cands, HAND_MODEL) == "GB"
    headline = LinearModel(name="c", bias=0.0, weights={"hand_top": 1.0, "brief_headline": 2.0})
    assert choose_country(cands, headline) == "RO"
    # a full article's headline is no brief's
    long_doc = extractor.analyse(text + "\n\n" + "The hearing lasted all day. " * 60, "GB")
    assert long_doc._.country_candidates["RO"]["brief_headline"] == 0.0


def test_a_trained_country_model_is_shipped() -> None:
    model = country_model()
    assert model is not HAND_MODEL and model.meta.get("case_reports", model.meta.get("rows"))
    assert model.weights["hand_top"] > 0  # it starts from the rules' choice


def test_victims_origin_is_not_the_jurisdiction(extractor: CaseExtractor) -> None:
    text = (
        "HOUSTON (AP) - A federal jury in Houston convicted a restaurant owner of forced labor "
        "on Thursday.\n\nProsecutors said the owner recruited workers from Mexico and Honduras, "
        "took their passports and made them work without pay. The workers came from Guatemala "
        "too. Sentencing is set for March."
    )
    doc = extractor.analyse(text, "US")
    assert doc._.jurisdiction.country == "US"
