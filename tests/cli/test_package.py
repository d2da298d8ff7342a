"""The CLI package: every command group on one `app`, named exit codes with the numbers scripts
know, and a `--help` that loads none of the heavy stage modules."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from tipwatch.cli import app
from tipwatch.cli.exit_codes import ExitCode

runner = CliRunner()

COMMANDS = {
    "api-keys",
    "coverage",
    "db",
    "demo",
    "eval",
    "eval-names",
    "export",
    "extract",
    "import",
    "index",
    "ingest-warc",
    "reextract",
    "run",
    "screen",
    "search",
    "serve",
    "sources",
    "users",
}
HEAVY = ("spacy", "prefect", "scrapy", "sqlalchemy", "fastapi", "tipwatch.review_ui")


def test_exit_codes_keep_their_numbers() -> None:
    assert [int(ExitCode.OK), int(ExitCode.FAILURE), int(ExitCode.USAGE)] == [0, 1, 2]
    assert ExitCode.ASSERTION_FAILED == 3 and ExitCode.UNAVAILABLE == 3


def test_help_lists_every_command_group() -> None:
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0, res.output
    listed = {line.split()[1] for line in res.output.splitlines() if line.startswith("│ ")}
    assert listed >= COMMANDS, COMMANDS - listed


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import json, sys\n"
        "from tipwatch.cli import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({HEAVY!r}))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-P", "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out.splitlines()[-1]) == []


def test_python_dash_m_runs_the_same_cli() -> None:
    res = subprocess.run(
        [sys.executable, "-P", "-m", "tipwatch", "sources", "--help"],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stderr
    assert "Outlet registry" in res.stdout
