"""The review UI: server-rendered pages where analysts check extracted cases.

`create_app(settings, store)` builds the whole application; nothing happens at import time.

Security model, enforced here for every route (deny by default):
- a request guard (HTTP middleware) rejects unsafe requests from other sites, loads the signed
  session and the user, and redirects anonymous requests to /login unless the path is public
  (`/login`, `/healthz`, `/static/...`);
- an app-wide dependency checks the CSRF token on every unsafe request;
- review actions additionally need the `reviewer` or `admin` role;
- every response carries a strict CSP (no inline script or style), nosniff and no-referrer;
- templates are autoescaped, whatever their file name.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import select, text
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException

from tipwatch.coverage import coverage_table
from tipwatch.records import ChargeCategory, LegalStatus
from tipwatch.review_ui import persons, search, takedowns
from tipwatch.review_ui.api import create_api
from tipwatch.review_ui.auth import (
    CSRF_FIELD,
    UNSAFE_METHODS,
    CurrentUser,
    SessionData,
    SessionManager,
    authenticate,
    cross_site_reason,
    safe_next,
)
from tipwatch.review_ui.deps import (
    COUNTRY_RE,
    MAX_REASON_LENGTH,
    Ui,
    admin,
    current_user,
    edit_from_form,
    enforce_csrf,
    posted_form,
    reviewer,
)
from tipwatch.review_ui.queue import parse_queue, queue_context
from tipwatch.review_ui.views import concealment, highlight, perpetrator_views, safe_href
from tipwatch.settings import Settings
from tipwatch.store.db import Store
from tipwatch.store.models import CaseRow, ExtractionRow
from tipwatch.store.queue import edited_case_ids, known_outlets
from tipwatch.store.repository import REVIEW_STATES, get_case, list_cases
from tipwatch.store.review import (
    EditError,
    audit_trail,
    case_snapshot,
    edit_case,
    latest_edit,
    machine_snapshot,
    review_case,
    verify_audit_chain,
)

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
PUBLIC_PATHS = frozenset({"/login", "/healthz"})
# /api/ authenticates by API key itself (review_ui/api.py); it never sees the session cookie.
PUBLIC_PREFIXES = ("/static/", "/api/")
PAGE_SIZE = 100
MAX_CREDENTIAL_LENGTH = 1024
REVIEW_DECISIONS = ("accepted", "rejected")
LEGAL_STATUSES = tuple(st.value for st in LegalStatus)
EDIT_CATEGORIES = tuple(c.value for c in ChargeCategory if c is not ChargeCategory.OTHER)
BLANK_PERPETRATOR_ROWS = 2
AUDIT_PAGE_SIZE = 500


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


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
    return env


def create_app(settings: Settings, store: Store) -> FastAPI:
    """The review UI application bound to `store`; sessions are signed with
    `settings.secret_key` (at least 32 characters; see `review_ui.auth.ensure_secret_key`)."""
    sessions = SessionManager(settings.secret_key)
    env = make_templates()

    app = FastAPI(
        title="tipwatch review",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(enforce_csrf)],
    )
    app.state.settings = settings
    app.state.store = store
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    def render(
        request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
    ) -> HTMLResponse:
        data: SessionData | None = getattr(request.state, "session", None)
        html = env.get_template(name).render(
            user=getattr(request.state, "user", None),
            csrf_token=data.csrf if data is not None else "",
            path=request.url.path,
            **context,
        )
        return HTMLResponse(html, status_code=status_code)

    def load_user(data: SessionData) -> CurrentUser | None:
        with store.session() as s:
            return sessions.load_user(s, data)

    # --- the request guard -------------------------------------------------------------------

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        response: Response
        reason = cross_site_reason(request) if request.method in UNSAFE_METHODS else None
        if reason is not None:
            response = render(
                request,
                "error.html",
                {"status": 403, "message": "Cross-site request refused."},
                status_code=403,
            )
        else:
            data = sessions.load(request)
            changed = data is None
            if data is None:
                data = SessionData.fresh()
            user = await run_in_threadpool(load_user, data) if data.user_id is not None else None
            if data.user_id is not None and user is None:
                # Deleted user, changed password or role removed: start a fresh session.
                data, changed = SessionData.fresh(), True
            request.state.session = data
            request.state.session_changed = changed
            request.state.user = user
            if user is None and not is_public(path):
                target = "/login"
                if request.method == "GET":
                    here = path + (f"?{request.url.query}" if request.url.query else "")
                    target += "?next=" + quote(here, safe="")
                response = RedirectResponse(target, status_code=303)
            else:
                response = await call_next(request)
            if request.state.session_changed and not path.startswith(PUBLIC_PREFIXES):
                sessions.save(response, request, request.state.session)
        for key, value in SECURITY_HEADERS.items():
            response.headers[key] = value
        if not path.startswith("/static/"):  # pages and API answers are never cached
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return render(
            request,
            "error.html",
            {"status": exc.status_code, "message": str(exc.detail)},
            status_code=exc.status_code,
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return render(
            request, "error.html", {"status": 400, "message": "Bad request."}, status_code=400
        )

    # --- public routes ----------------------------------------------------------------------

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        try:
            with store.session() as s:
                s.execute(text("SELECT 1"))
        except Exception:
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    @app.get("/login")
    def login_form(request: Request, next: str = "/") -> Response:
        if getattr(request.state, "user", None) is not None:
            return RedirectResponse(safe_next(next), status_code=303)
        return render(request, "login.html", {"error": None, "next": safe_next(next)})

    @app.post("/login")
    def login(request: Request, form: Annotated[FormData, Depends(posted_form)]) -> Response:
        username = form.get("username")
        password = form.get("password")
        target = safe_next(str(form.get("next") or "/"))
        data: SessionData | None = None
        if (
            isinstance(username, str)
            and isinstance(password, str)
            and 0 < len(username) <= MAX_CREDENTIAL_LENGTH
            and 0 < len(password) <= MAX_CREDENTIAL_LENGTH
        ):
            with store.session() as s:
                row = authenticate(s, username, password)
                if row is not None:
                    s.flush()
                    # A new CSRF token at login: nothing learnt before login stays valid.
                    data = SessionData.fresh()
                    data.user_id = row.id
                    data.pw = sessions.password_fingerprint(row.password_hash)
        if data is None:
            return render(
                request,
                "login.html",
                {"error": "Wrong username or password.", "next": target},
                status_code=401,
            )
        request.state.session = data
        request.state.session_changed = True
        return RedirectResponse(target, status_code=303)

    # --- logged-in routes -------------------------------------------------------------------

    @app.post("/logout")
    def logout(request: Request, user: Annotated[CurrentUser, Depends(current_user)]) -> Response:
        request.state.session = SessionData.fresh()
        request.state.session_changed = True
        return RedirectResponse("/login", status_code=303)

    @app.get("/")
    def case_list(
        request: Request,
        user: Annotated[CurrentUser, Depends(current_user)],
    ) -> Response:
        """The review queue: filters and sort in `review_ui.queue`, keys in static/queue.js."""
        rows: list[dict[str, Any]] = []
        has_next = False
        edited_ids: set[str] = set()
        with store.session() as s:
            countries = sorted(
                c for c in s.scalars(select(CaseRow.country).distinct()) if c is not None
            )
            outlets = known_outlets(s)
            params = parse_queue(request.query_params, outlets=outlets)
            errors, page = params.errors, params.page
            if not errors:
                cases = list_cases(
                    s,
                    query=params.query,
                    limit=PAGE_SIZE + 1,
                    offset=(page - 1) * PAGE_SIZE,
                )
                has_next = len(cases) > PAGE_SIZE
                edited_ids = edited_case_ids(s, [c.id for c in cases[:PAGE_SIZE]])
                for case in cases[:PAGE_SIZE]:
                    art = case.article
                    conceal = concealment(case.perpetrators, reveal=user.role == "admin")
                    rows.append(
                        {
                            "id": case.id,
                            "title": conceal.text(art.title),
                            "source_id": art.source_id,
                            "publish_date": art.publish_date,
                            "country_of_publication": art.country_of_publication,
                            "country": case.country,
                            "perpetrators": perpetrator_views(case.perpetrators, conceal),
                            "charge_categories": list(case.charge_categories or []),
                            "score": case.case_score,
                            "review_status": case.review_status,
                        }
                    )
        return render(
            request,
            "cases.html",
            {
                "rows": rows,
                "countries": countries,
                "states": REVIEW_STATES,
                "errors": errors,
                "page": page,
                "has_next": has_next,
                **queue_context(params, outlets, edited_ids),
            },
            status_code=400 if errors else 200,
        )

    @app.get("/cases/{case_id}")
    def case_page(
        request: Request, case_id: str, user: Annotated[CurrentUser, Depends(current_user)]
    ) -> Response:
        with store.session() as s:
            case = get_case(s, case_id)
            if case is None:
                raise HTTPException(status_code=404, detail="No such case.")
            art = case.article
            conceal = concealment(case.perpetrators, reveal=user.role == "admin")
            perps = perpetrator_views(case.perpetrators, conceal)
            body = highlight(
                conceal.text(art.text) or "", [(f"#{p.index} {p.name}", p.evidence) for p in perps]
            )
            context = {
                "case": {
                    "id": case.id,
                    "country": case.country,
                    "admin1": case.admin1,
                    "city": case.city,
                    "court_or_agency": list(case.court_or_agency or []),
                    "charge_categories": list(case.charge_categories or []),
                    "victims_count": case.victims_count,
                    "score": case.case_score,
                    "review_status": case.review_status,
                    "reviewed_by": case.reviewed_by,
                    "reviewed_at": case.reviewed_at,
                    "review_reason": case.review_reason,
                },
                "article": {
                    "title": conceal.text(art.title),
                    "source_id": art.source_id,
                    "url": art.canonical_url,
                    "href": safe_href(art.canonical_url),
                    "publish_date": art.publish_date,
                    "language": art.language,
                    "country_of_publication": art.country_of_publication,
                },
                "perpetrators": perps,
                "body": body,
                "decisions": REVIEW_DECISIONS,
                "current": conceal.snapshot(case_snapshot(case)),
                "concealed": conceal.active,
                "statuses": LEGAL_STATUSES,
                "categories": EDIT_CATEGORIES,
                "blank_rows": BLANK_PERPETRATOR_ROWS,
                "edit": None,
                "machine": None,
            }
            edit = latest_edit(s, case.id)
            if edit is not None:
                ext = s.get(ExtractionRow, case.extraction_id)
                context["edit"] = {
                    "data": conceal.snapshot(edit.edited),
                    "by": edit.edited_by,
                    "at": edit.edited_at,
                    "reason": edit.reason,
                }
                machine = machine_snapshot(ext.payload if ext is not None else {})
                context["machine"] = {
                    "data": conceal.snapshot(machine),
                    "version": ext.extractor_version if ext is not None else "unknown",
                }
            context["takedown"] = takedowns.form_context(s, art) if user.role == "admin" else None
        return render(request, "case.html", context)

    @app.post("/cases/{case_id}/review")
    def review(
        case_id: str,
        user: Annotated[CurrentUser, Depends(reviewer)],
        form: Annotated[FormData, Depends(posted_form)],
    ) -> Response:
        decision = form.get("decision")
        if decision not in REVIEW_DECISIONS:
            raise HTTPException(status_code=400, detail="Decision must be accepted or rejected.")
        raw_reason = form.get("reason")
        reason = raw_reason.strip() if isinstance(raw_reason, str) else ""
        if len(reason) > MAX_REASON_LENGTH:
            raise HTTPException(status_code=400, detail="Reason is too long.")
        with store.session() as s:
            try:
                review_case(
                    s, case_id, decision=str(decision), user=user.username, reason=reason or None
                )
            except KeyError:
                raise HTTPException(status_code=404, detail="No such case.") from None
        # The review queue's forms come back to the queue (a local path, see safe_next).
        back = form.get("next")
        if isinstance(back, str) and back:
            return RedirectResponse(safe_next(back), status_code=303)
        return RedirectResponse(f"/cases/{quote(case_id, safe='')}", status_code=303)

    @app.post("/cases/{case_id}/edit")
    def edit(
        case_id: str,
        user: Annotated[CurrentUser, Depends(reviewer)],
        form: Annotated[FormData, Depends(posted_form)],
    ) -> Response:
        edited = edit_from_form(form)
        raw_reason = form.get("reason")
        reason = raw_reason.strip() if isinstance(raw_reason, str) else ""
        if len(reason) > MAX_REASON_LENGTH:
            raise HTTPException(status_code=400, detail="Reason is too long.")
        with store.session() as s:
            try:
                edit_case(s, case_id, edited, user=user.username, reason=reason or None)
            except KeyError:
                raise HTTPException(status_code=404, detail="No such case.") from None
            except EditError as exc:
                raise HTTPException(status_code=400, detail=f"Invalid edit: {exc}") from None
        return RedirectResponse(f"/cases/{quote(case_id, safe='')}", status_code=303)

    @app.get("/audit")
    def audit(request: Request, user: Annotated[CurrentUser, Depends(admin)]) -> Response:
        with store.session() as s:
            rows = audit_trail(s)
            valid = verify_audit_chain(s)
            entries = [
                {
                    "id": r.id,
                    "at": r.at,
                    "actor": r.actor,
                    "action": r.action,
                    "object_type": r.object_type,
                    "object_id": r.object_id,
                    "before": json.dumps(r.before, ensure_ascii=False, sort_keys=True),
                    "after": json.dumps(r.after, ensure_ascii=False, sort_keys=True),
                    "reason": r.reason,
                    "hash": r.hash,
                }
                for r in reversed(rows[-AUDIT_PAGE_SIZE:])
            ]
        return render(
            request,
            "audit.html",
            {"entries": entries, "valid": valid, "total": len(rows)},
        )

    @app.get("/coverage")
    def coverage(request: Request, user: Annotated[CurrentUser, Depends(current_user)]) -> Response:
        with store.session() as s:
            rows = coverage_table(s)
        return render(request, "coverage.html", {"rows": rows})

    @app.get("/coverage/dashboard")
    def coverage_dashboard(
        request: Request, user: Annotated[CurrentUser, Depends(current_user)], country: str = ""
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
        return render(
            request,
            "dashboard.html",
            dashboard_context(report, counts, wanted if COUNTRY_RE.match(wanted) else ""),
        )

    app.mount("/api/v1", create_api(store))
    ui = Ui(settings=settings, store=store, render=render)
    persons.register(app, ui)
    takedowns.register(app, ui)
    search.register(app, ui)
    return app
