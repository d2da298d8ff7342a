"""Server-rendered pages: the Jinja2 environment and `Pages.render`, which adds what every page
needs (the user, this session's CSRF token, the path) to a template's context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from tipwatch.domain.rates import fmt_rate
from tipwatch.domain.review_state import ReviewState
from tipwatch.review_ui.auth import CSRF_FIELD, SessionData
from tipwatch.review_ui.views import alleged_phrase

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"


def make_templates() -> Environment:
    """Jinja2 environment with autoescaping ON for every template (not only *.html)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["csrf_field"] = CSRF_FIELD
    # Which statuses are allegations comes from the legal-status table, never a template.
    env.globals["alleged_phrase"] = alleged_phrase()
    # The decisions a reviewer can post, named by the review-state enum, not by strings.
    env.globals["ReviewState"] = ReviewState
    # Rates print with significant digits (0.0044, never "0.00"): tipwatch.domain.rates.
    env.filters["rate"] = fmt_rate
    return env


class Pages:
    """Renders templates for one application (one environment, loaded once)."""

    def __init__(self, env: Environment | None = None) -> None:
        self.env = env or make_templates()

    def render(
        self, request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
    ) -> HTMLResponse:
        data: SessionData | None = getattr(request.state, "session", None)
        html = self.env.get_template(name).render(
            user=getattr(request.state, "user", None),
            csrf_token=data.csrf if data is not None else "",
            path=request.url.path,
            index_waiting=getattr(request.state, "index_waiting", 0),
            **context,
        )
        return HTMLResponse(html, status_code=status_code)
