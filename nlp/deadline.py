"""A time limit for one extraction (issue 14, C19): markup under the size cap can still be
pathological (deep nesting, a giant table) and keep trafilatura busy for a minute.

`deadline(seconds)` arms a real-time timer (`SIGALRM`) that raises `ExtractTimeout` in the
running code when the time is up; the caller skips the page as `extract_timeout` and the run goes
on. Signals reach only the main thread, so elsewhere (a worker thread) the limit is not armed and
`deadline` says so (it yields False); the size cap before trafilatura still bounds the work.
`ExtractTimeout` is a `BaseException`, so a library's `except Exception` cannot swallow it.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["ExtractTimeout", "deadline"]


class ExtractTimeout(BaseException):  # noqa: N818 - named for the skip reason it becomes
    """The extraction ran past its deadline."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[bool]:
    """Raise `ExtractTimeout` in the block after `seconds` (None or <= 0: no limit). Yields
    whether the limit is armed. Nested use keeps the outer timer's handler afterwards."""
    armed = (
        bool(seconds and seconds > 0)
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not armed:
        yield False
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise ExtractTimeout(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
