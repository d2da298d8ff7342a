"""Engine and sessions for the store of record; schema upgrades through Alembic.

A SQLite store is checked when it opens (`check_sqlite_file`): a write-ahead log that went
missing with committed pages in it, or a `PRAGMA quick_check` that fails, raises `StoreDamaged`
(file, cause, fix) instead of starting without the last commits or failing later with a
traceback. `tipwatch db check` runs the full `PRAGMA integrity_check`.
"""

from __future__ import annotations

import sqlite3
import struct
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from tipwatch.settings import Settings
from tipwatch.store import name_keys
from tipwatch.store.audit import AUDIT_KEY_FILE, AUDIT_KEY_INFO

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


class StoreDamaged(RuntimeError):
    """The store's file is damaged: nothing should run on it until it is restored."""

    def __init__(self, path: Path, cause: str, fix: str) -> None:
        super().__init__(f"{path}: {cause}; {fix}")
        self.path, self.cause, self.fix = path, cause, fix


RESTORE = "restore it from a backup (or move it away to start an empty store)"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite store URL; None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite:///"):
        return None
    name = url.removeprefix("sqlite:///").split("?", 1)[0]
    return None if name in ("", ":memory:") else Path(name)


def require_writable(folder: Path) -> None:
    """Raise `OSError` (EROFS, EACCES, ENOSPC ..., naming `folder`) unless a file can be made in
    `folder`: SQLite needs its write-ahead log and index beside the database, so a read-only
    data folder would otherwise surface as "unable to open database file", which reads like
    damage."""
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".tipwatch-probe-"):
            pass
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(folder)) from exc


def _lost_wal_pages(path: Path) -> int:
    """Committed pages in a write-ahead log that is gone: the -shm index is still there (SQLite
    deletes it before the log on a clean close) and counts frames (`mxFrame`, offset 16) that
    were never copied into the store (`nBackfill`, offset 96). Native byte order."""
    wal = path.with_name(path.name + "-wal")
    shm = path.with_name(path.name + "-shm")
    if wal.exists() or not shm.exists():
        return 0
    head = shm.read_bytes()[:100]
    if len(head) < 100 or not head[12]:  # isInit
        return 0
    (max_frame,) = struct.unpack_from("=I", head, 16)
    (backfilled,) = struct.unpack_from("=I", head, 96)
    return max(0, max_frame - backfilled)


def check_sqlite_file(path: Path, *, full: bool = False, scan: bool = True) -> None:
    """Raise StoreDamaged when the SQLite store at `path` lost its write-ahead log or fails
    `PRAGMA quick_check` (`full`: `PRAGMA integrity_check`; `scan=False`: the write-ahead log
    only, for a command that only reads). A missing file is fine (new)."""
    if not path.exists():
        return
    identity = _file_identity(path)
    if not full and identity in _QUICK_CHECKED:
        return  # this process checked this file already (bench/store_open.py: the check reads
        # the whole file, ~20 ms per 1,000 articles from a warm cache, 10x that cold)
    require_writable(path.parent)
    _check_wal(path)
    if not full and not scan:
        return
    pragma = "integrity_check" if full else "quick_check"
    try:
        con = sqlite3.connect(str(path))
        try:
            rows = [str(r[0]) for r in con.execute(f"PRAGMA {pragma}").fetchall()]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreDamaged(path, f"not a readable SQLite database ({exc})", RESTORE) from exc
    if rows != ["ok"]:
        detail = "; ".join(rows[:3]) + (f" (and {len(rows) - 3} more)" if len(rows) > 3 else "")
        raise StoreDamaged(path, f"PRAGMA {pragma} failed: {detail}", RESTORE)
    _QUICK_CHECKED.add(identity)


def _check_wal(path: Path) -> None:
    lost = _lost_wal_pages(path)
    if lost:
        wal, shm = path.name + "-wal", path.name + "-shm"
        raise StoreDamaged(
            path,
            f"its write-ahead log {wal} is missing with {lost} committed pages that never "
            "reached the store (the last edits would be lost silently)",
            f"put {wal} back or restore the store from a backup; to accept the loss, delete {shm}",
        )


# Store files this process has found sound, by (device, inode): every `Store` of one command
# (the run lock, the flow, the index sync ...) would otherwise read the whole file again.
_QUICK_CHECKED: set[tuple[int, int]] = set()


def _file_identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_dev, st.st_ino)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets the review UI read while a pipeline run writes. synchronous=FULL: NORMAL can lose
    # the last commits on power loss, and the outbox promises that nothing committed is lost.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(url: str, revision: str = "head") -> None:
    """Bring the schema at `url` up to `revision` (idempotent)."""
    command.upgrade(alembic_config(url), revision)


class Store:
    """The store of record: an engine plus a session factory."""

    @classmethod
    def from_settings(cls, settings: Settings, *, upgrade: bool = True, scan: bool = True) -> Store:
        """The store the settings name, with the audit head's key file: `audit_key_file`, else
        `audit.key` beside a SQLite store, else in the data folder (PostgreSQL)."""
        key_file = settings.audit_key_file
        if key_file is None and sqlite_file(settings.resolved_database_url) is None:
            key_file = settings.data_dir / AUDIT_KEY_FILE
        return cls(
            settings.resolved_database_url, upgrade=upgrade, audit_key_file=key_file, scan=scan
        )

    def __init__(
        self,
        url: str,
        *,
        upgrade: bool = True,
        audit_key_file: Path | None = None,
        scan: bool = True,
    ) -> None:
        """`scan=False` skips the read of the whole SQLite file (`PRAGMA quick_check`, ~2 s for
        a store of a million screening entities) for a command that only reads; a lost
        write-ahead log is still refused."""
        # Screening keys follow person changes in the same transaction (flush hooks).
        name_keys.install()
        self.url = url
        path = sqlite_file(url)
        if path is not None:
            # StoreDamaged: refuse to start on a damaged store
            check_sqlite_file(path, scan=scan)
        if upgrade:
            migrate(url)
        self.engine = make_engine(url)
        # The audit head's HMAC key lives outside the database: in `audit_key_file`, else
        # beside a SQLite store. A PostgreSQL store opened without one (library use) signs its
        # head with an empty key, which catches a bare DELETE but not a forger.
        if audit_key_file is None and path is not None:
            audit_key_file = path.resolve().parent / AUDIT_KEY_FILE
        if audit_key_file is not None:
            audit_key_file.parent.mkdir(parents=True, exist_ok=True)
        info: dict[str, object] = (
            {AUDIT_KEY_INFO: str(audit_key_file.resolve())} if audit_key_file else {}
        )
        self._info = info
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, info=info)

    def set_session_info(self, key: str, value: object) -> None:
        """Something every later session carries in `session.info` (a serving process's
        screening postings: `tipwatch.screening.postings`)."""
        self._info[key] = value

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on any error."""
        with self._sessions() as s, s.begin():
            yield s

    def dispose(self) -> None:
        self.engine.dispose()
