"""The extraction deadline holds even where its exception is dropped.

An alarm can land where the interpreter cannot raise (a weak reference's or the garbage
collector's callback: "Exception ignored"), and then the extraction ran on to the end (seen in
CI: a 1.9 MB page came back as an article). Here the dropping is done by the block itself, as a
library that swallows the exception would."""

from __future__ import annotations

import signal
import time

from tipwatch.nlp.deadline import ExtractTimeout, deadline


def test_a_dropped_timeout_fires_again_and_marks_the_limit_expired() -> None:
    dropped = 0
    with deadline(0.1) as limit:
        assert limit  # armed in the main thread
        end = time.monotonic() + 0.6
        while time.monotonic() < end:
            try:
                time.sleep(0.005)
            except ExtractTimeout:
                dropped += 1  # a library that drops it and goes on
    assert limit.expired
    assert dropped >= 3  # fired again while the block ran on, not once
    # Nothing is left armed after the block.
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(0.15)


def test_a_block_within_its_time_is_not_expired() -> None:
    with deadline(5.0) as limit:
        time.sleep(0.01)
    assert limit and not limit.expired
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_no_limit_is_not_armed() -> None:
    with deadline(None) as limit:
        pass
    assert not limit and not limit.expired
