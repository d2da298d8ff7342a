"""Known-answer tests of the capture-recapture estimators."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from tipwatch.metrics.estimators import (
    ASSUMPTIONS,
    capture_histories,
    chapman,
    fit_loglinear,
    loglinear_estimate,
    profile_interval,
)

Z95 = NormalDist().inv_cdf(0.975)

# Hepatitis A outbreak in a college in northern Taiwan, 1995: three lists, P (serum test),
# Q (questionnaire) and E (records of the epidemiologists); 271 distinct cases observed.
# Source: Chao, Tsay, Lin, Shau & Chao (2001), "The applications of capture-recapture models to
# epidemiological data", Statistics in Medicine 20:3123-3157, Table II; data first analysed in
# International Working Group for Disease Monitoring and Forecasting (1995). Serology later
# established 545 cases.
HAV = {
    (1, 1, 1): 28,
    (1, 1, 0): 21,
    (1, 0, 1): 17,
    (1, 0, 0): 69,
    (0, 1, 1): 18,
    (0, 1, 0): 55,
    (0, 0, 1): 63,
}


def test_chapman_turtle_example() -> None:
    """Wikipedia, "Mark and recapture", Chapman estimator: 10 turtles marked, 15 caught on the
    second visit, 5 of them marked; Lincoln-Petersen gives 30, Chapman (11 x 16)/6 - 1 = 28.3.
    Variance by Seber's formula, computed by hand: 11*16*5*10 / (6^2 * 7) = 8800/252.
    """
    est = chapman(10, 15, 5)
    assert est.n_hat == pytest.approx(28.3, abs=0.05)
    assert est.observed == 20
    assert est.unseen == pytest.approx(28.3333 - 20, abs=1e-3)
    assert est.variance == pytest.approx(8800 / 252)
    assert est.se == pytest.approx(math.sqrt(8800 / 252))
    assert est.ci_normal.low == pytest.approx(est.n_hat - Z95 * est.se)
    assert est.ci_normal.high == pytest.approx(est.n_hat + Z95 * est.se)
    # Chao's interval, recomputed step by step from Chao et al. (2001), eq. (9).
    f0 = est.n_hat - 20
    c = math.exp(Z95 * math.sqrt(math.log(1 + est.variance / f0**2)))
    assert est.ci_log.low == pytest.approx(20 + f0 / c)
    assert est.ci_log.high == pytest.approx(20 + f0 * c)
    # The log interval never goes below what was observed; the normal one here does.
    assert est.ci_log.low > est.observed > est.ci_normal.low
    assert est.assumptions == ASSUMPTIONS


def test_chapman_no_unseen_when_sources_nest() -> None:
    """When one source contains the other, Chapman's unseen count and variance are zero."""
    est = chapman(8, 5, 5)
    assert est.n_hat == pytest.approx(8.0)
    assert est.variance == 0.0
    assert (est.ci_log.low, est.ci_log.high) == (8, 8)


def test_chapman_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError):
        chapman(3, 4, 5)
    with pytest.raises(ValueError):
        chapman(3, 4, 2, level=1.5)


def test_capture_histories_from_sightings() -> None:
    sightings = [
        ("wire-a", "c1"),
        ("wire-a", "c1"),  # a duplicate within one source counts once
        ("paper-b", "c1"),
        ("paper-b", "c2"),
        ("radio-c", "c3"),
        ("elsewhere", "c4"),  # not one of the sources: ignored
    ]
    got = capture_histories(sightings, ["wire-a", "paper-b", "radio-c"])
    assert got == {(1, 1, 0): 1, (0, 1, 0): 1, (0, 0, 1): 1}


def test_two_list_loglinear_independence_is_lincoln_petersen() -> None:
    """With two lists the independence model's unseen cell is z10 z01 / z11 (closed form)."""
    counts = {(1, 1): 5, (1, 0): 5, (0, 1): 10}
    fit = fit_loglinear(counts)
    assert fit is not None
    assert fit.unseen == pytest.approx(5 * 10 / 5)
    assert fit.n_hat == pytest.approx(10 * 15 / 5)  # n1 n2 / m


def _darroch_mle(counts: dict[tuple[int, ...], int]) -> float:
    """Closed-form characterisation of the independence (M_t) MLE, Darroch (1958):
    1 - M/N = prod_j (1 - n_j/N); solved by bisection."""
    k = len(next(iter(counts)))
    m = sum(counts.values())
    n_j = [sum(v for h, v in counts.items() if h[j]) for j in range(k)]

    def f(n: float) -> float:
        return (1 - m / n) - math.prod(1 - x / n for x in n_j)

    lo, hi = m + 1e-9, m * 100.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return (lo + hi) / 2


def test_hav_independence_model_matches_darroch_and_published_388() -> None:
    """HAV data (Chao et al. 2001): the independence log-linear model is the M_t model, whose
    MLE solves Darroch's (1958) equation; Chao et al. (2001) report N = 388 for it."""
    fit = fit_loglinear(HAV)
    assert fit is not None
    assert fit.n_hat == pytest.approx(_darroch_mle(HAV), rel=1e-8)
    assert fit.n_hat == pytest.approx(388, abs=1)
    assert fit.df == 3


def test_hav_saturated_model_closed_form_and_published_1313() -> None:
    """With all two-way terms and no three-way term, the unseen cell has the closed form
    z000 = z111 z100 z010 z001 / (z110 z101 z011) (Bishop, Fienberg & Holland 1975, sec. 6.4);
    N = 1313 as published by Chao et al. (2001) for the HAV data (van Hest et al. 2007 quote
    1314), far above the 545 cases later found by serology."""
    fit = fit_loglinear(HAV, [(0, 1), (0, 2), (1, 2)])
    assert fit is not None
    closed = 28 * 69 * 55 * 63 / (21 * 17 * 18)
    assert fit.unseen == pytest.approx(closed, rel=1e-8)
    assert fit.n_hat == pytest.approx(1313, abs=1.5)
    assert fit.df == 0
    assert fit.deviance == pytest.approx(0.0, abs=1e-8)


def test_hav_model_selection_and_interval() -> None:
    """AIC picks the saturated model on the HAV data (the pitfall discussed by Chao et al. 2001);
    every candidate model is returned so the spread can be shown."""
    est = loglinear_estimate(HAV, criterion="aic")
    assert est.observed == 271
    assert est.selected.interactions == ((0, 1), (0, 2), (1, 2))
    assert len(est.candidates) == 8
    assert min(c.n_hat for c in est.candidates) == pytest.approx(388, abs=1)
    assert est.ci.low < est.selected.n_hat < est.ci.high
    assert est.ci.low > est.observed


def test_profile_interval_independence_model() -> None:
    """The profile-likelihood interval contains the MLE, stays above the observed count and is
    skewed to the right (the likelihood in N is flatter above the estimate)."""
    ci = profile_interval(HAV, ())
    n_hat = _darroch_mle(HAV)
    assert 271 < ci.low < n_hat < ci.high < math.inf
    assert ci.high - n_hat > n_hat - ci.low
    assert ci.method == "profile-likelihood"
    wider = profile_interval(HAV, (), level=0.99)
    assert wider.low < ci.low and wider.high > ci.high


def test_loglinear_rejects_bad_histories() -> None:
    with pytest.raises(ValueError):
        loglinear_estimate({(0, 0, 0): 3, (1, 0, 0): 2})
    with pytest.raises(ValueError):
        loglinear_estimate({(1, 0): 3, (1, 0, 1): 2})


def test_unbounded_models_are_dropped() -> None:
    """Sources that never overlap carry no information on the unseen: no bounded estimate."""
    with pytest.raises(ValueError, match="bounded"):
        loglinear_estimate({(1, 0): 5, (0, 1): 4})
    sparse = {(1, 1, 0): 0, (1, 0, 0): 5, (0, 1, 0): 4, (0, 0, 1): 3, (1, 0, 1): 1}
    est = loglinear_estimate(sparse)
    assert est.selected.interactions == ()
    assert all(c.unseen < 1e6 for c in est.candidates)


def test_four_independent_sources_recover_simulated_total() -> None:
    """Constructed: 400 cases, four independent sources with capture probabilities
    0.3/0.25/0.4/0.2 (seeded); the profile interval of the chosen model covers 400."""
    rng = np.random.default_rng(3)
    caught = rng.random((400, 4)) < np.array([0.3, 0.25, 0.4, 0.2])
    sightings = [(j, i) for i in range(400) for j in range(4) if caught[i, j]]
    counts = capture_histories(sightings, [0, 1, 2, 3])
    est = loglinear_estimate(counts)
    assert len(est.candidates) == 64
    assert est.ci.low < 400 < est.ci.high
