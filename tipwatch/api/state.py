"""What the screening API's handlers share: the store, the per-process rate limiter and the
batch workers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from tipwatch.screening.apikeys import RateLimiter
from tipwatch.screening.pool import ScreeningPool
from tipwatch.screening.service import ScreeningQuery, ScreeningResult, screen
from tipwatch.store.db import Store


@dataclass(frozen=True)
class ApiState:
    store: Store
    limiter: RateLimiter = field(default_factory=RateLimiter)
    # Worker processes for batches (`tipwatch serve` starts them); None: threads only.
    pool: ScreeningPool | None = None


def api_state(request: Request) -> ApiState:
    """The state `create_api` put on the API application (`request.app` is the API itself,
    also when it is mounted inside the review UI)."""
    state = request.app.state.api
    assert isinstance(state, ApiState)
    return state


State = Annotated[ApiState, Depends(api_state)]

# Threads for a batch when no worker processes were started (tests, embedded use).
BATCH_THREADS = 2


def screen_many(state: ApiState, queries: list[ScreeningQuery]) -> list[ScreeningResult]:
    """The queries' results, in order: screened by this thread and the batch workers `tipwatch
    serve` started (`ScreeningPool`), or, without them, on BATCH_THREADS threads, each query
    with its own session."""

    def one(query: ScreeningQuery) -> ScreeningResult:
        with state.store.session() as s:
            return screen(s, query)

    if state.pool is not None:
        return state.pool.screen_all(queries, one)
    with ThreadPoolExecutor(BATCH_THREADS, thread_name_prefix="match") as pool:
        return list(pool.map(one, queries))
