"""`GET /audit` (admin): the latest entries of the hash-chained audit log and whether it
verifies (`check_audit`: the chain, the signed head, an audit row for every edit and decision),
with each problem found."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tipwatch.review_ui.deps import Admin, PagesDep, StoreDep
from tipwatch.store.audit import audit_trail, check_audit

AUDIT_PAGE_SIZE = 500

router = APIRouter()


@router.get("/audit")
def audit(request: Request, user: Admin, store: StoreDep, pages: PagesDep) -> Response:
    with store.session() as s:
        rows = audit_trail(s)
        problems = check_audit(s).problems
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
    return pages.render(
        request,
        "audit.html",
        {"entries": entries, "valid": not problems, "problems": problems, "total": len(rows)},
    )
