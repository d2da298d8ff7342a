"""Named locks: the index lock that index maintainers take so that one of them writes the index
at a time, and the run lock (`run_lock`) that one pipeline run holds on its data folder.

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
import os
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
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


# --- the run lock: one pipeline run per data folder (and per PostgreSQL store) ------------------

RUN_LOCK_FILE = "run.lock"
RUN_LOCK = "tipwatch.run"


class RunBusy(RuntimeError):
    """Another process holds the run lock of this data folder (or PostgreSQL store)."""

    def __init__(self, where: str, since: str, pid: int | None) -> None:
        self.where, self.since, self.pid = where, since, pid
        super().__init__(
            f"another run holds {where} since {since} (pid {pid if pid is not None else '?'}); "
            "wait for it to finish, or stop it"
        )


_held: dict[str, int] = {}
_held_guard = threading.Lock()


def _holder(text: str) -> tuple[str, int | None]:
    """(since, pid) from a lock file's or connection's `pid=N since=ISO` line."""
    fields = dict(p.split("=", 1) for p in text.split() if "=" in p)
    pid = fields.get("pid", "")
    return fields.get("since", "an unknown time"), int(pid) if pid.isdigit() else None


def _stamp() -> str:
    since = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return f"pid={os.getpid()} since={since}"


def _flock(path: Path, where: str, stack: ExitStack) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fh = stack.enter_context(path.open("a+", encoding="utf-8"))
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.seek(0)
        raise RunBusy(where, *_holder(fh.read())) from None
    stack.callback(fcntl.flock, fh.fileno(), fcntl.LOCK_UN)
    fh.seek(0)
    fh.truncate()
    fh.write(_stamp() + "\n")
    fh.flush()


def _pg_lock(database_url: str, stack: ExitStack) -> None:
    """A session-level advisory lock on a connection of its own, held until the stack closes
    (PostgreSQL releases it when the connection ends, so a killed run frees it too)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    key = _key(RUN_LOCK)
    engine = create_engine(
        database_url,
        poolclass=NullPool,
        connect_args={"application_name": f"tipwatch {_stamp()}"[:63]},
    )
    stack.callback(engine.dispose)
    conn = stack.enter_context(engine.connect())
    got = conn.execute(select(func.pg_try_advisory_lock(key))).scalar_one()
    conn.commit()
    where = "the store " + make_url(database_url).render_as_string(hide_password=True)
    if not got:
        holder = conn.execute(
            text(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a "
                "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
                "AND l.classid::bigint = :hi AND l.objid::bigint = :lo AND l.objsubid = 1"
            ),
            {"hi": (key >> 32) & 0xFFFFFFFF, "lo": key & 0xFFFFFFFF},
        ).scalar()
        raise RunBusy(where, *_holder(str(holder or "")))

    def _unlock() -> None:
        # A connection that broke took its session lock with it: nothing left to release.
        with suppress(SQLAlchemyError):
            conn.execute(select(func.pg_advisory_unlock(key)))
            conn.commit()

    stack.callback(_unlock)


@contextmanager
def run_lock(data_dir: Path, database_url: str) -> Iterator[bool]:
    """Hold the run lock of `data_dir` for the whole run: an exclusive `flock` on
    `<data_dir>/run.lock` (holding `pid=N since=ISO`), one beside a SQLite store kept outside
    the data folder, and a session advisory lock when the store is PostgreSQL (data folders on
    several machines can share one). The OS or PostgreSQL releases them when the process dies,
    SIGKILL included. Raises `RunBusy` at once when another process holds any of them.

    Reentrant within a process (the CLI takes it before the flow, which takes it again): yields
    True to the outermost holder only, which is the one to clean up after crashed runs."""
    folder = Path(data_dir).resolve()
    key = f"{folder}\0{database_url}"
    with _held_guard:
        nested = _held.get(key, 0) > 0
        if nested:
            _held[key] += 1
    if nested:
        try:
            yield False
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    with ExitStack() as stack:
        _flock(folder / RUN_LOCK_FILE, str(folder), stack)
        url = make_url(database_url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            db_file = Path(str(url.database)).resolve()
            if db_file.parent != folder:
                _flock(db_file.with_name(db_file.name + ".run.lock"), str(db_file), stack)
        elif url.get_backend_name() == "postgresql":
            _pg_lock(database_url, stack)
        with _held_guard:
            _held[key] = 1
        try:
            yield True
        finally:
            with _held_guard:
                _held.pop(key, None)
