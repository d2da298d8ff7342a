"""The learned components: the logistic fit, the models' files and versions, the hand models
reproducing the rules, and `tipwatch train` on real annotated articles with the real model."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from tipwatch.nlp.components.case_classifier import HAND_MODEL as CASE_HAND
from tipwatch.nlp.components.case_classifier import (
    CaseClassifier,
    brief_model,
    case_digest,
    case_model,
    is_brief,
)
from tipwatch.nlp.extractor import (
    EXTRACTOR_VERSION,
    CaseExtractor,
    models_digest,
    person_candidates,
)
from tipwatch.nlp.lang import for_language
from tipwatch.nlp.learned.linear import LinearModel, fit_logistic
from tipwatch.nlp.learned.train import train

REPO = Path(__file__).resolve().parents[2]


def test_fit_recovers_the_direction_of_each_feature_and_is_deterministic() -> None:
    rng = random.Random(3)
    rows, labels = [], []
    for _ in range(400):
        good, bad, noise = rng.random(), rng.random(), rng.random()
        rows.append({"good": good, "bad": bad, "noise": noise})
        labels.append(rng.random() < 1 / (1 + pow(2.718, -(4 * good - 4 * bad))))
    model = fit_logistic(rows, labels, name="t", l2=0.1)
    assert model.weights["good"] > 2 and model.weights["bad"] < -2
    assert abs(model.weights["noise"]) < 1
    again = fit_logistic(rows, labels, name="t", l2=0.1)
    assert again.to_json() == model.to_json() and again.version == model.version
    # a prior left unpenalised keeps its weight under a penalty that shrinks the others
    tight = fit_logistic(rows, labels, name="t", l2=500.0, unpenalized=("good",))
    assert tight.weights["good"] > 2 and abs(tight.weights["bad"]) < 1
    with pytest.raises(ValueError, match="both classes"):
        fit_logistic(rows, [True] * len(rows), name="t")


def test_model_file_round_trip_and_version_follows_the_weights(tmp_path: Path) -> None:
    model = LinearModel(name="case", bias=-1.0, weights={"a": 2.0}, meta={"rows": 3})
    model.dump(tmp_path / "m.json")
    loaded = LinearModel.load(tmp_path / "m.json")
    assert loaded.to_json() == model.to_json() and loaded.version == model.version
    assert loaded.probability({"a": 1.0}) > 0.5 > loaded.probability({})
    assert loaded.probability({"unknown": 9.0}) == model.probability({})
    other = LinearModel(name="case", bias=-1.0, weights={"a": 2.5})
    assert other.version != model.version


def test_the_shipped_models_are_in_the_extractor_version() -> None:
    assert f"+c-{case_digest()}" in EXTRACTOR_VERSION
    brief = brief_model()
    if brief is None:
        assert case_digest() == case_model().digest
    else:  # a retrained brief model alone changes the version too
        assert case_digest() != case_model().digest
    assert f"+m-{models_digest()}" in EXTRACTOR_VERSION
    # the country model changes it too
    combined = models_digest()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            "tipwatch.nlp.extractor.country_model",
            lambda: LinearModel(name="country", bias=0.0, weights={"hand_top": 3.0}),
        )
        assert models_digest() != combined
    assert models_digest() == combined
    assert len(EXTRACTOR_VERSION) <= 40  # the store's column


def test_the_hand_person_model_keeps_exactly_the_rules_perpetrators(
    extractor: CaseExtractor,
) -> None:
    lang = for_language("en")
    assert lang is not None
    text = (
        "Two charged with human trafficking\n\nPolice arrested John Okello and Peter Mwangi on "
        "Monday and charged them with human trafficking. The victim, Mary Atieno, 16, was "
        "rescued. Detective Samuel Kiprop said the two would appear in court."
    )
    doc = extractor.analyse(text, "KE")
    hand = LinearModel(name="person-hand", bias=-5.0, weights={"rule_ok": 10.0})
    for person, features in person_candidates(lang, doc):
        assert (hand.probability(features) >= 0.5) == bool(features["rule_ok"]), person.name
        assert person.name != "Mary Atieno"  # the masking guard runs before any model


def test_case_hand_model_is_the_rules_logistic_score() -> None:
    # every hand weight names a feature the component computes
    from tipwatch.nlp.components.case_classifier import case_features

    names = set(
        case_features(
            strong=1,
            n_case_sents=2,
            n_accused=1,
            n_charges=1,
            n_ht=2,
            n_dis=0,
            n_policy=0,
            near_event=1,
            linked=True,
            topic=True,
            n_trafficking_charges=1,
            n_sents=10,
        )
    )
    assert set(CASE_HAND.weights) <= names


def _cases_dev() -> Path:
    shared = Path(os.environ.get("TIPWATCH_SHARED_DIR", REPO.parent / "shared"))
    return shared / "datasets" / "cases-dev" / "cases.jsonl"


def test_train_fits_both_models_from_a_materialized_corpus(tmp_path: Path) -> None:
    """Real annotated articles (a slice of cases-dev, given splits as a corpus would have)
    through the real pipeline: both models written, deterministic, better than the majority
    class on their own rows, and the test split never read."""
    path = _cases_dev()
    if not path.is_file():
        pytest.skip(f"dev set not found at {path}")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(5)
    rng.shuffle(records)
    chosen = records[:36]
    for i, rec in enumerate(chosen):
        rec["split"] = "train" if i < 24 else ("dev" if i < 30 else "test")
        if rec["split"] == "test":
            rec["text"] = None  # reading a test text would fail: it is never read
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in chosen), encoding="utf-8")
    first = train(corpus, tmp_path / "a")
    second = train(corpus, tmp_path / "b")
    names = ["case", "person", "country"] + (["case_brief"] if first["case_brief"] else [])
    for name in names:
        a = (tmp_path / "a" / f"{name}.json").read_text()
        assert a == (tmp_path / "b" / f"{name}.json").read_text()
        model = LinearModel.load(tmp_path / "a" / f"{name}.json")
        assert model.meta["train_records"] == 24
        assert first[name]["version"] == second[name]["version"] == model.version  # type: ignore[index]
    case = first["case"]
    assert isinstance(case, dict)
    positives = sum(1 for r in chosen[:24] if r["is_case"] and not r.get("borderline"))
    assert case["train_accuracy"] >= max(positives, case["rows"] - positives) / case["rows"]


BRIEF = (
    "Man found guilty in sex trafficking trial\n\n"
    "After years of allegations, the singer is convicted of running a scheme to abuse women."
)


def test_a_brief_is_scored_by_the_brief_model_and_only_a_brief(
    extractor: CaseExtractor,
) -> None:
    """The headline of a feed entry is evidence; a short text naming a trafficking term is
    scored by the brief model (when shipped), a full article and a text with no trafficking
    term by the rules' model, whose score the relevance filter relies on."""
    lang = for_language("en")
    assert lang is not None
    doc = extractor.analyse(BRIEF, "US")
    features = doc._.case_features
    assert features["trafficking_terms"] >= 1  # from the headline
    assert is_brief(features)
    case_only = LinearModel(name="case", bias=-9.0, weights={})
    always = LinearModel(name="case_brief", bias=9.0, weights={})
    classifier = CaseClassifier(lang, 0.5, model=case_only, brief=always)
    assert classifier(extractor.analyse(BRIEF, "US"))._.is_case
    no_term = "Man found guilty in fraud trial\n\nThe singer is convicted of running a scheme."
    other = classifier(extractor.analyse(no_term, "US"))
    assert not is_brief(other._.case_features) and not other._.is_case
    long_text = "\n\n".join([BRIEF] + ["The court heard evidence from six witnesses today."] * 8)
    long_doc = classifier(extractor.analyse(long_text, "US"))
    assert not is_brief(long_doc._.case_features) and not long_doc._.is_case
