"""The review queue's URL parameters: parsed and checked into a `CaseQuery`, with a clear message
for every bad value, and turned back into links (pagination keeps the filters).

Parameters: `country` (jurisdiction, ISO code), `outlet` (source id), `status` (review status),
`min_score` (0 to 1), `band` (repeatable: high, medium, low), `from` and `to` (publication date,
YYYY-MM-DD), `edited` (yes or no), `sort` (see `tipwatch.store.queue.SORTS`), `page`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from tipwatch.domain.review_state import ReviewState
from tipwatch.review_ui.forms import COUNTRY_RE
from tipwatch.store.queue import CONFIDENCE_BANDS, DEFAULT_SORT, SORTS, CaseQuery

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_PAGE = 10_000
EDITED = {"": None, "yes": True, "no": False}
BAND_LABELS = {"high": "high (0.8 and up)", "medium": "medium (0.5 to 0.8)", "low": "low (< 0.5)"}
REVIEW_STATES = tuple(state.value for state in ReviewState)
FIELDS = ("country", "outlet", "status", "min_score", "band", "from", "to", "edited", "sort")


@dataclass
class QueueParams:
    """The checked parameters: `values` as the form shows them, `errors` in words."""

    query: CaseQuery = field(default_factory=CaseQuery)
    page: int = 1
    values: dict[str, str] = field(default_factory=dict)
    bands: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def link(self, page: int | None = None) -> str:
        """The queue URL with these filters (only the ones set) and `page` (default: this)."""
        return queue_link(self.values, self.bands, self.page if page is None else page)


def queue_link(values: Mapping[str, str], bands: list[str], page: int = 1) -> str:
    pairs = [(k, v) for k, v in values.items() if v and k != "band"]
    pairs += [("band", b) for b in bands]
    if page > 1:
        pairs.append(("page", str(page)))
    return "/?" + urlencode(pairs) if pairs else "/"


def _date(raw: str, label: str, errors: list[str]) -> date | None:
    if not raw:
        return None
    if DATE_RE.match(raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    errors.append(f"{label} must be a date as YYYY-MM-DD, e.g. 2024-05-31.")
    return None


def _score(raw: str, errors: list[str]) -> float | None:
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0.0 <= value <= 1.0 or len(raw) > 10:
        errors.append("Minimum score must be a number from 0 to 1, e.g. 0.7.")
        return None
    return value


def parse_queue(params: QueryParams, *, outlets: Collection[str]) -> QueueParams:
    """Check every parameter; `outlets` are the known source ids."""
    get = {name: (params.get(name) or "").strip() for name in FIELDS}
    out = QueueParams()
    errors = out.errors
    country = get["country"].upper()
    if country and not COUNTRY_RE.match(country):
        errors.append("Country must be a two-letter ISO code, e.g. NG.")
    outlet = get["outlet"]
    if outlet and outlet not in outlets:
        errors.append("Outlet must be the id of a known outlet (choose one from the list).")
    status = get["status"].lower()
    if status and status not in REVIEW_STATES:
        errors.append("Review status must be one of: " + ", ".join(REVIEW_STATES) + ".")
    min_score = _score(get["min_score"], errors)
    bands = [b.strip().lower() for b in params.getlist("band") if b.strip()]
    if any(b not in CONFIDENCE_BANDS for b in bands):
        errors.append("Confidence band must be one of: " + ", ".join(CONFIDENCE_BANDS) + ".")
    bands = [b for b in CONFIDENCE_BANDS if b in bands]
    date_from = _date(get["from"], "Published from", errors)
    date_to = _date(get["to"], "Published to", errors)
    if date_from and date_to and date_from > date_to:
        errors.append("Published from must not be after published to.")
    edited = get["edited"].lower()
    if edited not in EDITED:
        errors.append("Edited must be yes or no (or empty for either).")
    sort = get["sort"].lower() or DEFAULT_SORT
    if sort not in SORTS:
        errors.append("Sort must be one of: " + ", ".join(SORTS) + ".")
    raw_page = (params.get("page") or "1").strip()
    if not raw_page.isdigit() or not 1 <= int(raw_page) <= MAX_PAGE:
        errors.append(f"Page must be a whole number from 1 to {MAX_PAGE}.")
    else:
        out.page = int(raw_page)
    out.values = {
        "country": country,
        "outlet": outlet,
        "status": status,
        "min_score": get["min_score"],
        "from": get["from"],
        "to": get["to"],
        "edited": edited,
        "sort": sort if sort != DEFAULT_SORT else "",
    }
    out.bands = bands
    if not errors:
        out.query = CaseQuery(
            country=country or None,
            source_id=outlet or None,
            review_status=status or None,
            min_score=min_score,
            bands=tuple(bands),
            published_from=date_from,
            published_to=date_to,
            edited=EDITED[edited],
            sort=sort,
        )
    return out


def queue_context(
    params: QueueParams, outlets: list[str], edited_ids: set[str]
) -> dict[str, object]:
    """What cases.html needs besides the rows: the form's values and choices, the links."""
    return {
        "q": params.values,
        "q_bands": params.bands,
        "outlets": outlets,
        "bands": BAND_LABELS,
        "sorts": SORTS,
        "sort": params.values.get("sort") or DEFAULT_SORT,
        "edited_ids": edited_ids,
        "here": params.link(),
        "prev_href": params.link(params.page - 1) if params.page > 1 else None,
        "next_href": params.link(params.page + 1),
    }
