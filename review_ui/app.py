"""The review UI: server-rendered pages where analysts check extracted cases.

`create_app(settings, store)` only wires the application: its state (`deps.UiState`), the
request guard, the error pages, the static files, one router per resource
(`tipwatch.review_ui.routes`) and the screening API (`tipwatch.api`, mounted at /api/v1).
Nothing happens at import time.

Security model, enforced for every route (deny by default):
- the request guard (`guard.py`, HTTP middleware) rejects unsafe requests from other sites,
  loads the signed session and the user, and redirects anonymous requests to /login unless the
  path is public (`/login`, `/healthz`, `/static/...`);
- an app-wide dependency (`deps.enforce_csrf`) checks the CSRF token on every unsafe request;
- each route names the least role it needs (`deps.Viewer`, `Reviewer`, `Admin`);
- every response carries a strict CSP (no inline script or style), nosniff and no-referrer;
- templates are autoescaped, whatever their file name.

Every change made here reaches the search index before its answer returns (`freshness.py`).
"""

from __future__ import annotations

from fastapi import Depends, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from tipwatch.api import create_api
from tipwatch.index.push import IndexPusher
from tipwatch.review_ui.auth import SessionManager
from tipwatch.review_ui.deps import UiState, enforce_csrf
from tipwatch.review_ui.errors import bad_request, http_error
from tipwatch.review_ui.freshness import fresh_index, retrying_index_writes
from tipwatch.review_ui.guard import guard
from tipwatch.review_ui.render import STATIC_DIR, Pages
from tipwatch.review_ui.routes import ROUTERS
from tipwatch.screening.pool import ScreeningPool
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.persons import backfill_persons

BACKFILL_BATCH = 5000


def resolve_stored_mentions(store: Store) -> None:
    """Give persons to mentions stored before persons existed (nothing to do on later starts)."""
    while True:
        with store.session() as s:
            if backfill_persons(s, limit=BACKFILL_BATCH) < BACKFILL_BATCH:
                return


def create_app(settings: Settings, store: Store, pool: ScreeningPool | None = None) -> FastAPI:
    """The review UI application bound to `store`; sessions are signed with
    `settings.secret_key` (at least 32 characters; see `review_ui.auth.ensure_secret_key`).
    `pool`: worker processes the API screens batches on."""
    pusher = IndexPusher(settings, store)
    state = UiState(
        settings=settings,
        store=store,
        sessions=SessionManager(settings.secret_key),
        pages=Pages(),
        index=pusher,
    )
    resolve_stored_mentions(store)

    app = FastAPI(
        title="tipwatch review",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(enforce_csrf)],
        lifespan=retrying_index_writes(pusher),
    )
    app.state.ui = state
    # the guard runs first (added last: outermost), then the index freshness
    app.middleware("http")(fresh_index)
    app.middleware("http")(guard)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, bad_request)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/api/v1", create_api(store, pool))
    return app
