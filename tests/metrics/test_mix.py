"""Known-answer tests of concentration, case-type mix and drift."""

from __future__ import annotations

import math
from statistics import NormalDist

import pytest

from tipwatch.metrics.mix import (
    ILO_WALK_FREE_2022,
    case_type_mix,
    chi2_sf,
    concentration,
    drift_by_group,
    fisher_exact_2x2,
    goodness_of_fit,
    mix_drift,
    outlet_counts,
    wilson_interval,
)

Z95 = NormalDist().inv_cdf(0.975)


def test_concentration_known_shares() -> None:
    """Shares 0.5, 0.3, 0.2: HHI = 0.25 + 0.09 + 0.04 = 0.38 (constructed)."""
    c = concentration({"a": 5, "b": 3, "c": 2, "silent": 0})
    assert c.top_outlet == "a"
    assert c.top_share == pytest.approx(0.5)
    assert c.hhi == pytest.approx(0.38)
    assert c.outlets == 3
    assert c.effective_outlets == pytest.approx(1 / 0.38)
    assert c.hhi_normalised == pytest.approx((0.38 - 1 / 3) / (2 / 3))


def test_concentration_extremes() -> None:
    assert concentration({"only": 7}).hhi == pytest.approx(1.0)
    even = concentration({"a": 1, "b": 1, "c": 1, "d": 1})
    assert even.hhi == pytest.approx(0.25) and even.hhi_normalised == pytest.approx(0.0)
    empty = concentration({})
    assert empty.top_outlet is None and empty.total == 0.0


def test_syndicated_copies_counted_once() -> None:
    """A wire story carried by three outlets is one story, not three (constructed)."""
    items = [("a", "wire-1"), ("b", "wire-1"), ("c", "wire-1"), ("a", "s2"), ("b", "s3")]
    frac = outlet_counts(items)
    assert sum(frac.values()) == pytest.approx(3.0)
    assert frac == pytest.approx({"a": 4 / 3, "b": 4 / 3, "c": 1 / 3})
    first = outlet_counts(items, attribution="first")
    assert first == {"a": 2.0, "b": 1.0}
    c = concentration(first)
    assert c.total == 3.0 and c.top_share == pytest.approx(2 / 3)
    # Counting every copy would have made the picture look more spread out than it is.
    naive = concentration({"a": 2, "b": 2, "c": 1})
    assert naive.total == 5 and naive.hhi < c.hhi


def test_chi2_sf_known_values() -> None:
    """Table values: 3.841 (df 1) and 5.991 (df 2) are the 5% points; df 2 has sf = exp(-x/2)."""
    assert chi2_sf(3.841458820694124, 1) == pytest.approx(0.05, rel=1e-9)
    assert chi2_sf(5.991464547107979, 2) == pytest.approx(0.05, rel=1e-9)
    assert chi2_sf(10.0, 2) == pytest.approx(math.exp(-5.0), rel=1e-9)
    assert chi2_sf(11.344866730144373, 3) == pytest.approx(0.01, rel=1e-8)
    assert chi2_sf(0.0, 4) == 1.0


def test_wilson_interval_newcombe_1998() -> None:
    """Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score):
    81/263 -> 0.2553-0.3662; 15/148 -> 0.0624-0.1605; 0/20 -> 0-0.1611; 1/29 -> 0.0061-0.1718."""
    cases = {
        (81, 263): (0.2553, 0.3662),
        (15, 148): (0.0624, 0.1605),
        (0, 20): (0.0, 0.1611),
        (1, 29): (0.0061, 0.1718),
    }
    for (x, n), (lo, hi) in cases.items():
        got = wilson_interval(x, n, Z95)
        assert got == pytest.approx((lo, hi), abs=5e-5)


def test_case_type_mix_goodman_intervals() -> None:
    """Goodman (1965): A = chi^2_1 at 1 - alpha/k; checked against the formula by hand."""
    counts = {"sex": 50, "labour": 30, "child": 15, "organ": 0, "smuggling": 5}
    mix = case_type_mix(counts, level=0.95)
    assert mix.n == 100
    assert [s.category for s in mix.shares] == ["sex", "labour", "child", "organ", "smuggling"]
    a = NormalDist().inv_cdf(1 - 0.05 / (2 * 5)) ** 2
    for s in mix.shares:
        n_i, n = s.count, 100
        root = math.sqrt(a * (a + 4 * n_i * (n - n_i) / n))
        assert s.low == pytest.approx(max(0.0, (a + 2 * n_i - root) / (2 * (n + a))))
        assert s.high == pytest.approx((a + 2 * n_i + root) / (2 * (n + a)))
        assert s.low <= s.share <= s.high
    # Simultaneous intervals are wider than one-at-a-time Wilson intervals.
    single = wilson_interval(50, 100, Z95)
    assert mix.shares[0].low < single[0] and mix.shares[0].high > single[1]


def test_goodness_of_fit_mendel_peas() -> None:
    """Mendel's (1866) pea counts.

    Seed colour, 6022 yellow and 2001 green against 3:1: X^2 = 0.015, df 1, P = 0.90 as published
    in Agresti, Categorical Data Analysis (2nd ed., 2002), sec. 1.5.4. Dihybrid cross,
    315/108/101/32 against 9:3:3:1: X^2 = 0.470 (df 3, p = 0.925), checked by hand with expected
    counts 312.75, 104.25, 104.25, 34.75.
    """
    colour = goodness_of_fit({"yellow": 6022, "green": 2001}, {"yellow": 3, "green": 1})
    assert colour.expected == pytest.approx((6017.25, 2005.75))
    assert colour.statistic == pytest.approx(0.015, abs=5e-4)
    assert colour.p_value == pytest.approx(0.90, abs=5e-3)
    fit = goodness_of_fit(
        {"ry": 315, "rg": 108, "wy": 101, "wg": 32}, {"ry": 9, "rg": 3, "wy": 3, "wg": 1}
    )
    assert fit.expected == pytest.approx((312.75, 104.25, 104.25, 34.75))
    assert fit.statistic == pytest.approx(0.470, abs=5e-4)
    assert fit.df == 3
    assert fit.p_value == pytest.approx(0.925, abs=5e-4)
    assert fit.method == "chi-square"


def test_goodness_of_fit_ilo_reference_and_small_counts() -> None:
    """Against the ILO/Walk Free labour vs sex reference (approximate): a press sample dominated
    by sex cases differs strongly; categories absent from the reference are excluded."""
    assert ILO_WALK_FREE_2022.shares["labour"] == pytest.approx(17.3 / 23.6)
    assert "APPROXIMATE" in ILO_WALK_FREE_2022.note
    fit = goodness_of_fit({"sex": 50, "labour": 30, "child": 15}, ILO_WALK_FREE_2022)
    assert fit.excluded == ("child",)
    assert fit.n == 80
    assert fit.p_value < 1e-6
    matching = goodness_of_fit({"sex": 27, "labour": 73}, ILO_WALK_FREE_2022)
    assert matching.p_value > 0.5
    small = goodness_of_fit({"a": 3, "b": 1}, {"a": 0.5, "b": 0.5}, seed=1)
    assert small.method == "monte-carlo"
    # Exact multinomial p for X^2 >= 1 with n=4, p=1/2: tables 0-4, 1-3, 3-1, 4-0 -> 10/16.
    assert small.p_value == pytest.approx(10 / 16, abs=0.02)


def test_fisher_exact_tea_tasting() -> None:
    """Fisher (1935), the lady tasting tea: [[3, 1], [1, 3]], two-sided p = 34/70 = 0.4857."""
    assert fisher_exact_2x2(3, 1, 1, 3) == pytest.approx(34 / 70)
    assert fisher_exact_2x2(4, 0, 0, 4) == pytest.approx(2 / 70)


def test_drift_funder_moves_organisation_from_sex_to_labour() -> None:
    """The report's Graph 7 pattern (constructed counts): mostly sex cases before 2018, mostly
    labour cases after a donor funded labour work. The mix test must fire the alert."""
    before = {"sex": 60, "labour": 15}
    after = {"sex": 25, "labour": 70}
    d = mix_drift(before, after, alpha=0.01, min_n=30)
    assert d.alert
    assert d.method == "fisher-exact"
    assert d.p_value < 1e-8
    assert d.shares_a == pytest.approx((0.8, 0.2))
    assert d.largest_shift in ("sex", "labour")
    # Pearson X^2 of the 2x2 table by hand: N (ad - bc)^2 / (r1 r2 c1 c2).
    assert d.statistic == pytest.approx(170 * (60 * 70 - 15 * 25) ** 2 / (75 * 95 * 85 * 85))


def test_drift_stable_mix_does_not_alert() -> None:
    d = mix_drift({"sex": 40, "labour": 20}, {"sex": 42, "labour": 19})
    assert not d.alert
    assert d.p_value > 0.5


def test_drift_needs_minimum_sample() -> None:
    d = mix_drift({"sex": 8, "labour": 0}, {"sex": 0, "labour": 8}, min_n=30)
    assert d.p_value < 0.01
    assert not d.alert
    assert "too few cases" in d.reason


def test_drift_many_categories_chi_square_and_monte_carlo() -> None:
    big = mix_drift({"sex": 100, "labour": 50, "child": 30}, {"sex": 60, "labour": 90, "child": 30})
    assert big.method == "chi-square" and big.df == 2 and big.alert
    small = mix_drift(
        {"sex": 40, "labour": 20, "child": 3, "organ": 1}, {"sex": 20, "labour": 40, "child": 2}
    )
    assert small.method == "monte-carlo"
    assert small.alert
    assert small.largest_shift == "labour"


def test_drift_by_group_outlet_and_country() -> None:
    records = (
        [("ngo-x", "2015-2017", "sex")] * 60
        + [("ngo-x", "2015-2017", "labour")] * 15
        + [("ngo-x", "2018-2020", "sex")] * 25
        + [("ngo-x", "2018-2020", "labour")] * 70
        + [("paper-y", "2015-2017", "sex")] * 40
        + [("paper-y", "2015-2017", "labour")] * 20
        + [("paper-y", "2018-2020", "sex")] * 42
        + [("paper-y", "2018-2020", "labour")] * 19
        + [("paper-y", "2012", "organ")] * 5
    )
    got = drift_by_group(records, "2015-2017", "2018-2020")
    assert set(got) == {"ngo-x", "paper-y"}
    assert got["ngo-x"].alert
    assert not got["paper-y"].alert
    assert "organ" not in got["paper-y"].categories
