"""How tipwatch prints a rate: significant digits, not fixed decimals.

A fixed `:.2f` turns India's 0.0044 case articles per million into "0.00" beside a visible bar;
a fixed `:.4f` prints 1234.5678 with false precision. `fmt_rate` keeps `sig` significant digits
(0.0044 -> "0.0044", 0.28 -> "0.28", 3 -> "3.0"), prints numbers of `sig` or more integer
digits whole with thousands separators (1234.5 -> "1,234"), zero as "0" and a missing value as
`missing`. The dashboard, the coverage page and the `tipwatch coverage` tables all use it.
"""

from __future__ import annotations

import math

SIGNIFICANT = 2


def fmt_rate(x: float | None, sig: int = SIGNIFICANT, *, missing: str = "n/a") -> str:
    if x is None or math.isnan(x):
        return missing
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if x == 0:
        return "0"
    if sig < 1:
        raise ValueError(f"sig must be at least 1, got {sig}")
    if abs(x) >= 10 ** (sig - 1):
        return f"{round(x):,d}"
    decimals = sig - 1 - math.floor(math.log10(abs(x)))
    rounded = round(x, decimals)
    if rounded == 0:
        return "0"
    # Rounding can carry into the next power of ten (9.96 -> 10): recount the decimals.
    decimals = max(0, sig - 1 - math.floor(math.log10(abs(rounded))))
    return f"{rounded:,.{decimals}f}"
