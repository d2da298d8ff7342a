"""The review UI's routes: one `APIRouter` per resource, each included by `create_app`.

Every route names the least role it needs through its user parameter's type (`Viewer`,
`Reviewer`, `Admin` from `tipwatch.review_ui.deps`); `tests/review_ui/test_route_roles.py`
checks each route against each role.
"""

from fastapi import APIRouter

from tipwatch.review_ui.routes.articles import router as articles_router
from tipwatch.review_ui.routes.audit import router as audit_router
from tipwatch.review_ui.routes.auth import router as auth_router
from tipwatch.review_ui.routes.cases import router as cases_router
from tipwatch.review_ui.routes.coverage import router as coverage_router
from tipwatch.review_ui.routes.health import router as health_router
from tipwatch.review_ui.routes.persons import router as persons_router
from tipwatch.review_ui.routes.queue import router as queue_router
from tipwatch.review_ui.routes.search import router as search_router
from tipwatch.review_ui.routes.takedowns import router as takedowns_router

ROUTERS: tuple[APIRouter, ...] = (
    health_router,
    auth_router,
    queue_router,
    cases_router,
    articles_router,
    audit_router,
    coverage_router,
    persons_router,
    takedowns_router,
    search_router,
)

__all__ = ["ROUTERS"]
