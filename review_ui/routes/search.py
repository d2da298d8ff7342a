"""`GET /search` (every role): the index's hits and facets for the checked parameters
(`tipwatch.review_ui.search`); 400 on bad parameters, 503 when the search engine is down."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tipwatch.index.engine_client import EngineDown
from tipwatch.index.factory import opened_index
from tipwatch.review_ui.deps import PagesDep, SettingsDep, Viewer
from tipwatch.review_ui.search import parse_search, search_context

ENGINE_DOWN = "The search engine is unreachable; try again shortly."

router = APIRouter()


@router.get("/search")
def search_page(
    request: Request,
    user: Viewer,
    settings: SettingsDep,
    pages: PagesDep,
    q: str = "",
    country: str = "",
    status: str = "",
    category: str = "",
    outlet: str = "",
    language: str = "",
    review: str = "",
    date_from: str = "",
    date_to: str = "",
) -> Response:
    params = parse_search(
        {
            "q": q,
            "country": country,
            "status": status,
            "category": category,
            "outlet": outlet,
            "language": language,
            "review": review,
            "date_from": date_from,
            "date_to": date_to,
        }
    )
    hits: list[Any] = []
    facets: dict[str, dict[str, int]] = {}
    engine_error = None
    if params.query is not None:
        try:
            with opened_index(settings) as index:
                hits = index.search(params.query)
                facets = index.facets(params.query)
        except EngineDown:
            engine_error = ENGINE_DOWN
    status_code = 400 if params.errors else (503 if engine_error else 200)
    return pages.render(
        request,
        "search.html",
        search_context(params, hits, facets, engine_error),
        status_code=status_code,
    )
