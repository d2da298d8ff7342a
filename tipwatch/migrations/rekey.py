"""What every rekeying migration does: list every current person for `name_keys_pending`, so
the next pipeline run (or `tipwatch db rekey`) recomputes their screening keys with the analysis
of the day. Listing is idempotent, and there is nothing to undo: recomputing keys is always
safe."""

from alembic import op


def list_every_person() -> None:
    op.execute(
        "INSERT INTO name_keys_pending (person_id) "
        "SELECT id FROM persons WHERE merged_into IS NULL "
        "AND id NOT IN (SELECT person_id FROM name_keys_pending)"
    )
