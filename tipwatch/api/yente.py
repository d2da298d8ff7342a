"""`POST /match/{dataset}`: the OpenSanctions (yente) matching API's request and response shape,
so a provider's existing yente integration screens against tipwatch by changing its base URL.

Request: `{"queries": {"<key>": {"schema": "Person", "properties": {"name": [...], ...}}}}`
(`weights` accepted and ignored), query parameters `threshold` (the match verdict, 0.75),
`cutoff` (the lowest score returned, 0), `limit` (5), `algorithm` (only `tipwatch`; yente's
names are accepted and answered with it), and tipwatch's `include_unreviewed`.
Response: `{"responses": {"<key>": {"status": 200, "results": [...], "total": {...},
"query": {...}}}, "matcher": {...}, "limit": n}`; each result an FtM entity with `score`,
`match` and `features`.

The dataset in the path is `default` (everything), `tipwatch` (persons reported in local news)
or the name of an imported list. The matching is tipwatch's (`tipwatch.screening.service`):
only cases an analyst accepted unless asked for, a tipwatch person's properties carry the latest
status in `notes` with its date and source, and a topic only for an accepted conviction.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from tipwatch.api.keys import Client, charge
from tipwatch.api.state import State, screen_many
from tipwatch.domain.legal_status import LEGAL_STATUSES
from tipwatch.exports.ftm import status_sentence
from tipwatch.screening.defaults import MATCH_THRESHOLD
from tipwatch.screening.service import (
    BIRTH_YEAR_MATCH,
    BIRTH_YEAR_MISMATCH,
    COUNTRY_MISMATCH,
    TIPWATCH_DATASET,
    ScreeningHit,
    ScreeningQuery,
    ScreeningResult,
)
from tipwatch.store.models import DatasetRow, ExternalEntityRow

MAX_QUERIES = 100
MAX_NAMES = 5
ALGORITHM = "tipwatch"
_NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
_COUNTRY_PROPS = ("nationality", "country", "citizenship", "jurisdiction")

router = APIRouter()


class EntityExample(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str | None = None
    schema_: str = Field(alias="schema", examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(examples=[{"name": ["Ramesh Kumar"]}])


class EntityMatchQuery(BaseModel):
    weights: dict[str, float] = Field(default_factory=dict)
    queries: dict[str, EntityExample] = Field(min_length=1, max_length=MAX_QUERIES)


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class ScoredEntity(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    caption: str
    schema_: str = Field(alias="schema")
    properties: dict[str, list[str]]
    datasets: list[str]
    referents: list[str] = Field(default_factory=list)
    target: bool = False
    score: float
    features: dict[str, float]
    match: bool


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntity]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(BaseModel):
    description: str
    coefficient: float
    url: str = ""


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: dict[str, FeatureDoc]
    limit: int


MATCHER = {
    "name_match": FeatureDoc(
        description="Best agreement of a query name with a name of the candidate: name parts "
        "aligned order-free, cross-script forms, transliteration, typos and initials",
        coefficient=1.0,
    ),
    "country_disjoint": FeatureDoc(
        description="The query's and the candidate's countries do not overlap",
        coefficient=-COUNTRY_MISMATCH,
    ),
    "dob_year_match": FeatureDoc(
        description="The birth years agree within a year", coefficient=BIRTH_YEAR_MATCH
    ),
    "dob_year_disjoint": FeatureDoc(
        description="The birth years are more than a year apart", coefficient=-BIRTH_YEAR_MISMATCH
    ),
}


def _values(props: dict[str, str | list[Any]], key: str) -> list[str]:
    raw = props.get(key)
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    return [str(v).strip() for v in items if str(v).strip()]


def _query_names(example: EntityExample) -> list[str]:
    props = example.properties
    names = [n for key in _NAME_PROPS for n in _values(props, key)]
    given = " ".join(_values(props, "firstName") + _values(props, "middleName"))
    family = " ".join(_values(props, "lastName"))
    if given or family:
        names.append(f"{given} {family}".strip())
    out: list[str] = []
    for n in names:
        if n not in out and len(n) <= 300:
            out.append(n)
    return out[:MAX_NAMES]


def _birth_year(example: EntityExample) -> int | None:
    for value in _values(example.properties, "birthDate"):
        if value[:4].isdigit() and 1900 <= int(value[:4]) <= 2100:
            return int(value[:4])
    return None


def _country(example: EntityExample) -> str | None:
    for key in _COUNTRY_PROPS:
        for value in _values(example.properties, key):
            if len(value) == 2 and value.isalpha():
                return value.lower()
    return None


def _entity(hit: ScreeningHit, schemas: dict[str, str]) -> tuple[str, str, dict[str, list[str]]]:
    """The result's id, schema and FtM properties."""
    props: dict[str, list[str]] = {"name": hit.names}
    if hit.countries:
        props["country"] = hit.countries
    if hit.birth_dates:
        props["birthDate"] = hit.birth_dates
    if hit.source_urls:
        props["sourceUrl"] = hit.source_urls
    if hit.subject_type == "entity":
        if hit.topics:
            props["topics"] = hit.topics
        return hit.subject_id, schemas.get(hit.subject_id, "Person"), props
    latest = hit.latest_status
    if latest is not None:
        note = (
            status_sentence(latest.status, latest.date, latest.source_url)
            + f"; outcome {latest.outcome.value}. "
            + f"{LEGAL_STATUSES.alleged_phrase()} mean alleged."
        )
        props["notes"] = [note] + ([hit.label] if hit.label else [])
        topic = LEGAL_STATUSES.ftm_topic(latest.status)
        if topic is not None and hit.reviewed:
            props["topics"] = [topic]
    return f"tipwatch-person-{hit.subject_id}", "Person", props


@router.post("/match/{dataset}", response_model=EntityMatchResponse, response_model_by_alias=True)
def match_entities(
    state: State,
    who: Client,
    body: EntityMatchQuery,
    dataset: Annotated[str, Path(max_length=100)],
    threshold: Annotated[float, Query(ge=0.0, le=1.0)] = MATCH_THRESHOLD,
    cutoff: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
    algorithm: Annotated[str, Query(max_length=50)] = ALGORITHM,
    include_unreviewed: Annotated[
        bool, Query(description="also screen cases no analyst has reviewed yet (labelled)")
    ] = False,
) -> EntityMatchResponse:
    """Match FollowTheMoney entity queries, answered in the shape of yente's `/match`."""
    charge(state, who, len(body.queries))
    responses: dict[str, EntityMatches] = {}
    with state.store.session() as s:
        known = {TIPWATCH_DATASET, *s.scalars(select(DatasetRow.name))}
    if dataset != "default" and dataset not in known:
        raise HTTPException(status_code=404, detail=f"unknown dataset {dataset!r}")
    # Every name of every query screened at once (on the batch workers when `tipwatch serve`
    # started them), then each query's hits merged over its names.
    asked: list[tuple[str, ScreeningQuery]] = []
    for key, example in body.queries.items():
        names = _query_names(example)
        if not names:
            raise HTTPException(
                status_code=400, detail=f"query {key!r} has no name (name, alias, lastName)"
            )
        country, year = _country(example), _birth_year(example)
        asked.extend(
            (
                key,
                ScreeningQuery(
                    name=name,
                    country=country,
                    birth_year=year,
                    limit=50,
                    threshold=threshold,
                    cutoff=cutoff,
                    include_unreviewed=include_unreviewed,
                ),
            )
            for name in names
        )
    answers = screen_many(state, [q for _, q in asked])
    by_query: dict[str, list[ScreeningResult]] = {}
    for (key, _), result in zip(asked, answers, strict=True):
        by_query.setdefault(key, []).append(result)
    with state.store.session() as s:
        for key, example in body.queries.items():
            best: dict[tuple[str, str], ScreeningHit] = {}
            for result in by_query[key]:
                for hit in result.hits:
                    if dataset not in ("default", hit.dataset):
                        continue
                    k = (hit.dataset, hit.subject_id)
                    if k not in best or hit.score > best[k].score:
                        best[k] = hit
            ranked = sorted(best.values(), key=lambda h: (-h.score, h.subject_id))
            entity_ids = [h.subject_id for h in ranked if h.subject_type == "entity"]
            schemas = dict(
                s.execute(
                    select(ExternalEntityRow.id, ExternalEntityRow.schema).where(
                        ExternalEntityRow.id.in_(entity_ids)
                    )
                ).all()
            )
            results = []
            for hit in ranked[:limit]:
                entity_id, schema, props = _entity(hit, schemas)
                results.append(
                    ScoredEntity(
                        id=entity_id,
                        caption=hit.caption,
                        schema_=schema,
                        properties=props,
                        datasets=[hit.dataset],
                        target="topics" in props,
                        score=hit.score,
                        features=hit.features,
                        match=hit.score >= threshold,
                    )
                )
            responses[key] = EntityMatches(
                results=results, total=TotalSpec(value=len(ranked)), query=example
            )
    return EntityMatchResponse(responses=responses, matcher=MATCHER, limit=limit)
