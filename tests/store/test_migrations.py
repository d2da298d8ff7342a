"""The migrations build exactly the schema the models declare, and go down and up again."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tipwatch.store.db import alembic_config, make_engine, migrate
from tipwatch.store.models import Base


def test_migrated_schema_matches_the_models(store_url: str) -> None:
    migrate(store_url)
    engine = make_engine(store_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_downgrade_to_first_revision_and_back(store_url: str) -> None:
    migrate(store_url)
    command.downgrade(alembic_config(store_url), "0001")
    migrate(store_url)
    engine = make_engine(store_url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    assert diff == []
