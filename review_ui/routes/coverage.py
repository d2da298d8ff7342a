"""`GET /coverage` (the per-country table) and `GET /coverage/dashboard` (the coverage-bias
report with its charts; 503 when the metrics are not installed)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from tipwatch.coverage import coverage_table
from tipwatch.review_ui.deps import PagesDep, StoreDep, Viewer
from tipwatch.review_ui.forms import COUNTRY_RE

router = APIRouter()


@router.get("/coverage")
def coverage(request: Request, user: Viewer, store: StoreDep, pages: PagesDep) -> Response:
    with store.session() as s:
        rows = coverage_table(s)
    return pages.render(request, "coverage.html", {"rows": rows})


@router.get("/coverage/dashboard")
def coverage_dashboard(
    request: Request, user: Viewer, store: StoreDep, pages: PagesDep, country: str = ""
) -> Response:
    from tipwatch.review_ui.dashboard import case_type_months, dashboard_context

    try:
        from tipwatch.metrics.build import build_report
    except ImportError:
        raise HTTPException(status_code=503, detail="coverage report not available") from None
    with store.session() as s:
        report = build_report(s, today=date.today())
        counts = case_type_months(s)
    wanted = country.strip().upper()
    return pages.render(
        request,
        "dashboard.html",
        dashboard_context(report, counts, wanted if COUNTRY_RE.match(wanted) else ""),
    )
