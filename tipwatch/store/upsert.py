"""The INSERT of the store's dialect (SQLite or PostgreSQL), which knows ON CONFLICT: for writes
that may meet a row already there (a person listed twice, an entity imported again)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert


def dialect_insert(conn: Connection, table: Any) -> Any:
    """`insert(table)` of the connection's dialect, with `on_conflict_do_nothing/update`."""
    if conn.dialect.name == "postgresql":
        return pg_insert(table)
    return sqlite_insert(table)
