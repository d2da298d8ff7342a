from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from tipwatch.cli.extract import register

TEXT = (
    "SYDNEY - Hamid Rostami, 39, was charged with people smuggling offences after a boat "
    "carrying 40 passengers was intercepted off Christmas Island, the Australian Federal "
    "Police said."
)


CLI_KEYS = {
    "source",
    "language",
    "is_case",
    "case_score",
    "perpetrators",
    "charges",
    "jurisdiction",
    "victims_count",
    "skipped",
}


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """tipwatch (test app)."""

    register(app)
    return app


def test_extract_json_shape(tmp_path: Path, extractor: object) -> None:
    a = tmp_path / "a.txt"
    a.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(_app(), ["extract", "--json", str(a), "-"], input=TEXT)
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(lines) == 2
    assert lines[0]["source"] == str(a) and lines[1]["source"] == "-"
    assert set(lines[0]) == CLI_KEYS
    assert set(lines[1]) == CLI_KEYS
    assert lines[0]["is_case"] is True
    assert [p["name"] for p in lines[0]["perpetrators"]] == ["Hamid Rostami"]
    assert lines[0]["jurisdiction"]["country"] == "AU"


def test_extract_html_skipped_page_has_full_shape(tmp_path: Path, extractor: object) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = CliRunner().invoke(_app(), ["extract", "--json", "--html", str(empty), "-"], input="")
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(lines) == 2
    for line, source in zip(lines, [str(empty), "-"], strict=True):
        assert set(line) == CLI_KEYS
        assert line["source"] == source
        assert line["is_case"] is False
        assert line["skipped"] == "no_text"
        assert line["perpetrators"] == [] and line["charges"] == []
        assert set(line["jurisdiction"]) == {"country", "admin1", "city", "court_or_agency"}


def test_extract_html_stdin_source_is_dash(extractor: object) -> None:
    html = f"<html><body><article><p>{TEXT}</p><p>{TEXT}</p></article></body></html>"
    result = CliRunner().invoke(_app(), ["extract", "--json", "--html", "-"], input=html)
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert set(line) == CLI_KEYS
    assert line["source"] == "-"


def test_extract_unreadable_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["extract", "--json", str(tmp_path / "missing.txt")])
    assert result.exit_code != 0
    assert "cannot read" in result.stderr
