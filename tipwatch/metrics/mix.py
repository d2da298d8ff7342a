"""Concentration, case-type mix against a reference, and drift of the mix over time.

* concentration: the top outlet's share of cases and the Herfindahl-Hirschman index (HHI) over
  outlets, with syndicated copies counted once (a cluster of copies is one story, not many);
* case-type mix: observed shares with simultaneous confidence intervals (Goodman 1965) and a
  goodness-of-fit test against a stated reference mix;
* drift: homogeneity test of the mix in window A against window B for one outlet or country,
  with an alert at a configurable alpha and a minimum sample size (the report's Graph 7: a
  funder moved an organisation from sex to labour cases and the data showed a "trend").

Every p-value here tests *sampling* variation only. A significant difference says the mix
changed, not why: coverage, funding, law or editorial focus can move it as easily as crime.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from statistics import NormalDist
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

CASE_TYPES: tuple[str, ...] = ("sex", "labour", "child", "organ", "smuggling")


class ReferenceMix(BaseModel):
    """An external reference mix with its source; shares are normalised to sum to one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    source: str
    year: int
    shares: dict[str, float]
    note: str


# ILO, Walk Free & IOM (2022), "Global Estimates of Modern Slavery: Forced Labour and Forced
# Marriage", Geneva, p. 2: of 27.6 million people in forced labour on a given day in 2021,
# 17.3 million were exploited in the private economy (other than commercial sexual
# exploitation), 6.3 million in forced commercial sexual exploitation and 3.9 million in
# state-imposed forced labour. State-imposed labour is left out: it is rarely prosecuted.
ILO_WALK_FREE_2022 = ReferenceMix(
    name="ILO/Walk Free/IOM global estimates of forced labour, 2021",
    source="ILO, Walk Free and IOM (2022), Global Estimates of Modern Slavery, p. 2",
    year=2021,
    shares={"labour": 17.3 / 23.6, "sex": 6.3 / 23.6},
    note=(
        "APPROXIMATE EXTERNAL REFERENCE: a survey-based estimate of the stock of victims, not of "
        "prosecutions or news reports; covers labour vs commercial sexual exploitation only "
        "(child, organ and smuggling cases have no counterpart and are left out of the test). "
        "A difference from it is expected and is not by itself evidence of bias."
    ),
)


class Concentration(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    total: float  # stories after syndicated copies are counted once
    outlets: int
    top_outlet: str | None
    top_share: float
    hhi: float  # sum of squared shares, 1/outlets .. 1
    hhi_normalised: float  # (hhi - 1/n) / (1 - 1/n); 0 when n <= 1
    effective_outlets: float  # 1 / hhi


def outlet_counts(
    items: Iterable[tuple[str, Hashable]],
    attribution: Literal["fractional", "first"] = "fractional",
) -> dict[str, float]:
    """Per-outlet counts from (outlet, cluster_id) pairs, each syndication cluster counted once.

    A cluster is one original story and its syndicated copies. ``fractional`` splits its single
    count equally among the distinct outlets that carried it; ``first`` credits it to the outlet
    of its first pair (pass items in publication order, so that is the originator).
    """
    carriers: dict[Hashable, list[str]] = {}
    for outlet, cluster in items:
        outs = carriers.setdefault(cluster, [])
        if outlet not in outs:
            outs.append(outlet)
    counts: dict[str, float] = defaultdict(float)
    for outs in carriers.values():
        if attribution == "first":
            counts[outs[0]] += 1.0
        else:
            for o in outs:
                counts[o] += 1.0 / len(outs)
    return dict(counts)


def concentration(counts: Mapping[str, float]) -> Concentration:
    """Top-outlet share and Herfindahl-Hirschman index of per-outlet counts.

    s_i = c_i / sum c; HHI = sum s_i^2; normalised HHI = (HHI - 1/n)/(1 - 1/n); effective number
    of outlets = 1/HHI. Ties for the top outlet go to the alphabetically first.
    """
    if any(v < 0 for v in counts.values()):
        raise ValueError("counts must be non-negative")
    positive = {k: float(v) for k, v in counts.items() if v > 0}
    total = sum(positive.values())
    n = len(positive)
    if total == 0:
        return Concentration(
            total=0.0,
            outlets=0,
            top_outlet=None,
            top_share=0.0,
            hhi=0.0,
            hhi_normalised=0.0,
            effective_outlets=0.0,
        )
    top = min(positive, key=lambda k: (-positive[k], k))
    hhi = sum((v / total) ** 2 for v in positive.values())
    return Concentration(
        total=total,
        outlets=n,
        top_outlet=top,
        top_share=positive[top] / total,
        hhi=hhi,
        hhi_normalised=(hhi - 1.0 / n) / (1.0 - 1.0 / n) if n > 1 else 0.0,
        effective_outlets=1.0 / hhi,
    )


# --- distributions (no scipy dependency) ----------------------------------------------------


def chi2_sf(x: float, df: int) -> float:
    """Upper tail P(X >= x) of the chi-square distribution: Q(df/2, x/2), regularised gamma.

    Series for x < a + 1, Lentz continued fraction otherwise (Press et al., Numerical Recipes,
    sec. 6.2); accurate to ~1e-12 relative.
    """
    if df <= 0:
        raise ValueError("df must be positive")
    if x <= 0:
        return 1.0
    a, xx = df / 2.0, x / 2.0
    log_front = a * math.log(xx) - xx - math.lgamma(a)
    if xx < a + 1.0:
        term = total = 1.0 / a
        ap = a
        for _ in range(10_000):
            ap += 1.0
            term *= xx / ap
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return max(0.0, 1.0 - total * math.exp(log_front))
    tiny = 1e-300
    b = xx + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return min(1.0, math.exp(log_front) * h)


def wilson_interval(x: float, n: float, z: float) -> tuple[float, float]:
    """Wilson (1927) score interval for a proportion x/n at normal quantile z."""
    if n <= 0:
        return (0.0, 1.0)
    p = x / n
    a = z * z
    centre = (x + a / 2.0) / (n + a)
    half = z * math.sqrt(n * p * (1.0 - p) + a / 4.0) / (n + a)
    return (max(0.0, centre - half), min(1.0, centre + half))


# --- case-type mix ---------------------------------------------------------------------------


class Share(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    category: str
    count: int
    share: float
    low: float
    high: float


class MixResult(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    n: int
    level: float
    method: str
    shares: tuple[Share, ...]


class FitTest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reference: str
    categories: tuple[str, ...]
    excluded: tuple[str, ...]  # observed categories absent from the reference
    n: int
    expected: tuple[float, ...]
    statistic: float  # Pearson X^2
    g_statistic: float  # likelihood-ratio G^2
    df: int
    p_value: float
    method: Literal["chi-square", "monte-carlo"]


def case_type_mix(
    counts: Mapping[str, int], level: float = 0.95, categories: Iterable[str] = CASE_TYPES
) -> MixResult:
    """Observed shares with Goodman (1965) simultaneous intervals.

    For k categories, Goodman's interval for category i is
    (A + 2 n_i -+ sqrt(A (A + 4 n_i (n - n_i) / n))) / (2 (n + A)), A = chi^2_1 quantile at
    1 - alpha/k, which is the Wilson interval at z = z_{1 - alpha/(2k)} (Bonferroni): all k
    intervals cover together with probability >= level (asymptotically).
    Categories in ``categories`` are always listed (zero counts included), then any others.
    """
    cats = list(dict.fromkeys([*categories, *counts]))
    if any(counts.get(c, 0) < 0 for c in cats):
        raise ValueError("counts must be non-negative")
    n = sum(counts.get(c, 0) for c in cats)
    k = len(cats)
    alpha = 1.0 - level
    z = NormalDist().inv_cdf(1.0 - alpha / (2.0 * k))
    shares = []
    for c in cats:
        x = counts.get(c, 0)
        low, high = wilson_interval(x, n, z)
        shares.append(Share(category=c, count=x, share=x / n if n else 0.0, low=low, high=high))
    return MixResult(n=n, level=level, method="goodman-1965", shares=tuple(shares))


def _pearson_g(obs: np.ndarray, exp: np.ndarray) -> tuple[float, float]:
    x2 = float(np.sum((obs - exp) ** 2 / exp))
    pos = obs > 0
    g2 = 2.0 * float(np.sum(obs[pos] * np.log(obs[pos] / exp[pos])))
    return x2, g2


def goodness_of_fit(
    counts: Mapping[str, int],
    reference: ReferenceMix | Mapping[str, float],
    monte_carlo: int = 20_000,
    seed: int = 0,
) -> FitTest:
    """Test the observed mix against a reference mix (Pearson X^2, df = k - 1).

    Only categories in the reference are tested (the reference's shares are renormalised over
    them); the others are listed in ``excluded``. When any expected count is below 5 the p-value
    is a Monte Carlo one: the share of ``monte_carlo`` multinomial samples under the reference
    with X^2 at least the observed, (b + 1)/(B + 1).
    """
    ref = reference.shares if isinstance(reference, ReferenceMix) else dict(reference)
    name = reference.name if isinstance(reference, ReferenceMix) else "custom reference"
    cats = tuple(c for c in ref if ref[c] > 0)
    if len(cats) < 2:
        raise ValueError("reference needs at least two categories with positive share")
    excluded = tuple(c for c in counts if c not in cats and counts[c] > 0)
    obs = np.array([float(counts.get(c, 0)) for c in cats])
    n = int(obs.sum())
    if n == 0:
        raise ValueError("no observed cases in the reference categories")
    p = np.array([ref[c] for c in cats], dtype=float)
    p /= p.sum()
    exp = n * p
    x2, g2 = _pearson_g(obs, exp)
    df = len(cats) - 1
    if float(exp.min()) >= 5.0:
        p_value, method = chi2_sf(x2, df), "chi-square"
    else:
        rng = np.random.default_rng(seed)
        sims = rng.multinomial(n, p, size=monte_carlo).astype(float)
        sim_x2 = np.sum((sims - exp) ** 2 / exp, axis=1)
        b = int(np.sum(sim_x2 >= x2 - 1e-9))
        p_value, method = (b + 1.0) / (monte_carlo + 1.0), "monte-carlo"
    return FitTest(
        reference=name,
        categories=cats,
        excluded=excluded,
        n=n,
        expected=tuple(float(e) for e in exp),
        statistic=x2,
        g_statistic=g2,
        df=df,
        p_value=p_value,
        method=method,
    )


# --- drift -----------------------------------------------------------------------------------


class DriftResult(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    categories: tuple[str, ...]
    counts_a: tuple[int, ...]
    counts_b: tuple[int, ...]
    shares_a: tuple[float, ...]
    shares_b: tuple[float, ...]
    largest_shift: str | None  # category whose share moved most
    statistic: float  # Pearson X^2 of homogeneity (odds ratio for Fisher)
    df: int
    p_value: float
    method: Literal["chi-square", "fisher-exact", "monte-carlo", "none"]
    alpha: float
    min_n: int
    alert: bool
    reason: str


def fisher_exact_2x2(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher exact p-value for [[a, b], [c, d]].

    Sums the hypergeometric probabilities of all tables with the same margins that are no more
    likely than the observed one (the usual two-sided definition, as in R's fisher.test).
    """
    r1, c1, n = a + b, a + c, a + b + c + d

    def logp(x: int) -> float:
        return (
            math.lgamma(r1 + 1)
            - math.lgamma(x + 1)
            - math.lgamma(r1 - x + 1)
            + math.lgamma(n - r1 + 1)
            - math.lgamma(c1 - x + 1)
            - math.lgamma(n - r1 - c1 + x + 1)
            - math.lgamma(n + 1)
            + math.lgamma(c1 + 1)
            + math.lgamma(n - c1 + 1)
        )

    lo, hi = max(0, c1 - (n - r1)), min(r1, c1)
    lp_obs = logp(a)
    total = sum(math.exp(logp(x)) for x in range(lo, hi + 1) if logp(x) <= lp_obs + 1e-7)
    return min(1.0, total)


def mix_drift(
    window_a: Mapping[str, int],
    window_b: Mapping[str, int],
    alpha: float = 0.01,
    min_n: int = 30,
    monte_carlo: int = 20_000,
    seed: int = 0,
) -> DriftResult:
    """Has the case-type mix of one outlet or country changed between two windows?

    Test of homogeneity of the 2 x k table (windows x categories; categories empty in both are
    dropped): Fisher's exact test when k = 2; otherwise Pearson X^2 with df = k - 1 when every
    expected count is >= 5, else a Monte Carlo permutation p-value conditional on both margins.
    ``alert`` is true when p < alpha and both windows have at least ``min_n`` cases; with many
    outlets or countries tested at once, expect alpha x (number tested) false alerts.
    """
    cats = tuple(
        c
        for c in dict.fromkeys([*window_a, *window_b])
        if window_a.get(c, 0) + window_b.get(c, 0) > 0
    )
    ca = tuple(int(window_a.get(c, 0)) for c in cats)
    cb = tuple(int(window_b.get(c, 0)) for c in cats)
    if any(v < 0 for v in (*ca, *cb)):
        raise ValueError("counts must be non-negative")
    na, nb = sum(ca), sum(cb)
    sa = tuple(v / na if na else 0.0 for v in ca)
    sb = tuple(v / nb if nb else 0.0 for v in cb)
    shifts = [abs(x - y) for x, y in zip(sa, sb, strict=True)]
    largest = cats[shifts.index(max(shifts))] if cats and na and nb else None

    def result(stat: float, df: int, p: float, method: str, reason: str) -> DriftResult:
        enough = min(na, nb) >= min_n
        alert = enough and p < alpha
        if not enough:
            reason = f"too few cases for an alert ({na} and {nb}, need {min_n} each); " + reason
        return DriftResult(
            categories=cats,
            counts_a=ca,
            counts_b=cb,
            shares_a=sa,
            shares_b=sb,
            largest_shift=largest,
            statistic=stat,
            df=df,
            p_value=p,
            method=method,
            alpha=alpha,
            min_n=min_n,
            alert=alert,
            reason=reason,
        )

    if len(cats) < 2 or na == 0 or nb == 0:
        return result(0.0, 0, 1.0, "none", "nothing to compare")
    obs = np.array([ca, cb], dtype=float)
    expected = obs.sum(axis=1, keepdims=True) * obs.sum(axis=0, keepdims=True) / obs.sum()
    x2 = float(np.sum((obs - expected) ** 2 / expected))
    df = len(cats) - 1
    if len(cats) == 2:
        p = fisher_exact_2x2(ca[0], ca[1], cb[0], cb[1])
        return result(x2, df, p, "fisher-exact", "Fisher's exact test on the 2 x 2 table")
    if float(expected.min()) >= 5.0:
        return result(x2, df, chi2_sf(x2, df), "chi-square", "Pearson chi-square homogeneity")
    rng = np.random.default_rng(seed)
    col = obs.sum(axis=0)
    sim_a = rng.multivariate_hypergeometric(col.astype(np.int64), na, size=monte_carlo)
    sim_a = sim_a.astype(float)
    sim_b = col - sim_a
    sim_x2 = np.sum((sim_a - expected[0]) ** 2 / expected[0], axis=1) + np.sum(
        (sim_b - expected[1]) ** 2 / expected[1], axis=1
    )
    hits = int(np.sum(sim_x2 >= x2 - 1e-9))
    p = (hits + 1.0) / (monte_carlo + 1.0)
    return result(x2, df, p, "monte-carlo", "Monte Carlo permutation test (small expected counts)")


def drift_by_group(
    records: Iterable[tuple[str, str, str]],
    window_a: str,
    window_b: str,
    alpha: float = 0.01,
    min_n: int = 30,
    seed: int = 0,
) -> dict[str, DriftResult]:
    """Drift per group (outlet or country) from (group, window, case_type) records.

    Records whose window is neither ``window_a`` nor ``window_b`` are ignored. Count each case
    once per group (syndicated copies clustered first).
    """
    tables: dict[str, tuple[Counter[str], Counter[str]]] = {}
    for group, window, case_type in records:
        if window not in (window_a, window_b):
            continue
        a, b = tables.setdefault(group, (Counter(), Counter()))
        (a if window == window_a else b)[case_type] += 1
    return {
        g: mix_drift(a, b, alpha=alpha, min_n=min_n, seed=seed)
        for g, (a, b) in sorted(tables.items())
    }
