"""The screening API's endpoints (relative to where the API is mounted, /api/v1):

- `GET /screen?name=&country=&birth_year=`: ranked candidates for one name: every candidate
  scoring at least `cutoff` (0.5), best first, each with `match` (its score reaches `threshold`,
  0.75) and `features` (what the score is made of).
- `POST /match`: the same for a batch of up to 100 queries.

Only cases an analyst accepted are screened unless a query sets `include_unreviewed`; a hit
that rests on unreviewed facts says so (`reviewed: false`, `label`).

Hits carry status facts (latest first, with date and source) and the dataset they come from;
never a label.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from tipwatch.api.keys import Client, charge
from tipwatch.api.state import State, screen_many
from tipwatch.screening.defaults import MATCH_THRESHOLD
from tipwatch.screening.service import ScreeningQuery, ScreeningResult, screen

MAX_BATCH = 100


router = APIRouter()


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    queries: list[ScreeningQuery] = Field(min_length=1, max_length=MAX_BATCH)


class MatchResponse(BaseModel):
    model_config = ConfigDict(extra="forbid")

    results: list[ScreeningResult]


@router.get("/screen", response_model=ScreeningResult)
def screen_one(
    state: State,
    who: Client,
    name: Annotated[str, Query(min_length=1, max_length=300)],
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{2}$")] = None,
    birth_year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    threshold: Annotated[
        float, Query(ge=0.0, le=1.0, description="the score from which a hit is a match")
    ] = MATCH_THRESHOLD,
    cutoff: Annotated[
        float,
        Query(
            ge=0.0,
            le=1.0,
            description="the lowest score returned; hits below `threshold` "
            "come ranked, with match false",
        ),
    ] = 0.5,
    include_unreviewed: Annotated[
        bool,
        Query(description="also screen cases no analyst has reviewed yet (labelled in each hit)"),
    ] = False,
) -> ScreeningResult:
    charge(state, who, 1)
    query = ScreeningQuery(
        name=name,
        country=country,
        birth_year=birth_year,
        limit=limit,
        threshold=threshold,
        cutoff=cutoff,
        include_unreviewed=include_unreviewed,
    )
    with state.store.session() as s:
        return screen(s, query)


@router.post("/match", response_model=MatchResponse)
def match(state: State, who: Client, body: MatchRequest) -> MatchResponse:
    """Each query's result, in the order of the queries (`screen_many`)."""
    charge(state, who, len(body.queries))
    return MatchResponse(results=screen_many(state, body.queries))
