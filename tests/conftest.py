"""Shared fixtures. The store fixture runs each store test on SQLite and, when
TIPWATCH_TEST_POSTGRES_URL names a PostgreSQL server (as .ci/run arranges), on PostgreSQL too,
each test in a database of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tipwatch.crawlers.source_defs import Source
from tipwatch.store.db import Store
from tipwatch.store.repository import upsert_sources

REPO_ROOT = Path(__file__).resolve().parents[1]

# Prefect's INFO lines add nothing to test output, and its exit-time "stopping temporary server"
# line would be written to pytest's already-closed capture stream.
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# `tipwatch screen` works in its own process in tests: no resident helper outlives a test
# (tests/screening/test_screen_helper.py starts and stops its own).
os.environ["TIPWATCH_SCREEN_HELPER"] = "false"


def shared_dir() -> Path:
    return Path(os.environ.get("TIPWATCH_SHARED_DIR", REPO_ROOT.parent / "shared"))


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/store.db"
        return
    admin = os.environ.get("TIPWATCH_TEST_POSTGRES_URL")
    if not admin:
        if os.environ.get("CI"):
            pytest.fail("CI must set TIPWATCH_TEST_POSTGRES_URL (see .ci/run)")
        pytest.skip("PostgreSQL not configured: set TIPWATCH_TEST_POSTGRES_URL")
    name = f"tw_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    st = Store(store_url)
    seed_sources(st)
    yield st
    st.dispose()


def seed_sources(st: Store) -> None:
    """The three outlets the store tests' articles come from."""
    with st.session() as s:
        upsert_sources(
            s,
            [
                Source(id="in-a", name="A", country="IN", languages=["en", "hi"], homepage="x"),
                Source(id="in-b", name="B", country="IN", languages=["en"], homepage="x"),
                Source(id="ng-a", name="C", country="NG", languages=["en"], homepage="x"),
            ],
        )
