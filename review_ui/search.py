"""The analysts' search (`GET /search`, route in `tipwatch.review_ui.routes.search`) over the
configured index (SQLite FTS5 or Elasticsearch/OpenSearch): full text over names, titles and
bodies with exact filters (country, status, charge category, outlet, language, publication date
range) and facet counts that narrow the search when followed. Every role may search; suppressed
persons are not in the index, so never in results."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

from tipwatch.domain.legal_status import LEGAL_STATUSES
from tipwatch.index.base import (
    FACET_FIELDS,
    HIT_END,
    HIT_START,
    MAX_QUERY_CHARS,
    SearchHit,
    SearchQuery,
    unsearchable,
)
from tipwatch.records import ChargeCategory
from tipwatch.review_ui.forms import COUNTRY_RE
from tipwatch.store.documents import Decision

VALUE_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
PAGE = 50
PARAMS = (
    "q",
    "country",
    "status",
    "category",
    "outlet",
    "language",
    "review",
    "date_from",
    "date_to",
    "decision",
    "reason",
    "since",
    "page",
)
# The parameters a saved search keeps (not the page, not the "new since" time).
SAVED_PARAMS = PARAMS[:-2]
FACET_PARAM = {
    "country": "country",
    "statuses": "status",
    "charge_categories": "category",
    "source_id": "outlet",
    "language": "language",
    "review_status": "review",
    "decision": "decision",
    "reason": "reason",
}
FACET_TITLES = {
    "country": "Country",
    "statuses": "Legal status",
    "charge_categories": "Charge category",
    "source_id": "Outlet",
    "language": "Language",
    "review_status": "Review",
    "decision": "Machine decision",
    "reason": "Reason",
}
MAX_PAGE = 200


@dataclass
class SearchParams:
    """The checked parameters: `values` as the form shows them, `errors` in words, `query`
    when there are no errors."""

    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    query: SearchQuery | None = None


def _date(value: str, name: str, errors: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"{name} must be a date as YYYY-MM-DD.")
        return None


def parse_search(raw: Mapping[str, str]) -> SearchParams:
    """Check every parameter of the search form."""
    values = {name: (raw.get(name) or "").strip() for name in PARAMS}
    values["country"] = values["country"].upper()
    out = SearchParams(values=values)
    errors = out.errors
    if len(values["q"]) > MAX_QUERY_CHARS:
        errors.append(
            f"Search text is too long ({len(values['q'])} characters): at most {MAX_QUERY_CHARS}."
        )
        values["q"] = values["q"][:MAX_QUERY_CHARS]  # shown back in the form, not searched
    problem = unsearchable(values["q"])
    if problem:
        errors.append(problem[:1].upper() + problem[1:] + ".")
        # shown back without the characters a page cannot carry
        values["q"] = "".join(
            c for c in values["q"] if c != "\x00" and not "\ud800" <= c <= "\udfff"
        )
    if values["country"] and not COUNTRY_RE.match(values["country"]):
        errors.append("Country must be a two-letter ISO code, e.g. NG.")
    if values["status"] and values["status"] not in LEGAL_STATUSES:
        errors.append("Unknown legal status.")
    if values["category"] and values["category"] not in {c.value for c in ChargeCategory}:
        errors.append("Unknown charge category.")
    for key in ("outlet", "language", "review"):
        if values[key] and not VALUE_RE.match(values[key]):
            errors.append(f"Bad {key} value.")
    start = _date(values["date_from"], "From", errors)
    end = _date(values["date_to"], "To", errors)
    if values["decision"] and values["decision"] not in {d.value for d in Decision}:
        errors.append("Unknown machine decision.")
    if values["reason"] and not VALUE_RE.match(values["reason"]):
        errors.append("Bad reason value.")
    since = _since(values["since"], errors)
    page = _page(values["page"], errors)
    if not errors:
        out.query = SearchQuery(
            text=values["q"],
            country=values["country"] or None,
            status=values["status"] or None,
            charge_category=values["category"] or None,
            source_id=values["outlet"] or None,
            language=values["language"] or None,
            review_status=values["review"] or None,
            date_from=start,
            date_to=end,
            decision=values["decision"] or None,
            reason=values["reason"] or None,
            seen_after=since,
            limit=PAGE,
            offset=(page - 1) * PAGE,
        )
    return out


def _since(value: str, errors: list[str]) -> datetime | None:
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value)
    except ValueError:
        errors.append("Since must be a date and time (ISO 8601).")
        return None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _page(value: str, errors: list[str]) -> int:
    if not value:
        return 1
    if not value.isdigit() or not 1 <= int(value) <= MAX_PAGE:
        errors.append(f"Page must be a number from 1 to {MAX_PAGE}.")
        return 1
    return int(value)


def snippet_html(snippet: str) -> Markup:
    """A hit's passage, escaped, with the matched words in <mark>."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(HIT_START, "<mark>").replace(HIT_END, "</mark>"))


def hit_href(hit: SearchHit) -> str:
    """Where a hit leads: its case, or the article's own page."""
    kind = "cases" if hit.doc_type == "case" else "articles"
    return f"/{kind}/{hit.doc_id}"


def page_links(values: Mapping[str, str], total: int) -> dict[str, str | int | None]:
    """Previous and next links of a search's result pages."""
    page = int(values.get("page") or 1) if (values.get("page") or "1").isdigit() else 1
    last = max(1, min(MAX_PAGE, -(-total // PAGE)))
    active = {k: v for k, v in values.items() if v and k != "page"}

    def href(n: int) -> str:
        return "/search?" + urlencode({**active, "page": str(n)})

    return {
        "page": page,
        "last": last,
        "first_hit": (page - 1) * PAGE + 1 if total else 0,
        "last_hit": min(total, page * PAGE),
        "prev": href(page - 1) if page > 1 else None,
        "next": href(page + 1) if page < last else None,
    }


def facet_views(
    facets: Mapping[str, Mapping[str, int]], values: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Each facet's top values with counts, each linked to the search narrowed by it."""
    active = {k: v for k, v in values.items() if v and k != "page"}
    views = []
    for name in FACET_FIELDS:
        counts = sorted(facets.get(name, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        param = FACET_PARAM[name]
        views.append(
            {
                "title": FACET_TITLES[name],
                "values": [
                    {
                        "value": value,
                        "count": count,
                        "href": "/search?" + urlencode({**active, param: value}),
                        "active": values.get(param) == value,
                    }
                    for value, count in counts[:20]
                ],
            }
        )
    return views


def search_context(
    params: SearchParams,
    hits: list[SearchHit],
    facets: Mapping[str, Mapping[str, int]],
    engine_error: str | None,
    total: int = 0,
    saved: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """What search.html needs."""
    values = params.values
    return {
        "params": values,
        "hits": [{"hit": h, "href": hit_href(h), "snippet": snippet_html(h.snippet)} for h in hits],
        "total": total,
        "pages": page_links(values, total),
        "saved": saved or [],
        "saved_params": {k: values[k] for k in SAVED_PARAMS if values.get(k)},
        "decisions": [d.value for d in Decision],
        "facets": facet_views(facets, values),
        "errors": params.errors,
        "engine_error": engine_error,
        "statuses": LEGAL_STATUSES.values(),
        "categories": [c.value for c in ChargeCategory],
        "clear_href": "/search?" + urlencode({"q": values["q"]}) if values["q"] else "/search",
    }
