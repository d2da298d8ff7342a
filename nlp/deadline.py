"""A time limit for one extraction (issue 14, C19): markup under the size cap can still be
pathological (deep nesting, a giant table) and keep trafilatura busy for a minute.

`deadline(seconds)` arms a real-time timer (`SIGALRM`) that raises `ExtractTimeout` in the
running code when the time is up; the caller skips the page as `extract_timeout` and the run goes
on. Signals reach only the main thread, so elsewhere (a worker thread) the limit is not armed and
`deadline` says so (it yields False); the size cap before trafilatura still bounds the work.
`ExtractTimeout` is a `BaseException`, so a library's `except Exception` cannot swallow it.

The interpreter itself can: an alarm that lands in a callback it cannot raise from (a weak
reference's or the garbage collector's, run in the middle of the library's work) is printed as
"Exception ignored" and dropped, and the extraction ran on to the end (seen in CI: a 1.9 MB
page came back as an article). So the handler marks the limit `expired` and fires again every
RETRY_S until the block ends, and the caller treats an expired limit as a timeout even when the
block returned.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["ExtractTimeout", "Limit", "deadline"]


class ExtractTimeout(BaseException):  # noqa: N818 - named for the skip reason it becomes
    """The extraction ran past its deadline."""


RETRY_S = 0.05


class Limit:
    """One `deadline`: whether it is armed (its truth value) and whether its time ran out."""

    def __init__(self, armed: bool) -> None:
        self.armed = armed
        self.expired = False

    def __bool__(self) -> bool:
        return self.armed


@contextmanager
def deadline(seconds: float | None) -> Iterator[Limit]:
    """Raise `ExtractTimeout` in the block after `seconds` (None or <= 0: no limit), and again
    every RETRY_S while the block runs on. Yields the `Limit` (true when armed; `expired` once
    the time is up). Nested use keeps the outer timer's handler afterwards."""
    armed = (
        bool(seconds and seconds > 0)
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    limit = Limit(armed)
    if not armed:
        yield limit
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        limit.expired = True
        # Fire again shortly, in case this raise lands where the interpreter drops it.
        signal.setitimer(signal.ITIMER_REAL, RETRY_S)
        raise ExtractTimeout(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield limit
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
