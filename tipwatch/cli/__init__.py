"""The `tipwatch` command line: one sub-command per stage, and the whole run.

One module per command group (`pipeline`, `schedule`, `prefect_server`, `demo`, `sources`,
`extract`, `index`, `screening`, `api_keys`, `export`, `coverage`, `users`, `db`); `common`
holds the one settings helper and `exit_codes` the named exit codes. This package is the top
layer: it imports the stages, never the other way round. `[project.scripts] tipwatch =
"tipwatch.cli:main"`: `main` runs `app` and turns the errors a user can fix into one line and
an exit code (`errors.py`).
"""

from __future__ import annotations

import typer

from tipwatch.cli import (
    api_keys,
    corpus,
    coverage,
    db,
    demo,
    export,
    extract,
    index,
    pipeline,
    prefect_server,
    schedule,
    screening,
    sources,
    users,
)
from tipwatch.cli.errors import run_cli
from tipwatch.cli.exit_codes import ExitCode

app = typer.Typer(no_args_is_help=True, add_completion=False, help=__doc__.split("\n")[0])

app.add_typer(index.group, name="index")
app.add_typer(users.group, name="users")
app.add_typer(db.group, name="db")
app.add_typer(corpus.group, name="corpus")
extract.register(app)  # extract, eval
app.add_typer(sources.group, name="sources")
app.command("eval-names")(screening.eval_names)
app.command("screen")(screening.screen)
app.add_typer(screening.helper_group, name="screen-helper")
app.command("export")(export.export)
app.add_typer(screening.import_group, name="import")
app.add_typer(api_keys.group, name="api-keys")
app.command("demo")(demo.demo)
app.command("run")(pipeline.run)
app.command("ingest-warc")(pipeline.ingest_warc)
app.command("reextract")(pipeline.reextract)
app.command("schedule")(schedule.schedule)
app.command("prefect-server")(prefect_server.prefect_server)
app.command("coverage")(coverage.coverage)
app.command("serve")(demo.serve)
app.command("search")(index.search)


def main() -> None:
    """The `tipwatch` command."""
    run_cli(app)


__all__ = ["ExitCode", "app", "main"]
