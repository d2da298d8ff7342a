"""charges with their statute kept on cases (issue 16: one review screen)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 18:30:00

The NLP finds each charge's wording, category and, where the text names one, its statute
("IPC 370", "RA 9208"); until now a case kept only the set of categories and the statutes were
dropped. `cases.charges` keeps the list of {category, statute, evidence} (`CaseCharge`), what
the case page shows, a reviewer edits and the exports carry.

Backfill: each case's charges are read from the stored payload of the extraction it is based
on. For a case a reviewer edited, only the machine's charges whose category the case still has
(or whose category is `other`, a statute outside the case categories) are kept, so the list
never contradicts the reviewer's categories.
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OTHER = "other"


def _loaded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _charges(payload: Any, categories: Any) -> list[dict[str, Any]]:
    payload = _loaded(payload) or {}
    keep = set(_loaded(categories) or []) | {OTHER}
    out = []
    for c in payload.get("charges") or []:
        if not isinstance(c, dict) or c.get("category") not in keep:
            continue
        out.append(
            {
                "category": c["category"],
                "statute": c.get("statute"),
                "evidence": [list(s) for s in c.get("evidence") or []],
            }
        )
    return out


def upgrade() -> None:
    # A plain column statement (SQLite has it): no table copy.
    op.add_column(
        "cases", sa.Column("charges", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT cases.id, cases.charge_categories, extractions.payload FROM cases "
            "JOIN extractions ON extractions.id = cases.extraction_id"
        )
    ).all()
    cases = sa.table("cases", sa.column("id", sa.String), sa.column("charges", sa.JSON))
    for case_id, categories, payload in rows:
        charges = _charges(payload, categories)
        if charges:
            bind.execute(cases.update().where(cases.c.id == case_id).values(charges=charges))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE cases DROP COLUMN charges")
    else:
        op.drop_column("cases", "charges")
