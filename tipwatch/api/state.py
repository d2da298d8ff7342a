"""What the screening API's handlers share: the store and the per-process rate limiter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from tipwatch.screening.apikeys import RateLimiter
from tipwatch.store.db import Store


@dataclass(frozen=True)
class ApiState:
    store: Store
    limiter: RateLimiter = field(default_factory=RateLimiter)


def api_state(request: Request) -> ApiState:
    """The state `create_api` put on the API application (`request.app` is the API itself,
    also when it is mounted inside the review UI)."""
    state = request.app.state.api
    assert isinstance(state, ApiState)
    return state


State = Annotated[ApiState, Depends(api_state)]
