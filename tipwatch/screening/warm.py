"""Load what screening needs before the first request: `rigour`'s name tables and tagger load
on first use (5-30 s), which made the first `/api/v1/screen` after `tipwatch serve` that slow
(issue 13). `warm_up` runs one name through the blocking keys and the scorer."""

from __future__ import annotations

import time

from tipwatch.domain.names import blocking_keys
from tipwatch.screening.names import best_variant

_SAMPLE = ("Muhammad bin Salman Al-Rashid", "AL-RASHID, Mohammed")


def warm_up() -> float:
    """Load the name tables now; returns the seconds it took."""
    started = time.perf_counter()
    query, variant = _SAMPLE
    blocking_keys(query)
    best_variant(query, [variant])
    return time.perf_counter() - started
