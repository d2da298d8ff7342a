"""Every change an analyst or admin makes reaches the search index before the answer returns.

Review decisions, edits, merges, splits, person suppressions, takedowns and their reversals queue
their index writes in the outbox in the same transaction as the change (`tipwatch.store.outbox`).
Waiting for the next pipeline run or a manual `tipwatch index sync` left a taken-down article as
the top search hit with its names (issue 13). So:

- after every successful unsafe request of the UI (`fresh_index`, HTTP middleware), the pending
  outbox rows are applied to the index and the index refreshed, before the response goes out;
- when the search engine does not answer, the rows stay in the outbox (nothing is lost), the
  change itself stands (the store is the record), every page says how many changes the index
  has not received yet (`request.state.index_waiting`, shown by `base.html`), and a retry loop
  (`tipwatch.index.push.IndexRetrier`, started with the app) pushes them every few seconds until
  the engine answers.

Screening reads the store, not the index, so a takedown leaves `/api/v1/screen` at once anyway.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from tipwatch.index.push import IndexPusher, IndexRetrier
from tipwatch.review_ui.auth import UNSAFE_METHODS
from tipwatch.review_ui.deps import UiState, ui_state

# Requests that change nothing the index shows.
_NOT_CHANGES = ("/login", "/logout", "/api/", "/static/")


def _is_change(request: Request) -> bool:
    return request.method in UNSAFE_METHODS and not request.url.path.startswith(_NOT_CHANGES)


def _is_page(request: Request) -> bool:
    return request.method == "GET" and not request.url.path.startswith(_NOT_CHANGES)


async def fresh_index(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """HTTP middleware: push the index after a change; tell pages what the index still lacks."""
    state: UiState = ui_state(request)
    if _is_page(request) and getattr(request.state, "user", None) is not None:
        request.state.index_waiting = await run_in_threadpool(state.index.waiting)
    response = await call_next(request)
    if _is_change(request) and response.status_code < 400:
        pushed = await run_in_threadpool(state.index.push)
        response.headers["X-Index-Waiting"] = str(pushed.waiting)
    return response


def retrying_index_writes(
    pusher: IndexPusher,
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's lifespan: an `IndexRetrier` runs while the app serves."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        retrier = IndexRetrier(pusher)
        retrier.start()
        try:
            yield
        finally:
            retrier.stop()

    return lifespan
