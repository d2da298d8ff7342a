"""API-key authentication and per-key rate limits of the screening API.

A key comes as `Authorization: Bearer <key>` or `X-API-Key: <key>`; never a cookie, so the API
has no CSRF surface and a review UI session is worth nothing here. Each key has its own
per-minute limit (`tipwatch.screening.apikeys.RateLimiter`); over it the answer is 429 with
Retry-After, and a batch costs one request per query.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from tipwatch.api.state import ApiState, State
from tipwatch.screening.apikeys import ApiClient, lookup

BEARER = "bearer "


class RateLimited(Exception):
    """Raised by `charge`; answered with 429 by `rate_limited`."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after


def presented_key(request: Request) -> str:
    """The key the request carries (`X-API-Key` first, then a bearer token), or ""."""
    raw = request.headers.get("x-api-key") or ""
    auth = request.headers.get("authorization") or ""
    if not raw and auth.lower().startswith(BEARER):
        raw = auth[len(BEARER) :].strip()
    return raw


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


# Declared so that the OpenAPI description names both ways of presenting a key; the key itself
# is read by `presented_key` (these never refuse on their own).
KEY_HEADER = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="A key from `tipwatch api-keys add`"
)
KEY_BEARER = HTTPBearer(auto_error=False, description="The same key as a bearer token")


def api_client(
    request: Request,
    state: State,
    _header: Annotated[str | None, Security(KEY_HEADER)] = None,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(KEY_BEARER)] = None,
) -> ApiClient:
    """The client whose active key the request carries; 401 without one."""
    raw = presented_key(request)
    if not raw:
        raise _unauthorized("API key required")
    with state.store.session() as s:
        found = lookup(s, raw)
    if found is None:
        raise _unauthorized("unknown or revoked API key")
    return found


Client = Annotated[ApiClient, Depends(api_client)]


def charge(state: ApiState, who: ApiClient, cost: int) -> None:
    """Count `cost` requests against the client's limit; RateLimited when over it."""
    wait = state.limiter.check(who, cost)
    if wait:
        raise RateLimited(wait)


async def rate_limited(request: Request, exc: Exception) -> JSONResponse:
    """Registered for `RateLimited`: 429 with the seconds to wait."""
    assert isinstance(exc, RateLimited)
    return JSONResponse(
        {"detail": "rate limit exceeded"},
        status_code=429,
        headers={"Retry-After": str(exc.retry_after)},
    )
