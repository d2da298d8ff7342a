"""Fit the learned components on the corpus's train split (`tipwatch train`).

Reads a materialized corpus (`tipwatch corpus materialize`), runs the pipeline on every
train-split text, and fits:

- `case`: the case-report decision, over the evidence features of the case component
  (`components/case_classifier.case_features`), on every text the relevance filter lets
  through (borderline records left out);
- `case_brief`: the same decision for briefs only (`case_classifier.is_brief`: short texts
  that name a trafficking term, mostly feed entries), where the hand weights, set on full
  articles, miss cases stated in a headline; fitted on the train split's briefs (none is
  written when they hold only one class);
- `person`: whether a person the pipeline found is a perpetrator, over
  `learned/person_features`, on the case reports' people (labels: the annotated perpetrators,
  matched as the scorer matches them);
- `country`: the case country among the places the jurisdiction component found
  (`learned/country.py`), one row per candidate country of a case report whose annotated
  country is among them, starting from the rules' choice (`hand_top`, not penalised).

Both are logistic models fitted by Newton's method: the same weights for the same corpus on
every run. They are written as JSON to `nlp/models/`, with the hash of the labels they were
fitted on. Dev-split figures are printed; the test split is never read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from tipwatch.nlp.components.case_classifier import is_brief
from tipwatch.nlp.eval import load_records, match_names
from tipwatch.nlp.extractor import CaseExtractor, person_candidates
from tipwatch.nlp.lang import for_language
from tipwatch.nlp.learned.country import HAND_MODEL, choose_country
from tipwatch.nlp.learned.linear import LinearModel, fit_logistic
from tipwatch.nlp.relevance import could_be_case


@dataclass
class Rows:
    case_x: list[dict[str, float]]
    case_y: list[bool]
    person_x: list[dict[str, float]]
    person_y: list[bool]
    # per case report: its candidates (code -> features) and the annotated country
    country: list[tuple[dict[str, dict[str, float]], str]] = field(default_factory=list)

    def country_rows(self) -> tuple[list[dict[str, float]], list[bool]]:
        """One row per candidate of every case report whose country is among them."""
        x: list[dict[str, float]] = []
        y: list[bool] = []
        for candidates, gold in self.country:
            if gold in candidates:
                for code, feats in candidates.items():
                    x.append(feats)
                    y.append(code == gold)
        return x, y


def rows_for(records: list[dict[str, object]], extractor: CaseExtractor) -> Rows:
    lang = for_language("en")
    assert lang is not None
    rows = Rows([], [], [], [])
    for rec in records:
        text = str(rec["text"])
        if not could_be_case(lang, text):
            continue
        pub = rec.get("country_of_publication")
        doc = extractor.analyse(text, str(pub) if pub else None)
        if not rec.get("borderline"):
            rows.case_x.append(dict(doc._.case_features or {}))
            rows.case_y.append(bool(rec["is_case"]))
        if not rec["is_case"]:
            continue
        jur = rec.get("jurisdiction") or {}
        gold_country = jur.get("country") if isinstance(jur, dict) else None
        if gold_country and doc._.country_candidates:
            rows.country.append((dict(doc._.country_candidates), str(gold_country)))
        candidates = person_candidates(lang, doc)
        gold = list(rec.get("perpetrators") or [])  # type: ignore[call-overload]
        matched = {i for i, _ in match_names([p.name for p, _ in candidates], gold)}
        for i, (_p, features) in enumerate(candidates):
            rows.person_x.append(features)
            rows.person_y.append(i in matched)
    return rows


def _unzip(
    pairs: list[tuple[dict[str, float], bool]],
) -> tuple[list[dict[str, float]], list[bool]]:
    return [x for x, _ in pairs], [y for _, y in pairs]


def labels_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def accuracy(model: LinearModel, x: list[dict[str, float]], y: list[bool]) -> float:
    if not x:
        return 1.0
    return sum(
        (model.probability(r) >= model.threshold) == t for r, t in zip(x, y, strict=True)
    ) / len(x)


def country_accuracy(
    model: LinearModel, rows: list[tuple[dict[str, dict[str, float]], str]]
) -> float:
    """The share of case reports whose annotated country the model picks."""
    if not rows:
        return 1.0
    return sum(choose_country(c, model) == gold for c, gold in rows) / len(rows)


def train(
    corpus: Path,
    out_dir: Path,
    *,
    l2: float = 1.0,
    also: list[Path] | None = None,
) -> dict[str, object]:
    records = load_records(corpus)
    train_recs = [r for r in records if r.get("split") == "train"]
    for extra in also or []:
        # more training records (all of them), e.g. cases-dev; never a corpus's test split
        train_recs += [r for r in load_records(extra) if r.get("split") in (None, "train")]
    dev_recs = [r for r in records if r.get("split") == "dev"]
    if not train_recs:
        raise ValueError(f"{corpus}: no records of the train split")
    extractor = CaseExtractor()
    tr = rows_for(train_recs, extractor)
    dv = rows_for(dev_recs, extractor)
    meta = {
        "corpus": corpus.name,
        "corpus_sha256": labels_hash(corpus),
        "train_records": len(train_recs),
    }
    # the rules' logit is not penalised: the model starts from the rules and learns corrections
    case = fit_logistic(tr.case_x, tr.case_y, name="case", l2=l2, unpenalized=("rules_logit",))
    person = fit_logistic(tr.person_x, tr.person_y, name="person", l2=l2)
    country_x, country_y = tr.country_rows()
    # with one candidate per case report there is nothing to choose: the rules' model is kept
    # and no file written
    country_fitted = len(set(country_y)) == 2
    country = (
        fit_logistic(country_x, country_y, name="country", l2=l2, unpenalized=("hand_top",))
        if country_fitted
        else HAND_MODEL
    )
    case = replace(case, meta={**case.meta, **meta})
    person = replace(person, meta={**person.meta, **meta})
    country = replace(country, meta={**country.meta, **meta})
    brief_x = [(x, y) for x, y in zip(tr.case_x, tr.case_y, strict=True) if is_brief(x)]
    dev_brief = [(x, y) for x, y in zip(dv.case_x, dv.case_y, strict=True) if is_brief(x)]
    brief: LinearModel | None = None
    if len({y for _, y in brief_x}) == 2:
        brief = fit_logistic(
            [x for x, _ in brief_x],
            [y for _, y in brief_x],
            name="case_brief",
            l2=l2,
            unpenalized=("rules_logit",),
        )
        brief = replace(brief, meta={**brief.meta, **meta})
    out_dir.mkdir(parents=True, exist_ok=True)
    case.dump(out_dir / "case.json")
    person.dump(out_dir / "person.json")
    if country_fitted:
        country.dump(out_dir / "country.json")
    if brief is not None:
        brief.dump(out_dir / "case_brief.json")
    return {
        "case_brief": None
        if brief is None
        else {
            "version": brief.version,
            "rows": len(brief_x),
            "train_accuracy": accuracy(brief, *_unzip(brief_x)),
            "dev_accuracy": accuracy(brief, *_unzip(dev_brief)),
            "dev_rows": len(dev_brief),
        },
        "case": {
            "version": case.version,
            "rows": len(tr.case_x),
            "train_accuracy": accuracy(case, tr.case_x, tr.case_y),
            "dev_accuracy": accuracy(case, dv.case_x, dv.case_y),
            "dev_rows": len(dv.case_x),
        },
        "country": {
            "version": country.version,
            "rows": len(country_x),
            "case_reports": len(tr.country),
            "train_accuracy": country_accuracy(country, tr.country),
            "dev_accuracy": country_accuracy(country, dv.country),
            "dev_rules_accuracy": country_accuracy(HAND_MODEL, dv.country),
            "dev_case_reports": len(dv.country),
        },
        "person": {
            "version": person.version,
            "rows": len(tr.person_x),
            "train_accuracy": accuracy(person, tr.person_x, tr.person_y),
            "dev_accuracy": accuracy(person, dv.person_x, dv.person_y),
            "dev_rows": len(dv.person_x),
        },
    }
