"""Ctrl-C for long runs: the first asks the run to stop fetching and finish what it has, the
second stops it now.

A terminal sends SIGINT to every process of its foreground process group. The crawl child and
Prefect's temporary server ignore SIGINT (they stay in the group, so a hang-up or a kill of the
group still ends them), and only the command's own process acts on the keystroke;
`sigint_stops` decides:

- first Ctrl-C: `STOP.requested` becomes true and the registered children get SIGTERM (a crawl
  child stops scheduling requests and closes with finish reason `shutdown`, writing its WARC and
  report); the command finishes processing what was fetched and prints a summary;
- second Ctrl-C: the children get SIGKILL and the command raises `KeyboardInterrupt` at once.

Either way the URL ledger stays exact: a page is `fetched` only once it is in a WARC, and
`processed` only once the store has it (a later run resumes from there).

No third-party import here: every layer may use it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import Any, TextIO

__all__ = ["STOP", "StopRequest", "sigint_stops", "terminate_as_exit"]

INTERRUPTED_EXIT = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


class StopRequest:
    """Process-wide state of the operator's Ctrl-C: asked to stop (`requested`), asked twice
    (`forced`), and the child processes to pass the request on to."""

    def __init__(self) -> None:
        self._requested = threading.Event()
        self._forced = threading.Event()
        self._lock = threading.Lock()
        self._children: set[subprocess.Popen[Any]] = set()

    @property
    def requested(self) -> bool:
        return self._requested.is_set()

    @property
    def forced(self) -> bool:
        return self._forced.is_set()

    def reset(self) -> None:
        self._requested.clear()
        self._forced.clear()

    def request(self) -> None:
        """Stop fetching: SIGTERM to the children (each stops gracefully)."""
        self._requested.set()
        self._signal_children(signal.SIGTERM)

    def force(self) -> None:
        """Stop now: kill the children."""
        self._requested.set()
        self._forced.set()
        self._signal_children(signal.SIGKILL)

    @contextmanager
    def child(self, proc: subprocess.Popen[Any]) -> Iterator[subprocess.Popen[Any]]:
        """Register `proc` while the block runs. A request made before the child started
        reaches it at once."""
        with self._lock:
            self._children.add(proc)
        if self.forced:
            _send(proc, signal.SIGKILL)
        elif self.requested:
            _send(proc, signal.SIGTERM)
        try:
            yield proc
        finally:
            with self._lock:
                self._children.discard(proc)

    def _signal_children(self, signum: int) -> None:
        with self._lock:
            children = list(self._children)
        for proc in children:
            _send(proc, signum)


STOP = StopRequest()


def _send(proc: subprocess.Popen[Any], signum: int) -> None:
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            proc.send_signal(signum)


@contextmanager
def sigint_stops(
    on_first: Callable[[], None] | None = None, *, stream: TextIO | None = None
) -> Iterator[StopRequest]:
    """While the block runs, Ctrl-C (SIGINT) is two-staged as the module says. Only the main
    thread can install a handler; elsewhere this is a no-op (default behaviour)."""
    if threading.current_thread() is not threading.main_thread():
        yield STOP
        return
    out = stream if stream is not None else sys.stderr
    STOP.reset()

    def handler(signum: int, frame: FrameType | None) -> None:
        if not STOP.requested:
            print(
                "Stopping: no new pages are fetched; what was fetched is processed. "
                "Press Ctrl-C again to stop now.",
                file=out,
                flush=True,
            )
            STOP.request()
            if on_first is not None:
                on_first()
            return
        print("Stopping now.", file=out, flush=True)
        STOP.force()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield STOP
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def terminate_as_exit() -> Iterator[None]:
    """SIGTERM and SIGHUP end the command through `SystemExit`, so exit handlers run (Prefect
    stops its temporary server, which lives in its own process group) and the run lock is let
    go; the default action would end the process without them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        STOP.force()
        raise SystemExit(128 + signum)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
