"""The screening API for due-diligence providers, mounted at /api/v1 by `create_app`.

- `GET /api/v1/screen?name=&country=&birth_year=`: ranked candidates for one name.
- `POST /api/v1/match`: the same for a batch of up to 100 queries.
- Authentication by API key only (`Authorization: Bearer <key>` or `X-API-Key`); no cookies,
  so no CSRF surface. Each key has a per-minute limit; over it: 429 with Retry-After. A batch
  costs one request per query.
- OpenAPI description at /api/v1/openapi.json (no Swagger page: it needs scripts from a CDN,
  which the CSP and offline deployments forbid).

Hits carry status facts (latest first, with date and source) and the dataset they come from;
never a label.
"""

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from tipwatch.screening.apikeys import ApiClient, RateLimiter, lookup
from tipwatch.screening.service import ScreeningQuery, ScreeningResult, screen
from tipwatch.store.db import Store

MAX_BATCH = 100


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    queries: list[ScreeningQuery] = Field(min_length=1, max_length=MAX_BATCH)


class MatchResponse(BaseModel):
    model_config = ConfigDict(extra="forbid")

    results: list[ScreeningResult]


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after


def create_api(store: Store) -> FastAPI:
    api = FastAPI(
        title="tipwatch screening API",
        version="1",
        description=(
            "Screen names against persons reported in local news as wanted, arrested, charged, "
            "convicted, sentenced or acquitted in human-trafficking cases, and against imported "
            "lists. Results are status facts with dates and sources, not labels: wanted, "
            "arrested and charged mean alleged."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    limiter = RateLimiter()

    def client(request: Request) -> ApiClient:
        raw = request.headers.get("x-api-key") or ""
        auth = request.headers.get("authorization") or ""
        if not raw and auth.lower().startswith("bearer "):
            raw = auth[7:].strip()
        if not raw:
            raise HTTPException(
                status_code=401,
                detail="API key required",
                headers={"WWW-Authenticate": "Bearer"},
            )
        with store.session() as s:
            found = lookup(s, raw)
        if found is None:
            raise HTTPException(
                status_code=401,
                detail="unknown or revoked API key",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return found

    @api.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited) -> JSONResponse:
        return JSONResponse(
            {"detail": "rate limit exceeded"},
            status_code=429,
            headers={"Retry-After": str(exc.retry_after)},
        )

    def charge(who: ApiClient, cost: int) -> None:
        wait = limiter.check(who, cost)
        if wait:
            raise RateLimited(wait)

    @api.get("/screen", response_model=ScreeningResult)
    def screen_one(
        who: Annotated[ApiClient, Depends(client)],
        name: Annotated[str, Query(min_length=1, max_length=300)],
        country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
        birth_year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
        limit: Annotated[int, Query(ge=1, le=50)] = 10,
        threshold: Annotated[float, Query(ge=0.0, le=1.0)] = 0.7,
    ) -> ScreeningResult:
        charge(who, 1)
        query = ScreeningQuery(
            name=name, country=country, birth_year=birth_year, limit=limit, threshold=threshold
        )
        with store.session() as s:
            return screen(s, query)

    @api.post("/match", response_model=MatchResponse)
    def match(who: Annotated[ApiClient, Depends(client)], body: MatchRequest) -> MatchResponse:
        charge(who, len(body.queries))
        with store.session() as s:
            return MatchResponse(results=[screen(s, q) for q in body.queries])

    return api
