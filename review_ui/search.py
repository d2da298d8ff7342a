"""Review UI page: search for analysts (`GET /search`), over the configured index (SQLite FTS5
or Elasticsearch/OpenSearch): full text over names, titles and bodies with exact filters
(country, status, charge category, outlet, language, publication date range) and facet counts
that narrow the search when followed. Every role may search; suppressed persons are not in the
index, so never in results."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response

from tipwatch.index.base import FACET_FIELDS, SearchQuery
from tipwatch.index.engine_client import EngineDown
from tipwatch.index.factory import opened_index
from tipwatch.records import ChargeCategory, LegalStatus
from tipwatch.review_ui.auth import CurrentUser
from tipwatch.review_ui.deps import COUNTRY_RE, Ui, current_user

VALUE_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
PAGE = 50
FACET_PARAM = {
    "country": "country",
    "statuses": "status",
    "charge_categories": "category",
    "source_id": "outlet",
    "language": "language",
    "review_status": "review",
}
FACET_TITLES = {
    "country": "Country",
    "statuses": "Legal status",
    "charge_categories": "Charge category",
    "source_id": "Outlet",
    "language": "Language",
    "review_status": "Review",
}


def _date(value: str, name: str, errors: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"{name} must be a date as YYYY-MM-DD.")
        return None


def register(app: FastAPI, ui: Ui) -> None:
    @app.get("/search")
    def search_page(
        request: Request,
        user: Annotated[CurrentUser, Depends(current_user)],
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
        errors: list[str] = []
        params = {
            "q": q.strip()[:300],
            "country": country.strip().upper(),
            "status": status.strip(),
            "category": category.strip(),
            "outlet": outlet.strip(),
            "language": language.strip(),
            "review": review.strip(),
            "date_from": date_from.strip(),
            "date_to": date_to.strip(),
        }
        if params["country"] and not COUNTRY_RE.match(params["country"]):
            errors.append("Country must be a two-letter ISO code, e.g. NG.")
        if params["status"] and params["status"] not in {s.value for s in LegalStatus}:
            errors.append("Unknown legal status.")
        if params["category"] and params["category"] not in {c.value for c in ChargeCategory}:
            errors.append("Unknown charge category.")
        for key in ("outlet", "language", "review"):
            if params[key] and not VALUE_RE.match(params[key]):
                errors.append(f"Bad {key} value.")
        start = _date(params["date_from"], "From", errors)
        end = _date(params["date_to"], "To", errors)
        hits: list[Any] = []
        facets: dict[str, dict[str, int]] = {}
        engine_error = None
        if not errors:
            query = SearchQuery(
                text=params["q"],
                country=params["country"] or None,
                status=params["status"] or None,
                charge_category=params["category"] or None,
                source_id=params["outlet"] or None,
                language=params["language"] or None,
                review_status=params["review"] or None,
                date_from=start,
                date_to=end,
                limit=PAGE,
            )
            try:
                with opened_index(ui.settings) as index:
                    hits = index.search(query)
                    facets = index.facets(query)
            except EngineDown:
                engine_error = "The search engine is unreachable; try again shortly."
        active = {k: v for k, v in params.items() if v}
        facet_views = []
        for field in FACET_FIELDS:
            values = sorted(facets.get(field, {}).items(), key=lambda kv: (-kv[1], kv[0]))
            param = FACET_PARAM[field]
            facet_views.append(
                {
                    "title": FACET_TITLES[field],
                    "values": [
                        {
                            "value": value,
                            "count": count,
                            "href": "/search?" + urlencode({**active, param: value}),
                            "active": params.get(param) == value,
                        }
                        for value, count in values[:20]
                    ],
                }
            )
        return ui.render(
            request,
            "search.html",
            {
                "params": params,
                "hits": hits,
                "facets": facet_views,
                "errors": errors,
                "engine_error": engine_error,
                "statuses": [s.value for s in LegalStatus],
                "categories": [c.value for c in ChargeCategory],
                "clear_href": "/search?" + urlencode({"q": params["q"]})
                if params["q"]
                else "/search",
            },
            status_code=400 if errors else (503 if engine_error else 200),
        )
