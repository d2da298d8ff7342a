"""The store of record: `tipwatch db upgrade` (schema migrations), `tipwatch db check` (full
integrity check of the file and the audit log) and `tipwatch db rekey` (screening keys
recomputed after the name analysis changed)."""

from __future__ import annotations

import typer

from tipwatch.cli.common import DataDir, fail, load_settings, opened_store
from tipwatch.cli.exit_codes import ExitCode

group = typer.Typer(no_args_is_help=True, help="Store of record: schema migrations, checks.")


@group.command("upgrade")
def upgrade(data_dir: DataDir = None) -> None:
    """Apply schema migrations to the store of record."""
    from tipwatch.store.db import StoreDamaged, check_sqlite_file, migrate, sqlite_file

    url = load_settings(data_dir).resolved_database_url
    path = sqlite_file(url)
    try:
        if path is not None:
            check_sqlite_file(path)
    except StoreDamaged as exc:
        raise fail(str(exc), ExitCode.DAMAGED) from exc
    migrate(url)
    typer.echo("store schema is up to date")


@group.command("check")
def check(data_dir: DataDir = None) -> None:
    """Check the store: SQLite's full `PRAGMA integrity_check` (and a lost write-ahead log),
    then the audit log (hash chain, signed head, an audit row for every edit and decision).
    Exit 0 when all holds, 5 (DAMAGED) for a damaged file, 1 (FAILURE) for audit problems."""
    from tipwatch.store.audit import check_audit
    from tipwatch.store.db import StoreDamaged, check_sqlite_file, sqlite_file

    settings = load_settings(data_dir)
    path = sqlite_file(settings.resolved_database_url)
    if path is not None:
        if not path.exists():
            raise fail(f"{path}: no store here; check --data-dir / TIPWATCH_DATA_DIR")
        try:
            check_sqlite_file(path, full=True)
        except StoreDamaged as exc:
            raise fail(str(exc), ExitCode.DAMAGED) from exc
        typer.echo(f"{path}: integrity_check ok")
    with opened_store(settings) as store, store.session() as s:
        report = check_audit(s)
    for problem in report.problems:
        typer.echo(f"audit: {problem}")
    if report.problems:
        raise fail(
            f"the audit log does not verify ({len(report.problems)} problems above)",
            ExitCode.FAILURE,
        )
    typer.echo(f"audit log ok: {report.rows} rows, chain, signed head, every edit audited")


@group.command("rekey")
def rekey(data_dir: DataDir = None) -> None:
    """Recompute screening keys: persons listed as pending (all of them after migrations 0016
    and 0017) and every imported entity. Needed once after an upgrade that changes name analysis; a
    pipeline run does the persons' part by itself."""
    from tipwatch.screening import postings
    from tipwatch.store.name_keys import keys_rekeyed, refresh_pending, rekey_entities

    persons = entities = 0
    settings = load_settings(data_dir)
    with opened_store(settings) as store:
        while True:
            with store.session() as s:
                done = refresh_pending(s)
            persons += done
            if not done:
                break
        last: str | None = ""
        while last is not None:
            with store.session() as s:
                last, done = rekey_entities(s, after=last)
            entities += done
        with store.session() as s:
            keys_rekeyed(s)
        built = postings.build_all(store, settings.data_dir)
    typer.echo(f"screening keys recomputed: {persons} persons, {entities} imported entities")
    if built:
        typer.echo(f"key postings rebuilt: {', '.join(built)}")
