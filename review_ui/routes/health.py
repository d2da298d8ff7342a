"""`GET /healthz` (public): 200 when the store answers, else 503."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from tipwatch.review_ui.deps import StoreDep

router = APIRouter()


@router.get("/healthz")
def healthz(store: StoreDep) -> JSONResponse:
    try:
        with store.session() as s:
            s.execute(text("SELECT 1"))
    except Exception:
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})
