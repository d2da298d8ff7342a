"""A named lock that index maintainers take so that one of them writes the index at a time.

`tipwatch index rebuild` and the outbox sync must not interleave: a sync that writes a newer
document while a rebuild is running would be overwritten by the rebuild's older copy and its
outbox row would already be marked synced. Both take `index_lock` for their transaction.

PostgreSQL: a transaction-level advisory lock (released at commit or rollback). SQLite: the
store is a local file, so an exclusive `flock` on a file beside it (held until the context
exits). Neither blocks the pipeline's ordinary writes.
"""

from __future__ import annotations

import fcntl
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

INDEX_LOCK = "tipwatch.index"


def _key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for the lock's name."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def index_lock(session: Session, name: str = INDEX_LOCK) -> Iterator[None]:
    """Hold the lock `name` for the rest of `session`'s transaction (PostgreSQL) or until the
    context exits (SQLite); waits while another holder has it."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_key(name))))
        yield
        return
    database = bind.engine.url.database
    if bind.dialect.name != "sqlite" or not database or database == ":memory:":
        yield  # one process owns an in-memory database: nothing to serialise with
        return
    path = Path(f"{database}.{name}.lock")
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
