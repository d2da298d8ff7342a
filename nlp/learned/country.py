"""The case country among the candidate places: a learned choice over the rules' evidence.

The jurisdiction component (`components/jurisdiction.py`) collects, for every country the text
points at, what pointed there and with what hand weight: the dateline, a court's seat, a place in
a sentence that reports the legal step or elsewhere, a route ("flew them to"), an authority named
with a demonym ("Romanian prosecutors"), an extradition, the outlet's country as a prior. The
rules pick the country with the largest sum. A trained model (`nlp/models/country.json`, written
by `tipwatch train`) weighs the same evidence per kind instead, learnt from annotated case
reports, starting from the rules' own choice (an unpenalised feature), and picks the country it
scores highest. Without a shipped model the rules' choice stands, exactly as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from tipwatch.nlp.learned.linear import LinearModel
from tipwatch.nlp.models import MODELS

# the rules' choice as a model: the candidate the hand weights put first
HAND_MODEL = LinearModel(name="country-hand", bias=0.0, weights={"hand_top": 10.0})


def candidate_features(
    code: str,
    votes: Mapping[str, float],
    kinds: Mapping[str, Mapping[str, float]],
    pub: str | None,
    brief: bool = False,
) -> dict[str, float]:
    """What points at `code`: the weight of each kind of evidence (`k:<kind>:<what>` and
    `k:<kind>`), whether the headline names it, whether it is the outlet's country, and the
    rules' verdict; the outlet's country and the headline again for a brief, where the prior
    counts for less against what the few lines say."""
    top = max(votes.items(), key=lambda kv: kv[1])[0]
    positive = sum(v for v in votes.values() if v > 0) or 1.0
    feats: dict[str, float] = {
        "hand_top": float(code == top),
        "hand_share": max(0.0, votes[code]) / positive,
        "is_pub": float(code == pub),
        "candidates": min(len(votes), 6) / 6,
        "brief_is_pub": float(brief and code == pub),
        "brief_headline": float(brief and bool(kinds.get(code, {}).get("headline"))),
    }
    for kind, weight in kinds.get(code, {}).items():
        feats[f"k:{kind}"] = feats.get(f"k:{kind}", 0.0) + weight
        base = kind.split(":", 1)[0]
        if base != kind:
            feats[f"k:{base}"] = feats.get(f"k:{base}", 0.0) + weight
    return feats


@cache
def country_model() -> LinearModel:
    """The trained model shipped in `nlp/models/country.json`, else the rules' choice."""
    path = MODELS / "country.json"
    return LinearModel.load(path) if path.is_file() else HAND_MODEL


def choose_country(
    candidates: Mapping[str, Mapping[str, float]], model: LinearModel | None = None
) -> str:
    """The candidate (code -> `candidate_features`) the model scores highest, the first such
    on a tie; `candidates` must not be empty."""
    m = model or country_model()
    best, best_logit = "", float("-inf")
    for code, feats in candidates.items():
        logit = m.logit(feats)
        if logit > best_logit:
            best, best_logit = code, logit
    return best
