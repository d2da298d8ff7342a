"""The screening API application, mounted at /api/v1 by the review UI (`create_api(store)`).

A separate application rather than a router of the review UI: it has its own OpenAPI
description (at /api/v1/openapi.json; no Swagger page: it needs scripts from a CDN, which the
CSP and offline deployments forbid), its own authentication (API keys, `tipwatch.api.keys`) and
none of the UI's session, CSRF or HTML error pages.
"""

from __future__ import annotations

from fastapi import FastAPI

from tipwatch.api.keys import RateLimited, rate_limited
from tipwatch.api.routes import router
from tipwatch.api.state import ApiState
from tipwatch.api.yente import router as yente_router
from tipwatch.screening.pool import ScreeningPool
from tipwatch.store.db import Store

DESCRIPTION = (
    "Screen names against persons reported in local news as wanted, arrested, charged, "
    "convicted, sentenced or acquitted in human-trafficking cases, and against imported "
    "lists. Results are status facts with dates and sources, not labels: wanted, "
    "arrested and charged mean alleged."
)


def create_api(store: Store, pool: ScreeningPool | None = None) -> FastAPI:
    api = FastAPI(
        title="tipwatch screening API",
        version="1",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    api.state.api = ApiState(store=store, pool=pool)
    api.add_exception_handler(RateLimited, rate_limited)
    api.include_router(router)
    api.include_router(yente_router)
    return api
