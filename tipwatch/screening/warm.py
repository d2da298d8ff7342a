"""Load what screening needs before the first request: `rigour`'s name tables and tagger load
on first use (5-30 s), which made the first `/api/v1/screen` after `tipwatch serve` that slow
(issue 13). `warm_up` runs one name through the blocking keys and the scorer.

`settle` then moves everything loaded so far (rigour's tables, the app) out of the garbage
collector's sight (`gc.freeze`): a full collection walked those millions of objects in the middle
of a request, which put 200 ms on one screening request in twenty at a million people
(bench/screening.py). It also lets more objects be made between two collections of the youngest
generation (GC_YOUNG instead of Python's 700): a screening request makes tens of thousands of
short-lived tuples, which then died before a collection could see them and promote them into
the generations that full collections walk (in process at 50k people, mean 37 -> 31 ms, p95
71 -> 53 ms over 300 queries)."""

from __future__ import annotations

import gc
import time

from tipwatch.domain.names import blocking_keys
from tipwatch.screening.names import best_variant

_SAMPLE = ("Muhammad bin Salman Al-Rashid", "AL-RASHID, Mohammed")
# A name in Chinese characters loads their readings (pinyin, Wade-Giles, Cantonese, Korean).
_HAN_SAMPLE = "張偉"
# A Thai name loads pythainlp's word list (0.6 s) for its RTGS spelling.
_THAI_SAMPLE = "สมชาย ใจดี"


def warm_up() -> float:
    """Load the name tables now; returns the seconds it took."""
    started = time.perf_counter()
    query, variant = _SAMPLE
    blocking_keys(query)
    blocking_keys(_HAN_SAMPLE)
    blocking_keys(_THAI_SAMPLE)
    best_variant(query, [variant])
    # ... and a Han name against a Western given name: the Chinese and Korean syllables (0.2 s).
    best_variant(_HAN_SAMPLE, ["Alan Cheung"])
    return time.perf_counter() - started


GC_YOUNG = 10_000


def settle() -> None:
    """Collect once and freeze what survives: long-lived objects are not walked again; and
    collect the youngest generation every GC_YOUNG objects instead of every 700."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, older, oldest)
