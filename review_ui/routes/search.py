"""`GET /search` (every role): the index's hits (with their passages, matched words marked),
the total count and facets for the checked parameters (`tipwatch.review_ui.search`); 400 on
bad parameters, 503 when the search engine is down. Saved searches: `POST /search/saved` keeps
the current parameters under a name, `GET /search/saved/{id}` opens one (`?new=1`: only what
entered the index since the previous visit) and `POST /search/saved/{id}/delete` removes it;
the search page lists the user's saved searches with how many documents are new since their
last visit."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from tipwatch.index.base import SearchIndex, utc_iso
from tipwatch.index.engine_client import EngineDown
from tipwatch.index.factory import opened_index
from tipwatch.review_ui.deps import Form, PagesDep, SettingsDep, StoreDep, Viewer
from tipwatch.review_ui.search import (
    PARAMS,
    SAVED_PARAMS,
    parse_search,
    search_context,
)
from tipwatch.store.saved_searches import (
    SavedSearchError,
    delete_saved,
    list_saved,
    save_search,
    visit_saved,
)

ENGINE_DOWN = "The search engine is unreachable; try again shortly."

router = APIRouter()


def _saved_views(index: SearchIndex, rows: list[Any]) -> list[dict[str, Any]]:
    """Each saved search with how many of its documents are new since its last visit."""
    views = []
    for row in rows:
        params = {k: str(v) for k, v in row.params.items() if k in SAVED_PARAMS}
        checked = parse_search({**params, "since": utc_iso(row.last_visit_at)})
        new = index.total(checked.query) if checked.query is not None else 0
        views.append({"id": row.id, "name": row.name, "new": new})
    return views


@router.get("/search")
def search_page(
    request: Request,
    user: Viewer,
    settings: SettingsDep,
    store: StoreDep,
    pages: PagesDep,
) -> Response:
    raw = {name: request.query_params.get(name, "") for name in PARAMS}
    params = parse_search(raw)
    hits: list[Any] = []
    facets: dict[str, dict[str, int]] = {}
    total = 0
    saved: list[dict[str, Any]] = []
    engine_error = None
    with store.session() as s:
        rows = list_saved(s, user.id)
        try:
            with opened_index(settings) as index:
                if params.query is not None:
                    hits = index.search(params.query)
                    total = index.total(params.query)
                    facets = index.facets(params.query)
                saved = _saved_views(index, rows)
        except EngineDown:
            engine_error = ENGINE_DOWN
            saved = [{"id": r.id, "name": r.name, "new": None} for r in rows]
    status_code = 400 if params.errors else (503 if engine_error else 200)
    return pages.render(
        request,
        "search.html",
        search_context(params, hits, facets, engine_error, total=total, saved=saved),
        status_code=status_code,
    )


@router.post("/search/saved")
def save(user: Viewer, form: Form, store: StoreDep) -> Response:
    raw = {name: str(form.get(name) or "") for name in SAVED_PARAMS}
    params = parse_search(raw)
    if params.errors:
        raise HTTPException(status_code=400, detail=" ".join(params.errors))
    kept = {k: v for k, v in params.values.items() if k in SAVED_PARAMS and v}
    with store.session() as s:
        try:
            saved_id = save_search(s, user.id, str(form.get("name") or ""), kept)
        except SavedSearchError as exc:
            raise HTTPException(status_code=400, detail=f"Cannot save: {exc}.") from None
    return RedirectResponse(f"/search/saved/{saved_id}", status_code=303)


@router.get("/search/saved/{saved_id}")
def open_saved(saved_id: int, user: Viewer, store: StoreDep, new: str = "") -> Response:
    with store.session() as s:
        try:
            params, previous = visit_saved(s, user.id, saved_id)
        except KeyError:
            raise HTTPException(status_code=404, detail="No such saved search.") from None
    kept = {k: v for k, v in params.items() if k in SAVED_PARAMS}
    if new:
        kept["since"] = utc_iso(previous)
    return RedirectResponse("/search?" + urlencode(kept), status_code=303)


@router.post("/search/saved/{saved_id}/delete")
def remove_saved(saved_id: int, user: Viewer, store: StoreDep) -> Response:
    with store.session() as s:
        if not delete_saved(s, user.id, saved_id):
            raise HTTPException(status_code=404, detail="No such saved search.")
    return RedirectResponse("/search", status_code=303)
