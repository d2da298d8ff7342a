"""Error pages: HTTP errors and malformed requests answer with the HTML error page (the
screening API, a separate application, keeps its JSON errors)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from tipwatch.review_ui.deps import ui_state


async def http_error(request: Request, exc: Exception) -> Response:
    """Registered for `StarletteHTTPException` (FastAPI's HTTPException is one)."""
    assert isinstance(exc, StarletteHTTPException)
    return ui_state(request).pages.render(
        request,
        "error.html",
        {"status": exc.status_code, "message": str(exc.detail)},
        status_code=exc.status_code,
    )


async def bad_request(request: Request, exc: Exception) -> Response:
    """Registered for `RequestValidationError`: a parameter of the wrong type or shape."""
    return ui_state(request).pages.render(
        request, "error.html", {"status": 400, "message": "Bad request."}, status_code=400
    )
