"""Capture-recapture estimates of how many cases the press reported that tipwatch never saw.

The same prosecution reported by several *independent* sources overlaps like marked animals in a
mark-recapture study: the smaller the overlap, the more cases nobody in the sample reported.

* two sources: Chapman's bias-corrected Lincoln-Petersen estimator with Seber's variance, a
  normal-approximation interval and Chao's log-transformed interval (better for small overlaps);
* three or more sources: log-linear (Poisson) models of the incomplete 2^k table of capture
  histories (Fienberg 1972; Bishop, Fienberg & Holland 1975, ch. 6), the independence model and
  models with two-way interactions, chosen by AIC or BIC, with a profile-likelihood interval for N
  (Cormack 1992).

Assumptions (none can be fully checked from the data; see ``docs/metrics.md``):

1. closed population: the cases are a fixed set during the window (no case enters or leaves);
2. independent sources: being reported by one source does not change the chance of being
   reported by another. Syndicated copies and wire stories violate this, so cluster outlets into
   independent sources (one syndication group = one source) *before* counting. Log-linear models
   with two-way interactions relax this for pairs of sources, but not the highest-order
   interaction, which is assumed absent;
3. homogeneous capture probability: every case is equally likely to be reported by a given
   source (big, urban, sex-trafficking cases are not; heterogeneity biases N downwards);
4. perfect matching: the same case is recognised as the same across sources, and different cases
   are never merged (missed links inflate N, false links deflate it).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from statistics import NormalDist
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

ASSUMPTIONS: tuple[str, ...] = (
    "closed population: the set of cases does not change during the window",
    "independent sources: syndicated copies must be clustered into one source first",
    "homogeneous capture probability: every case equally likely to be reported by a source",
    "perfect matching: the same case is linked across sources, distinct cases are never merged",
)


class Interval(BaseModel):
    """A confidence interval for the total number of cases N."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    low: float
    high: float
    level: float
    method: str


class TwoSourceEstimate(BaseModel):
    """Chapman's estimate from two independent sources."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    n1: int
    n2: int
    m: int
    observed: int  # distinct cases seen by either source, n1 + n2 - m
    n_hat: float
    unseen: float  # n_hat - observed
    variance: float
    se: float
    ci_normal: Interval
    ci_log: Interval  # Chao's log-transformed interval; prefer it when m is small
    assumptions: tuple[str, ...] = ASSUMPTIONS


class LogLinearFit(BaseModel):
    """One fitted log-linear model of the incomplete 2^k table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    interactions: tuple[tuple[int, int], ...]  # pairs of source indices with a two-way term
    n_params: int
    deviance: float  # G^2 against the saturated fit of the observed cells
    df: int
    aic: float
    bic: float
    unseen: float  # fitted count of the all-zero capture history
    n_hat: float


class MultiSourceEstimate(BaseModel):
    """The selected log-linear model's estimate, with every candidate model for inspection."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: int
    observed: int
    selected: LogLinearFit
    criterion: Literal["aic", "bic"]
    ci: Interval
    candidates: tuple[LogLinearFit, ...]
    assumptions: tuple[str, ...] = ASSUMPTIONS


def _z(level: float) -> float:
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be in (0, 1), got {level}")
    return NormalDist().inv_cdf(0.5 + level / 2.0)


def chapman(n1: int, n2: int, m: int, level: float = 0.95) -> TwoSourceEstimate:
    """Chapman (1951) estimate of N from two independent sources.

    ``n1`` and ``n2`` are the distinct cases reported by each source, ``m`` those reported by both.

    * N = (n1+1)(n2+1)/(m+1) - 1
    * Var = (n1+1)(n2+1)(n1-m)(n2-m) / ((m+1)^2 (m+2))   (Seber 1970; Seber 1982, eq. 3.7)
    * normal interval: N +- z SE (poor when m is small: symmetric, can fall below the observed)
    * Chao's log-transformed interval (Chao 1987; Chao et al. 2001, eq. 9) for the unseen
      f0 = N - observed: [observed + f0/C, observed + f0*C], C = exp(z sqrt(log(1 + Var/f0^2))).
    """
    if min(n1, n2, m) < 0:
        raise ValueError("counts must be non-negative")
    if m > min(n1, n2):
        raise ValueError(f"overlap m={m} exceeds a source's count (n1={n1}, n2={n2})")
    z = _z(level)
    observed = n1 + n2 - m
    n_hat = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    se = math.sqrt(variance)
    ci_normal = Interval(low=n_hat - z * se, high=n_hat + z * se, level=level, method="normal")
    unseen = n_hat - observed
    if unseen <= 0.0 or variance <= 0.0:
        ci_log = Interval(low=observed, high=observed, level=level, method="chao-log")
    else:
        c = math.exp(z * math.sqrt(math.log(1.0 + variance / unseen**2)))
        ci_log = Interval(
            low=observed + unseen / c, high=observed + unseen * c, level=level, method="chao-log"
        )
    return TwoSourceEstimate(
        n1=n1,
        n2=n2,
        m=m,
        observed=observed,
        n_hat=n_hat,
        unseen=unseen,
        variance=variance,
        se=se,
        ci_normal=ci_normal,
        ci_log=ci_log,
    )


def capture_histories(
    sightings: Iterable[tuple[Hashable, Hashable]], sources: Sequence[Hashable]
) -> dict[tuple[int, ...], int]:
    """Count capture histories from (source, case_id) pairs.

    ``sources`` fixes the order of the history bits; pairs from other sources are ignored and a
    case seen twice by one source counts once. Each source must already be an *independent*
    source (a syndication group, not a single outlet).
    """
    index = {s: i for i, s in enumerate(sources)}
    if len(index) != len(sources):
        raise ValueError("sources must be distinct")
    seen: dict[Hashable, list[int]] = {}
    for source, case in sightings:
        i = index.get(source)
        if i is None:
            continue
        seen.setdefault(case, [0] * len(sources))[i] = 1
    return dict(Counter(tuple(bits) for bits in seen.values()))


def _histories(k: int) -> list[tuple[int, ...]]:
    return [h for h in itertools.product((0, 1), repeat=k) if any(h)]


def _design(
    rows: Sequence[tuple[int, ...]], k: int, interactions: Sequence[tuple[int, int]]
) -> np.ndarray:
    x = np.ones((len(rows), 1 + k + len(interactions)))
    for r, h in enumerate(rows):
        x[r, 1 : 1 + k] = h
        for c, (i, j) in enumerate(interactions):
            x[r, 1 + k + c] = h[i] * h[j]
    return x


def _poisson_irls(
    x: np.ndarray, y: np.ndarray, max_iter: int = 100, tol: float = 1e-10
) -> np.ndarray | None:
    """Fitted means of a Poisson GLM with log link by IRLS; None if it does not converge.

    Non-convergence, or a coefficient beyond +-30 (a factor of 1e13), means a zero or empty
    margin drives the fit to the boundary (e.g. two sources that never overlap: the unseen cell
    is unbounded); such models are not used.
    """
    mu = y + 0.5
    eta = np.log(mu)
    dev_old = math.inf
    beta_old = np.full(x.shape[1], np.inf)
    for _ in range(max_iter):
        w = mu
        zwork = eta + (y - mu) / mu
        xtw = x.T * w
        try:
            beta = np.linalg.solve(xtw @ x, xtw @ zwork)
        except np.linalg.LinAlgError:
            return None
        eta = x @ beta
        if np.any(eta > 700):
            return None
        mu = np.exp(eta)
        pos = y > 0
        dev = 2.0 * float(np.sum(y[pos] * np.log(y[pos] / mu[pos])) - np.sum(y - mu))
        # At a boundary the deviance settles while coefficients keep drifting: require both.
        if (
            abs(dev - dev_old) < tol * (1.0 + abs(dev))
            and float(np.max(np.abs(beta - beta_old))) < 1e-7
        ):
            if np.any(np.abs(beta) > 30):
                return None  # a coefficient heading to +-infinity: boundary, not a fit
            return mu
        dev_old, beta_old = dev, beta
    return None


def _poisson_loglik(y: np.ndarray, mu: np.ndarray) -> float:
    return float(np.sum(y * np.log(mu) - mu) - sum(math.lgamma(v + 1.0) for v in y))


def candidate_models(k: int, max_models: int = 1024) -> list[tuple[tuple[int, int], ...]]:
    """Independence plus every set of two-way interactions that leaves the model identifiable.

    A model needs fewer parameters than the 2^k - 1 observed cells plus one (it may be saturated
    for k = 3: all three two-way terms, no three-way term). With many sources the number of
    subsets explodes; then only the independence model, each single interaction and each pair of
    interactions are tried.
    """
    pairs = list(itertools.combinations(range(k), 2))
    cells = 2**k - 1
    limit = cells - 1 - k  # interaction terms allowed
    if 2 ** len(pairs) <= max_models:
        subsets: Iterable[tuple[tuple[int, int], ...]] = itertools.chain.from_iterable(
            itertools.combinations(pairs, r) for r in range(len(pairs) + 1)
        )
    else:
        subsets = itertools.chain.from_iterable(itertools.combinations(pairs, r) for r in range(3))
    return [s for s in subsets if len(s) <= limit]


def fit_loglinear(
    counts: Mapping[tuple[int, ...], int], interactions: Sequence[tuple[int, int]] = ()
) -> LogLinearFit | None:
    """Fit one log-linear model to the observed cells; None when the estimate is unbounded.

    log mu_h = u + sum_j u_j h_j + sum_(i,j) u_ij h_i h_j over the 2^k - 1 observed histories h;
    the unseen cell is mu_0 = exp(u) and N = observed + mu_0 (Fienberg 1972).
    """
    k = _arity(counts)
    rows = _histories(k)
    y = np.array([float(counts.get(h, 0)) for h in rows])
    observed = int(y.sum())
    if observed == 0:
        raise ValueError("no cases observed")
    inter = tuple(sorted((min(i, j), max(i, j)) for i, j in interactions))
    x = _design(rows, k, inter)
    if x.shape[1] > len(rows):
        raise ValueError("model has more parameters than observed cells")
    mu = _poisson_irls(x, y)
    if mu is None:
        return None
    beta = np.linalg.lstsq(x, np.log(mu), rcond=None)[0]
    unseen = float(math.exp(beta[0]))
    pos = y > 0
    deviance = 2.0 * float(np.sum(y[pos] * np.log(y[pos] / mu[pos])) - np.sum(y - mu))
    ll = _poisson_loglik(y, mu)
    p = x.shape[1]
    return LogLinearFit(
        interactions=inter,
        n_params=p,
        deviance=max(deviance, 0.0),
        df=len(rows) - p,
        aic=-2.0 * ll + 2.0 * p,
        bic=-2.0 * ll + p * math.log(observed),
        unseen=unseen,
        n_hat=observed + unseen,
    )


def _arity(counts: Mapping[tuple[int, ...], int]) -> int:
    lengths = {len(h) for h in counts}
    if len(lengths) != 1:
        raise ValueError("capture histories must all have the same length")
    k = lengths.pop()
    if k < 2:
        raise ValueError("need at least two sources")
    for h, v in counts.items():
        if any(b not in (0, 1) for b in h) or not any(h):
            raise ValueError(f"invalid observed capture history {h}")
        if v < 0:
            raise ValueError("counts must be non-negative")
    return k


def _profile_loglik(
    n: float, y_full: np.ndarray, x_full: np.ndarray, observed: int
) -> float | None:
    """Multinomial log-likelihood of N, maximised over the model's cell probabilities.

    The complete table (unseen cell = N - observed) is fitted as Poisson; since the model has an
    intercept the fitted means sum to N, and log L(N) = log N!/(N-M)! + sum z log(mu/N)
    (Cormack 1992), up to a constant.
    """
    y = y_full.copy()
    y[0] = n - observed
    mu = _poisson_irls(x_full, y)
    if mu is None:
        return None
    pos = y > 0
    return (
        math.lgamma(n + 1.0)
        - math.lgamma(n - observed + 1.0)
        + float(np.sum(y[pos] * np.log(mu[pos] / n)))
    )


def profile_interval(
    counts: Mapping[tuple[int, ...], int],
    interactions: Sequence[tuple[int, int]] = (),
    level: float = 0.95,
) -> Interval:
    """Profile-likelihood interval for N under one log-linear model (Cormack 1992).

    {N >= observed : 2 (max log L - log L(N)) <= chi^2_1(level)}; the upper end is infinite when the
    likelihood never drops far enough (a model that cannot bound N from these data).
    """
    fit = fit_loglinear(counts, interactions)
    if fit is None:
        raise ValueError("model estimate is unbounded for these counts")
    k = _arity(counts)
    rows = [tuple([0] * k), *_histories(k)]
    y_full = np.array([0.0] + [float(counts.get(h, 0)) for h in rows[1:]])
    x_full = _design(rows, k, fit.interactions)
    observed = int(y_full.sum())
    crit = _z(level) ** 2 / 2.0

    def ll(n: float) -> float:
        v = _profile_loglik(n, y_full, x_full, observed)
        return -math.inf if v is None else v

    # Maximise over a bracket around the conditional estimate (golden section on log(N - M + 1)).
    a, b = 0.0, math.log(max(fit.unseen, 1.0) * 20.0 + 10.0)
    g = (math.sqrt(5.0) - 1.0) / 2.0
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = ll(observed + math.expm1(c)), ll(observed + math.expm1(d))
    for _ in range(80):
        if fc >= fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = ll(observed + math.expm1(c))
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = ll(observed + math.expm1(d))
    n_max = observed + math.expm1((a + b) / 2.0)
    l_max = max(ll(n_max), ll(fit.n_hat))
    if ll(fit.n_hat) > ll(n_max):
        n_max = fit.n_hat

    def drop(n: float) -> float:
        return l_max - ll(n) - crit

    low = float(observed)
    if drop(low) > 0:
        lo, hi = low, n_max
        for _ in range(100):
            mid = (lo + hi) / 2.0
            lo, hi = (mid, hi) if drop(mid) > 0 else (lo, mid)
        low = (lo + hi) / 2.0
    high = math.inf
    step = max(n_max - observed, 1.0)
    hi = n_max + step
    for _ in range(60):
        if drop(hi) > 0:
            lo = n_max
            for _ in range(100):
                mid = (lo + hi) / 2.0
                lo, hi = (lo, mid) if drop(mid) > 0 else (mid, hi)
            high = (lo + hi) / 2.0
            break
        step *= 2.0
        hi = n_max + step
    return Interval(low=low, high=high, level=level, method="profile-likelihood")


def loglinear_estimate(
    counts: Mapping[tuple[int, ...], int],
    criterion: Literal["aic", "bic"] = "aic",
    level: float = 0.95,
    models: Sequence[Sequence[tuple[int, int]]] | None = None,
) -> MultiSourceEstimate:
    """Estimate N from k >= 2 sources by the log-linear model with the lowest AIC or BIC.

    ``counts`` maps capture histories (tuples of 0/1, one bit per independent source, the
    all-zero history excluded) to numbers of cases. ``models`` lists the sets of two-way
    interactions to try (default: :func:`candidate_models`). Models whose estimate is unbounded
    are dropped. The interval is the profile-likelihood interval of the selected model; it does
    not include model-selection uncertainty, so also look at the spread of ``candidates``.
    Saturated models (df = 0) fit the data exactly and are notoriously unstable: an AIC choice of
    the saturated model deserves scepticism (Chao et al. 2001 report 1313 for a hepatitis A
    outbreak later found by serology to have 545 cases).
    """
    k = _arity(counts)
    tried = candidate_models(k) if models is None else [tuple(m) for m in models]
    fits = [f for f in (fit_loglinear(counts, m) for m in tried) if f is not None]
    if not fits:
        raise ValueError("no candidate model gives a bounded estimate")
    selected = min(fits, key=lambda f: f.aic if criterion == "aic" else f.bic)
    ci = profile_interval(counts, selected.interactions, level)
    return MultiSourceEstimate(
        sources=k,
        observed=sum(counts.values()),
        selected=selected,
        criterion=criterion,
        ci=ci,
        candidates=tuple(fits),
    )
